package dev.tenantauth.security;

import dev.tenantauth.common.Role;
import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import java.util.UUID;

/**
 * Who is calling: the verified token's user, tenant and session, with the role the membership
 * has now, the user's email, the tenant's slug and name and the user's MFA state (TOTP on,
 * unused recovery codes), all read from the database on this request by the per-request check,
 * not taken from the token's claims.
 */
public record AccessPrincipal(UUID userId, UUID tenantId, String tenantSlug, UUID sessionId, Role role, String email,
        boolean emailVerified, String tenantName, boolean totp, long recoveryCodesLeft) implements Principal {

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
