package dev.tenantauth.invitation;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.AuthService;
import dev.tenantauth.auth.TokenResponse;
import dev.tenantauth.common.EmailKey;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.common.Role;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mail.MailKind;
import dev.tenantauth.mail.Outbox;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipChanged;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantAccess;
import dev.tenantauth.tenant.TenantRepository;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Invitations: an admin invites an email with a role; the invitation is mailed to that address
 * (or, with {@code tenant-auth.invitation.return-token}, its single-use token is in the answer for
 * the deployment to deliver); the person signed in with that email (or signing up with it)
 * accepts it and becomes a member.
 * Accepting takes the tenant lock like every membership change.
 */
@ApplicationScoped
@Transactional
public class InvitationService {

    private static final String INVALID = "The invitation is unknown, already used, revoked or expired.";

    private final InvitationRepository invitations;
    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final TenantAccess access;
    private final AuditLog audit;
    private final AuthConfig config;
    private final Outbox outbox;
    private final AuthService auth;

    InvitationService(InvitationRepository invitations, TenantRepository tenants, MembershipRepository memberships,
            UserRepository users, TenantAccess access, AuditLog audit, AuthConfig config, Outbox outbox, AuthService auth) {
        this.outbox = outbox;
        this.auth = auth;
        this.invitations = invitations;
        this.tenants = tenants;
        this.memberships = memberships;
        this.users = users;
        this.access = access;
        this.audit = audit;
        this.config = config;
    }

    public InvitationResponse create(AccessPrincipal caller, String slug, InvitationCreateRequest request) {
        Tenant tenant = access.requireAdmin(caller, slug, true);
        Role role = Role.parse(request.role()).orElseThrow();
        if (role == Role.OWNER && caller.role() != Role.OWNER) {
            throw ProblemException.forbidden("Only an owner may invite an owner.");
        }
        String email = request.email().strip();
        // the tenant's admins see its members, active or not: saying so tells them nothing new
        users.findByEmail(email)
                .flatMap(u -> memberships.findMembership(u.id, tenant.id))
                .ifPresent(m -> {
                    throw ProblemException.conflict(m.active ? "That user is already a member of this tenant."
                            : "That user is a deactivated member of this tenant: reactivate them with"
                                    + " PATCH /v1/tenants/{slug}/members/{userId} (an invitation cannot).");
                });
        Instant now = Instant.now();
        invitations.revokeOpenFor(tenant.id, email, now);
        // mailed (default): the sender mints the token the invitee gets, replacing this one, which no one ever sees
        String token = OpaqueTokens.generate();
        Invitation i = new Invitation();
        i.id = UUID.randomUUID();
        i.tenantId = tenant.id;
        i.email = email;
        i.emailNorm = EmailKey.of(email);
        i.role = role;
        i.tokenHash = OpaqueTokens.hash(token);
        i.createdBy = caller.userId();
        i.createdAt = now;
        i.expiresAt = now.plus(config.invitation().ttl());
        i.mailed = !config.invitation().returnToken();
        invitations.persist(i);
        if (i.mailed) {
            outbox.about(MailKind.INVITATION, i.id, null, now);
        }
        audit.record("invitation.created", tenant.id, caller.userId(), null,
                "{\"invitation_id\":\"" + i.id + "\",\"role\":\"" + role.wire() + "\"}");
        return InvitationResponse.of(i, config.invitation().returnToken() ? token : null);
    }

    public List<InvitationResponse> listOpen(AccessPrincipal caller, String slug) {
        Tenant tenant = access.requireAdmin(caller, slug, false);
        return invitations.findOpen(tenant.id, Instant.now(), 500).stream()
                .map(i -> InvitationResponse.of(i, null))
                .toList();
    }

    public void revoke(AccessPrincipal caller, String slug, UUID id) {
        Tenant tenant = access.requireAdmin(caller, slug, true);
        Instant now = Instant.now();
        Invitation i = invitations.findByIdOptional(id)
                .filter(x -> x.tenantId.equals(tenant.id) && x.isOpen(now))
                .orElseThrow(() -> ProblemException.notFound("No such open invitation."));
        i.revokedAt = now;
        audit.record("invitation.revoked", tenant.id, caller.userId(), null, "{\"invitation_id\":\"" + i.id + "\"}");
    }

    /**
     * A member deactivated, removed or leaving loses their open invitations to the tenant, in the
     * same transaction: accepting one later would otherwise bring them back, perhaps with a
     * stronger role than an admin last gave them.
     */
    void revokeOpenInvitations(@Observes MembershipChanged change) {
        int n = invitations.revokeOpenFor(change.tenantId(), change.email(), change.at());
        if (n > 0) {
            audit.record("invitation.revoked", change.tenantId(), null, change.userId(),
                    "{\"reason\":\"member_" + change.kind().name().toLowerCase(Locale.ROOT) + "\",\"count\":" + n + "}");
        }
    }

    /** The signed-in user accepts; the invitation's email must be theirs. */
    public InvitationAcceptedResponse accept(UUID userId, String token) {
        User user = users.findByIdOptional(userId).orElseThrow(() -> ProblemException.notFound("No such user."));
        return acceptFor(user, token, Instant.now());
    }

    /**
     * Accepts without a bearer token: the token names the address and the tenant, the password
     * proves the account of that address ({@link AuthService#authenticate}: the login throttle,
     * {@code invalid_credentials}; a wrong password leaves the invitation open), then the accept of
     * {@link #acceptFor} in a transaction of its own, then the sign-in to the tenant with login's
     * rules ({@link AuthService#signIn}: verified address where required, then tokens or the second
     * factor's 401 with an mfa_token). No transaction spans the hash.
     */
    @Transactional(Transactional.TxType.NEVER)
    public TokenResponse acceptWithPassword(String token, String password, String clientAddr) {
        Instant opened = Instant.now();
        record Open(String email, Tenant tenant) {}
        Open open = QuarkusTransaction.requiringNew().call(() -> {
            Invitation i = invitations.findByHash(OpaqueTokens.hash(token)).filter(x -> x.isOpen(opened))
                    .orElseThrow(() -> ProblemException.notFound(INVALID));
            return new Open(i.email, tenants.findByIdOptional(i.tenantId).orElseThrow(() -> ProblemException.notFound(INVALID)));
        });
        User user = auth.authenticate(open.email(), password, clientAddr, open.tenant(), "invitation.accept").user();
        QuarkusTransaction.requiringNew().run(() -> acceptFor(
                users.findByIdOptional(user.id).orElseThrow(() -> ProblemException.notFound(INVALID)), token, Instant.now()));
        return auth.signIn(user.id, open.tenant().id);
    }

    /**
     * Accepts for {@code user} in the caller's transaction (also used by signup). The invitation
     * must be open and for the user's address; the address must be verified, where a mailed
     * invitation's token is itself the proof (it reached that mailbox: the address is marked
     * verified); a token returned to the inviting admin proves nothing about the address. Never
     * restores a membership an admin deactivated. The invitation is spent by one conditional
     * UPDATE: of two concurrent accepts one wins.
     */
    public InvitationAcceptedResponse acceptFor(User user, String token, Instant now) {
        Invitation i = invitations.findByHash(OpaqueTokens.hash(token))
                .filter(x -> x.isOpen(now))
                .orElseThrow(() -> ProblemException.notFound(INVALID));
        if (!i.emailNorm.equals(user.emailNorm)) {
            throw ProblemException.forbidden("This invitation is for another email address.");
        }
        if (!user.emailVerified() && !i.mailed) {
            throw ProblemException.emailUnverified("Verify your email address first: this invitation was not mailed"
                    + " to it by the service, so accepting it cannot prove the address.");
        }
        Tenant tenant = tenants.lock(i.tenantId).orElseThrow(() -> ProblemException.notFound(INVALID));
        if (!invitations.markAccepted(i.id, user.id, now)) {
            throw ProblemException.notFound(INVALID);
        }
        if (memberships.join(user.id, tenant.id, i.role, now).isEmpty()) {
            boolean active = memberships.findMembership(user.id, tenant.id).map(m -> m.active).orElse(false);
            throw active ? ProblemException.conflict("You are already a member of this tenant.")
                    : ProblemException.forbidden("Your membership of this tenant was deactivated by an admin;"
                            + " an invitation cannot restore it.");
        }
        if (!user.emailVerified()) {
            users.markVerified(user.id, user.email, now);
            audit.record("user.email_verified", null, user.id, user.id, "{\"by\":\"invitation\"}");
        }
        invitations.revokeOpenFor(tenant.id, i.email, now); // any other open invitation to the address
        audit.record("invitation.accepted", tenant.id, user.id, user.id,
                "{\"invitation_id\":\"" + i.id + "\",\"role\":\"" + i.role.wire() + "\"}");
        return new InvitationAcceptedResponse(TenantResponse.of(tenant), i.role.wire());
    }
}
