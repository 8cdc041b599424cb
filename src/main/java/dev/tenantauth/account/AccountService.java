package dev.tenantauth.account;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.LoginThrottle;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.invitation.InvitationAcceptedResponse;
import dev.tenantauth.invitation.InvitationService;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.session.Session;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.tenant.TenantService;
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
 * Signup, the caller's own view, and password change. Argon2id hashing runs outside any
 * transaction so a slow hash never holds a database connection.
 */
@ApplicationScoped
public class AccountService {

    private final UserRepository users;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final TenantService tenantService;
    private final SessionService sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final InvitationService invitations;

    AccountService(UserRepository users, TenantRepository tenants, MembershipRepository memberships,
            TenantService tenantService, SessionService sessions, PasswordHasher hasher, LoginThrottle throttle,
            AuditLog audit, InvitationService invitations) {
        this.invitations = invitations;
        this.audit = audit;
        this.users = users;
        this.tenants = tenants;
        this.memberships = memberships;
        this.tenantService = tenantService;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    public SignupResponse signup(SignupRequest request) {
        String email = request.email().strip();
        String hash = hasher.hash(request.password());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            if (users.findByEmail(email).isPresent()) {
                throw ProblemException.conflict("An account with this email already exists.");
            }
            User user = User.create(email, hash, now);
            users.persist(user);
            users.flush();
            if (request.tenant() != null && request.invitation() != null) {
                throw ProblemException.badRequest("Give either tenant or invitation, not both.");
            }
            if (request.invitation() != null) {
                InvitationAcceptedResponse joined = invitations.acceptFor(user, request.invitation(), now);
                return new SignupResponse(UserResponse.of(user), joined.tenant(), joined.role());
            }
            if (request.tenant() != null) {
                return new SignupResponse(UserResponse.of(user), TenantResponse.of(tenantService.create(request.tenant(), user.id, now)),
                        "owner");
            }
            return new SignupResponse(UserResponse.of(user), null, null);
        });
    }

    /** Answered from the per-request check's own row: no further query. */
    public MeResponse me(AccessPrincipal p) {
        return new MeResponse(new UserResponse(p.userId(), p.email()), new TenantResponse(p.tenantId(), p.tenantSlug(),
                p.tenantName()), p.role().wire(), p.sessionId());
    }

    @Transactional
    public List<MyTenantResponse> tenants(AccessPrincipal p) {
        return memberships.findActiveWithTenants(p.userId()).stream()
                .map(row -> new MyTenantResponse(TenantResponse.of((Tenant) row[1]), ((Membership) row[0]).role.wire()))
                .toList();
    }

    @Transactional
    public List<SessionResponse> sessions(AccessPrincipal p) {
        Instant now = Instant.now();
        return sessions.live(p.userId(), p.tenantId(), now).stream()
                .map(s -> view(s, p.sessionId()))
                .toList();
    }

    @Transactional
    public void revokeSession(AccessPrincipal p, UUID sessionId) {
        if (!sessions.revokeOne(p.userId(), p.tenantId(), sessionId, SessionService.REASON_REVOKED_BY_USER, Instant.now())) {
            throw ProblemException.notFound("No such session.");
        }
    }

    /**
     * Changes the password after checking the current one (failures count like failed logins),
     * then revokes every other session of the user, in every tenant.
     */
    public void changePassword(AccessPrincipal p, PasswordChangeRequest request, String clientAddr) {
        User user = QuarkusTransaction.requiringNew().call(() -> users.findByIdOptional(p.userId()))
                .orElseThrow(() -> ProblemException.notFound("No such user."));
        String emailKey = LoginThrottle.emailKey(user.email);
        QuarkusTransaction.requiringNew().run(() -> throttle.check(emailKey, clientAddr, Instant.now()));
        if (!hasher.verify(request.currentPassword(), user.passwordHash)) {
            QuarkusTransaction.requiringNew().run(() -> throttle.recordFailure(emailKey, clientAddr, Instant.now()));
            throw new ProblemException(400, "invalid_credentials", "Invalid credentials",
                    "The current password is not right.");
        }
        String newHash = hasher.hash(request.newPassword());
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            User u = users.findByIdOptional(p.userId()).orElseThrow(() -> ProblemException.notFound("No such user."));
            u.passwordHash = newHash;
            u.updatedAt = now;
            sessions.revokeAllOfUserExcept(p.userId(), p.sessionId(), SessionService.REASON_PASSWORD, now);
            audit.record("user.password_changed", p.tenantId(), p.userId(), p.userId(), null);
        });
    }

    private static SessionResponse view(Session s, UUID current) {
        return new SessionResponse(s.id, s.createdAt, s.lastUsedAt, s.expiresAt, s.id.equals(current));
    }
}
