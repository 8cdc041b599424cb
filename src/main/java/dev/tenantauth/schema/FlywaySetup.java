package dev.tenantauth.schema;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Map;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway settings that no {@code quarkus.flyway.*} property reaches.
 *
 * <ul>
 *   <li>Session-level instead of transactional advisory lock: CREATE INDEX CONCURRENTLY waits for
 *       every open transaction, including the one that would hold Flyway's transactional lock,
 *       and would hang forever without an error.
 *   <li>The {@link CompositeIndexRepair} callback, so a failed concurrent build is re-done.
 *   <li>The Java migration V25 ({@link EmailNormMigration}), registered here rather than found
 *       by a class-path scan.
 *   <li>No socket timeout on Flyway's connections ({@link MigrationConnections}): the pool's
 *       timeout is for requests, not for index builds.
 * </ul>
 */
@Singleton
public class FlywaySetup implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
        configuration.callbacks(new CompositeIndexRepair());
        configuration.javaMigrations(new EmailNormMigration());
        if (configuration.getDataSource() != null) {
            configuration.dataSource(new MigrationConnections(configuration.getDataSource()));
        }
    }
}
