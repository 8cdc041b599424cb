package dev.tenantauth.recovery;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.auth.LoginThrottle;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mail.MailKind;
import dev.tenantauth.mail.Outbox;
import dev.tenantauth.ratelimit.RateLimiter;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.user.PasswordHasher;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Password reset. A request does the same work whether or not the address has an account: two
 * rate-limit hits and one outbox row naming the address, in one transaction. Whether there is
 * anyone to mail is found out by the sender ({@link RecoveryLetters}), so status, body and time of
 * the answer say nothing about the address. Reset requests have limits of their own: they never
 * count as failed logins and never lock an account. A confirmation replaces the password, revokes
 * every session and refresh token of the user in every tenant, lifts a login lock on the address
 * (its failed logins are forgotten) and queues a notice; it logs no one in.
 */
@ApplicationScoped
public class RecoveryService {

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final SessionService sessions;
    private final Outbox outbox;
    private final RateLimiter limiter;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final RateLimiter.Limit perEmail;
    private final RateLimiter.Limit perAddress;
    private final RateLimiter.Limit confirmsPerAddress;

    RecoveryService(UserRepository users, PasswordResetRepository resets, SessionService sessions, Outbox outbox,
            RateLimiter limiter, PasswordHasher hasher, AuditLog audit, LoginThrottle throttle, AuthConfig config) {
        this.throttle = throttle;
        this.users = users;
        this.resets = resets;
        this.sessions = sessions;
        this.outbox = outbox;
        this.limiter = limiter;
        this.hasher = hasher;
        this.audit = audit;
        AuthConfig.Email e = config.email();
        this.perEmail = new RateLimiter.Limit("reset.email", e.maxRequestsPerEmail(), e.requestWindow());
        this.perAddress = new RateLimiter.Limit("reset.address", e.maxRequestsPerAddress(), e.requestWindow());
        this.confirmsPerAddress = new RateLimiter.Limit("confirm.address", e.maxConfirmsPerAddress(), e.confirmWindow());
    }

    /** POST /v1/password-reset: the same statements for any address (no user lookup here). */
    public void request(PasswordResetRequest request, String clientAddr) {
        String email = request.email().strip();
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            limiter.hit(perEmail, LoginThrottle.emailKey(email), now)
                    .or(() -> limiter.hit(perAddress, clientAddr, now))
                    .ifPresent(retry -> {
                        throw ProblemException.rateLimited("Too many password reset requests; try again later.", retry);
                    });
            outbox.toAddress(MailKind.RESET, email, null, null, now);
        });
    }

    /**
     * POST /v1/password-reset/confirm. The token is looked up before the new password is hashed
     * (garbage costs no hash), and spent after it, by one conditional UPDATE: of two concurrent
     * confirmations exactly one replaces the password.
     */
    public void confirm(PasswordResetConfirmRequest request, String clientAddr) {
        QuarkusTransaction.requiringNew().call(() -> limiter.hit(confirmsPerAddress, clientAddr, Instant.now()))
                .ifPresent(retry -> {
                    throw ProblemException.rateLimited("Too many confirmations from this address; try again later.", retry);
                });
        byte[] hash = OpaqueTokens.hash(request.token());
        boolean open = QuarkusTransaction.requiringNew().call(() -> resets.findOpen(hash, Instant.now()).isPresent());
        if (!open) {
            throw ProblemException.invalidMailToken();
        }
        String newHash = hasher.hash(request.newPassword());
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            Optional<UUID> spent = resets.spend(hash, now);
            if (spent.isEmpty()) {
                throw ProblemException.invalidMailToken();
            }
            UUID userId = spent.get();
            users.setPasswordHash(userId, newHash, now);
            resets.voidOpen(userId, now);
            sessions.revokeAllOfUserExcept(userId, null, SessionService.REASON_PASSWORD_RESET, now);
            // whoever locked the account with wrong passwords, its owner just proved the mailbox
            users.findByIdOptional(userId).ifPresent(u -> throttle.forgive(LoginThrottle.emailKey(u.email)));
            outbox.about(MailKind.RESET_NOTICE, userId, null, now);
            audit.record("user.password_reset", null, userId, userId, null);
        });
    }
}
