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
        try (StuckBuild build = StuckBuild.start(index, table, script)) {
            build.cancel();
            build.releaseLock();
        }
    }

    /**
     * A concurrent build of {@code index} that has registered its (still invalid) index and is now
     * blocked behind an open transaction holding ROW EXCLUSIVE on the table, as a build running on
     * another instance looks while it waits for writers.
     */
    public static final class StuckBuild implements AutoCloseable {

        private final ExecutorService pool = Executors.newSingleThreadExecutor();
        private final Connection locker;
        private final Connection builder;
        private final Connection control;
        private final Future<?> future;
        private final long pid;
        private final long indexOid;

        private StuckBuild(String index, String table, String script) throws Exception {
            locker = Db.open();
            builder = Db.open();
            control = Db.open();
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
            }
            pid = Db.count(builder, "SELECT pg_backend_pid()");
            future = pool.submit(() -> {
                try (Statement s = builder.createStatement()) {
                    s.execute(script);
                }
                return null;
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                boolean waiting = Db.count(control,
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'", (int) pid) == 1;
                long oid = Db.count(control,
                        "SELECT coalesce(max(c.oid::bigint), 0) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                + " WHERE c.relname = ? AND NOT i.indisvalid", index);
                if (waiting && oid != 0) {
                    indexOid = oid;
                    break;
                }
                if (future.isDone()) {
                    future.get();
                    throw new AssertionError("CREATE INDEX CONCURRENTLY finished although the table was locked");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the concurrent build never got stuck on the lock");
                }
                Thread.sleep(50);
            }
        }

        public static StuckBuild start(String index, String table, String script) throws Exception {
            return new StuckBuild(index, table, script);
        }

        /** pg_class oid of the index being built. */
        public long indexOid() {
            return indexOid;
        }

        /** Cancels the build (pg_cancel_backend) and checks that it failed with query_canceled. */
        public void cancel() throws Exception {
            if (Db.count(control, "SELECT count(*) FROM (SELECT pg_cancel_backend(?)) x", (int) pid) != 1) {
                throw new AssertionError("pg_cancel_backend failed");
            }
            try {
                future.get(30, TimeUnit.SECONDS);
                throw new AssertionError("cancelled CREATE INDEX CONCURRENTLY reported success");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SQLException sql) || !"57014".equals(sql.getSQLState())) {
                    throw new AssertionError("expected query_canceled (57014), got " + e.getCause(), e.getCause());
                }
            }
        }

        /** Ends the blocking transaction: the build (if not cancelled) goes on. */
        public void releaseLock() throws SQLException {
            locker.rollback();
        }

        /** Waits for the build to finish, rethrowing its failure. */
        public void awaitSuccess() throws Exception {
            future.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                locker.rollback();
                if (!future.isDone()) {
                    Db.count(control, "SELECT count(*) FROM (SELECT pg_cancel_backend(?)) x", (int) pid);
                }
            } finally {
                pool.shutdownNow();
                locker.close();
                builder.close();
                control.close();
            }
        }
    }
}
