package dev.tenantauth.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jboss.logging.Logger;

/**
 * Flyway callback that makes the concurrent index builds (V2..V4) safe to re-run.
 *
 * <p>A CREATE INDEX CONCURRENTLY that fails half-way (deadlock, cancel, crash) leaves an INVALID
 * index, which IF NOT EXISTS would then skip forever, and may leave a failed row in the schema
 * history that stops every later start. Before validation and migration this callback drops
 * invalid indexes of our names (concurrently) that no session is still building, and forgets
 * failed history rows of the index scripts only; after migration it rebuilds, from the same
 * script, any of them that is missing although its version is recorded as applied.
 */
public class CompositeIndexRepair implements Callback {

    private static final Logger LOG = Logger.getLogger(CompositeIndexRepair.class);

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_VALIDATE || event == Event.BEFORE_MIGRATE || event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return false;
    }

    @Override
    public String getCallbackName() {
        return "composite-index-repair";
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true); // CONCURRENTLY refuses to run inside a transaction
            try {
                String history = context.getConfiguration().getTable();
                if (event == Event.AFTER_MIGRATE) {
                    rebuildMissing(connection, history);
                } else {
                    dropInvalid(connection);
                    forgetFailed(connection, history);
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("composite index repair failed: " + e.getMessage(), e);
        }
    }

    private static void dropInvalid(Connection c) throws SQLException {
        // An index that another instance is building right now is INVALID too: dropping it would
        // wait for that build and then deadlock with it (or throw the finished index away).
        for (String name : IndexState.beingBuilt(c, CompositeIndexes.concurrentNames())) {
            LOG.infof("Index %s is being built concurrently by another session; leaving it alone", name);
        }
        for (String name : IndexState.abandoned(c, CompositeIndexes.concurrentNames())) {
            LOG.warnf("Index %s is INVALID (a concurrent build failed half-way); dropping it to build it again", name);
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + name);
            }
        }
    }

    private static void forgetFailed(Connection c, String historyTable) throws SQLException {
        if (!tableExists(c, historyTable)) {
            return;
        }
        List<String> versions = CompositeIndexes.CONCURRENT.stream().map(CompositeIndexes.Spec::version).toList();
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + quote(historyTable) + " WHERE NOT success AND version = ANY (?)")) {
            Array array = c.createArrayOf("text", versions.toArray());
            ps.setArray(1, array);
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.warnf("Removed %d failed composite-index migration(s) from %s; they run again now", n, historyTable);
            }
        }
    }

    private static void rebuildMissing(Connection c, String historyTable) throws SQLException {
        List<String> present = IndexState.present(c, CompositeIndexes.concurrentNames());
        List<CompositeIndexes.Spec> applied = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM " + quote(historyTable) + " WHERE success")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
                for (CompositeIndexes.Spec spec : CompositeIndexes.CONCURRENT) {
                    if (versions.contains(spec.version()) && !present.contains(spec.name())) {
                        applied.add(spec);
                    }
                }
            }
        }
        for (CompositeIndexes.Spec spec : applied) {
            LOG.warnf("Index %s is missing although V%s is applied; building it again", spec.name(), spec.version());
            try (Statement s = c.createStatement()) {
                s.execute(readScript(spec.script()));
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String readScript(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script not on the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
