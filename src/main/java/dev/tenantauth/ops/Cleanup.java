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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes what no longer serves anyone: sessions (with their tokens) and refresh tokens that
 * expired or were revoked more than {@code retention} ago, spent invitations, and failed-login
 * rows older than their window. Small batches in autocommit, so no lock is held for long; one
 * instance at a time, under a PostgreSQL session advisory lock.
 */
@ApplicationScoped
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class);
    /** Advisory lock id of the cleanup job ("tenant-auth cleanup"). */
    static final long CLEANUP_LOCK = 0x7461_636c_6e75L;

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

    /** Runs one pass; returns rows deleted per kind, or an empty map when another instance holds the lock. */
    public Map<String, Long> run(Instant now) throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Timestamp before = Timestamp.from(now.minus(config.cleanup().retention()));
        Timestamp failuresBefore = Timestamp.from(now.minus(config.login().failureWindow()));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            // a batch may scan a large table for longer than the pool's socket timeout (made for
            // requests, see application.properties): lift it for this connection, restore it after
            int networkTimeout = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, 0);
            if (!tryLock(c)) {
                c.setNetworkTimeout(Runnable::run, networkTimeout);
                return deleted;
            }
            try {
                deleted.put("sessions", batches(c, "sessions",
                        "expires_at < ? OR revoked_at < ?", before, before));
                deleted.put("refresh_tokens", batches(c, "refresh_tokens",
                        "expires_at < ? OR revoked_at < ?", before, before));
                deleted.put("invitations", batches(c, "invitations",
                        "expires_at < ? OR revoked_at < ? OR accepted_at < ?", before, before, before));
                deleted.put("login_failures", batches(c, "login_failures", "failed_at < ?", failuresBefore));
                // email (V17-V19): delivered or parked mails, and spent or expired mail tokens, after retention
                deleted.put("mail_outbox", batches(c, "mail_outbox", "sent_at < ? OR failed_at < ?", before, before));
                deleted.put("email_verifications", batches(c, "email_verifications",
                        "expires_at < ? OR used_at < ? OR voided_at < ?", before, before, before));
                deleted.put("password_resets", batches(c, "password_resets",
                        "expires_at < ? OR used_at < ? OR voided_at < ?", before, before, before));
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, CLEANUP_LOCK);
                    ps.execute();
                }
                c.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        }
        deleted.forEach(metrics::cleaned);
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Cleanup deleted %s", deleted);
        }
        return deleted;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, CLEANUP_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Deletes matching rows {@code batch-size} at a time, each batch its own short transaction. */
    private long batches(Connection c, String table, String where, Timestamp... params) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + where
                + " LIMIT ?))";
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setTimestamp(i + 1, params[i]);
            }
            ps.setInt(params.length + 1, config.cleanup().batchSize());
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == config.cleanup().batchSize());
        }
        return total;
    }
}
