package dev.tenantauth.audit;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records audit events in the caller's transaction, so an event is stored exactly when the change
 * it describes is. Also writes one log line per event (category {@code tenant_auth.audit}) with
 * ids only: no email, password or token ever.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("tenant_auth.audit");

    private final EntityManager em;
    private final Instance<RoutingContext> request;

    AuditLog(EntityManager em, Instance<RoutingContext> request) {
        this.em = em;
        this.request = request;
    }

    /**
     * @param details a small JSON object (or null); callers build it from ids and fixed words only
     */
    public void record(String action, UUID tenantId, UUID actorUserId, UUID targetUserId, String details) {
        String addr = clientAddress();
        em.createNativeQuery("INSERT INTO audit_events (occurred_at, tenant_id, actor_user_id, action, target_user_id,"
                        + " client_addr, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb))")
                .setParameter(1, Instant.now())
                .setParameter(2, tenantId)
                .setParameter(3, actorUserId)
                .setParameter(4, action)
                .setParameter(5, targetUserId)
                .setParameter(6, addr)
                .setParameter(7, details)
                .executeUpdate();
        LOG.infof("audit action=%s tenant=%s actor=%s target=%s addr=%s", action, tenantId, actorUserId, targetUserId, addr);
    }

    private String clientAddress() {
        try {
            RoutingContext ctx = request.get();
            return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null; // not inside an HTTP request (startup, scheduled job)
        }
    }
}
