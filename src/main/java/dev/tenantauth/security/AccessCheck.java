package dev.tenantauth.security;

import dev.tenantauth.tenant.Role;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-request check, in one round trip on an autocommit connection (no BEGIN/COMMIT): the
 * membership (user, tenant) is active and the session is neither revoked nor past its end.
 * Answers the membership's current role, with the user's email and the tenant's slug and name
 * (two more primary-key lookups in the same statement), so {@code GET /v1/me} needs no further
 * query. No cache: a revocation bites on the very next request.
 */
@ApplicationScoped
public class AccessCheck {

    /** What the check found: the caller's current role, email and tenant. */
    public record Access(Role role, String email, String tenantSlug, String tenantName) {}

    /**
     * Index: ix_membership_user_tenant_active (user_id, tenant_id, is_active) for the membership,
     * sessions_pkey, users_pkey and tenants_pkey for the rest.
     */
    public static final String SQL = """
            SELECT m.role, u.email, t.slug, t.name
            FROM user_tenant_membership m
            JOIN sessions s ON s.id = ? AND s.user_id = m.user_id AND s.tenant_id = m.tenant_id
            JOIN users u ON u.id = m.user_id
            JOIN tenants t ON t.id = m.tenant_id
            WHERE m.user_id = ? AND m.tenant_id = ? AND m.is_active
              AND s.revoked_at IS NULL AND s.expires_at > now()
            LIMIT 1
            """;

    private final AgroalDataSource dataSource;

    AccessCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Access> check(UUID userId, UUID tenantId, UUID sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, sessionId);
            ps.setObject(2, userId);
            ps.setObject(3, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<Role> role = Role.parse(rs.getString(1));
                return role.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new Access(role.get(), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
    }
}
