package dev.tenantauth.oauth;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * The per-request check of a client-credentials token, which has no session: its client is
 * enabled, not deleted and of the token's tenant, and its jti was not revoked. One round trip on
 * an autocommit connection, no cache. Index: oauth_clients_pkey, oauth_revoked_tokens_pkey.
 */
@ApplicationScoped
public class ClientTokenCheck {

    static final String SQL = """
            SELECT 1 FROM oauth_clients c
            WHERE c.id = ? AND c.tenant_id = ? AND c.enabled AND c.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM oauth_revoked_tokens r WHERE r.jti = ?)
            """;

    private final AgroalDataSource dataSource;
    private final EntityManager em;

    ClientTokenCheck(AgroalDataSource dataSource, EntityManager em) {
        this.dataSource = dataSource;
        this.em = em;
    }

    public boolean live(UUID clientId, UUID tenantId, UUID jti) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, clientId);
            ps.setObject(2, tenantId);
            ps.setObject(3, jti);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records a client token as revoked until it expires; idempotent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(UUID jti, UUID clientId, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO oauth_revoked_tokens (jti, client_id, expires_at) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (jti) DO NOTHING")
                .setParameter(1, jti)
                .setParameter(2, clientId)
                .setParameter(3, expiresAt)
                .executeUpdate();
    }
}
