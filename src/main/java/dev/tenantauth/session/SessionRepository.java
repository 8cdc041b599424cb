package dev.tenantauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** The session row, locked FOR UPDATE: every path that changes a session locks it first. */
    public Optional<Session> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Live sessions of (user, tenant), newest first. Index: ix_sessions_user_tenant. */
    public List<Session> findLive(UUID userId, UUID tenantId, Instant now) {
        return find("userId = :userId and tenantId = :tenantId and revokedAt is null and expiresAt > :now"
                                + " order by createdAt desc, id",
                        Parameters.with("userId", userId).and("tenantId", tenantId).and("now", now))
                .list();
    }

    /**
     * Locks, in id order (so two revokers never deadlock), the unrevoked sessions of (user, tenant).
     * Index: ix_sessions_user_tenant.
     */
    public List<Session> lockUnrevoked(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId and revokedAt is null order by id",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Locks, in id order, every unrevoked session of the user in any tenant. */
    public List<Session> lockUnrevokedOfUser(UUID userId) {
        return find("userId = :userId and revokedAt is null order by id", Parameters.with("userId", userId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}
