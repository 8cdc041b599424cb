package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.BulkData;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Health;
import dev.tenantauth.support.History;
import dev.tenantauth.support.Indexes;
import dev.tenantauth.support.Migrations;
import dev.tenantauth.support.SchemaGuard;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The point of CONCURRENTLY: rebuilding ix_membership_user_tenant_active over 500,000 memberships
 * through the migration machinery (the AFTER_MIGRATE repair re-runs V3) never blocks writers (a
 * build of about a second here, while a writer commits a row every few milliseconds).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineIndexBuildTest {

    private static final String FAMILY = "oib";
    private static final String INDEX = Indexes.MEMBERSHIP_USER_TENANT_ACTIVE;
    private static final int TENANTS = 2_000;
    private static final int USERS = 100_000;

    @Inject
    Flyway flyway;

    final List<UUID> writerUsers = new ArrayList<>();
    final List<UUID> writerTenants = new ArrayList<>();

    @BeforeAll
    void load() throws Exception {
        BulkData.deleteFamily(FAMILY);
        BulkData data = BulkData.create(FAMILY);
        long started = System.nanoTime();
        try (Connection c = Db.open()) {
            data.tenants(c, TENANTS);
            data.users(c, USERS);
            long m = data.memberships(c, TENANTS, 5, 5);
            BulkData.analyze(c);
            System.out.printf("OnlineIndexBuildTest: loaded %d memberships in %d ms%n", m, (System.nanoTime() - started) / 1_000_000);
            assertEquals(500_000, m);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM bulk_u ORDER BY n LIMIT 500")) {
                while (rs.next()) {
                    writerUsers.add(rs.getObject(1, UUID.class));
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM bulk_t ORDER BY n LIMIT 50")) {
                while (rs.next()) {
                    writerTenants.add(rs.getObject(1, UUID.class));
                }
            }
        }
    }

    @AfterAll
    void cleanUp() {
        try {
            SchemaGuard.restore(flyway);
        } finally {
            long started = System.nanoTime();
            BulkData.deleteFamily(FAMILY);
            System.out.printf("OnlineIndexBuildTest: bulk rows deleted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Test
    void rebuildingTheIndexThroughFlywayKeepsTheTableWritable() throws Exception {
        Db.exec("DROP INDEX CONCURRENTLY IF EXISTS " + INDEX);
        assertFalse(Indexes.exists(INDEX));
        Health.assertNotReady(INDEX);

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> committedAt = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch warmedUp = new CountDownLatch(20);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> writer = pool.submit(() -> {
            try (Connection c = Db.open(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
                    VALUES (?, ?, ?, 'member', true, now(), now())
                    ON CONFLICT ON CONSTRAINT uq_membership_user_tenant DO NOTHING""")) {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        ps.setObject(1, UUID.randomUUID());
                        // a new (user, tenant) pair each time (one membership per pair since V11);
                        // a pair the bulk load already has is skipped, not counted
                        ps.setObject(2, writerUsers.get(i % writerUsers.size()));
                        ps.setObject(3, writerTenants.get((i / writerUsers.size()) % writerTenants.size()));
                        if (ps.executeUpdate() == 1) { // autocommit: one short transaction per row
                            committedAt.add(System.nanoTime());
                            warmedUp.countDown();
                        }
                    } catch (SQLException e) {
                        errors.add(e.getSQLState() + " " + e.getMessage());
                    }
                }
            }
            return null;
        });

        long buildStart;
        long buildEnd;
        try {
            assertTrue(warmedUp.await(30, TimeUnit.SECONDS), "writer did not start: " + errors);
            buildStart = System.nanoTime();
            Migrations.migrate(flyway); // V3 is recorded as applied but its index is missing: the repair callback re-runs V3
            buildEnd = System.nanoTime();
            Thread.sleep(200); // the writer keeps going after the build too
        } finally {
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            pool.shutdownNow();
        }

        long during = committedAt.stream().filter(t -> t > buildStart && t < buildEnd).count();
        long buildMs = (buildEnd - buildStart) / 1_000_000;
        System.out.printf("OnlineIndexBuildTest: index rebuilt through flyway.migrate() in %d ms over ~500,000 rows;"
                + " %d single-row inserts committed during the build (%d in total), %d insert errors%n",
                buildMs, during, committedAt.size(), errors.size());
        assertEquals(List.of(), List.copyOf(errors), "insert errors (a deadlock would show as 40P01)");
        assertTrue(during > 0, "no insert committed while the index was being built");

        Indexes.Info info = Indexes.find(INDEX).orElseThrow(() -> new AssertionError(INDEX + " was not rebuilt"));
        assertTrue(info.valid() && info.ready(), INDEX + " is not valid");
        assertEquals(List.of("user_id", "tenant_id", "is_active"), info.columns());
        assertEquals(List.of(), History.failedRows());
        assertTrue(History.successfulVersions().containsAll(Set.of("1", "2", "3", "4")));
        Health.assertReady();
        assertIndexSeesEveryRow();
    }

    /** The rows written during the build are in the index: an index scan and a seq scan count the same. */
    private void assertIndexSeesEveryRow() throws SQLException {
        String count = "SELECT count(*) FROM user_tenant_membership WHERE user_id = ANY (?) AND tenant_id = ANY (?)";
        try (Connection c = Db.open()) {
            c.setAutoCommit(false);
            var users = c.createArrayOf("uuid", writerUsers.toArray());
            var tenants = c.createArrayOf("uuid", writerTenants.toArray());
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off");
            }
            String plan = String.join("\n", explain(c, count, users, tenants));
            assertTrue(plan.contains(INDEX), plan);
            long viaIndex = Db.count(c, count, users, tenants);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;"
                        + " SET LOCAL enable_indexonlyscan = off");
            }
            long viaHeap = Db.count(c, count, users, tenants);
            c.rollback();
            assertTrue(viaHeap > 0);
            assertEquals(viaHeap, viaIndex, "index scan and seq scan disagree");
        }
    }

    private static List<String> explain(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
