package dev.tenantauth.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * EXPLAIN of a statement captured from Hibernate, with real values bound to its JDBC placeholders.
 * Each {@code ?} is bound by what precedes it in the SQL: {@code <alias>.<column><op>?} takes the
 * value given for that column, {@code fetch first ?} / {@code limit ?} the value of "limit",
 * {@code offset ?} the value of "offset". An unrecognised placeholder fails the test.
 */
public final class Explain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COLUMN_OP = Pattern.compile("(?:\\w+\\.)?(\\w+)\\s*(?:=|<>|>=|<=|>|<)\\s*$");
    /** {@code (a.x, a.y) > (?, ?}: the k-th placeholder of a row comparison binds the k-th column. */
    private static final Pattern TUPLE = Pattern.compile(
            "\\(((?:\\w+\\.)?\\w+(?:\\s*,\\s*(?:\\w+\\.)?\\w+)*)\\)\\s*(?:>=|<=|>|<|=)\\s*\\(((?:\\?\\s*,\\s*)*)$");
    private static final Pattern LIMIT = Pattern.compile("(?i)(?:fetch\\s+first|limit)\\s*$");
    private static final Pattern OFFSET = Pattern.compile("(?i)offset\\s*$");

    /** A plan in both formats, and what it touches. */
    public record Plan(String text, JsonNode json, List<String> nodeTypes, List<String> indexNames) {}

    private Explain() {}

    public static List<Object> bind(String sql, Map<String, Object> values) {
        List<Object> params = new ArrayList<>();
        for (int i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) {
            String before = sql.substring(0, i);
            String key;
            Matcher m;
            if ((m = TUPLE.matcher(before)).find()) {
                String[] columns = m.group(1).split("\\s*,\\s*");
                String column = columns[(int) m.group(2).chars().filter(ch -> ch == '?').count()];
                key = column.substring(column.indexOf('.') + 1);
            } else if ((m = COLUMN_OP.matcher(before)).find()) {
                key = m.group(1);
            } else if (LIMIT.matcher(before).find()) {
                key = "limit";
            } else if (OFFSET.matcher(before).find()) {
                key = "offset";
            } else {
                throw new AssertionError("cannot tell what placeholder #" + (params.size() + 1) + " binds in: " + sql);
            }
            if (!values.containsKey(key)) {
                throw new AssertionError("no value for placeholder '" + key + "' in: " + sql);
            }
            params.add(values.get(key));
        }
        return params;
    }

    /** EXPLAIN with the values bound as JDBC parameters (the planner sees them: a custom plan). */
    public static Plan custom(Connection c, String sql, List<Object> params) throws SQLException {
        String text = lines(c, "EXPLAIN (COSTS true) " + sql, params);
        JsonNode json = parse(lines(c, "EXPLAIN (FORMAT JSON) " + sql, params));
        return plan(text, json);
    }

    /**
     * The generic plan a server-side prepared statement ends up with (pgjdbc prepares on the server
     * after a few executions): PREPARE with $n placeholders and plan_cache_mode=force_generic_plan.
     */
    public static Plan generic(Connection c, String sql, List<Object> params) throws SQLException {
        StringBuilder pg = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            pg.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        String args = params.stream().map(Explain::literal).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE explain_generic AS " + pg);
            try {
                String text = lines(c, "EXPLAIN EXECUTE explain_generic(" + args + ")", List.of());
                JsonNode json = parse(lines(c, "EXPLAIN (FORMAT JSON) EXECUTE explain_generic(" + args + ")", List.of()));
                return plan(text, json);
            } finally {
                s.execute("DEALLOCATE explain_generic");
                s.execute("RESET plan_cache_mode");
            }
        }
    }

    private static Plan plan(String text, JsonNode json) {
        List<String> types = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        walk(json.get(0).get("Plan"), types, indexes);
        return new Plan(text, json, types, indexes);
    }

    private static void walk(JsonNode node, List<String> types, List<String> indexes) {
        types.add(node.get("Node Type").asText());
        if (node.has("Index Name")) {
            indexes.add(node.get("Index Name").asText());
        }
        if (node.has("Plans")) {
            node.get("Plans").forEach(child -> walk(child, types, indexes));
        }
    }

    private static String lines(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object v = params.get(i);
                ps.setObject(i + 1, v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String literal(Object v) {
        if (v == null) {
            return "NULL";
        } else if (v instanceof byte[] b) {
            return "'\\x" + java.util.HexFormat.of().formatHex(b) + "'::bytea";
        } else if (v instanceof UUID u) {
            return "'" + u + "'::uuid";
        } else if (v instanceof Instant t) {
            return "'" + t + "'::timestamptz";
        } else if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        } else if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        throw new IllegalArgumentException("no literal for " + v);
    }
}
