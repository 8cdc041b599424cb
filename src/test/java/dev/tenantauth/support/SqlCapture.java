package dev.tenantauth.support;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Test-only Hibernate StatementInspector (Quarkus picks it up as a persistence-unit extension): it
 * sees every SQL string exactly as Hibernate hands it to JDBC. It records only on the thread that
 * asked for it, so other tests sharing the application are unaffected.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class SqlCapture implements StatementInspector {

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        List<String> out = RECORDING.get();
        if (out != null) {
            out.add(sql);
        }
        return sql;
    }

    /** Runs {@code work} on this thread and returns the SQL statements Hibernate issued meanwhile. */
    public static <T> Captured<T> capture(Supplier<T> work) {
        List<String> out = new ArrayList<>();
        RECORDING.set(out);
        try {
            T result = work.get();
            return new Captured<>(result, List.copyOf(out));
        } finally {
            RECORDING.remove();
        }
    }

    public record Captured<T>(T result, List<String> statements) {
        /** The single statement issued, failing if there was not exactly one. */
        public String single() {
            if (statements.size() != 1) {
                throw new AssertionError("expected exactly one SQL statement, got " + statements);
            }
            return statements.get(0);
        }
    }
}
