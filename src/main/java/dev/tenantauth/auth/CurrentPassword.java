package dev.tenantauth.auth;

import dev.tenantauth.error.ProblemException;
import dev.tenantauth.user.PasswordHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Re-authentication of a signed-in user for a sensitive change (MFA enrollment and removal): the
 * current password, and any second-factor code checked along with it, counted like a login with
 * {@link LoginThrottle} under the user's email, so a stolen bearer token cannot guess them
 * faster than a login could. Runs outside any transaction (the hash must not hold a connection).
 */
@ApplicationScoped
public class CurrentPassword {

    /** An attempt reserved for one check; {@link #passed} gives it back, otherwise it stays a failure. */
    public record Check(LoginThrottle.Reserved attempt, String emailKey) {}

    private final LoginThrottle throttle;
    private final PasswordHasher hasher;

    CurrentPassword(LoginThrottle throttle, PasswordHasher hasher) {
        this.throttle = throttle;
        this.hasher = hasher;
    }

    /** Reserves one attempt for the email, or answers 429 {@code rate_limited}. */
    public Check reserve(String email, String clientAddr) {
        String emailKey = LoginThrottle.emailKey(email);
        LoginThrottle.Attempt a = throttle.reserve(emailKey, clientAddr, Instant.now());
        if (a instanceof LoginThrottle.Limited limited) {
            throw ProblemException.rateLimited(limited.retryAfter());
        }
        return new Check((LoginThrottle.Reserved) a, emailKey);
    }

    /**
     * Checks the password against the stored hash, under an attempt already reserved; a busy
     * hasher gives the attempt back (it was never evaluated) and answers 503.
     */
    public boolean verify(Check check, String password, String phc) {
        try {
            return hasher.verify(password, phc);
        } catch (ProblemException busy) {
            QuarkusTransaction.requiringNew().run(() -> throttle.release(check.attempt()));
            throw busy;
        }
    }

    /** Everything checked was right: the attempt is no failure (the email's earlier failures stay). */
    public void passed(Check check) {
        throttle.release(check.attempt());
    }

    /** 400 {@code invalid_credentials} (not 401, which would suggest the bearer token is bad). */
    public static ProblemException wrong(String what) {
        return new ProblemException(400, "invalid_credentials", "Invalid credentials", "The " + what + " is not right.");
    }
}
