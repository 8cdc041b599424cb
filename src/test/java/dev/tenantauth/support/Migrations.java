package dev.tenantauth.support;

import dev.tenantauth.schema.CompositeIndexes;
import java.util.List;
import org.flywaydb.core.Flyway;

/** "Start the service again" as far as the schema is concerned. */
public final class Migrations {

    private Migrations() {}

    /**
     * {@code flyway.migrate()} on the application's own Flyway bean (with its customizer and the
     * repair callback). Only when a later version (V5+) is applied while one of V2..V4 is not
     * recorded as successful (a state these tests create by hand, e.g. D4 or a failed V4 row) does
     * Flyway need outOfOrder to re-apply a version below the current one; the same configuration,
     * callback included, is used then.
     */
    public static void migrate(Flyway flyway) {
        List<String> composite = CompositeIndexes.ALL.stream().map(CompositeIndexes.Spec::version).toList();
        boolean later = Db.count("SELECT count(*) FROM flyway_schema_history WHERE success AND version ~ '^[0-9]+$'"
                + " AND version::numeric > 4") > 0;
        if (later && !History.successfulVersions().containsAll(composite)) {
            Flyway.configure().configuration(flyway.getConfiguration()).outOfOrder(true).load().migrate();
        } else {
            flyway.migrate();
        }
    }
}
