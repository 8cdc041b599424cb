package dev.tenantauth.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantauth.common.Instants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads of {@code audit_events} (written by audit.AuditLog). */
@ApplicationScoped
public class AuditEventRepository {

    private final EntityManager em;
    private final ObjectMapper json;

    AuditEventRepository(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /**
     * Up to {@code limit} events of a tenant with an id below {@code beforeId}, newest first.
     * Index: ix_audit_events_tenant (tenant_id, id).
     */
    @SuppressWarnings("unchecked")
    public List<AuditEventResponse> page(UUID tenantId, long beforeId, int limit) {
        List<Object[]> rows = em.createNativeQuery("SELECT id, occurred_at, action, actor_user_id, target_user_id,"
                        + " client_addr, details::text FROM audit_events WHERE tenant_id = ?1 AND id < ?2"
                        + " ORDER BY id DESC LIMIT ?3")
                .setParameter(1, tenantId)
                .setParameter(2, beforeId)
                .setParameter(3, limit)
                .getResultList();
        List<AuditEventResponse> items = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            items.add(new AuditEventResponse(((Number) r[0]).longValue(), Instants.of(r[1]), (String) r[2], (UUID) r[3],
                    (UUID) r[4], (String) r[5], r[6] == null ? null : readTree((String) r[6])));
        }
        return items;
    }

    private JsonNode readTree(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }
}
