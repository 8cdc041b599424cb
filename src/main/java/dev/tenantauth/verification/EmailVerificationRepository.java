package dev.tenantauth.verification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class EmailVerificationRepository implements PanacheRepositoryBase<EmailVerification, UUID> {

    /** What a spent token was for. */
    public record Spent(UUID userId, String email, boolean change) {}

    /**
     * Stores a new token's hash and voids the user's open tokens of the same kind: a newer mail
     * replaces the older ones. Index: ix_email_verifications_user_open (partial on open tokens).
     */
    public void issue(UUID userId, String email, boolean change, byte[] hash, Instant now, Duration ttl) {
        update("voidedAt = ?1 where userId = ?2 and change = ?3 and usedAt is null and voidedAt is null", now, userId, change);
        EmailVerification v = new EmailVerification();
        v.id = UUID.randomUUID();
        v.userId = userId;
        v.email = email;
        v.change = change;
        v.tokenHash = hash;
        v.createdAt = now;
        v.expiresAt = now.plus(ttl);
        persist(v);
    }

    /**
     * Spends the token in one conditional UPDATE: only an unused, unvoided, unexpired token
     * matches, so of two concurrent confirmations exactly one gets a row back. A rollback of the
     * caller's transaction (the new address taken, say) leaves the token unspent.
     * Index: uq_email_verifications_token_hash.
     */
    public Optional<Spent> spend(byte[] hash, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        UPDATE email_verifications SET used_at = ?1
                        WHERE token_hash = ?2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?1
                        RETURNING user_id, email, is_change""")
                .setParameter(1, now)
                .setParameter(2, hash)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Spent((UUID) r[0], (String) r[1], (Boolean) r[2]));
    }

    /** Voids every open token of the user (the address changed). Index: ix_email_verifications_user_open. */
    public void voidOpen(UUID userId, Instant now) {
        update("voidedAt = ?1 where userId = ?2 and usedAt is null and voidedAt is null", now, userId);
    }
}
