package dev.tenantauth.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads flyway_schema_history (default table name of quarkus-flyway). */
public final class History {

    public record Row(int rank, String version, boolean success, String script) {}

    private History() {}

    public static List<Row> rows() {
        try (Connection c = Db.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT installed_rank, version, success, script FROM flyway_schema_history ORDER BY installed_rank")) {
            List<Row> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Row(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Versions with a successful row. */
    public static List<String> successfulVersions() {
        return rows().stream().filter(Row::success).map(Row::version).toList();
    }

    public static List<Row> failedRows() {
        return rows().stream().filter(r -> !r.success()).toList();
    }
}
