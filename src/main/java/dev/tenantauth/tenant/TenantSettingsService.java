package dev.tenantauth.tenant;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.Role;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A tenant's settings: read by its admins and owners, changed by its owners only (audited with
 * the value before and after). {@code require_verified_email} applies from the next login or
 * switch into the tenant.
 */
@ApplicationScoped
@Transactional
public class TenantSettingsService {

    private final TenantAccess access;
    private final TenantRepository tenants;
    private final AuditLog audit;

    TenantSettingsService(TenantAccess access, TenantRepository tenants, AuditLog audit) {
        this.access = access;
        this.tenants = tenants;
        this.audit = audit;
    }

    public TenantSettingsResponse get(AccessPrincipal caller, String slug) {
        return TenantSettingsResponse.of(access.requireAdmin(caller, slug, false));
    }

    public TenantSettingsResponse change(AccessPrincipal caller, String slug, TenantSettingsRequest request) {
        Tenant tenant = access.requireAdmin(caller, slug, true);
        if (caller.role() != Role.OWNER) {
            throw ProblemException.forbidden("Only an owner may change the tenant's settings.");
        }
        boolean before = tenant.requireVerifiedEmail;
        if (request.requireVerifiedEmail() != null) {
            tenant.requireVerifiedEmail = request.requireVerifiedEmail();
        }
        audit.record("tenant.settings_changed", tenant.id, caller.userId(), null,
                "{\"require_verified_email\":{\"from\":" + before + ",\"to\":" + tenant.requireVerifiedEmail + "}}");
        return TenantSettingsResponse.of(tenant);
    }
}
