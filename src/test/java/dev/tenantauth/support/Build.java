package dev.tenantauth.support;

import dev.tenantauth.session.RefreshToken;
import dev.tenantauth.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Small builders of test objects for the plain JUnit rule tests: no database, no Quarkus. */
public final class Build {

    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    public static SessionBuilder session() {
        return new SessionBuilder();
    }

    public static TokenBuilder token() {
        return new TokenBuilder();
    }

    public static final class SessionBuilder {
        private final Session s = Session.start(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(89)));

        public SessionBuilder revoked() {
            s.revokedAt = NOW.minusSeconds(60);
            s.revokedReason = "logout";
            return this;
        }

        public SessionBuilder endedAt(Instant end) {
            s.expiresAt = end;
            return this;
        }

        public Session build() {
            return s;
        }
    }

    public static final class TokenBuilder {
        private final RefreshToken t = new RefreshToken();

        TokenBuilder() {
            t.id = UUID.randomUUID();
            t.userId = UUID.randomUUID();
            t.tenantId = UUID.randomUUID();
            t.sessionId = UUID.randomUUID();
            t.tokenHash = new byte[32];
            t.createdAt = NOW.minus(Duration.ofHours(1));
            t.expiresAt = NOW.plus(Duration.ofDays(30));
        }

        public TokenBuilder rotated() {
            t.rotatedAt = NOW.minusSeconds(30);
            return this;
        }

        public TokenBuilder revoked() {
            t.revokedAt = NOW.minusSeconds(30);
            t.revokedReason = "logout";
            return this;
        }

        public TokenBuilder expired() {
            t.expiresAt = NOW.minusSeconds(1);
            return this;
        }

        public RefreshToken build() {
            return t;
        }
    }

    private Build() {}
}
