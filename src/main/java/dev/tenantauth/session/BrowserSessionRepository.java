package dev.tenantauth.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The OAuth login page's browser sessions (V31). They live in this package because everything
 * that ends a user's sessions (password change and reset, a second factor enrolled, logout-all,
 * deactivation) goes through {@link SessionService}, which ends these with the others.
 */
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

    /** Ends every live browser session of the user. Index: ix_oauth_browser_sessions_user. */
    public long revokeAllOfUser(java.util.UUID userId, Instant now) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
    }

    /** Ends the user's live browser sessions of one tenant. Index: ix_oauth_browser_sessions_user. */
    public long revokeOfUserInTenant(java.util.UUID userId, java.util.UUID tenantId, Instant now) {
        return update("revokedAt = ?1 where userId = ?2 and tenantId = ?3 and revokedAt is null", now, userId, tenantId);
    }

    /** Deletes sessions that ended before {@code before}. Index: ix_oauth_browser_sessions_expires. */
    public long deleteExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
