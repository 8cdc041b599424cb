package dev.tenantauth.support;

import dev.tenantauth.schema.CompositeIndexes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;

/** "Start the service again" as far as the schema is concerned. */
public final class Migrations {

    /** A CREATE INDEX CONCURRENTLY that waits on a transaction never ends by itself: fail instead of hanging. */
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private Migrations() {}

    /**
     * {@code flyway.migrate()} on the application's own Flyway bean (with its customizer and the
     * repair callback), failing after {@link #LIMIT}. Only when a later version (V5+) is applied
     * while one of V2..V4 is not recorded as successful (a state these tests create by hand, e.g.
     * D4 or a failed V4 row) does Flyway need outOfOrder to re-apply a version below the current
     * one; the same configuration, callback included, is used then.
     */
    public static void migrate(Flyway flyway) {
        List<String> composite = CompositeIndexes.ALL.stream().map(CompositeIndexes.Spec::version).toList();
        boolean later = Db.count("SELECT count(*) FROM flyway_schema_history WHERE success AND version ~ '^[0-9]+$'"
                + " AND version::numeric > 4") > 0;
        Flyway target = later && !History.successfulVersions().containsAll(composite)
                ? Flyway.configure().configuration(flyway.getConfiguration()).outOfOrder(true).load()
                : flyway;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> run = pool.submit(() -> target.migrate());
            run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("flyway.migrate() still running after " + LIMIT
                    + " (a concurrent index build waiting on an open transaction?)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
