package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.common.EmailKey;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.History;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/**
 * V25 ({@link EmailNormMigration}): the schema it leaves, and its run over a pre-V25 copy of the
 * users and invitations tables (in a scratch schema) with more rows than one batch, lookalikes
 * that collide once normalised, and a second run after the first.
 */
@QuarkusTest
class EmailNormMigrationTest {

    private static final String SCRATCH = "v25_scratch";

    @Test
    void theSchemaHasTheNormalisedColumnsAndTheUniqueIndexOnUsersEmailNorm() {
        assertTrue(History.rows().stream().anyMatch(r -> "25".equals(r.version()) && r.success()), "V25 not applied");
        assertEquals("NO", Db.scalar("SELECT is_nullable FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'users' AND column_name = 'email_norm'"));
        assertEquals("NO", Db.scalar("SELECT is_nullable FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'invitations' AND column_name = 'email_norm'"));
        assertEquals(true, Db.scalar("SELECT i.indisunique AND i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = 'ux_users_email_norm' AND c.relnamespace = current_schema()::regnamespace"));
        assertEquals(0L, Db.count("SELECT count(*) FROM pg_class WHERE relname = 'ux_users_email_lower'"
                + " AND relnamespace = current_schema()::regnamespace"));
        assertEquals(0L, Db.count("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ck_%_email_norm_set'"));
    }

    @Test
    void theUserLookupUsesTheUniqueIndex() throws Exception {
        try (Connection c = Db.open(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM users WHERE email_norm = 'x@example.com'")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("ux_users_email_norm"), plan.toString());
        }
    }

    @Test
    void migrateWhenRowsPredateItThenEveryRowGetsItsJavaKeyInBatchesAndLookalikesAreSeparated() throws Exception {
        int n = EmailNormMigration.BATCH * 2 + 17;
        UUID older = UUID.randomUUID();
        UUID younger = UUID.randomUUID();
        UUID dotted = UUID.randomUUID();
        try (Connection c = Db.open(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE");
            s.execute("CREATE SCHEMA " + SCRATCH);
            s.execute("SET search_path TO " + SCRATCH);
            // the shape before V25 (V1's users and its lower(email) index, V7's invitations, trimmed)
            s.execute("""
                    CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())""");
            s.execute("CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email))");
            s.execute("CREATE TABLE invitations (id uuid PRIMARY KEY, email text NOT NULL)");
            s.execute("INSERT INTO users (id, email, password_hash) SELECT gen_random_uuid(), 'Bulk-' || g || '@Example.com', 'x'"
                    + " FROM generate_series(1, " + n + ") g");
            insertUser(c, older, "kate@acme.test", "2020-01-01");
            insertUser(c, younger, "\uFF4Bate@acme.test", "2021-01-01"); // fullwidth k: lower() told it apart
            insertUser(c, dotted, "M\u0130KE@x.test", "2021-01-01");
            s.execute("INSERT INTO invitations (id, email) VALUES (gen_random_uuid(), 'Inv\u0130ted@X.test')");

            EmailNormMigration migration = new EmailNormMigration();
            migration.migrate(context(c));
            migration.migrate(context(c)); // again, as after a failure half-way: every step is idempotent

            Map<String, String> mismatches = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT email, email_norm FROM users WHERE id NOT IN ('" + younger + "')")) {
                while (rs.next()) {
                    if (!EmailKey.of(rs.getString(1)).equals(rs.getString(2))) {
                        mismatches.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            assertTrue(mismatches.isEmpty(), "keys not from EmailKey: " + mismatches);
            assertEquals(n + 3L, Db.count(c, "SELECT count(*) FROM users WHERE email_norm IS NOT NULL"));
            assertEquals("mike@x.test", scalar(c, "SELECT email_norm FROM users WHERE id = '" + dotted + "'"));
            // the older account keeps the key; the younger lookalike gets one that no valid address maps to
            assertEquals("kate@acme.test", scalar(c, "SELECT email_norm FROM users WHERE id = '" + older + "'"));
            assertEquals("kate@acme.test " + younger, scalar(c, "SELECT email_norm FROM users WHERE id = '" + younger + "'"));
            assertEquals("invited@x.test", scalar(c, "SELECT email_norm FROM invitations"));
            assertEquals("NO", scalar(c, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = '" + SCRATCH
                    + "' AND table_name = 'users' AND column_name = 'email_norm'"));
            assertEquals("true", scalar(c, "SELECT (indisunique AND indisvalid)::text FROM pg_index i JOIN pg_class x"
                    + " ON x.oid = i.indexrelid WHERE x.relname = 'ux_users_email_norm' AND x.relnamespace = '" + SCRATCH
                    + "'::regnamespace"));
            assertFalse(Db.count(c, "SELECT count(*) FROM pg_class WHERE relname = 'ux_users_email_lower' AND relnamespace = '"
                    + SCRATCH + "'::regnamespace") > 0, "ux_users_email_lower still there");
        } finally {
            Db.exec("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE");
        }
    }

    private static void insertUser(Connection c, UUID id, String email, String created) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, 'x', ?::timestamptz)")) {
            ps.setObject(1, id);
            ps.setString(2, email);
            ps.setString(3, created);
            ps.executeUpdate();
        }
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Context context(Connection c) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                return null;
            }

            @Override
            public Connection getConnection() {
                return c;
            }
        };
    }
}
