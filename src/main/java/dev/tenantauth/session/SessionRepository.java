package dev.tenantauth.session;

import dev.tenantauth.common.KeysetCursor;
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

    /**
     * The session row, locked (PESSIMISTIC_WRITE, which Hibernate sends to PostgreSQL as
     * {@code FOR NO KEY UPDATE}): every path that changes a session or its tokens locks it first.
     * Index: sessions_pkey.
     */
    public Optional<Session> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The session of the refresh token with this SHA-256 hash, locked as {@link #lock}, in one
     * statement (the token is found in a subquery). Index: uq_refresh_tokens_hash, then sessions_pkey.
     */
    public Optional<Session> lockByTokenHash(byte[] tokenHash) {
        return find("id = (select t.sessionId from RefreshToken t where t.tokenHash = ?1)", (Object) tokenHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /**
     * Up to {@code limit} live sessions of (user, tenant), newest first, strictly before the
     * cursor's position when there is one. Index: ix_sessions_user_tenant (a pair has at most
     * {@code max-live-per-user-tenant} live sessions, so the sort is small).
     */
    public List<Session> findLive(UUID userId, UUID tenantId, Instant now, KeysetCursor before, int limit) {
        Parameters p = Parameters.with("userId", userId).and("tenantId", tenantId).and("now", now);
        String where = "userId = :userId and tenantId = :tenantId and revokedAt is null and expiresAt > :now";
        if (before != null) {
            where += " and (createdAt, id) < (:beforeCreatedAt, :beforeId)";
            p = p.and("beforeCreatedAt", before.createdAt()).and("beforeId", before.id());
        }
        return find(where + " order by createdAt desc, id desc", p).page(0, limit).list();
    }

    /**
     * Locks (FOR NO KEY UPDATE), in id order so two revokers never deadlock, the unrevoked sessions
     * of (user, tenant).
     * Index: ix_sessions_user_tenant.
     */
    public List<Session> lockUnrevoked(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId and revokedAt is null order by id",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /**
     * Locks (FOR NO KEY UPDATE), in id order, the tenant's unrevoked sessions with this amr. Index:
     * none of its own (tenant_id leads no index of sessions); it runs only when an owner turns
     * mfa_required on, and then reads the tenant's sessions once.
     */
    public List<Session> lockUnrevokedOfTenantWithAmr(UUID tenantId, String amr) {
        return find("tenantId = :tenantId and amr = :amr and revokedAt is null order by id",
                        Parameters.with("tenantId", tenantId).and("amr", amr))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Locks (FOR NO KEY UPDATE), in id order, every unrevoked session of the user in any tenant. */
    public List<Session> lockUnrevokedOfUser(UUID userId) {
        return find("userId = :userId and revokedAt is null order by id", Parameters.with("userId", userId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Locks (FOR NO KEY UPDATE), in id order, the unrevoked sessions issued to this OAuth client. Index: ix_sessions_client. */
    public List<Session> lockUnrevokedOfClient(UUID clientId) {
        return find("clientId = :clientId and revokedAt is null order by id", Parameters.with("clientId", clientId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}
