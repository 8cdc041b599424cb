package dev.tenantauth.mfa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The mfa_tokens rows (V30). Index: uq_mfa_tokens_token_hash for lookups, the primary key for spending. */
@ApplicationScoped
public class MfaTokenRepository {

    /** A live mfa_token, with its user's email (for the per-email login limit). */
    public record Live(UUID id, UUID userId, UUID tenantId, MfaPurpose purpose, String email) {}

    private final EntityManager em;

    MfaTokenRepository(EntityManager em) {
        this.em = em;
    }

    public void insert(UUID id, byte[] hash, UUID userId, UUID tenantId, MfaPurpose purpose, Instant now,
            Instant expiresAt) {
        em.createNativeQuery("INSERT INTO mfa_tokens (id, token_hash, user_id, tenant_id, purpose, created_at, expires_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id)
                .setParameter(2, hash)
                .setParameter(3, userId)
                .setParameter(4, tenantId)
                .setParameter(5, purpose.wire())
                .setParameter(6, now)
                .setParameter(7, expiresAt)
                .executeUpdate();
    }

    /**
     * Counts one code attempt against a live token, in one conditional statement: unused,
     * unexpired and under {@code maxAttempts}. So however many requests race with one token, at
     * most {@code maxAttempts} get a row back, and only those evaluate a code.
     */
    public Optional<Live> countAttempt(byte[] hash, int maxAttempts, Instant now) {
        return one(em.createNativeQuery("""
                        UPDATE mfa_tokens t SET attempts = t.attempts + 1 FROM users u
                        WHERE t.token_hash = ?1 AND t.used_at IS NULL AND t.expires_at > ?2 AND t.attempts < ?3
                          AND u.id = t.user_id
                        RETURNING t.id, t.user_id, t.tenant_id, t.purpose, u.email
                        """)
                .setParameter(1, hash)
                .setParameter(2, now)
                .setParameter(3, maxAttempts)
                .getResultList());
    }

    /** A live token read without counting an attempt (enrollment hands out a secret, it checks no code). */
    public Optional<Live> findLive(byte[] hash, int maxAttempts, Instant now) {
        return one(em.createNativeQuery("""
                        SELECT t.id, t.user_id, t.tenant_id, t.purpose, u.email FROM mfa_tokens t JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = ?1 AND t.used_at IS NULL AND t.expires_at > ?2 AND t.attempts < ?3
                        """)
                .setParameter(1, hash)
                .setParameter(2, now)
                .setParameter(3, maxAttempts)
                .getResultList());
    }

    /** Spends the token: one conditional statement, so of two finishing requests one wins. */
    public boolean spend(UUID id, Instant now) {
        return !em.createNativeQuery("UPDATE mfa_tokens SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL RETURNING id")
                .setParameter(1, id)
                .setParameter(2, now)
                .getResultList()
                .isEmpty();
    }

    private static Optional<Live> one(List<?> rows) {
        return rows.stream().findFirst().map(o -> {
            Object[] r = (Object[]) o;
            return new Live((UUID) r[0], (UUID) r[1], (UUID) r[2], MfaPurpose.of((String) r[3]), (String) r[4]);
        });
    }
}
