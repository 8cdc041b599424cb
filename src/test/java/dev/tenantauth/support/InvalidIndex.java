package dev.tenantauth.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Produces a real INVALID index the way production gets one: a CREATE INDEX CONCURRENTLY that is
 * cancelled after it registered the index but before it finished (here while it waits for a
 * transaction that holds a RowExclusiveLock on the table).
 */
public final class InvalidIndex {

    private InvalidIndex() {}

    /**
     * Drops {@code index} concurrently, then runs {@code script} (its migration) on a connection of
     * its own while a second connection holds ROW EXCLUSIVE on {@code table}, and cancels the build
     * once pg_index shows the new, invalid entry.
     */
    public static void produce(String index, String table, String script) throws Exception {
        Db.exec("DROP INDEX CONCURRENTLY IF EXISTS " + index);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection locker = Db.open(); Connection builder = Db.open(); Connection control = Db.open()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
            }
            long builderPid = Db.count(builder, "SELECT pg_backend_pid()");
            Future<?> build = pool.submit(() -> {
                try (Statement s = builder.createStatement()) {
                    s.execute(script);
                }
                return null;
            });
            // wait until the build has registered its (invalid) index and is blocked on our lock
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                boolean registered = Db.count(control,
                        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                + " WHERE c.relname = ? AND NOT i.indisvalid", index) == 1;
                boolean waiting = Db.count(control,
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'",
                        (int) builderPid) == 1;
                if (registered && waiting) {
                    break;
                }
                if (build.isDone()) {
                    build.get();
                    throw new AssertionError("CREATE INDEX CONCURRENTLY finished although the table was locked");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the concurrent build never got stuck on the lock");
                }
                Thread.sleep(50);
            }
            if (Db.count(control, "SELECT count(*) FROM (SELECT pg_cancel_backend(?)) x WHERE true", (int) builderPid) != 1) {
                throw new AssertionError("pg_cancel_backend failed");
            }
            try {
                build.get(30, TimeUnit.SECONDS);
                throw new AssertionError("cancelled CREATE INDEX CONCURRENTLY reported success");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SQLException sql) || !"57014".equals(sql.getSQLState())) {
                    throw new AssertionError("expected query_canceled (57014), got " + e.getCause(), e.getCause());
                }
            }
            locker.rollback();
        } finally {
            pool.shutdownNow();
        }
    }
}
