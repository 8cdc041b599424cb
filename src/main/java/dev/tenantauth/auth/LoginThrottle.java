package dev.tenantauth.auth;

import dev.tenantauth.common.EmailKey;
import dev.tenantauth.common.Instants;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Failed logins counted per email and per client address over a sliding window, in PostgreSQL so
 * that every instance sees the same counts. Emails are kept only as a SHA-256 key.
 *
 * <p>An attempt is reserved before the password is checked, atomically: under transaction-scoped
 * advisory locks on the email key and the address, the failures in the window are counted and,
 * when both are under their limits, the attempt is written as a failure at once. A success
 * releases it (and forgets the email's failures). So N concurrent wrong passwords for one email
 * get at most {@code max-failures-per-email} evaluations, not N: the count can no longer be read
 * before a 30 ms hash and written after it. Transaction-scoped locks also hold behind a
 * transaction-pooling PgBouncer, where session locks would not.
 *
 * <p>Within one instance the same keys are first serialized on in-memory lock stripes, taken
 * before any pooled connection: a flood of logins from one address (one NAT, one attacker) waits
 * there, not on the advisory lock while holding a connection, where 64 of them took the whole pool
 * and starved {@code GET /v1/me}'s per-request check (p50 5.4 s in bench/login-isolation). The
 * advisory locks then only order the few instances, and are held for three short statements.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Advisory lock namespaces, for the two-key form (which does not overlap the one-key locks). */
    static final int EMAIL_LOCKS = 0x6c65;
    static final int ADDRESS_LOCKS = 0x6c61;

    /** The outcome of {@link #reserve}. */
    public sealed interface Attempt {}

    /** The attempt may go on; it counts as a failure until {@link #succeeded} or {@link #release}. */
    public record Reserved(long id) implements Attempt {}

    /** The email or the address has reached its limit: answer 429 with this Retry-After. */
    public record Limited(Duration retryAfter) implements Attempt {}

    /** In-memory lock stripes per key, taken before a connection (see the class comment). */
    private static final int STRIPES = 256;

    private final EntityManager em;
    private final AuthConfig.Login config;
    private final long maxWaitNanos;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    LoginThrottle(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config.login();
        this.maxWaitNanos = config.password().maxWait().toNanos();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true);
        }
    }

    /**
     * The key a failure (and an email's rate-limit hit) is counted under: SHA-256 of the address's
     * {@link EmailKey}, the same normalisation the user lookup compares, so every spelling that
     * finds an account shares its counter.
     */
    public static String emailKey(String email) {
        return HexFormat.of().formatHex(OpaqueTokens.hash(EmailKey.of(email)));
    }

    /**
     * Reserves one attempt for (email, address), or says how long to wait. Locks the email key,
     * then the address (always in this order, each in its own statement, so two logins never
     * deadlock), then counts in a statement of its own: its snapshot is taken after the locks, so
     * it sees every attempt committed by the previous lock holder.
     * Index: ix_login_failures_email and ix_login_failures_addr. Runs in a transaction of its own,
     * entered only once this instance's stripes of both keys are held (waited for at most
     * {@code tenant-auth.password.max-wait}; past it 503 {@code unavailable}).
     */
    public Attempt reserve(String emailKey, String clientAddr, Instant now) {
        int a = Math.floorMod(("e:" + emailKey).hashCode(), STRIPES);
        int b = Math.floorMod(("a:" + clientAddr).hashCode(), STRIPES);
        ReentrantLock first = stripes[Math.min(a, b)];
        ReentrantLock second = stripes[Math.max(a, b)];
        long deadline = System.nanoTime() + maxWaitNanos;
        if (!tryLock(first, deadline)) {
            throw busy();
        }
        try {
            if (second != first && !tryLock(second, deadline)) {
                throw busy();
            }
            try {
                return QuarkusTransaction.requiringNew().call(() -> reserveInTransaction(emailKey, clientAddr, now));
            } finally {
                if (second != first) {
                    second.unlock();
                }
            }
        } finally {
            first.unlock();
        }
    }

    private static boolean tryLock(ReentrantLock lock, long deadline) {
        try {
            return lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ProblemException busy() {
        return ProblemException.unavailable("Too many logins at once for this account or address; try again shortly.",
                Duration.ofSeconds(1));
    }

    private Attempt reserveInTransaction(String emailKey, String clientAddr, Instant now) {
        lock(EMAIL_LOCKS, emailKey);
        lock(ADDRESS_LOCKS, clientAddr);
        Instant since = now.minus(config.failureWindow());
        Object[] counts = (Object[]) em.createNativeQuery("""
                        SELECT (SELECT count(*) FROM login_failures WHERE email_key = ?1 AND failed_at > ?3),
                               (SELECT count(*) FROM login_failures WHERE client_addr = ?2 AND failed_at > ?3)
                        """)
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, since)
                .getSingleResult();
        if (((Number) counts[0]).longValue() >= config.maxFailuresPerEmail() && !knownAddressMayTry(emailKey, clientAddr, since, now)) {
            return new Limited(retryAfter("email_key", emailKey, config.maxFailuresPerEmail(), since, now));
        }
        if (((Number) counts[1]).longValue() >= config.maxFailuresPerAddress()) {
            return new Limited(retryAfter("client_addr", clientAddr, config.maxFailuresPerAddress(), since, now));
        }
        Number id = (Number) em.createNativeQuery(
                        "INSERT INTO login_failures (email_key, client_addr, failed_at) VALUES (?1, ?2, ?3) RETURNING id")
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, now)
                .getSingleResult();
        return new Reserved(id.longValue());
    }

    /**
     * A locked email still lets an address from which this email's login succeeded within
     * {@code known-address-ttl} try, with a budget of its own: its failures in the window, counted
     * per (email, address), under {@code max-failures-per-email}. Index:
     * pk_login_known_addresses, then ix_login_failures_email.
     */
    private boolean knownAddressMayTry(String emailKey, String clientAddr, Instant since, Instant now) {
        Object[] row = (Object[]) em.createNativeQuery("""
                        SELECT EXISTS (SELECT 1 FROM login_known_addresses
                                        WHERE email_key = ?1 AND client_addr = ?2 AND last_success_at > ?4),
                               (SELECT count(*) FROM login_failures
                                 WHERE email_key = ?1 AND failed_at > ?3 AND client_addr = ?2)
                        """)
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, since)
                .setParameter(4, now.minus(config.knownAddressTtl()))
                .getSingleResult();
        return (Boolean) row[0] && ((Number) row[1]).longValue() < config.maxFailuresPerEmail();
    }

    /**
     * A successful login: releases its attempt, forgets the email's failures (the lock is lifted)
     * and remembers the address as known for this email.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void succeeded(Reserved attempt, String emailKey, String clientAddr, Instant now) {
        em.createNativeQuery("DELETE FROM login_failures WHERE email_key = ?1 OR id = ?2")
                .setParameter(1, emailKey)
                .setParameter(2, attempt.id())
                .executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO login_known_addresses (email_key, client_addr, last_success_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT ON CONSTRAINT pk_login_known_addresses DO UPDATE SET last_success_at = EXCLUDED.last_success_at
                        """)
                .setParameter(1, emailKey)
                .setParameter(2, clientAddr)
                .setParameter(3, now)
                .executeUpdate();
    }

    /**
     * Lifts the lock of an email (a completed password reset, or an operator): forgets its failed
     * logins. Returns how many there were. Index: ix_login_failures_email.
     */
    @Transactional
    public int forgive(String emailKey) {
        return em.createNativeQuery("DELETE FROM login_failures WHERE email_key = ?1").setParameter(1, emailKey)
                .executeUpdate();
    }

    /** Gives back an attempt whose password was right, or that was never evaluated (hashing busy). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(Reserved attempt) {
        em.createNativeQuery("DELETE FROM login_failures WHERE id = ?1").setParameter(1, attempt.id()).executeUpdate();
    }

    private void lock(int namespace, String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, namespace)
                .setParameter(2, key)
                .getSingleResult();
    }

    /** When the count drops below the limit: the limit-th newest failure leaves the window. */
    private Duration retryAfter(String column, String key, int limit, Instant since, Instant now) {
        Object oldest = em.createNativeQuery("SELECT min(failed_at) FROM (SELECT failed_at FROM login_failures WHERE "
                        + column + " = ?1 AND failed_at > ?2 ORDER BY failed_at DESC LIMIT ?3) recent")
                .setParameter(1, key)
                .setParameter(2, since)
                .setParameter(3, limit)
                .getSingleResult();
        Instant at = oldest == null ? now : Instants.of(oldest);
        Duration d = Duration.between(now, at.plus(config.failureWindow()));
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }
}
