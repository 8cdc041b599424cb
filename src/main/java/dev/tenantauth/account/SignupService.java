package dev.tenantauth.account;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.invitation.InvitationAcceptedResponse;
import dev.tenantauth.invitation.InvitationService;
import dev.tenantauth.ratelimit.RateLimiter;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.tenant.TenantService;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import dev.tenantauth.user.UserResponse;
import dev.tenantauth.verification.VerificationService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Signup: a new user, optionally owning a new tenant or joining one through an invitation. Each
 * signup costs an Argon2id hash, so signups are limited per client address (shared by every
 * instance) before the hash is computed; the hash runs outside any transaction.
 */
@ApplicationScoped
public class SignupService {

    private static final String TAKEN = "An account with this email already exists.";

    private final UserRepository users;
    private final TenantService tenants;
    private final InvitationService invitations;
    private final PasswordHasher hasher;
    private final RateLimiter limiter;
    private final RateLimiter.Limit perAddress;
    private final VerificationService verification;

    SignupService(UserRepository users, TenantService tenants, InvitationService invitations, PasswordHasher hasher,
            RateLimiter limiter, AuthConfig config, VerificationService verification) {
        this.verification = verification;
        this.users = users;
        this.tenants = tenants;
        this.invitations = invitations;
        this.hasher = hasher;
        this.limiter = limiter;
        this.perAddress = new RateLimiter.Limit("signup.address", config.signup().maxPerAddress(),
                config.signup().window());
    }

    public SignupResponse signup(SignupRequest request, String clientAddr) {
        if (request.tenant() != null && request.invitation() != null) {
            throw ProblemException.badRequest("Give either tenant or invitation, not both.");
        }
        QuarkusTransaction.requiringNew().call(() -> limiter.hit(perAddress, clientAddr, Instant.now()))
                .ifPresent(retry -> {
                    throw ProblemException.rateLimited("Too many signups from this address; try again later.", retry);
                });
        String email = request.email().strip();
        // the duplicate check before the hash: a flood of signups for a taken address costs no CPU
        // (64 connections of them took a real login to 15 s); the refusal waits as long as a hash
        // would, so its time says no more than its status
        if (QuarkusTransaction.requiringNew().call(() -> users.findByEmail(email).isPresent())) {
            hasher.waitLikeAHash();
            throw ProblemException.conflict(TAKEN);
        }
        String hash = hasher.hash(request.password());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            if (users.findByEmail(email).isPresent()) { // taken while this signup hashed
                throw ProblemException.conflict(TAKEN);
            }
            User user = User.create(email, hash, now);
            users.persist(user);
            users.flush();
            verification.queueFirst(user, now);
            if (request.invitation() != null) {
                InvitationAcceptedResponse joined = invitations.acceptFor(user, request.invitation(), now);
                return new SignupResponse(UserResponse.of(user), joined.tenant(), joined.role());
            }
            if (request.tenant() != null) {
                return new SignupResponse(UserResponse.of(user),
                        TenantResponse.of(tenants.create(request.tenant(), user.id, now)), "owner");
            }
            return new SignupResponse(UserResponse.of(user), null, null);
        });
    }
}
