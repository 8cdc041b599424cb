package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Db;
import dev.tenantauth.support.Health;
import dev.tenantauth.support.History;
import dev.tenantauth.support.Indexes;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The schema that Flyway leaves behind at boot: V1..V4 applied, the three composite indexes valid. */
@QuarkusTest
class SchemaMigrationTest {

    @Test
    void compositeIndexesExistAreValidAndHaveTheExactColumns() {
        assertIndex(Indexes.REFRESH_TOKENS_USER_TENANT, "refresh_tokens", List.of("user_id", "tenant_id"));
        assertIndex(Indexes.MEMBERSHIP_USER_TENANT_ACTIVE, "user_tenant_membership", List.of("user_id", "tenant_id", "is_active"));
        assertIndex(Indexes.MEMBERSHIP_TENANT_ACTIVE, "user_tenant_membership", List.of("tenant_id", "is_active"));
        Health.assertReady();
    }

    @Test
    void everyHistoryRowSucceededAndVersionsOneToFourAreApplied() {
        List<History.Row> rows = History.rows();
        assertFalse(rows.isEmpty(), "flyway_schema_history is empty");
        rows.forEach(r -> assertTrue(r.success(), "failed history row: " + r));
        Set<String> versions = rows.stream().map(History.Row::version).collect(Collectors.toSet());
        assertTrue(versions.containsAll(Set.of("1", "2", "3", "4")), "applied versions: " + versions);
        // each composite index comes from its own script, recorded under the version CompositeIndexes says
        for (CompositeIndexes.Spec spec : CompositeIndexes.ALL) {
            assertTrue(rows.stream().anyMatch(r -> spec.version().equals(r.version())
                            && r.script().endsWith("V" + spec.version() + "__" + spec.name() + ".sql")),
                    "no history row for " + spec.script() + " in " + rows);
        }
    }

    @Test
    void theOnlyMultiColumnIndexesOnTheHotTablesAreTheThreeCompositeOnes() {
        // V1 alone has no composite index: every multi-column index here is one of V2..V4,
        // V10's keyset index for the member listing, or V11's unique (user_id, tenant_id)
        Set<String> multiColumn = Indexes.all().stream()
                .filter(i -> i.table().equals("user_tenant_membership") || i.table().equals("refresh_tokens"))
                .filter(i -> i.columns().size() > 1)
                .map(Indexes.Info::name)
                .collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(Indexes.COMPOSITE);
        expected.add(Indexes.MEMBERSHIP_TENANT_KEYSET);
        expected.add(Indexes.MEMBERSHIP_USER_TENANT_UNIQUE);
        assertEquals(expected, multiColumn);
        // and the scripts of V2..V4 are the only place they are defined
        assertEquals(Indexes.COMPOSITE, CompositeIndexes.names());
    }

    @Test
    void oneMembershipPerUserAndTenantIsAUniqueConstraint() {
        assertEquals("u", String.valueOf(Db.scalar("SELECT contype FROM pg_constraint WHERE conname = ?",
                Indexes.MEMBERSHIP_USER_TENANT_UNIQUE)));
        assertEquals(true, Db.scalar("SELECT indisunique AND indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = ?", Indexes.MEMBERSHIP_USER_TENANT_UNIQUE));
    }

    @Test
    void initialSchemaScriptDefinesNoIndexOnTheHotTables() throws Exception {
        String v1;
        try (var in = getClass().getClassLoader().getResourceAsStream("db/migration/V1__initial_schema.sql")) {
            v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String code = v1.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).toLowerCase();
        assertFalse(code.matches("(?s).*create\\s+(unique\\s+)?index[^;]*\\bon\\s+(user_tenant_membership|refresh_tokens)\\b.*"),
                "V1 creates an index on a hot table");
    }

    private static void assertIndex(String name, String table, List<String> columns) {
        Indexes.Info info = Indexes.find(name).orElseThrow(() -> new AssertionError("index " + name + " does not exist"));
        assertEquals(table, info.table(), name + " table");
        assertEquals(columns, info.columns(), name + " columns");
        assertTrue(info.valid(), name + " indisvalid");
        assertTrue(info.ready(), name + " indisready");
    }
}
