package dev.tenantauth.schema;

import dev.tenantauth.common.EmailKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jboss.logging.Logger;

/**
 * V25: {@code users.email_norm} and {@code invitations.email_norm}, the {@link EmailKey} of the
 * address, with the unique index {@code ux_users_email_norm} in place of V1's
 * {@code ux_users_email_lower (lower(email))}. A Java migration because the key is computed in
 * Java and only there: a SQL backfill would need the database's {@code lower()}, whose answers
 * depend on the collation and differ from Java's (the reason for this change).
 *
 * <p>Safe on a big table, and safe to run again after a failure half-way (every step is
 * idempotent, nothing runs in one long transaction):
 * <ol>
 *   <li>the columns are added nullable, without a default (catalog only);
 *   <li>rows are filled in batches of {@value #BATCH}, walking the primary key, each batch its own
 *       short transaction, a row only if its address is still the one read; then a sweep for
 *       any row left NULL (changed meanwhile);
 *   <li>keys held by more than one account (lookalikes that the old {@code lower()} told apart,
 *       such as fullwidth letters) are kept by the oldest account; the others get
 *       {@code key + ' ' + id}, which no valid address maps to (addresses hold no space), and a
 *       warning with their ids;
 *   <li>{@code CREATE UNIQUE INDEX CONCURRENTLY} (writes go on; an INVALID leftover of a failed
 *       build is dropped first);
 *   <li>NOT NULL through a CHECK added NOT VALID and validated (no exclusive lock during the scan),
 *       after which SET NOT NULL needs no scan of its own;
 *   <li>{@code DROP INDEX CONCURRENTLY ux_users_email_lower}.
 * </ol>
 * Instances older than V25 must not write users once it has run (they leave email_norm empty,
 * and NOT NULL refuses that): stop them before, as for any deploy with migrate-at-start.
 */
public class EmailNormMigration implements JavaMigration {

    private static final Logger LOG = Logger.getLogger(EmailNormMigration.class);

    static final String INDEX = "ux_users_email_norm";
    static final int BATCH = 5000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("25");
    }

    @Override
    public String getDescription() {
        return "users email norm";
    }

    @Override
    public Integer getChecksum() {
        return 25_0001; // change it only with the migration's behaviour (it never changes once landed)
    }

    @Override
    public boolean canExecuteInTransaction() {
        return false; // batches commit one by one; CREATE INDEX CONCURRENTLY refuses a transaction
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            exec(c, "ALTER TABLE users ADD COLUMN IF NOT EXISTS email_norm text");
            exec(c, "ALTER TABLE invitations ADD COLUMN IF NOT EXISTS email_norm text");
            backfill(c, "users");
            backfill(c, "invitations");
            separateCollisions(c);
            for (String name : IndexState.abandoned(c, List.of(INDEX))) {
                LOG.warnf("Index %s is INVALID (a concurrent build failed half-way); dropping it to build it again", name);
                exec(c, "DROP INDEX CONCURRENTLY IF EXISTS " + name);
            }
            exec(c, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + INDEX + " ON users (email_norm)");
            notNull(c, "users");
            notNull(c, "invitations");
            exec(c, "DROP INDEX CONCURRENTLY IF EXISTS ux_users_email_lower");
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private record Row(UUID id, String email) {}

    private static void backfill(Connection c, String table) throws SQLException {
        UUID after = null;
        long filled = 0;
        for (int batch = 1; ; batch++) {
            List<Row> rows = read(c, after == null
                    ? "SELECT id, email FROM " + table + " WHERE email_norm IS NULL ORDER BY id LIMIT " + BATCH
                    : "SELECT id, email FROM " + table + " WHERE id > ? AND email_norm IS NULL ORDER BY id LIMIT " + BATCH,
                    after);
            if (rows.isEmpty()) {
                break;
            }
            filled += fill(c, table, rows);
            after = rows.get(rows.size() - 1).id();
            if (rows.size() < BATCH) {
                break;
            }
            if (batch % 100 == 0) {
                LOG.infof("V25: %d rows of %s have their email_norm", filled, table);
            }
        }
        // rows whose address changed between read and write, or written meanwhile: one sweep more
        for (List<Row> rows; !(rows = read(c, "SELECT id, email FROM " + table + " WHERE email_norm IS NULL LIMIT "
                + BATCH, null)).isEmpty(); ) {
            filled += fill(c, table, rows);
        }
        LOG.infof("V25: email_norm filled for %d rows of %s", filled, table);
    }

    private static List<Row> read(Connection c, String sql, UUID after) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (after != null) {
                ps.setObject(1, after);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2)));
                }
            }
        }
        return rows;
    }

    /** One statement, its own transaction: the key of each row whose address is still the one read. */
    private static int fill(Connection c, String table, List<Row> rows) throws SQLException {
        Array ids = c.createArrayOf("uuid", rows.stream().map(Row::id).toArray());
        Array emails = c.createArrayOf("text", rows.stream().map(Row::email).toArray());
        Array keys = c.createArrayOf("text", rows.stream().map(r -> EmailKey.of(r.email())).toArray());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " t SET email_norm = v.k"
                + " FROM unnest(?::uuid[], ?::text[], ?::text[]) AS v(id, email, k)"
                + " WHERE t.id = v.id AND t.email = v.email AND t.email_norm IS NULL")) {
            ps.setArray(1, ids);
            ps.setArray(2, emails);
            ps.setArray(3, keys);
            return ps.executeUpdate();
        }
    }

    private static void separateCollisions(Connection c) throws SQLException {
        List<UUID> others = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT array_agg(id ORDER BY created_at, id) FROM users"
                        + " WHERE email_norm IS NOT NULL AND email_norm NOT LIKE '% %'"
                        + " GROUP BY email_norm HAVING count(*) > 1")) {
            while (rs.next()) {
                UUID[] ids = (UUID[]) rs.getArray(1).getArray();
                for (int i = 1; i < ids.length; i++) {
                    others.add(ids[i]);
                }
                LOG.warnf("V25: users %s have addresses with one normalised form; %s keeps it, the others"
                        + " can no longer log in until their address is changed", List.of(ids), ids[0]);
            }
        }
        for (UUID id : others) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE users SET email_norm = email_norm || ' ' || id::text WHERE id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }
    }

    private static void notNull(Connection c, String table) throws SQLException {
        String check = "ck_" + table + "_email_norm_set";
        boolean present;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) > 0 FROM pg_constraint WHERE conname = ? AND conrelid = ?::regclass")) {
            ps.setString(1, check);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                present = rs.getBoolean(1);
            }
        }
        if (!present) {
            exec(c, "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (email_norm IS NOT NULL) NOT VALID");
        }
        exec(c, "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check); // SHARE UPDATE EXCLUSIVE: writes go on
        exec(c, "ALTER TABLE " + table + " ALTER COLUMN email_norm SET NOT NULL"); // proven by the check: no scan
        exec(c, "ALTER TABLE " + table + " DROP CONSTRAINT " + check);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
