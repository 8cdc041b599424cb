package dev.tenantauth.schema;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the three composite indexes exist and are valid: without them the hot queries
 * fall back to scans, and an invalid index left by a failed concurrent build is silently ignored
 * by the planner.
 */
@Readiness
@ApplicationScoped
public class CompositeIndexReadinessCheck implements HealthCheck {

    private final AgroalDataSource dataSource;

    CompositeIndexReadinessCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("composite-indexes");
        try (Connection c = dataSource.getConnection()) {
            List<String> valid = IndexState.valid(c, CompositeIndexes.names());
            List<String> bad = new ArrayList<>(CompositeIndexes.names());
            bad.removeAll(valid);
            CompositeIndexes.names().forEach(n -> builder.withData(n, valid.contains(n) ? "valid" : "missing or invalid"));
            return builder.status(bad.isEmpty()).build();
        } catch (Exception e) {
            return builder.down().withData("error", "database unreachable").build();
        }
    }
}
