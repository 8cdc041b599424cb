package dev.tenantauth.verification;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.LoginThrottle;
import dev.tenantauth.common.EmailKey;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mail.MailKind;
import dev.tenantauth.mail.Outbox;
import dev.tenantauth.ratelimit.RateLimiter;
import dev.tenantauth.recovery.PasswordResetRepository;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import dev.tenantauth.user.UserResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The verification flow: a mail with a token proves that an address reaches the user, either the
 * current one (verification) or a new one that then replaces it (change of address). Requests
 * are limited per email and per client address; confirmations per client address (their hit is
 * committed before the token is looked at, so failed guesses count). A request only queues a mail
 * ({@link Outbox}); the token is minted when the mail is sent ({@link VerificationLetters}).
 */
@ApplicationScoped
public class VerificationService {

    private final UserRepository users;
    private final EmailVerificationRepository verifications;
    private final Outbox outbox;
    private final RateLimiter limiter;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final PasswordResetRepository resets;
    private final RateLimiter.Limit perEmail;
    private final RateLimiter.Limit perAddress;
    private final RateLimiter.Limit confirmsPerAddress;

    VerificationService(UserRepository users, EmailVerificationRepository verifications, Outbox outbox,
            RateLimiter limiter, LoginThrottle throttle, PasswordHasher hasher, AuditLog audit, AuthConfig config,
            PasswordResetRepository resets) {
        this.resets = resets;
        this.users = users;
        this.verifications = verifications;
        this.outbox = outbox;
        this.limiter = limiter;
        this.throttle = throttle;
        this.hasher = hasher;
        this.audit = audit;
        AuthConfig.Email e = config.email();
        this.perEmail = new RateLimiter.Limit("verify.email", e.maxRequestsPerEmail(), e.requestWindow());
        this.perAddress = new RateLimiter.Limit("verify.address", e.maxRequestsPerAddress(), e.requestWindow());
        this.confirmsPerAddress = new RateLimiter.Limit("confirm.address", e.maxConfirmsPerAddress(), e.confirmWindow());
    }

    /** Signup, in its transaction: the new user's first verification mail (not rate limited: signup is). */
    public void queueFirst(User user, Instant now) {
        outbox.about(MailKind.VERIFY, user.id, null, now);
    }

    /** POST /v1/me/email-verification: 409 if already verified, 429 past the limits, else a mail. */
    public void request(AccessPrincipal p, String clientAddr) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            User user = users.findByIdOptional(p.userId()).orElseThrow(() -> ProblemException.notFound("No such user."));
            if (user.emailVerified()) {
                throw ProblemException.conflict("Your email address is already verified.");
            }
            limit(user.email, clientAddr, now);
            outbox.about(MailKind.VERIFY, user.id, null, now);
        });
    }

    /**
     * POST /v1/me/email: checks the current password (a wrong one counts as a failed login, as
     * for a password change), then queues a confirmation to the new address and a notice to the
     * old one. Nothing changes until the new address confirms.
     */
    public void requestChange(AccessPrincipal p, EmailChangeRequest request, String clientAddr) {
        String newEmail = request.newEmail().strip();
        record Start(User user, LoginThrottle.Attempt attempt) {}
        Start start = QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findByIdOptional(p.userId()).orElseThrow(() -> ProblemException.notFound("No such user."));
            return new Start(user, throttle.reserve(LoginThrottle.emailKey(user.email), clientAddr, Instant.now()));
        });
        if (start.attempt() instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        LoginThrottle.Reserved attempt = (LoginThrottle.Reserved) start.attempt();
        boolean ok;
        try {
            ok = hasher.verify(request.currentPassword(), start.user().passwordHash);
        } catch (ProblemException busy) {
            QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
            throw busy;
        }
        if (!ok) {
            throw new ProblemException(400, "invalid_credentials", "Invalid credentials", "The current password is not right.");
        }
        QuarkusTransaction.requiringNew().run(() -> throttle.release(attempt));
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            User user = users.findByIdOptional(p.userId()).orElseThrow(() -> ProblemException.notFound("No such user."));
            if (same(user.email, newEmail)) {
                throw ProblemException.conflict("That is already your email address.");
            }
            if (users.findByEmail(newEmail).isPresent()) {
                throw ProblemException.conflict("An account with this email already exists.");
            }
            limit(user.email, clientAddr, now);
            outbox.about(MailKind.CHANGE_CONFIRM, user.id, newEmail, now);
            outbox.toAddress(MailKind.CHANGE_NOTICE, user.email, user.id, newEmail, now);
            audit.record("user.email_change_requested", p.tenantId(), user.id, user.id, null);
        });
    }

    /**
     * POST /v1/email-verification/confirm. Spends the token (one conditional UPDATE), then marks
     * the address verified, or replaces the address by the confirmed new one: 409, and the token
     * left unspent, when that address belongs to someone else by now.
     */
    public VerificationConfirmResponse confirm(VerificationConfirmRequest request, String clientAddr) {
        QuarkusTransaction.requiringNew().call(() -> limiter.hit(confirmsPerAddress, clientAddr, Instant.now()))
                .ifPresent(retry -> {
                    throw ProblemException.rateLimited("Too many confirmations from this address; try again later.", retry);
                });
        byte[] hash = OpaqueTokens.hash(request.token());
        // a concurrent taker of the new address between the check and the update fails the update
        // on ux_users_email_norm (23505): the error mapper answers 409, and the rollback leaves the token unspent
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            EmailVerificationRepository.Spent spent = verifications.spend(hash, now)
                    .orElseThrow(ProblemException::invalidMailToken);
            if (spent.change()) {
                Optional<User> holder = users.findByEmail(spent.email());
                if (holder.isPresent() && !holder.get().id.equals(spent.userId())) {
                    throw ProblemException.conflict("The new address belongs to another account by now.");
                }
                users.changeEmail(spent.userId(), spent.email(), now);
                verifications.voidOpen(spent.userId(), now);
                // reset links mailed to the old address must not outlive the change: whoever holds
                // that mailbox now (perhaps why the user moved) would otherwise still reset the password
                resets.voidOpen(spent.userId(), now);
                audit.record("user.email_changed", null, spent.userId(), spent.userId(), null);
            } else if (!users.markVerified(spent.userId(), spent.email(), now)) {
                throw ProblemException.invalidMailToken(); // the address changed since the mail
            } else {
                audit.record("user.email_verified", null, spent.userId(), spent.userId(), null);
            }
            return respond(spent.userId());
        });
    }

    private VerificationConfirmResponse respond(UUID userId) {
        User user = users.findById(userId);
        users.getEntityManager().refresh(user);
        return new VerificationConfirmResponse(UserResponse.of(user));
    }

    private void limit(String email, String clientAddr, Instant now) {
        Optional<Duration> retry = limiter.hit(perEmail, LoginThrottle.emailKey(email), now)
                .or(() -> limiter.hit(perAddress, clientAddr, now));
        retry.ifPresent(r -> {
            throw ProblemException.rateLimited("Too many verification requests; try again later.", r);
        });
    }

    private static boolean same(String a, String b) {
        return EmailKey.same(a, b);
    }
}
