package dev.tenantauth.security;

import dev.tenantauth.tenant.Role;
import dev.tenantauth.token.AccessTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Turns a bearer token into an identity: verifies the JWT, then runs {@link AccessCheck}
 * (membership active, session live). Roles are the current membership role and the roles
 * below it (owner implies admin implies member), for {@code @RolesAllowed}.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AccessTokens tokens;
    private final AccessCheck check;

    BearerIdentityProvider(AccessTokens tokens, AccessCheck check) {
        this.tokens = tokens;
        this.check = check;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        return context.runBlocking(() -> {
            AccessTokens.Claims claims = tokens.verify(token, Instant.now())
                    .orElseThrow(() -> new AuthenticationFailedException("The access token is invalid or expired."));
            Role role;
            try {
                role = check.currentRole(claims.userId(), claims.tenantId(), claims.sessionId())
                        .orElseThrow(() -> new AuthenticationFailedException(
                                "The session has ended or the membership is no longer active."));
            } catch (java.sql.SQLException e) {
                throw new DatabaseUnavailableException(e);
            }
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new AccessPrincipal(claims.userId(), claims.tenantId(), claims.tenantSlug(),
                            claims.sessionId(), role));
            for (Role r : Role.values()) {
                if (role.atLeast(r)) {
                    b.addRole(r.wire());
                }
            }
            return b.build();
        });
    }
}
