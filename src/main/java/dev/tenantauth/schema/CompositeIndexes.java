package dev.tenantauth.schema;

import java.util.List;

/**
 * The composite indexes that the hot queries rely on, each built by its own migration script
 * {@code db/migration/V<version>__<name>.sql} with CREATE INDEX CONCURRENTLY IF NOT EXISTS.
 * The script is the only definition: a repair re-runs the very same file.
 */
public final class CompositeIndexes {

    /** One composite index and the migration version that builds it. */
    public record Spec(String version, String name) {
        public String script() {
            return "db/migration/V" + version + "__" + name + ".sql";
        }
    }

    public static final List<Spec> ALL = List.of(
            new Spec("2", "ix_refresh_tokens_user_tenant"),
            new Spec("3", "ix_membership_user_tenant_active"),
            new Spec("4", "ix_membership_tenant_active"));

    /** Every index built concurrently by a script of its own: the three above, V8's, V10's and V11's. */
    public static final List<Spec> CONCURRENT = List.of(ALL.get(0), ALL.get(1), ALL.get(2),
            new Spec("8", "ix_refresh_tokens_session"), new Spec("10", "ix_membership_tenant_keyset"),
            new Spec("11", "uq_membership_user_tenant"));

    public static List<String> concurrentNames() {
        return CONCURRENT.stream().map(Spec::name).toList();
    }

    public static List<String> names() {
        return ALL.stream().map(Spec::name).toList();
    }

    private CompositeIndexes() {}
}
