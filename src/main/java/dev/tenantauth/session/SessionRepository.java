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
     * One refresh, in one statement: lock the session of the token with hash {@code ?1}
     * ({@code FOR NO KEY UPDATE}, like {@link #lockByTokenHash}), spend the token if it is still
     * usable and its session is the client's ({@code ?3}; null: the JSON API's sessions), and, when
     * it was spent and the session is live, touch the session and insert the successor (id
     * {@code ?4}, hash {@code ?5}, expiring at {@code ?6} or at the session's end if sooner). Row:
     * the session's columns as they are after the statement, {@code spent_id} (the spent token's
     * id, or null) and {@code fresh_expires_at} (the successor's expiry, or null). No row: unknown
     * token.
     *
     * <p>Order of locks: the token update joins the locked session CTE, so the session row is
     * locked before the token row is written, as on every other path (no deadlock with revocations).
     * The spend is the same atomic conditional update as before: of concurrent refreshes with one
     * token, one matches; the others, having waited for the session lock, re-check the token's new
     * version (READ COMMITTED) and match nothing. Why a token that matched nothing is refused is
     * read by a later statement ({@link RefreshTokenRepository#findByHash}), whose snapshot sees
     * the rotation that won. Indexes: uq_refresh_tokens_hash (the token, twice), sessions_pkey.
     */
    public static final String ROTATE_SQL = """
            WITH s AS (
                SELECT * FROM sessions
                WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = ?1)
                FOR NO KEY UPDATE),
            spent AS (
                UPDATE refresh_tokens t SET rotated_at = ?2
                FROM s
                WHERE t.token_hash = ?1 AND t.session_id = s.id
                  AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?2
                  AND s.client_id IS NOT DISTINCT FROM CAST(?3 AS uuid)
                RETURNING t.id, t.session_id),
            touched AS (
                UPDATE sessions x SET last_used_at = ?2
                FROM spent, s
                WHERE x.id = spent.session_id AND s.id = x.id AND s.revoked_at IS NULL AND s.expires_at > ?2
                RETURNING x.id, x.user_id, x.tenant_id, x.expires_at, x.last_used_at),
            fresh AS (
                INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, parent_id, token_hash, created_at, expires_at)
                SELECT CAST(?4 AS uuid), x.user_id, x.tenant_id, x.id, spent.id, ?5, ?2, LEAST(CAST(?6 AS timestamptz), x.expires_at)
                FROM touched x JOIN spent ON spent.session_id = x.id
                RETURNING expires_at)
            SELECT s.id, s.user_id, s.tenant_id, s.created_at,
                   COALESCE((SELECT last_used_at FROM touched), s.last_used_at) AS last_used_at,
                   s.expires_at, s.revoked_at, s.revoked_reason, s.amr, s.client_id, s.scope, s.auth_time,
                   (SELECT id FROM spent) AS spent_id, (SELECT expires_at FROM fresh) AS fresh_expires_at
            FROM s""";

    /** What {@link #rotate} found and did: the session (managed, locked), and the spent and new tokens' facts. */
    public record Rotate(Session session, UUID spentId, Instant freshExpiresAt) {}

    /** Runs {@link #ROTATE_SQL}; empty for an unknown token. The session comes back managed by this transaction. */
    public Optional<Rotate> rotate(byte[] tokenHash, Instant now, UUID client, UUID freshId, byte[] freshHash,
            Instant freshExpiresAt) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(ROTATE_SQL)
                .unwrap(org.hibernate.query.NativeQuery.class)
                .addEntity("s", Session.class)
                .addScalar("spent_id", UUID.class)
                .addScalar("fresh_expires_at", Instant.class)
                .setParameter(1, tokenHash)
                .setParameter(2, now)
                .setParameter(3, client == null ? null : client.toString())
                .setParameter(4, freshId)
                .setParameter(5, freshHash)
                .setParameter(6, freshExpiresAt)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new Rotate((Session) row[0], (UUID) row[1], (Instant) row[2]));
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
