package dev.tenantauth.security;

import dev.tenantauth.common.Role;
import dev.tenantauth.observability.AuthMetrics;
import dev.tenantauth.token.AccessTokens;
import io.micrometer.core.instrument.Timer;
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
    private final AuthMetrics metrics;

    BearerIdentityProvider(AccessTokens tokens, AccessCheck check, AuthMetrics metrics) {
        this.tokens = tokens;
        this.check = check;
        this.metrics = metrics;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        return context.runBlocking(() -> {
            Timer.Sample sample = Timer.start();
            try {
                SecurityIdentity identity = identity(token);
                metrics.accessCheck("success");
                return identity;
            } finally {
                sample.stop(metrics.checkTimer());
            }
        });
    }

    private SecurityIdentity identity(String token) {
        AccessTokens.Claims claims = tokens.verify(token, Instant.now()).orElseThrow(() -> {
            metrics.accessCheck("invalid_token");
            return new AuthenticationFailedException("The access token is invalid or expired.");
        });
        AccessCheck.Access access;
        try {
            access = check.check(claims.userId(), claims.tenantId(), claims.sessionId()).orElseThrow(() -> {
                metrics.accessCheck("revoked");
                return new AuthenticationFailedException("The session has ended or the membership is no longer active.");
            });
        } catch (java.sql.SQLException e) {
            metrics.accessCheck("unavailable");
            throw new DatabaseUnavailableException(e);
        }
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new AccessPrincipal(claims.userId(), claims.tenantId(), access.tenantSlug(),
                        claims.sessionId(), access.role(), access.email(), access.emailVerified(), access.tenantName(),
                        access.totp(), access.recoveryCodesLeft()));
        if (claims.scope() != null) {
            b.addAttribute("scope", claims.scope()); // a token issued to an OAuth client: its granted scope
        }
        Role role = access.role();
        for (Role r : Role.values()) {
            if (role.atLeast(r)) {
                b.addRole(r.wire());
            }
        }
        return b.build();
    }
}
