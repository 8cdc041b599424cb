package dev.tenantauth.account;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.LoginThrottle;
import dev.tenantauth.common.KeysetCursor;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mfa.MfaStatusResponse;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.Session;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import dev.tenantauth.user.UserResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The caller's own account: /v1/me, its tenants and sessions, and password change. Argon2id
 * hashing runs outside any transaction so a slow hash never holds a database connection.
 */
@ApplicationScoped
public class AccountService {

    private final UserRepository users;
    private final MembershipRepository memberships;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    AccountService(UserRepository users, MembershipRepository memberships, SessionService sessions,
            PasswordHasher hasher, LoginThrottle throttle, AuditLog audit) {
        this.users = users;
        this.memberships = memberships;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
    }

    /** Answered from the per-request check's own row (its MFA state included): no further query. */
    public MeResponse me(AccessPrincipal p) {
        return new MeResponse(new UserResponse(p.userId(), p.email(), p.emailVerified()),
                new TenantResponse(p.tenantId(), p.tenantSlug(), p.tenantName()), p.role().wire(), p.sessionId(),
                new MfaStatusResponse(p.totp(), p.totp() ? p.recoveryCodesLeft() : 0));
    }

    @Transactional
    public List<MyTenantResponse> tenants(AccessPrincipal p) {
        return memberships.findActiveWithTenants(p.userId()).stream()
                .map(row -> new MyTenantResponse(TenantResponse.of((Tenant) row[1]), ((Membership) row[0]).role.wire()))
                .toList();
    }

    @Transactional
    public SessionPageResponse sessions(AccessPrincipal p, int limit, String cursor) {
        KeysetCursor before = cursor == null ? null : KeysetCursor.decode(cursor);
        List<Session> rows = sessions.live(p.userId(), p.tenantId(), Instant.now(), before, limit + 1);
        List<Session> page = rows.subList(0, Math.min(limit, rows.size()));
        Session last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new SessionPageResponse(page.stream().map(s -> view(s, p.sessionId())).toList(),
                rows.size() > limit ? new KeysetCursor(last.createdAt, last.id).encode() : null);
    }

    @Transactional
    public void revokeSession(AccessPrincipal p, UUID sessionId) {
        if (!sessions.revokeOne(p.userId(), p.tenantId(), sessionId, SessionService.REASON_REVOKED_BY_USER, Instant.now())) {
            throw ProblemException.notFound("No such session.");
        }
    }

    /**
     * Changes the password after checking the current one (an attempt reserved with the login
     * throttle, so wrong guesses count like failed logins), then revokes every other session of
     * the user, in every tenant. The new hash replaces the one that was verified, and only that
     * one: of two concurrent changes exactly one wins, and the other answers 400.
     */
    public void changePassword(AccessPrincipal p, PasswordChangeRequest request, String clientAddr) {
        record Start(User user, LoginThrottle.Attempt attempt) {}
        User found = QuarkusTransaction.requiringNew().call(() -> users.findByIdOptional(p.userId()))
                .orElseThrow(() -> ProblemException.notFound("No such user."));
        Start start = new Start(found, throttle.reserve(LoginThrottle.emailKey(found.email), clientAddr, Instant.now()));
        if (start.attempt() instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) start.attempt();
        String verified = start.user().passwordHash;
        String newHash;
        try {
            if (!hasher.verify(request.currentPassword(), verified)) {
                throw wrongPassword(); // the reserved attempt stays as a failure
            }
            newHash = hasher.hash(request.newPassword());
        } catch (ProblemException e) {
            if ("unavailable".equals(e.code())) {
                QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            }
            throw e;
        }
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            throttle.release(attempt);
            if (!users.replacePasswordHash(p.userId(), verified, newHash, now)) {
                return false; // changed meanwhile by a concurrent request, which revoked this session
            }
            sessions.revokeAllOfUserExcept(p.userId(), p.sessionId(), SessionService.REASON_PASSWORD, now);
            audit.record("user.password_changed", p.tenantId(), p.userId(), p.userId(), null);
            return true;
        });
        if (!changed) {
            throw wrongPassword();
        }
    }

    private static ProblemException wrongPassword() {
        return new ProblemException(400, "invalid_credentials", "Invalid credentials", "The current password is not right.");
    }

    private static SessionResponse view(Session s, UUID current) {
        return new SessionResponse(s.id, s.createdAt, s.lastUsedAt, s.expiresAt, s.id.equals(current));
    }
}
