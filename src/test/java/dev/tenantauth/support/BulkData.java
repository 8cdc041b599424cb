package dev.tenantauth.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Set-based bulk data (generate_series, never row by row through JPA), tagged with a prefix so it
 * can be deleted again: tenant slugs and user emails start with {@code <prefix>-}, and every
 * membership and token belongs to such a tenant. All generated rows satisfy V1's constraints.
 */
public final class BulkData {

    private final String tag;

    private BulkData(String tag) {
        this.tag = tag;
    }

    /** A fresh data set; {@code family} (lower-case letters) also names leftovers to clean first. */
    public static BulkData create(String family) {
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
        return new BulkData(family + "-" + run);
    }

    public String tag() {
        return tag;
    }

    /** Tenants {@code tag-0 .. tag-(count-1)}, created 400 days ago. */
    public void tenants(Connection c, int count) throws SQLException {
        exec(c, """
                INSERT INTO tenants (id, slug, name, created_at)
                SELECT gen_random_uuid(), '%1$s-' || g, 'Bulk tenant ' || g, now() - interval '400 days'
                FROM generate_series(0, %2$d - 1) g""".formatted(tag, count));
        exec(c, "DROP TABLE IF EXISTS bulk_t");
        exec(c, """
                CREATE TEMP TABLE bulk_t AS
                SELECT substr(slug, %d)::int AS n, id FROM tenants WHERE slug LIKE '%s-%%'""".formatted(tag.length() + 2, tag));
        exec(c, "CREATE UNIQUE INDEX ON bulk_t (n)");
        exec(c, "ANALYZE bulk_t");
    }

    /**
     * Users {@code tag-N@bulk.test} with a well-formed (fake) Argon2id PHC string; the tag is
     * lower-case ASCII, so the address is its own EmailKey (email_norm, V25).
     */
    public void users(Connection c, int count) throws SQLException {
        exec(c, """
                INSERT INTO users (id, email, email_norm, password_hash, created_at, updated_at)
                SELECT gen_random_uuid(), '%1$s-' || g || '@bulk.test', '%1$s-' || g || '@bulk.test',
                       '$argon2id$v=19$m=19456,t=2,p=1$' || md5('salt' || g) || '$' || md5('hash' || g),
                       now() - interval '400 days', now() - interval '400 days'
                FROM generate_series(0, %2$d - 1) g""".formatted(tag, count));
        exec(c, "DROP TABLE IF EXISTS bulk_u");
        exec(c, """
                CREATE TEMP TABLE bulk_u AS
                SELECT split_part(substr(email, %d), '@', 1)::int AS n, id FROM users WHERE email LIKE '%s-%%@bulk.test'"""
                .formatted(tag.length() + 2, tag));
        exec(c, "ANALYZE bulk_u");
    }

    /**
     * Memberships: user n belongs to {@code min + (n*7919 mod (max-min+1))} distinct tenants (spread
     * with a stride); every tenth membership is inactive; created over the last 400 days.
     * Requires {@code tenants > 131 * max}. Returns the number of rows inserted.
     */
    public long memberships(Connection c, int tenants, int min, int max) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("""
                    INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
                    SELECT gen_random_uuid(), u.id, t.id,
                           CASE WHEN j = 0 AND u.n %% 40 = 0 THEN 'owner' WHEN u.n %% 9 = 0 THEN 'admin' ELSE 'member' END,
                           (u.n + j) %% 10 <> 0,
                           ts, ts
                    FROM bulk_u u
                    CROSS JOIN LATERAL generate_series(0, %2$d - 1 + (u.n * 7919) %% (%3$d - %2$d + 1)) j
                    JOIN bulk_t t ON t.n = (u.n * 7 + j * 131) %% %1$d
                    CROSS JOIN LATERAL (SELECT now() - ((u.n * 13 + j * 7) %% 400) * interval '1 day'
                                                     - ((u.n * 31 + j) %% 86400) * interval '1 second' AS ts) x"""
                    .formatted(tenants, min, max));
        }
    }

    /**
     * Refresh tokens for every membership of the data set (one, or two for a third of them). Most are
     * dead: created up to 120 days ago with a 30-day lifetime, a quarter rotated, a third revoked.
     */
    public long refreshTokens(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // one session per membership (the tokens' foreign key), then its tokens
            s.executeUpdate("""
                    INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at)
                    SELECT gen_random_uuid(), m.user_id, m.tenant_id, now() - interval '121 days',
                           now() - interval '121 days', now() + interval '90 days'
                    FROM user_tenant_membership m
                    JOIN bulk_t t ON t.id = m.tenant_id""");
            return s.executeUpdate("""
                    INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, parent_id, token_hash,
                                                created_at, expires_at, rotated_at, revoked_at, revoked_reason)
                    SELECT gen_random_uuid(), m.user_id, m.tenant_id, m.id, NULL,
                           decode(md5(m.id::text || ':' || k) || md5(k || ':' || m.id::text), 'hex'),
                           ts, ts + interval '30 days',
                           CASE WHEN h % 4 = 0 THEN ts + interval '10 minutes' END,
                           CASE WHEN h % 3 = 0 THEN ts + interval '1 hour' END,
                           CASE WHEN h % 3 = 0 THEN 'logout' END
                    FROM sessions m
                    JOIN bulk_t t ON t.id = m.tenant_id
                    CROSS JOIN LATERAL generate_series(0, CASE WHEN abs(hashtext(m.id::text)) % 3 = 0 THEN 1 ELSE 0 END) k
                    CROSS JOIN LATERAL (SELECT abs(hashtext(m.id::text || k)) AS h) hh
                    CROSS JOIN LATERAL (SELECT now() - (h % (120 * 24)) * interval '1 hour' AS ts) x""");
        }
    }

    public static void analyze(Connection c) throws SQLException {
        exec(c, "ANALYZE tenants, users, user_tenant_membership, refresh_tokens");
    }

    /**
     * Deletes every row of this family (this run and any leftover of an earlier one), children first.
     */
    public static void deleteFamily(String family) {
        String like = family + "-%";
        try (Connection c = Db.open()) {
            exec(c, "DELETE FROM refresh_tokens WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE '" + like + "')");
            exec(c, "DELETE FROM user_tenant_membership WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE '" + like + "')");
            exec(c, "VACUUM refresh_tokens, user_tenant_membership");
            exec(c, "DELETE FROM users WHERE email LIKE '" + like + "@bulk.test'");
            exec(c, "DELETE FROM tenants WHERE slug LIKE '" + like + "'");
            exec(c, "VACUUM ANALYZE tenants, users, user_tenant_membership, refresh_tokens");
        } catch (SQLException e) {
            throw new IllegalStateException("bulk cleanup of " + family + " failed: " + e.getMessage(), e);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
