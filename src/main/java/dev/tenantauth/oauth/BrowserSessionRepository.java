package dev.tenantauth.oauth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The login page's browser sessions. */
@ApplicationScoped
public class BrowserSessionRepository implements PanacheRepositoryBase<BrowserSession, UUID> {

    /** The live session behind a cookie's hash. Index: uq_oauth_browser_sessions_token_hash. */
    public Optional<BrowserSession> findLive(byte[] hash, Instant now) {
        return find("tokenHash = ?1 and revokedAt is null and expiresAt > ?2", hash, now).firstResultOptional();
    }

    /** Ends the session behind a cookie's hash; true when it was live. Index: uq_oauth_browser_sessions_token_hash. */
    public boolean revoke(byte[] hash, Instant now) {
        return update("revokedAt = ?1 where tokenHash = ?2 and revokedAt is null", now, hash) > 0;
    }

    /** Deletes sessions that ended before {@code before}. Index: ix_oauth_browser_sessions_expires. */
    public long deleteExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
