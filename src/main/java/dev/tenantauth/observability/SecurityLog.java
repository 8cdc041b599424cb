package dev.tenantauth.observability;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The service-wide security log (category {@code tenant_auth.security}) for what unauthenticated
 * callers cause: failed and rate-limited logins that name a tenant the user is no member of, and
 * the like. Never a tenant's audit trail, which anyone could otherwise flood without logging in.
 * Aggregated per (event, key): the first occurrence in a minute is logged at once, the rest are
 * counted and summed up in one line per key each minute, so a flood costs a few lines, not one
 * per request. Keys are ids, hashes or addresses, never an email, password or token. At most
 * {@value #MAX_KEYS} keys are tracked per minute; beyond that they are summed under "other".
 */
@ApplicationScoped
public class SecurityLog {

    static final int MAX_KEYS = 10_000;
    private static final Logger LOG = Logger.getLogger("tenant_auth.security");

    private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    public void record(String event, String key) {
        String k = event + " key=" + key;
        AtomicLong seen = suppressed.get(k);
        if (seen == null && suppressed.size() >= MAX_KEYS) {
            k = event + " key=other";
            seen = suppressed.get(k);
        }
        if (seen == null) {
            AtomicLong fresh = new AtomicLong();
            seen = suppressed.putIfAbsent(k, fresh);
            if (seen == null) {
                LOG.warnf("security %s", k);
                return;
            }
        }
        seen.incrementAndGet();
    }

    /** Once a minute: one line per key that repeated, then a fresh minute. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (var e : suppressed.entrySet()) {
            long more = e.getValue().get();
            if (more > 0) {
                LOG.warnf("security %s repeated %d more times in the last minute", e.getKey(), more);
            }
        }
        suppressed.clear();
    }
}
