package dev.tenantauth.session;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions and their rotating refresh tokens. Every path that changes a session locks its row
 * first (FOR UPDATE), then touches its tokens, so refresh, logout and revocation serialize on
 * the session and never deadlock each other.
 *
 * <p>Methods run in the caller's transaction ({@code MANDATORY}); callers use
 * {@code dontRollbackOn = ProblemException.class} where a refusal must keep what was written
 * before it (a reuse detection revokes the session and still answers 401).
 */
@ApplicationScoped
@Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
public class SessionService {

    public static final String REASON_LOGOUT = "logout";
    public static final String REASON_LOGOUT_ALL = "logout_all";
    public static final String REASON_REUSE = "reuse_detected";
    public static final String REASON_PASSWORD = "password_changed";
    public static final String REASON_MEMBERSHIP = "membership_inactive";
    public static final String REASON_REVOKED_BY_USER = "revoked_by_user";

    /** A session with the refresh token just issued in it; {@code refreshToken} is the only copy. */
    public record Issued(Session session, String refreshToken, Instant refreshExpiresAt) {}

    private final SessionRepository sessions;
    private final RefreshTokenRepository tokens;
    private final AuthConfig config;
    private final AuditLog audit;

    SessionService(SessionRepository sessions, RefreshTokenRepository tokens, AuthConfig config, AuditLog audit) {
        this.audit = audit;
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
    }

    /** Starts a session for (user, tenant) with its first refresh token. */
    public Issued start(UUID userId, UUID tenantId, Instant now) {
        Session session = Session.start(userId, tenantId, now, now.plus(config.session().absoluteTtl()));
        sessions.persist(session);
        sessions.flush(); // the token's foreign key needs the session row first
        return issue(session, null, now);
    }

    /**
     * Rotates a refresh token: the presented one stops working and a new one is returned. A token
     * that was already rotated revokes its whole session ({@code token_reused}).
     *
     * @param membershipActive tells whether (user, tenant) is still an active membership
     */
    public Issued rotate(String presented, Instant now, java.util.function.BiPredicate<UUID, UUID> membershipActive) {
        RefreshToken token = tokens.findByHash(OpaqueTokens.hash(presented))
                .orElseThrow(() -> ProblemException.invalidToken("Unknown refresh token."));
        Session session = sessions.lock(token.sessionId)
                .orElseThrow(() -> ProblemException.invalidToken("Unknown refresh token."));
        if (!tokens.markRotated(token.id, now)) {
            tokens.getEntityManager().refresh(token);
            if (token.rotatedAt != null) {
                if (session.revokedAt == null) {
                    audit.record("auth.refresh.reuse_detected", session.tenantId, session.userId, null,
                            "{\"session_id\":\"" + session.id + "\"}");
                }
                revoke(session, REASON_REUSE, now);
                throw ProblemException.tokenReused();
            }
            throw ProblemException.invalidToken(token.revokedAt != null
                    ? "The session of this refresh token has ended."
                    : "The refresh token has expired.");
        }
        if (!session.isActive(now)) {
            throw ProblemException.invalidToken("The session of this refresh token has ended.");
        }
        if (!membershipActive.test(session.userId, session.tenantId)) {
            revoke(session, REASON_MEMBERSHIP, now);
            throw ProblemException.invalidToken("The membership of this session is no longer active.");
        }
        session.lastUsedAt = now;
        return issue(session, token.id, now);
    }

    /**
     * Revokes the session of a refresh token, whatever the token's state; unknown tokens are
     * ignored. Returns the session when this call revoked it.
     */
    public Optional<Session> logout(String presented, Instant now) {
        return tokens.findByHash(OpaqueTokens.hash(presented))
                .flatMap(t -> sessions.lock(t.sessionId))
                .filter(s -> s.revokedAt == null)
                .map(s -> {
                    revoke(s, REASON_LOGOUT, now);
                    return s;
                });
    }

    /** Revokes every session of (user, tenant); returns how many were live. */
    public int revokeAll(UUID userId, UUID tenantId, String reason, Instant now) {
        List<Session> locked = sessions.lockUnrevoked(userId, tenantId);
        locked.forEach(s -> markRevoked(s, reason, now));
        tokens.revokeAll(userId, tenantId, reason, now);
        return locked.size();
    }

    /** Revokes one session of (user, tenant); false when there is no such session. */
    public boolean revokeOne(UUID userId, UUID tenantId, UUID sessionId, String reason, Instant now) {
        Optional<Session> s = sessions.lock(sessionId).filter(x -> x.userId.equals(userId) && x.tenantId.equals(tenantId));
        s.ifPresent(x -> revoke(x, reason, now));
        return s.isPresent();
    }

    /** Revokes every session of the user in every tenant except {@code keep}. */
    public void revokeAllOfUserExcept(UUID userId, UUID keep, String reason, Instant now) {
        for (Session s : sessions.lockUnrevokedOfUser(userId)) {
            if (!s.id.equals(keep)) {
                revoke(s, reason, now);
            }
        }
    }

    public List<Session> live(UUID userId, UUID tenantId, Instant now) {
        return sessions.findLive(userId, tenantId, now);
    }

    private void revoke(Session session, String reason, Instant now) {
        markRevoked(session, reason, now);
        tokens.revokeSession(session.userId, session.tenantId, session.id, reason, now);
    }

    private static void markRevoked(Session session, String reason, Instant now) {
        if (session.revokedAt == null) {
            session.revokedAt = now;
            session.revokedReason = reason;
        }
    }

    private Issued issue(Session session, UUID parentId, Instant now) {
        String value = OpaqueTokens.generate();
        Instant idleEnd = now.plus(config.session().idleTtl());
        RefreshToken t = new RefreshToken();
        t.id = UUID.randomUUID();
        t.userId = session.userId;
        t.tenantId = session.tenantId;
        t.sessionId = session.id;
        t.parentId = parentId;
        t.tokenHash = OpaqueTokens.hash(value);
        t.createdAt = now;
        t.expiresAt = idleEnd.isBefore(session.expiresAt) ? idleEnd : session.expiresAt;
        tokens.persist(t);
        return new Issued(session, value, t.expiresAt);
    }
}
