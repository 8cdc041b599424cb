package dev.tenantauth.tenant;

import dev.tenantauth.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque keyset cursor of the audit trail: the id of the last event of a page, base64url.
 * Anything that does not decode to exactly that answers 400.
 */
record AuditCursor(long beforeId) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a" + beforeId).getBytes(StandardCharsets.US_ASCII));
    }

    static AuditCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith("a") || raw.length() > 20) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(raw.substring(1));
            if (id <= 0) {
                throw new IllegalArgumentException();
            }
            return new AuditCursor(id);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor this service issued");
        }
    }
}
