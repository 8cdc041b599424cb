package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Db;
import dev.tenantauth.support.Health;
import dev.tenantauth.support.History;
import dev.tenantauth.support.Indexes;
import dev.tenantauth.support.InvalidIndex;
import dev.tenantauth.support.Migrations;
import dev.tenantauth.support.SchemaGuard;
import dev.tenantauth.support.Scripts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled concurrent build leaves an INVALID index (which IF NOT EXISTS would skip forever):
 * readiness must report it, and the next migrate (the next start) must rebuild it.
 */
@QuarkusTest
class IndexRepairTest {

    private static final CompositeIndexes.Spec V4 = CompositeIndexes.ALL.get(2);

    @Inject
    Flyway flyway;

    @AfterEach
    void restore() {
        SchemaGuard.restore(flyway);
    }

    @Test
    void invalidIndexFromCancelledBuildMakesServiceUnreadyAndMigrateRebuildsIt() throws Exception {
        assertEquals(Indexes.MEMBERSHIP_TENANT_ACTIVE, V4.name());
        InvalidIndex.produce(V4.name(), "user_tenant_membership", Scripts.read(V4.script()));
        assertInvalid(V4.name());
        Health.assertNotReady(V4.name());

        Migrations.migrate(flyway); // what the next start of the service does

        assertRepaired();
    }

    @Test
    void failedHistoryRowAndInvalidIndexAreRepairedByMigrate() throws Exception {
        InvalidIndex.produce(V4.name(), "user_tenant_membership", Scripts.read(V4.script()));
        // what Flyway records when a non-transactional migration fails half-way
        assertEquals(1, Db.count("WITH u AS (UPDATE flyway_schema_history SET success = false WHERE version = '4' RETURNING 1)"
                + " SELECT count(*) FROM u"));
        assertInvalid(V4.name());
        Health.assertNotReady(V4.name());

        Migrations.migrate(flyway);

        assertRepaired();
        List<History.Row> v4 = History.rows().stream().filter(r -> "4".equals(r.version())).toList();
        assertEquals(1, v4.size(), "history rows of version 4: " + v4);
        assertTrue(v4.get(0).success());
    }

    /**
     * Two instances start at once: one is building V4's index (CONCURRENTLY, so the index is
     * registered and still INVALID while the build waits for writers), the other runs migrate. The
     * second must not take the build in progress for a failed leftover: dropping it would throw the
     * finished index away again and leave the service without it (unready) until it is rebuilt.
     */
    @Test
    void migrateLeavesAnIndexThatIsStillBeingBuiltAlone() throws Exception {
        Db.exec("DROP INDEX CONCURRENTLY IF EXISTS " + V4.name());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (InvalidIndex.StuckBuild build = InvalidIndex.StuckBuild.start(
                V4.name(), "user_tenant_membership", Scripts.read(V4.script()))) {
            Future<?> otherInstance = pool.submit(() -> Migrations.migrate(flyway));
            // let the second instance get as far as it can while the build is in progress
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!otherInstance.isDone()
                    && Db.count("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'DROP INDEX%' AND state = 'active'") == 0) {
                assertTrue(System.nanoTime() < deadline, "migrate neither finished nor tried to drop the index");
                Thread.sleep(50);
            }
            build.releaseLock();
            build.awaitSuccess();
            otherInstance.get(60, TimeUnit.SECONDS);

            Indexes.Info info = Indexes.find(V4.name()).orElseThrow(() -> new AssertionError(V4.name() + " is gone"));
            assertTrue(info.valid() && info.ready(), V4.name() + " is not valid");
            assertEquals(build.indexOid(), Db.count("SELECT ?::regclass::oid::bigint", V4.name()),
                    "the index being built was dropped and built again");
        } finally {
            pool.shutdownNow();
        }
        assertRepaired();
    }

    private static void assertInvalid(String name) {
        Indexes.Info info = Indexes.find(name).orElseThrow(() -> new AssertionError(name + " is missing, expected INVALID"));
        assertFalse(info.valid(), name + " should be invalid after the cancelled build");
    }

    private static void assertRepaired() {
        for (String name : Indexes.COMPOSITE) {
            assertTrue(Indexes.isValid(name), name + " is not valid after migrate");
        }
        assertEquals(List.of("tenant_id", "is_active"), Indexes.find(V4.name()).orElseThrow().columns());
        assertEquals(List.of(), History.failedRows());
        assertTrue(History.successfulVersions().containsAll(List.of("1", "2", "3", "4")));
        Health.assertReady();
    }
}
