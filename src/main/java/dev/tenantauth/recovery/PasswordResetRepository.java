package dev.tenantauth.recovery;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PasswordResetRepository implements PanacheRepositoryBase<PasswordReset, UUID> {

    /**
     * Stores a new token's hash and voids the user's open ones: a newer reset mail replaces the
     * older. Index: ix_password_resets_user_open (partial on open tokens).
     */
    public void issue(UUID userId, byte[] hash, Instant now, Duration ttl) {
        voidOpen(userId, now);
        PasswordReset r = new PasswordReset();
        r.id = UUID.randomUUID();
        r.userId = userId;
        r.tokenHash = hash;
        r.createdAt = now;
        r.expiresAt = now.plus(ttl);
        persist(r);
    }

    /** An open token by its hash (a read: spending is {@link #spend}). Index: uq_password_resets_token_hash. */
    public Optional<PasswordReset> findOpen(byte[] hash, Instant now) {
        return find("tokenHash", hash).firstResultOptional().filter(r -> r.isOpen(now));
    }

    /**
     * Spends the token in one conditional UPDATE; of two concurrent uses exactly one gets the
     * user back. Index: uq_password_resets_token_hash.
     */
    public Optional<UUID> spend(byte[] hash, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> rows = getEntityManager().createNativeQuery("""
                        UPDATE password_resets SET used_at = ?1
                        WHERE token_hash = ?2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?1
                        RETURNING user_id""")
                .setParameter(1, now)
                .setParameter(2, hash)
                .getResultList();
        return rows.stream().findFirst().map(UUID.class::cast);
    }

    /** Index: ix_password_resets_user_open. */
    public void voidOpen(UUID userId, Instant now) {
        update("voidedAt = ?1 where userId = ?2 and usedAt is null and voidedAt is null", now, userId);
    }
}
