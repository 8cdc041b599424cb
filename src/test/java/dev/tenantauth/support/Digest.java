package dev.tenantauth.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** md5 of every row of every table of the current schema, table by table in a fixed order. */
public final class Digest {

    /** Tables whose rows refused requests legitimately add: left out, or filtered by {@code where}. */
    public static Map<String, String> of(Map<String, String> whereByTable) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> tables = Db.strings("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
        for (String t : tables) {
            String where = whereByTable.getOrDefault(t, "true");
            if (where == null) {
                continue;
            }
            out.put(t, (String) Db.scalar("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-')"
                    + " FROM " + t + " x WHERE " + where));
        }
        return out;
    }

    private Digest() {}
}
