package dev.tenantauth.ops;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.observability.AuthMetrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes what no longer serves anyone: sessions (with their tokens) and refresh tokens that
 * expired or were revoked more than {@code retention} ago, spent invitations, failed-login rows
 * older than their window, and the mail, MFA and OAuth leftovers listed in {@link #run}. Small batches, each its own short transaction, so no lock is held
 * for long; one instance at a time: every batch transaction first takes the transaction-scoped
 * advisory lock {@link #CLEANUP_LOCK} ({@code pg_try_advisory_xact_lock}), which COMMIT or ROLLBACK
 * releases. Nothing outlives a transaction, so this also holds behind PgBouncer in transaction
 * pooling mode, where consecutive statements of one client connection may run on different server
 * connections (a session-level lock taken there could be released on another backend, or leak on a
 * pooled one). An instance that finds the lock taken stops its pass and leaves the rest to the
 * instance holding it.
 */
@ApplicationScoped
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);
    /** Advisory lock id of the cleanup job ("tenant-auth cleanup"). */
    static final long CLEANUP_LOCK = 0x7461_636c_6e75L;

    /** Thrown inside a pass when another instance holds the lock for its current batch. */
    private static final class LockedOut extends Exception {
        LockedOut() {
            super(null, null, false, false);
        }
    }

    private final AgroalDataSource dataSource;
    private final AuthConfig config;
    private final AuthMetrics metrics;

    Cleanup(AgroalDataSource dataSource, AuthConfig config, AuthMetrics metrics) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${tenant-auth.cleanup.every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("Cleanup skipped: %s", e.getMessage());
        }
    }

    /**
     * Runs one pass; returns rows deleted per kind, or an empty map when another instance holds the
     * lock at the first batch. When another instance takes the lock later in the pass, the pass
     * stops there and returns what it deleted so far (the other instance carries on).
     */
    public Map<String, Long> run(Instant now) throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Timestamp before = Timestamp.from(now.minus(config.cleanup().retention()));
        Timestamp failuresBefore = Timestamp.from(now.minus(config.login().failureWindow()));
        try (Connection c = dataSource.getConnection()) {
            // a batch may scan a large table for longer than the pool's socket timeout (made for
            // requests, see application.properties): lift it for this connection, restore it after
            int networkTimeout = c.getNetworkTimeout();
            boolean autoCommit = c.getAutoCommit();
            c.setNetworkTimeout(Runnable::run, 0);
            c.setAutoCommit(false);
            try {
                batches(c, deleted, "sessions", "expires_at < ? OR revoked_at < ?", before, before);
                batches(c, deleted, "refresh_tokens", "expires_at < ? OR revoked_at < ?", before, before);
                batches(c, deleted, "invitations", "expires_at < ? OR revoked_at < ? OR accepted_at < ?",
                        before, before, before);
                batches(c, deleted, "login_failures", "failed_at < ?", failuresBefore);
                batches(c, deleted, "login_known_addresses", "last_success_at < ?",
                        Timestamp.from(now.minus(config.login().knownAddressTtl())));
                // rate-limit hits outlive every window in use (the longest is an hour)
                batches(c, deleted, "rate_limit_hits", "hit_at < ?", Timestamp.from(now.minus(Duration.ofDays(1))));
                batches(c, deleted, "audit_events", "occurred_at < ?",
                        Timestamp.from(now.minus(config.cleanup().auditRetention())));
                // email (V17-V19): delivered or parked mails, and spent or expired mail tokens, after retention
                batches(c, deleted, "mail_outbox", "sent_at < ? OR failed_at < ?", before, before);
                batches(c, deleted, "email_verifications", "expires_at < ? OR used_at < ? OR voided_at < ?",
                        before, before, before);
                batches(c, deleted, "password_resets", "expires_at < ? OR used_at < ? OR voided_at < ?",
                        before, before, before);
                // MFA (V30): spent or expired mfa tokens, and used recovery codes, after retention
                batches(c, deleted, "mfa_tokens", "expires_at < ? OR used_at < ?", before, before);
                batches(c, deleted, "mfa_recovery_codes", "used_at < ?", before);
                // OAuth (V31): codes and browser sessions after retention (a used code still tells a
                // replay until then), revoked client tokens once they would have expired anyway
                batches(c, deleted, "oauth_codes", "expires_at < ?", before);
                batches(c, deleted, "oauth_browser_sessions", "expires_at < ? OR revoked_at < ?", before, before);
                batches(c, deleted, "oauth_revoked_tokens", "expires_at < ?", Timestamp.from(now));
            } catch (LockedOut e) {
                if (deleted.isEmpty()) {
                    LOG.debug("Cleanup skipped: another instance holds the lock");
                } else {
                    LOG.infof("Cleanup stopped after %s: another instance took over", deleted);
                }
            } finally {
                try {
                    c.setAutoCommit(autoCommit);
                } finally {
                    c.setNetworkTimeout(Runnable::run, networkTimeout);
                }
            }
        }
        deleted.forEach(metrics::cleaned);
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Cleanup deleted %s", deleted);
        }
        return deleted;
    }

    /**
     * Deletes matching rows {@code batch-size} at a time, each batch its own short transaction that
     * first takes the cleanup lock, and adds the committed counts to {@code deleted} under the table's
     * name; throws {@link LockedOut} (after rolling back) when the lock is taken.
     */
    private void batches(Connection c, Map<String, Long> deleted, String table, String where, Timestamp... params)
            throws SQLException, LockedOut {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + where
                + " LIMIT ?))";
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)");
                PreparedStatement ps = c.prepareStatement(sql)) {
            lock.setLong(1, CLEANUP_LOCK);
            for (int i = 0; i < params.length; i++) {
                ps.setTimestamp(i + 1, params[i]);
            }
            ps.setInt(params.length + 1, config.cleanup().batchSize());
            int n;
            do {
                try {
                    boolean locked;
                    try (ResultSet rs = lock.executeQuery()) {
                        locked = rs.next() && rs.getBoolean(1);
                    }
                    if (!locked) {
                        c.rollback();
                        throw new LockedOut();
                    }
                    n = ps.executeUpdate();
                    c.commit(); // releases the lock
                } catch (SQLException e) {
                    try {
                        c.rollback();
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                deleted.merge(table, (long) n, Long::sum);
            } while (n == config.cleanup().batchSize());
        }
    }
}
