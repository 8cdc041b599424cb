package dev.tenantauth.ratelimit;

import dev.tenantauth.common.Instants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts hits per (scope, key) over a sliding window in PostgreSQL ({@code rate_limit_hits}), so
 * every instance shares the counts. A hit is taken atomically: under a transaction-scoped advisory
 * lock on (scope, key), count the window, and record the hit only when under the limit; the count
 * runs in a statement of its own after the lock, so its snapshot sees the previous holder's hit.
 * Transaction-scoped, so it also holds behind a transaction-pooling PgBouncer. The caller's
 * transaction ({@code MANDATORY}) commits the hit with whatever it protects.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RateLimiter {

    /** Advisory lock namespace (two-key form) of rate-limit keys. */
    static final int LOCKS = 0x726c;

    /** At most {@code max} hits per {@code window} for one key of {@code scope}. */
    public record Limit(String scope, int max, Duration window) {}

    private final EntityManager em;

    RateLimiter(EntityManager em) {
        this.em = em;
    }

    /**
     * Records a hit for {@code key} when it is under the limit and answers empty; otherwise
     * records nothing and answers how long until the oldest hit in the window leaves it.
     * Index: ix_rate_limit_hits_key (scope, key, hit_at).
     */
    public Optional<Duration> hit(Limit limit, String key, Instant now) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2 || ':' || ?3))")
                .setParameter(1, LOCKS)
                .setParameter(2, limit.scope())
                .setParameter(3, key)
                .getSingleResult();
        Instant since = now.minus(limit.window());
        Object[] row = (Object[]) em.createNativeQuery("""
                        SELECT count(*), min(hit_at) FROM (
                            SELECT hit_at FROM rate_limit_hits WHERE scope = ?1 AND key = ?2 AND hit_at > ?3
                            ORDER BY hit_at DESC LIMIT ?4) recent""")
                .setParameter(1, limit.scope())
                .setParameter(2, key)
                .setParameter(3, since)
                .setParameter(4, limit.max())
                .getSingleResult();
        if (((Number) row[0]).longValue() >= limit.max()) {
            Duration d = Duration.between(now, Instants.of(row[1]).plus(limit.window()));
            return Optional.of(d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d);
        }
        em.createNativeQuery("INSERT INTO rate_limit_hits (scope, key, hit_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, limit.scope())
                .setParameter(2, key)
                .setParameter(3, now)
                .executeUpdate();
        return Optional.empty();
    }
}
