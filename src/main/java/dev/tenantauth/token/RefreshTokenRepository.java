package dev.tenantauth.token;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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
