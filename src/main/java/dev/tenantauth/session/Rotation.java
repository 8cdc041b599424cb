package dev.tenantauth.session;

/**
 * What presenting a refresh token did. The caller's transaction commits in every case: a reuse
 * has revoked the session, and that revocation must stay although the answer is a refusal.
 */
public sealed interface Rotation {

    /** The token is spent; {@code issued} holds its successor in the same session. */
    record Rotated(SessionService.Issued issued) implements Rotation {}

    /** The token had been rotated before: its whole session is now revoked ({@code token_reused}). */
    record Reused(Session session) implements Rotation {}

    /** Unknown, expired or revoked token, or an ended session: refused ({@code invalid_token}). */
    record Refused(String detail) implements Rotation {}

    Refused UNKNOWN = new Refused("Unknown refresh token.");
    Refused SESSION_ENDED = new Refused("The session of this refresh token has ended.");
    Refused EXPIRED = new Refused("The refresh token has expired.");
    Refused OTHER_CLIENT = new Refused("The refresh token was not issued to this client.");

    /**
     * Why a token whose conditional rotation matched no row is refused, from its state as read
     * after that update under the session lock: rotated before means reuse; revoked means the
     * session ended; otherwise it expired.
     */
    static Rotation refusal(RefreshToken token, Session session) {
        if (token == null || session == null) {
            return UNKNOWN;
        }
        if (token.rotatedAt != null) {
            return new Reused(session);
        }
        return token.revokedAt != null ? SESSION_ENDED : EXPIRED;
    }
}
