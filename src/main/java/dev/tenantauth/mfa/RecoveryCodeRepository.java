package dev.tenantauth.mfa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The mfa_recovery_codes rows (V30). Index: ix_mfa_recovery_codes_user (user_id, unused only). */
@ApplicationScoped
public class RecoveryCodeRepository {

    private final EntityManager em;

    RecoveryCodeRepository(EntityManager em) {
        this.em = em;
    }

    /** Replaces the user's codes by these hashes (the old set stops working in this transaction). */
    public void replace(UUID userId, String keyId, List<byte[]> hashes, Instant now) {
        deleteAll(userId);
        for (byte[] h : hashes) {
            em.createNativeQuery("INSERT INTO mfa_recovery_codes (id, user_id, key_id, code_hash, created_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, userId)
                    .setParameter(3, keyId)
                    .setParameter(4, h)
                    .setParameter(5, now)
                    .executeUpdate();
        }
    }

    /**
     * Spends the unused code with one of these hashes (one per configured key): one conditional
     * statement, so of concurrent uses of one code exactly one gets the row.
     */
    public boolean use(UUID userId, List<byte[]> hashes, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE mfa_recovery_codes SET used_at = ?1 WHERE id = (SELECT id FROM"
                + " mfa_recovery_codes WHERE user_id = ?2 AND used_at IS NULL AND code_hash IN (");
        for (int i = 0; i < hashes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('?').append(i + 3);
        }
        sql.append(") LIMIT 1) AND used_at IS NULL RETURNING id");
        var q = em.createNativeQuery(sql.toString()).setParameter(1, now).setParameter(2, userId);
        for (int i = 0; i < hashes.size(); i++) {
            q.setParameter(i + 3, hashes.get(i));
        }
        return !q.getResultList().isEmpty();
    }

    public void deleteAll(UUID userId) {
        em.createNativeQuery("DELETE FROM mfa_recovery_codes WHERE user_id = ?1").setParameter(1, userId).executeUpdate();
    }
}
