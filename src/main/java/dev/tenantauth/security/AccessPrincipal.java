package dev.tenantauth.security;

import dev.tenantauth.common.Role;
import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import java.util.UUID;

/**
 * Who is calling: the verified token's user, tenant and session, with the role the membership
 * has now, the user's email and the tenant's slug and name (read from the database on this
 * request, not taken from the token's claims).
 */
public record AccessPrincipal(UUID userId, UUID tenantId, String tenantSlug, UUID sessionId, Role role, String email,
        boolean emailVerified, String tenantName) implements Principal {

    @Override
    public String getName() {
        return userId.toString();
    }

    public static AccessPrincipal of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof AccessPrincipal p) {
            return p;
        }
        throw new io.quarkus.security.UnauthorizedException();
    }
}
