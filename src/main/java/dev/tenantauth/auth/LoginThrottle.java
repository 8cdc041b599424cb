package dev.tenantauth.auth;

import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Failed logins counted per email and per client address over a sliding window, in PostgreSQL so
 * that every instance sees the same counts. Emails are kept only as a SHA-256 key.
 */
@ApplicationScoped
@Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
public class LoginThrottle {

    private final EntityManager em;
    private final AuthConfig.Login config;

    LoginThrottle(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config.login();
    }

    /** The key a failure is counted under: SHA-256 of the trimmed, lower-cased email. */
    public static String emailKey(String email) {
        return HexFormat.of().formatHex(OpaqueTokens.hash(email.strip().toLowerCase(Locale.ROOT)));
    }

    /** Throws 429 {@code rate_limited} when the email or the address has reached its limit. */
    public void check(String emailKey, String clientAddr, Instant now) {
        limited(emailKey, clientAddr, now).ifPresent(retry -> {
            throw ProblemException.rateLimited(retry);
        });
    }

    /**
     * How long until the next attempt may be made, when the email or the address has reached its
     * limit. Index: ix_login_failures_email and ix_login_failures_addr.
     */
    public java.util.Optional<Duration> limited(String emailKey, String clientAddr, Instant now) {
        Instant since = now.minus(config.failureWindow());
        Object[] counts = (Object[]) em.createNativeQuery("""
                        SELECT (SELECT count(*) FROM login_failures WHERE email_key = ?1 AND failed_at > ?3),
                               (SELECT count(*) FROM login_failures WHERE client_addr = ?2 AND failed_at > ?3)
                        """)
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, since)
                .getSingleResult();
        if (((Number) counts[0]).longValue() >= config.maxFailuresPerEmail()) {
            return java.util.Optional.of(retryAfter("email_key", emailKey, config.maxFailuresPerEmail(), since, now));
        }
        if (((Number) counts[1]).longValue() >= config.maxFailuresPerAddress()) {
            return java.util.Optional.of(retryAfter("client_addr", clientAddr, config.maxFailuresPerAddress(), since, now));
        }
        return java.util.Optional.empty();
    }

    public void recordFailure(String emailKey, String clientAddr, Instant now) {
        em.createNativeQuery("INSERT INTO login_failures (email_key, client_addr, failed_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, now)
                .executeUpdate();
    }

    /** A successful login forgets the email's failures. */
    public void clear(String emailKey) {
        em.createNativeQuery("DELETE FROM login_failures WHERE email_key = ?1").setParameter(1, emailKey).executeUpdate();
    }

    /** When the count drops below the limit: the limit-th newest failure leaves the window. */
    private Duration retryAfter(String column, String key, int limit, Instant since, Instant now) {
        Object oldest = em.createNativeQuery("SELECT min(failed_at) FROM (SELECT failed_at FROM login_failures WHERE "
                        + column + " = ?1 AND failed_at > ?2 ORDER BY failed_at DESC LIMIT ?3) recent")
                .setParameter(1, key)
                .setParameter(2, since)
                .setParameter(3, limit)
                .getSingleResult();
        Instant at = oldest instanceof Instant i ? i
                : oldest instanceof java.sql.Timestamp ts ? ts.toInstant()
                : oldest instanceof java.time.OffsetDateTime o ? o.toInstant() : now;
        Duration d = Duration.between(now, at.plus(config.failureWindow()));
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }
}
