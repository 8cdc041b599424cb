package dev.tenantauth.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Database failures reach the client as 503 however deep the framework wraps them. */
class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    /**
     * The shape Narayana throws when the connection dies during COMMIT (seen in DatabaseOutageIT
     * on CI: a 500): the driver's error is a suppressed exception, not a cause.
     */
    @Test
    void connectionLostDuringCommitIs503() {
        PSQLException io = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE);
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(io);
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        Response r = mapper.unexpected(new RuntimeException(rollback));
        assertEquals(503, r.getStatus());
        assertEquals("1", String.valueOf(r.getHeaderString("Retry-After")));
    }

    @Test
    void somethingElseIs500() {
        assertEquals(500, mapper.unexpected(new IllegalStateException("bug")).getStatus());
    }
}
