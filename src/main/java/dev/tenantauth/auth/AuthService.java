package dev.tenantauth.auth;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import dev.tenantauth.token.AccessTokens;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Login, refresh, logout, logout-all and switch.
 *
 * <p>Login runs in short transactions around the Argon2id verification, so a slow hash never
 * holds a database connection. Refusals ({@link ProblemException}) do not roll back: what was
 * written before them (a failed-login count, a session revoked on reuse) is meant to stay.
 */
@ApplicationScoped
public class AuthService {

    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final SessionService sessions;
    private final AccessTokens accessTokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    AuthService(UserRepository users, TenantRepository tenants, MembershipRepository memberships,
            SessionService sessions, AccessTokens accessTokens, PasswordHasher hasher, LoginThrottle throttle,
            AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * The same 401 {@code invalid_credentials} for an unknown email, a wrong password and a
     * missing or inactive membership; an unknown email still costs one hash.
     */
    public TokenResponse login(LoginRequest request, String clientAddr) {
        String email = request.email().strip();
        String emailKey = LoginThrottle.emailKey(email);
        record Start(Optional<Duration> limited, Optional<User> user) {}
        Start start = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Duration> retry = throttle.limited(emailKey, clientAddr, Instant.now());
            Optional<User> found = users.findByEmail(email);
            retry.ifPresent(r -> audit.record("auth.login.rate_limited",
                    tenants.findBySlug(request.tenant()).map(t -> t.id).orElse(null), found.map(u -> u.id).orElse(null),
                    null, null));
            return new Start(retry, found);
        });
        if (start.limited().isPresent()) {
            throw ProblemException.rateLimited(start.limited().get());
        }
        Optional<User> user = start.user();
        boolean passwordOk;
        if (user.isPresent()) {
            passwordOk = hasher.verify(request.password(), user.get().passwordHash);
        } else {
            hasher.verifyDummy(request.password());
            passwordOk = false;
        }
        String upgraded = passwordOk && hasher.needsRehash(user.get().passwordHash) ? hasher.hash(request.password()) : null;
        TokenResponse response = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<Tenant> tenant = passwordOk ? tenants.findBySlug(request.tenant()) : Optional.empty();
            Optional<Membership> membership =
                    tenant.flatMap(t -> memberships.findActiveMembership(user.get().id, t.id));
            if (membership.isEmpty()) {
                throttle.recordFailure(emailKey, clientAddr, now);
                audit.record("auth.login.failed", tenants.findBySlug(request.tenant()).map(t -> t.id).orElse(null),
                        user.map(u -> u.id).orElse(null), null, null);
                return null;
            }
            throttle.clear(emailKey);
            audit.record("auth.login.succeeded", tenant.get().id, user.get().id, null, null);
            if (upgraded != null) {
                users.update("passwordHash = ?1, updatedAt = ?2 where id = ?3", upgraded, now, user.get().id);
            }
            SessionService.Issued issued = sessions.start(user.get().id, tenant.get().id, now);
            return tokens(issued, tenant.get(), membership.get(), now);
        });
        if (response == null) {
            throw ProblemException.invalidCredentials();
        }
        return response;
    }

    /** Rotates the refresh token; reuse of a rotated token revokes its session (401 token_reused). */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenResponse refresh(RefreshTokenRequest request) {
        Instant now = Instant.now();
        var membership = new java.util.concurrent.atomic.AtomicReference<Membership>();
        SessionService.Issued issued = sessions.rotate(request.refreshToken(), now, (userId, tenantId) -> {
            memberships.findActiveMembership(userId, tenantId).ifPresent(membership::set);
            return membership.get() != null;
        });
        return tokens(issued, tenants.findById(issued.session().tenantId), membership.get(), now);
    }

    /** Revokes the refresh token's session; idempotent, and silent about unknown tokens. */
    @Transactional
    public void logout(RefreshTokenRequest request) {
        sessions.logout(request.refreshToken(), Instant.now())
                .ifPresent(s -> audit.record("auth.logout", s.tenantId, s.userId, null, null));
    }

    @Transactional
    public void logoutAll(AccessPrincipal p) {
        int n = sessions.revokeAll(p.userId(), p.tenantId(), SessionService.REASON_LOGOUT_ALL, Instant.now());
        audit.record("auth.logout_all", p.tenantId(), p.userId(), null, "{\"sessions\":" + n + "}");
    }

    /** A new session in another tenant where the caller is an active member; 403 otherwise. */
    @Transactional
    public TokenResponse switchTenant(AccessPrincipal p, SwitchRequest request) {
        Instant now = Instant.now();
        Tenant tenant = tenants.findBySlug(request.tenant())
                .orElseThrow(() -> ProblemException.forbidden("You are not an active member of that tenant."));
        Membership m = memberships.findActiveMembership(p.userId(), tenant.id)
                .orElseThrow(() -> ProblemException.forbidden("You are not an active member of that tenant."));
        audit.record("auth.switch", tenant.id, p.userId(), null, null);
        return tokens(sessions.start(p.userId(), tenant.id, now), tenant, m, now);
    }

    private TokenResponse tokens(SessionService.Issued issued, Tenant tenant, Membership m, Instant now) {
        AccessTokens.Signed access = accessTokens.sign(m.userId, tenant.id, tenant.slug, m.role, issued.session().id, now);
        long refreshIn = Math.max(0, Duration.between(now, issued.refreshExpiresAt()).toSeconds());
        return new TokenResponse(access.token(), "Bearer", access.expiresIn(), issued.refreshToken(), refreshIn,
                tenant.slug, m.role.wire());
    }
}
