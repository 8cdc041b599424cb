package dev.tenantauth.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads which of some indexes exist in the current schema, and which of those are valid. */
final class IndexState {

    private static final String QUERY = """
            SELECT c.relname, i.indisvalid AND i.indisready
            FROM pg_class c
            JOIN pg_index i ON i.indexrelid = c.oid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?)
            """;

    private static final String ABANDONED = """
            SELECT c.relname
            FROM pg_class c
            JOIN pg_index i ON i.indexrelid = c.oid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?)
              AND NOT (i.indisvalid AND i.indisready)
              AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = c.oid)
            """;

    /**
     * Invalid indexes that no backend is building right now (pg_stat_progress_create_index): the
     * leftovers of a failed or cancelled concurrent build. An index that another instance is still
     * building CONCURRENTLY is INVALID until the build ends; it is not one of these. (The progress
     * view shows index_relid only for backends of the same role, which is how the service runs.)
     */
    static List<String> abandoned(Connection c, List<String> names) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ABANDONED)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Invalid indexes whose concurrent build is still running on some backend. */
    static List<String> beingBuilt(Connection c, List<String> names) throws SQLException {
        List<String> invalid = invalid(c, names);
        List<String> out = new ArrayList<>(invalid);
        out.removeAll(abandoned(c, names));
        return out;
    }

    static List<String> present(Connection c, List<String> names) throws SQLException {
        return select(c, names, null);
    }

    static List<String> valid(Connection c, List<String> names) throws SQLException {
        return select(c, names, true);
    }

    static List<String> invalid(Connection c, List<String> names) throws SQLException {
        return select(c, names, false);
    }

    private static List<String> select(Connection c, List<String> names, Boolean wantValid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (wantValid == null || rs.getBoolean(2) == wantValid) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private IndexState() {}
}
