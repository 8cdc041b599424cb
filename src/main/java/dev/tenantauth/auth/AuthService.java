package dev.tenantauth.auth;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.observability.SecurityLog;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.Rotation;
import dev.tenantauth.session.Session;
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
import java.util.UUID;

/**
 * Login, refresh, logout, logout-all and switch.
 *
 * <p>Each decision is made in one short transaction that commits whatever it decided, a refusal
 * included (a reuse revokes its session, a wrong password keeps its reserved attempt), and returns
 * an {@link Outcome}; the access token is signed after the commit, so no RSA signature holds a
 * session row lock or a pooled connection. Argon2id runs outside any transaction.
 */
@ApplicationScoped
public class AuthService {

    private static final String NOT_MEMBER = "You are not an active member of that tenant.";

    /** What a transaction decided: tokens to sign after its commit, or the refusal to answer. */
    private sealed interface Outcome {}

    private record Granted(SessionService.Issued issued, Tenant tenant, Membership membership, boolean emailVerified,
            Instant now) implements Outcome {}

    private record Denied(ProblemException problem) implements Outcome {}

    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final SessionService sessions;
    private final AccessTokens accessTokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SecurityLog securityLog;

    AuthService(UserRepository users, TenantRepository tenants, MembershipRepository memberships,
            SessionService sessions, AccessTokens accessTokens, PasswordHasher hasher, LoginThrottle throttle,
            AuditLog audit, SecurityLog securityLog) {
        this.securityLog = securityLog;
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * The same 401 {@code invalid_credentials} for an unknown email, a wrong password and a
     * missing or inactive membership; an unknown email still costs one hash. The attempt is
     * reserved with the throttle before the hash (see {@link LoginThrottle}).
     */
    public TokenResponse login(LoginRequest request, String clientAddr) {
        String email = request.email().strip();
        String emailKey = LoginThrottle.emailKey(email);
        LoginThrottle.Attempt reserved = throttle.reserve(emailKey, clientAddr, Instant.now());
        record Start(Optional<User> user, Optional<Tenant> tenant) {}
        Start start = QuarkusTransaction.requiringNew().call(() -> {
            Optional<User> user = users.findByEmail(email);
            Optional<Tenant> tenant = tenants.findBySlug(request.tenant());
            if (reserved instanceof LoginThrottle.Limited) {
                recordRefusal("auth.login.rate_limited", user, tenant, emailKey, clientAddr);
            }
            return new Start(user, tenant);
        });
        if (reserved instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) reserved;
        Optional<User> user = start.user();
        boolean passwordOk;
        String upgraded;
        try {
            passwordOk = user.isPresent() ? hasher.verify(request.password(), user.get().passwordHash)
                    : hasher.verifyDummy(request.password());
            upgraded = passwordOk && hasher.needsRehash(user.get().passwordHash) ? hasher.hash(request.password()) : null;
        } catch (ProblemException busy) { // no hashing permit in time: the attempt was never evaluated
            QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            throw busy;
        }
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<Membership> membership = passwordOk
                    ? start.tenant().flatMap(t -> memberships.findActiveMembership(user.get().id, t.id))
                    : Optional.empty();
            if (membership.isEmpty()) {
                recordRefusal("auth.login.failed", user, start.tenant(), emailKey, clientAddr);
                return new Denied(ProblemException.invalidCredentials()); // the reserved attempt stays as the failure
            }
            Tenant tenant = start.tenant().get();
            throttle.succeeded(attempt, emailKey, clientAddr, now); // the password was right: never a failed login
            if (tenant.requireVerifiedEmail && !user.get().emailVerified()) {
                audit.record("auth.login.email_unverified", tenant.id, user.get().id, null, null);
                return new Denied(ProblemException.emailUnverified());
            }
            audit.record("auth.login.succeeded", tenant.id, user.get().id, null, null);
            if (upgraded != null) {
                users.replacePasswordHash(user.get().id, user.get().passwordHash, upgraded, now);
            }
            return new Granted(sessions.start(user.get().id, tenant.id, now), tenant, membership.get(),
                    user.get().emailVerified(), now);
        });
        return answer(outcome);
    }

    /**
     * Rotates the refresh token. One transaction: the session lock and the token's atomic
     * rotation ({@link SessionService#rotate}), the membership and tenant in one query, the new
     * token; then the commit, then the signature. Reuse of a rotated token revokes its session
     * (committed) and answers 401 {@code token_reused}.
     */
    public TokenResponse refresh(RefreshTokenRequest request) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            return switch (sessions.rotate(request.refreshToken(), now)) {
                case Rotation.Rotated rotated -> {
                    Session s = rotated.issued().session();
                    Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(s.userId, s.tenantId);
                    if (m.isEmpty()) {
                        sessions.revoke(s, SessionService.REASON_MEMBERSHIP, now);
                        yield new Denied(ProblemException.invalidToken("The membership of this session is no longer active."));
                    }
                    yield new Granted(rotated.issued(), m.get().tenant(), m.get().membership(), m.get().emailVerified(), now);
                }
                case Rotation.Reused reused -> new Denied(ProblemException.tokenReused());
                case Rotation.Refused refused -> new Denied(ProblemException.invalidToken(refused.detail()));
            };
        });
        return answer(outcome);
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
    public TokenResponse switchTenant(AccessPrincipal p, SwitchRequest request) {
        return openSession(p.userId(), request.tenant(), "auth.switch");
    }

    /**
     * A user who proved their password just now, outside any tenant (an invitation accepted
     * without a bearer token, which then {@link #openSession opens a session}). The proof is not a
     * login: it opens nothing by itself.
     */
    public record Authenticated(User user) {}

    /**
     * Checks a password as login does — the attempt reserved under the same throttle first, one
     * hash for an unknown email too, the same 401 {@code invalid_credentials} for an unknown email
     * and a wrong password — but for no tenant: a right password is a success (the attempt
     * released, the email's failures forgotten, the hash upgraded if its parameters are old), a
     * wrong one stays counted. Refusals go to the service-wide security log under {@code action}.
     */
    public Authenticated authenticate(String rawEmail, String password, String clientAddr, String action) {
        String email = rawEmail.strip();
        String emailKey = LoginThrottle.emailKey(email);
        LoginThrottle.Attempt reserved = throttle.reserve(emailKey, clientAddr, Instant.now());
        Optional<User> user = QuarkusTransaction.requiringNew().call(() -> {
            Optional<User> found = users.findByEmail(email);
            if (reserved instanceof LoginThrottle.Limited) {
                recordRefusal(action + ".rate_limited", found, Optional.empty(), emailKey, clientAddr);
            }
            return found;
        });
        if (reserved instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) reserved;
        boolean passwordOk;
        String upgraded;
        try {
            passwordOk = user.isPresent() ? hasher.verify(password, user.get().passwordHash) : hasher.verifyDummy(password);
            upgraded = passwordOk && hasher.needsRehash(user.get().passwordHash) ? hasher.hash(password) : null;
        } catch (ProblemException busy) {
            QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            throw busy;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (!passwordOk) {
                recordRefusal(action + ".failed", user, Optional.empty(), emailKey, clientAddr);
                return;
            }
            throttle.succeeded(attempt, emailKey, clientAddr, Instant.now());
            if (upgraded != null) {
                users.replacePasswordHash(user.get().id, user.get().passwordHash, upgraded, Instant.now());
            }
        });
        if (!passwordOk) {
            throw ProblemException.invalidCredentials();
        }
        return new Authenticated(user.get());
    }

    /**
     * A new session of the user in the tenant with this slug, where they are an active member
     * (403 otherwise), under the tenant's rules (a verified address where the tenant requires
     * one): switch, and the token response of an invitation accepted without a bearer token.
     */
    public TokenResponse openSession(UUID userId, String tenantSlug, String auditAction) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(userId, tenantSlug);
            if (m.isEmpty()) {
                return new Denied(ProblemException.forbidden(NOT_MEMBER));
            }
            Tenant tenant = m.get().tenant();
            if (tenant.requireVerifiedEmail && !m.get().emailVerified()) {
                return new Denied(ProblemException.emailUnverified());
            }
            audit.record(auditAction, tenant.id, userId, null, null);
            return new Granted(sessions.start(userId, tenant.id, now), tenant, m.get().membership(),
                    m.get().emailVerified(), now);
        });
        return answer(outcome);
    }

    /**
     * A refused login goes into the tenant's audit trail only when the user is a member of that
     * tenant (active or not): anyone can name any tenant in a login body, and the trail must not
     * be floodable without logging in, nor map emails to user ids for the tenant's admins. Every
     * other refusal goes to the service-wide security log, aggregated per email key and address.
     */
    private void recordRefusal(String action, Optional<User> user, Optional<Tenant> tenant, String emailKey,
            String clientAddr) {
        boolean member = user.isPresent() && tenant.isPresent()
                && memberships.findMembership(user.get().id, tenant.get().id).isPresent();
        if (member) {
            audit.record(action, tenant.get().id, user.get().id, null, null);
        } else {
            securityLog.record(action, "email:" + emailKey.substring(0, 16));
            securityLog.record(action, "addr:" + clientAddr);
        }
    }

    /**
     * After the commit: signs the access token of a grant (issued at the transaction's time, so it
     * agrees with the refresh token's expiry), or throws the refusal.
     */
    private TokenResponse answer(Outcome outcome) {
        return switch (outcome) {
            case Denied denied -> throw denied.problem();
            case Granted g -> {
                Instant now = g.now();
                Membership m = g.membership();
                AccessTokens.Signed access = accessTokens.sign(m.userId, g.tenant().id, g.tenant().slug, m.role,
                        g.issued().session().id, g.emailVerified(), now);
                long refreshIn = Math.max(0, Duration.between(now, g.issued().refreshExpiresAt()).toSeconds());
                yield new TokenResponse(access.token(), "Bearer", access.expiresIn(), g.issued().refreshToken(),
                        refreshIn, g.tenant().slug, m.role.wire());
            }
        };
    }
}
