package dev.tenantauth.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantauth.common.KeysetCursor;
import dev.tenantauth.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The opaque keyset cursors of the member listing and the audit trail (plain JUnit). */
class CursorTest {

    @Test
    void memberCursorRoundTripsToTheNanosecond() {
        KeysetCursor c = new KeysetCursor(Instant.parse("2026-12-01T12:34:56.123456789Z"), UUID.randomUUID());
        assertEquals(c, KeysetCursor.decode(c.encode()));
    }

    @Test
    void memberCursorRefusesAnythingItDidNotIssue() {
        String uuid = UUID.randomUUID().toString();
        for (String bad : new String[] {"", "not base64!", b64("1.2"), b64("x.0." + uuid), b64("1.0." + uuid.toUpperCase()),
            b64("1.0.not-a-uuid"), "a".repeat(201)}) {
            ProblemException e = assertThrows(ProblemException.class, () -> KeysetCursor.decode(bad), bad);
            assertEquals("validation_failed", e.code());
        }
    }

    @Test
    void auditCursorRoundTrips() {
        assertEquals(new AuditCursor(42), AuditCursor.decode(new AuditCursor(42).encode()));
    }

    @Test
    void auditCursorRefusesAnythingItDidNotIssue() {
        for (String bad : new String[] {"", "%%%", b64("42"), b64("a0"), b64("a-5"), b64("a" + "9".repeat(30)), b64("ax")}) {
            ProblemException e = assertThrows(ProblemException.class, () -> AuditCursor.decode(bad), bad);
            assertEquals("validation_failed", e.code());
        }
    }

    private static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }
}
