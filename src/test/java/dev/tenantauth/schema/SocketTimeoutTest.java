package dev.tenantauth.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Requests' connections time out after 5 s of database silence; Flyway's never do. */
@QuarkusTest
class SocketTimeoutTest {

    @Inject
    AgroalDataSource pool;

    @Inject
    Flyway flyway;

    @Test
    void poolConnectionsCarryTheSocketTimeout() throws Exception {
        try (Connection c = pool.getConnection()) {
            assertEquals(5000, c.getNetworkTimeout());
        }
    }

    @Test
    void flywayConnectionsHaveNoneAndGiveItBack() throws Exception {
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
            assertEquals(0, c.getNetworkTimeout());
        }
        for (int i = 0; i < 25; i++) { // every connection the pool hands out again has its timeout back
            try (Connection c = pool.getConnection()) {
                assertEquals(5000, c.getNetworkTimeout());
            }
        }
    }
}
