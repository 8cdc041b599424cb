package dev.tenantauth.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads index definitions straight from the catalog (pg_index / pg_attribute). */
public final class Indexes {

    /** One index as the catalog describes it; columns in key order. */
    public record Info(String name, String table, List<String> columns, boolean valid, boolean ready) {}

    public static final String REFRESH_TOKENS_USER_TENANT = "ix_refresh_tokens_user_tenant";
    public static final String REFRESH_TOKENS_HASH = "uq_refresh_tokens_hash";
    public static final String MEMBERSHIP_USER_TENANT_ACTIVE = "ix_membership_user_tenant_active";
    public static final String MEMBERSHIP_TENANT_ACTIVE = "ix_membership_tenant_active";
    /**
     * V11/V12's unique (user_id, tenant_id): since it exists the planner finds a membership of
     * (user, tenant) through it (unique, so exactly one row, is_active a filter on that row) rather
     * than through ix_membership_user_tenant_active, whose cost is the same.
     */
    public static final String MEMBERSHIP_USER_TENANT_UNIQUE = "uq_membership_user_tenant";
    /** V10: the keyset order of the member listing. */
    public static final String MEMBERSHIP_TENANT_KEYSET = "ix_membership_tenant_keyset";
    public static final List<String> COMPOSITE = List.of(
            REFRESH_TOKENS_USER_TENANT, MEMBERSHIP_USER_TENANT_ACTIVE, MEMBERSHIP_TENANT_ACTIVE);

    private static final String QUERY = """
            SELECT c.relname, t.relname, i.indisvalid, i.indisready,
                   ARRAY(SELECT a.attname
                         FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         ORDER BY k.ord)::text[] AS cols,
                   i.indnatts
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE c.relnamespace = current_schema()::regnamespace
            """;

    private Indexes() {}

    public static Optional<Info> find(String name) {
        return all().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public static List<Info> onTable(String table) {
        return all().stream().filter(i -> i.table().equals(table)).toList();
    }

    public static List<Info> all() {
        try (Connection c = Db.open(); PreparedStatement ps = c.prepareStatement(QUERY); ResultSet rs = ps.executeQuery()) {
            List<Info> out = new ArrayList<>();
            while (rs.next()) {
                String[] cols = (String[]) rs.getArray(5).getArray();
                // expression columns (attnum 0) have no pg_attribute row: pad so the count stays honest
                List<String> columns = new ArrayList<>(List.of(cols));
                while (columns.size() < rs.getInt(6)) {
                    columns.add("<expression>");
                }
                out.add(new Info(rs.getString(1), rs.getString(2), List.copyOf(columns), rs.getBoolean(3), rs.getBoolean(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isValid(String name) {
        return find(name).map(i -> i.valid() && i.ready()).orElse(false);
    }

    public static boolean exists(String name) {
        return find(name).isPresent();
    }
}
