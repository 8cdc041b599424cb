package dev.tenantauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /**
     * The refresh tokens of (user, tenant) that are still usable, newest first.
     * Index: ix_refresh_tokens_user_tenant (user_id, tenant_id).
     */
    public List<RefreshToken> findLiveTokens(UUID userId, UUID tenantId, Instant now) {
        return find("userId = :userId and tenantId = :tenantId and rotatedAt is null and revokedAt is null"
                                + " and expiresAt > :now order by createdAt desc",
                        Parameters.with("userId", userId).and("tenantId", tenantId).and("now", now))
                .list();
    }

    /** The token with this SHA-256 hash, in whatever state. Index: uq_refresh_tokens_hash. */
    public Optional<RefreshToken> findByHash(byte[] hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /**
     * Revokes the not yet revoked tokens of one session of (user, tenant).
     * Index: ix_refresh_tokens_session (V8), or ix_refresh_tokens_user_tenant then a filter on
     * session_id; the planner picks the narrower.
     */
    public int revokeSession(UUID userId, UUID tenantId, UUID sessionId, String reason, Instant now) {
        return update("revokedAt = :now, revokedReason = :reason"
                        + " where userId = :userId and tenantId = :tenantId and sessionId = :sessionId and revokedAt is null",
                Parameters.with("now", now).and("reason", reason).and("userId", userId).and("tenantId", tenantId)
                        .and("sessionId", sessionId));
    }

    /**
     * Revokes every not yet revoked refresh token of (user, tenant); returns how many.
     * Index: ix_refresh_tokens_user_tenant (user_id, tenant_id).
     */
    public int revokeAll(UUID userId, UUID tenantId, String reason, Instant now) {
        return update("revokedAt = :now, revokedReason = :reason"
                        + " where userId = :userId and tenantId = :tenantId and revokedAt is null",
                Parameters.with("now", now).and("reason", reason).and("userId", userId).and("tenantId", tenantId));
    }
}
