package dev.tenantauth.support;

import dev.tenantauth.schema.CompositeIndexes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Puts the composite indexes back after a test that breaks them on purpose, whatever state the
 * test left: invalid leftovers are dropped and missing indexes rebuilt from their own scripts,
 * failed history rows of V2..V4 forgotten, then Flyway is asked to record any version missing.
 * Other test classes share this database.
 */
public final class SchemaGuard {

    private SchemaGuard() {}

    public static void restore(Flyway flyway) {
        try (Connection c = Db.open(); Statement s = c.createStatement()) {
            for (CompositeIndexes.Spec spec : CompositeIndexes.ALL) {
                var info = Indexes.find(spec.name());
                if (info.isPresent() && !(info.get().valid() && info.get().ready())) {
                    s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + spec.name());
                }
                if (!Indexes.isValid(spec.name())) {
                    s.execute(Scripts.read(spec.script()));
                }
            }
            // a failed row left by a test would stop every later migrate: the index is back, forget the row
            s.execute("DELETE FROM flyway_schema_history WHERE NOT success AND version IN ('2', '3', '4')");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restore composite indexes: " + e.getMessage(), e);
        }
        if (!History.successfulVersions().containsAll(CompositeIndexes.ALL.stream().map(CompositeIndexes.Spec::version).toList())) {
            Migrations.migrate(flyway);
        }
    }
}
