package dev.tenantauth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cleanup job's lock is transaction-scoped (it must survive PgBouncer transaction pooling): while
 * another transaction holds it, a pass does nothing; once that transaction ends, a pass runs, and
 * it leaves no advisory lock behind in any session.
 */
@QuarkusTest
class CleanupLockTest {

    @Inject
    Cleanup cleanup;

    @Test
    void aPassSkipsWhileAnotherTransactionHoldsTheLockAndLeavesNoLockBehind() throws Exception {
        Db.exec("INSERT INTO login_failures (email_key, client_addr, failed_at) VALUES ('cleanup-lock-test', 'x', now() - interval '1 day')");
        try (Connection other = Db.open()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, Cleanup.CLEANUP_LOCK);
                ps.execute();
            }
            Map<String, Long> skipped = cleanup.run(Instant.now());
            assertTrue(skipped.isEmpty(), "ran although another instance held the lock: " + skipped);
            assertEquals(1L, Db.count("SELECT count(*) FROM login_failures WHERE email_key = 'cleanup-lock-test'"));
            other.commit();
        }
        Map<String, Long> deleted = cleanup.run(Instant.now());
        assertTrue(deleted.get("login_failures") >= 1, deleted.toString());
        assertEquals(0L, Db.count("SELECT count(*) FROM login_failures WHERE email_key = 'cleanup-lock-test'"));
        // no session-level lock survives the pass, in any backend
        try (Connection c = Db.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = (? & 4294967295)::oid")) {
            ps.setLong(1, Cleanup.CLEANUP_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0L, rs.getLong(1));
            }
        }
    }
}
