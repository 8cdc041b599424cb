package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Db;
import dev.tenantauth.support.Health;
import dev.tenantauth.support.History;
import dev.tenantauth.support.Indexes;
import dev.tenantauth.support.Migrations;
import dev.tenantauth.support.SchemaGuard;
import dev.tenantauth.support.Scripts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** D4 takes the schema back to V1 (as psql in autocommit would run it); the next migrate rebuilds V2..V4. */
@QuarkusTest
class DowngradeTest {

    private static final String D4 = "db/downgrade/D4__drop_composite_indexes.sql";

    @Inject
    Flyway flyway;

    @AfterEach
    void restore() {
        SchemaGuard.restore(flyway);
    }

    @Test
    void downgradeDropsCompositeIndexesAndMigrateBuildsThemAgain() throws Exception {
        List<String> statements = Scripts.statements(D4);
        assertEquals(4, statements.size(), "D4 statements: " + statements);
        try (Connection c = Db.open()) {
            assertTrue(c.getAutoCommit());
            for (String sql : statements) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
        }

        for (String name : Indexes.COMPOSITE) {
            assertFalse(Indexes.exists(name), name + " still exists after D4");
        }
        List<String> versions = History.rows().stream().map(History.Row::version).toList();
        assertFalse(versions.contains("2") || versions.contains("3") || versions.contains("4"), "history after D4: " + versions);
        assertTrue(versions.contains("1"));
        Indexes.COMPOSITE.forEach(Health::assertNotReady);

        Migrations.migrate(flyway); // what the next start of the service does

        for (String name : Indexes.COMPOSITE) {
            assertTrue(Indexes.isValid(name), name + " not valid after migrate");
        }
        assertEquals(List.of(), History.failedRows());
        assertTrue(History.successfulVersions().containsAll(List.of("1", "2", "3", "4")), "history: " + History.rows());
        Health.assertReady();
    }
}
