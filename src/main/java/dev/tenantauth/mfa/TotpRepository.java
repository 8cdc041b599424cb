package dev.tenantauth.mfa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The mfa_totp rows (V30): one per user, pending until confirmed. Index: mfa_totp_pkey for all. */
@ApplicationScoped
public class TotpRepository {

    /** A user's TOTP secret as stored (still sealed). */
    public record Row(UUID userId, String keyId, byte[] secret, boolean confirmed, Long lastStep) {}

    private final EntityManager em;

    TotpRepository(EntityManager em) {
        this.em = em;
    }

    public Optional<Row> find(UUID userId) {
        List<?> rows = em.createNativeQuery(
                        "SELECT user_id, key_id, secret, confirmed_at IS NOT NULL, last_step FROM mfa_totp WHERE user_id = ?1")
                .setParameter(1, userId)
                .getResultList();
        return rows.stream().findFirst().map(r -> row((Object[]) r));
    }

    /** Puts a pending secret in place of any pending one; false when a confirmed one exists. */
    public boolean putPending(UUID userId, String keyId, byte[] secret, Instant now) {
        return em.createNativeQuery("""
                        INSERT INTO mfa_totp (user_id, key_id, secret, created_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (user_id) DO UPDATE SET key_id = EXCLUDED.key_id, secret = EXCLUDED.secret,
                            created_at = EXCLUDED.created_at, last_step = NULL
                        WHERE mfa_totp.confirmed_at IS NULL
                        """)
                .setParameter(1, userId)
                .setParameter(2, keyId)
                .setParameter(3, secret)
                .setParameter(4, now)
                .executeUpdate() == 1;
    }

    /**
     * Confirms the pending secret that was checked ({@code secret} as read), accepting
     * {@code step}: one conditional statement, so of two confirmations one wins and a secret
     * replaced meanwhile is not confirmed.
     */
    public boolean confirm(UUID userId, byte[] secret, long step, Instant now) {
        return em.createNativeQuery("""
                        UPDATE mfa_totp SET confirmed_at = ?3, last_step = ?4
                        WHERE user_id = ?1 AND secret = ?2 AND confirmed_at IS NULL
                        """)
                .setParameter(1, userId)
                .setParameter(2, secret)
                .setParameter(3, now)
                .setParameter(4, step)
                .executeUpdate() == 1;
    }

    /**
     * Accepts {@code step} for a confirmed secret if it is later than the last accepted one: the
     * one atomic statement that makes a code single use (a concurrent acceptance of the same step
     * waits on the row lock, then finds last_step already there and matches nothing).
     */
    public boolean acceptStep(UUID userId, long step) {
        return !em.createNativeQuery("""
                        UPDATE mfa_totp SET last_step = ?2
                        WHERE user_id = ?1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < ?2)
                        RETURNING user_id
                        """)
                .setParameter(1, userId)
                .setParameter(2, step)
                .getResultList()
                .isEmpty();
    }

    /** Re-seals a secret under the current key (after a rotation), if it is still the one read. */
    public void reseal(UUID userId, byte[] old, String keyId, byte[] secret) {
        em.createNativeQuery("UPDATE mfa_totp SET key_id = ?3, secret = ?4 WHERE user_id = ?1 AND secret = ?2")
                .setParameter(1, userId)
                .setParameter(2, old)
                .setParameter(3, keyId)
                .setParameter(4, secret)
                .executeUpdate();
    }

    /** Removes the user's TOTP (confirmed or pending); false when there was none. */
    public boolean delete(UUID userId) {
        return em.createNativeQuery("DELETE FROM mfa_totp WHERE user_id = ?1").setParameter(1, userId).executeUpdate() == 1;
    }

    private static Row row(Object[] r) {
        return new Row((UUID) r[0], (String) r[1], (byte[]) r[2], (Boolean) r[3],
                r[4] == null ? null : ((Number) r[4]).longValue());
    }
}
