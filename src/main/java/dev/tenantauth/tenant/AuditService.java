package dev.tenantauth.tenant;

import dev.tenantauth.security.AccessPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads a tenant's audit trail for its admins, newest first, in keyset pages. */
@ApplicationScoped
@Transactional
public class AuditService {

    private final AuditEventRepository events;
    private final TenantAccess access;

    AuditService(AuditEventRepository events, TenantAccess access) {
        this.events = events;
        this.access = access;
    }

    public AuditPageResponse list(AccessPrincipal caller, String slug, int limit, String cursor) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        long before = cursor == null ? Long.MAX_VALUE : AuditCursor.decode(cursor).beforeId();
        List<AuditEventResponse> rows = events.page(tenant.id, before, limit + 1);
        List<AuditEventResponse> items = rows.subList(0, Math.min(limit, rows.size()));
        String next = rows.size() > limit ? new AuditCursor(items.get(items.size() - 1).id()).encode() : null;
        return new AuditPageResponse(List.copyOf(items), next);
    }
}
