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
