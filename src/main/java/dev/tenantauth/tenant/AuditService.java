package dev.tenantauth.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Reads a tenant's audit trail, newest first, in keyset pages over ix_audit_events_tenant. */
@ApplicationScoped
@Transactional
public class AuditService {

    private final EntityManager em;
    private final TenantAccess access;
    private final ObjectMapper json;

    AuditService(EntityManager em, TenantAccess access, ObjectMapper json) {
        this.em = em;
        this.access = access;
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    public AuditPageResponse list(AccessPrincipal caller, String slug, int limit, String cursor) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        long before = cursor == null ? Long.MAX_VALUE : decode(cursor);
        List<Object[]> rows = em.createNativeQuery("SELECT id, occurred_at, action, actor_user_id, target_user_id,"
                        + " client_addr, details::text FROM audit_events WHERE tenant_id = ?1 AND id < ?2"
                        + " ORDER BY id DESC LIMIT ?3")
                .setParameter(1, tenant.id)
                .setParameter(2, before)
                .setParameter(3, limit + 1)
                .getResultList();
        List<AuditEventResponse> items = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            items.add(new AuditEventResponse(((Number) r[0]).longValue(), instant(r[1]), (String) r[2], (UUID) r[3], (UUID) r[4],
                    (String) r[5], r[6] == null ? null : readTree((String) r[6])));
        }
        String next = rows.size() > limit ? encode(items.get(items.size() - 1).id()) : null;
        return new AuditPageResponse(items, next);
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) o).toInstant();
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith("a") || raw.length() > 20) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(raw.substring(1));
            if (id <= 0) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor this service issued");
        }
    }
}
