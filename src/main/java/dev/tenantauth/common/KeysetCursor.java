package dev.tenantauth.common;

import dev.tenantauth.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque keyset cursor of the listings ordered by (created_at, id), members and sessions: the
 * position of the last row of a page, base64url. Anything that does not decode to exactly that
 * answers 400.
 */
public record KeysetCursor(Instant createdAt, UUID id) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static KeysetCursor decode(String cursor) {
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException();
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] p = raw.split("\\.", 3);
            long seconds = Long.parseLong(p[0]);
            int nanos = Integer.parseInt(p[1]);
            UUID id = UUID.fromString(p[2]);
            if (!id.toString().equals(p[2])) {
                throw new IllegalArgumentException();
            }
            return new KeysetCursor(Instant.ofEpochSecond(seconds, nanos), id);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor this service issued");
        }
    }
}
