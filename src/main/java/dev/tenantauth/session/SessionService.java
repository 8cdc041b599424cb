package dev.tenantauth.session;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.common.KeysetCursor;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions and their rotating refresh tokens. Every path that changes a session locks its row
 * first ({@code FOR NO KEY UPDATE}), then touches its tokens, so refresh, logout and revocation
 * serialize on the session and never deadlock each other.
 *
 * <p>Methods run in the caller's transaction ({@code MANDATORY}) and never refuse by throwing:
 * {@link #rotate} says what happened in a {@link Rotation}, so the caller commits what a refusal
 * wrote (a reuse revokes the session) and answers after the commit.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SessionService {

    public static final String REASON_LOGOUT = "logout";
    public static final String REASON_LOGOUT_ALL = "logout_all";
    public static final String REASON_REUSE = "reuse_detected";
    public static final String REASON_PASSWORD = "password_changed";
    public static final String REASON_MEMBERSHIP = "membership_inactive";
    public static final String REASON_REVOKED_BY_USER = "revoked_by_user";
    public static final String REASON_PASSWORD_RESET = "password_reset";
    public static final String REASON_SESSION_LIMIT = "session_limit";
    public static final String REASON_MFA_REQUIRED = "mfa_required";
    public static final String REASON_MFA_ENROLLED = "mfa_enrolled";
    public static final String REASON_CLIENT_DISABLED = "client_disabled";
    public static final String REASON_CLIENT_DELETED = "client_deleted";
    public static final String REASON_CODE_REPLAYED = "code_replayed";
    public static final String REASON_REVOKED_BY_CLIENT = "revoked_by_client";

    /** A session with the refresh token just issued in it; {@code refreshToken} is the only copy. */
    public record Issued(Session session, String refreshToken, Instant refreshExpiresAt) {}

    private final SessionRepository sessions;
    private final RefreshTokenRepository tokens;
    private final AuthConfig config;
    private final AuditLog audit;
    private final BrowserSessionRepository browserSessions;

    SessionService(SessionRepository sessions, RefreshTokenRepository tokens, AuthConfig config, AuditLog audit,
            BrowserSessionRepository browserSessions) {
        this.browserSessions = browserSessions;
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
        this.audit = audit;
    }

    /**
     * Starts a session for (user, tenant) with its first refresh token. A pair keeps at most
     * {@code max-live-per-user-tenant} live sessions: the oldest are revoked to make room (a login
     * or a switch into one's own tenant costs no hash, so sessions would otherwise grow without
     * bound). The pair's sessions are locked in id order first, like every revocation.
     */
    public Issued start(UUID userId, UUID tenantId, Instant now) {
        return start(userId, tenantId, Session.PWD, now);
    }

    /** As {@link #start(UUID, UUID, Instant)}, for a session opened with these factors ({@link Session#amr}). */
    public Issued start(UUID userId, UUID tenantId, String amr, Instant now) {
        return start(userId, tenantId, amr, null, null, null, now);
    }

    /**
     * As {@link #start(UUID, UUID, String, Instant)}, for a session issued to an OAuth client through
     * its token endpoint: only that client may refresh it, and disabling or deleting the client
     * revokes it. {@code authTime} is when the user authenticated (the ID token's auth_time).
     */
    public Issued start(UUID userId, UUID tenantId, String amr, UUID clientId, String scope, Instant authTime,
            Instant now) {
        int keep = config.session().maxLivePerUserTenant() - 1;
        List<Session> live = sessions.lockUnrevoked(userId, tenantId).stream()
                .filter(s -> s.isActive(now))
                .sorted(Comparator.comparing((Session s) -> s.createdAt).reversed())
                .toList();
        live.stream().skip(keep).forEach(s -> revoke(s, REASON_SESSION_LIMIT, now));
        Session session = Session.start(userId, tenantId, amr, now, now.plus(config.session().absoluteTtl()));
        session.clientId = clientId;
        session.scope = scope;
        session.authTime = authTime;
        sessions.persist(session);
        sessions.flush(); // the token's foreign key needs the session row first
        return issue(session, now);
    }

    /**
     * Rotates a refresh token in one statement ({@link SessionRepository#ROTATE_SQL}): lock its
     * session, spend the token by an atomic conditional update, touch the session and insert its
     * successor. A token that had been rotated before revokes its whole session
     * ({@link Rotation.Reused}); anything else unusable is {@link Rotation.Refused}.
     */
    public Rotation rotate(String presented, Instant now) {
        return rotate(presented, null, now);
    }

    /**
     * As {@link #rotate(String, Instant)}, for the sessions of one OAuth client ({@code client}; null:
     * the JSON API's sessions, which have none). A token of another client's session, or of a JSON
     * session at the token endpoint, is refused without being spent.
     */
    public Rotation rotate(String presented, UUID client, Instant now) {
        byte[] hash = OpaqueTokens.hash(presented);
        String value = OpaqueTokens.generate();
        Optional<SessionRepository.Rotate> done = sessions.rotate(hash, now, client, UUID.randomUUID(),
                OpaqueTokens.hash(value), now.plus(config.session().idleTtl()));
        if (done.isEmpty()) {
            return Rotation.UNKNOWN;
        }
        Session session = done.get().session();
        if (done.get().freshExpiresAt() != null) {
            return new Rotation.Rotated(new Issued(session, value, done.get().freshExpiresAt()));
        }
        if (!java.util.Objects.equals(session.clientId, client)) {
            return Rotation.OTHER_CLIENT;
        }
        if (done.get().spentId() != null) {
            return Rotation.SESSION_ENDED; // spent, but the session had ended: no successor
        }
        // why the token matched nothing, read by a new statement: its snapshot sees a rotation that
        // won the session lock while this one waited (the statement above could not)
        Rotation refusal = Rotation.refusal(tokens.findByHash(hash).orElse(null), session);
        if (refusal instanceof Rotation.Reused) {
            if (session.revokedAt == null) {
                audit.record("auth.refresh.reuse_detected", session.tenantId, session.userId, null,
                        "{\"session_id\":\"" + session.id + "\"}");
            }
            revoke(session, REASON_REUSE, now);
        }
        return refusal;
    }

    /**
     * Revokes the session of a refresh token, whatever the token's state; unknown tokens are
     * ignored. Returns the session when this call revoked it.
     */
    public Optional<Session> logout(String presented, Instant now) {
        return sessions.lockByTokenHash(OpaqueTokens.hash(presented))
                .filter(s -> s.revokedAt == null)
                .map(s -> {
                    revoke(s, REASON_LOGOUT, now);
                    return s;
                });
    }

    /** Revokes every session of (user, tenant), the login page's browser sessions included; returns how many were live. */
    public int revokeAll(UUID userId, UUID tenantId, String reason, Instant now) {
        browserSessions.revokeOfUserInTenant(userId, tenantId, now); // the login page's too: they would skip the password
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

    /** Revokes a session this transaction has locked (through {@link #rotate}, for instance). */
    public void revoke(Session session, String reason, Instant now) {
        markRevoked(session, reason, now);
        tokens.revokeSession(session.userId, session.tenantId, session.id, reason, now);
    }

    /** Revokes every session of the user in every tenant except {@code keep} (null: all of them). */
    public void revokeAllOfUserExcept(UUID userId, UUID keep, String reason, Instant now) {
        // the OAuth login page's browser sessions end too: after a password change or reset, or a
        // new second factor, none may skip the password any longer
        browserSessions.revokeAllOfUser(userId, now);
        for (Session s : sessions.lockUnrevokedOfUser(userId)) {
            if (!s.id.equals(keep)) {
                revoke(s, reason, now);
            }
        }
    }

    /**
     * Revokes every unrevoked session of the tenant that was opened without a second factor
     * ({@code amr} lacks {@code otp}); returns how many. Locks them in id order first, like every revocation.
     */
    public int revokeWithoutSecondFactor(UUID tenantId, String reason, Instant now) {
        List<Session> locked = sessions.lockUnrevokedOfTenantWithAmr(tenantId, Session.PWD);
        locked.forEach(s -> revoke(s, reason, now));
        return locked.size();
    }

    /** Revokes every unrevoked session issued to this OAuth client; returns how many. Locks them in id order first. */
    public int revokeOfClient(UUID clientId, String reason, Instant now) {
        List<Session> locked = sessions.lockUnrevokedOfClient(clientId);
        locked.forEach(s -> revoke(s, reason, now));
        return locked.size();
    }

    /** Revokes the session with this id if it is unrevoked; true when this call revoked it. */
    public boolean revokeById(UUID sessionId, String reason, Instant now) {
        Optional<Session> s = sessions.lock(sessionId).filter(x -> x.revokedAt == null);
        s.ifPresent(x -> revoke(x, reason, now));
        return s.isPresent();
    }

    /** The session of a refresh token, locked, whatever the token's state; empty for an unknown token. */
    public Optional<Session> lockByRefreshToken(String presented) {
        return sessions.lockByTokenHash(OpaqueTokens.hash(presented));
    }

    /**
     * The session of a refresh token that can still be used (neither rotated, revoked nor expired,
     * in a live session); empty otherwise. Reads only: for introspection.
     */
    public Optional<LiveRefresh> liveRefresh(String presented, Instant now) {
        return tokens.findByHash(OpaqueTokens.hash(presented))
                .filter(t -> t.rotatedAt == null && t.revokedAt == null && now.isBefore(t.expiresAt))
                .flatMap(t -> sessions.findByIdOptional(t.sessionId)
                        .filter(s -> s.isActive(now))
                        .map(s -> new LiveRefresh(s, t.createdAt, t.expiresAt)));
    }

    /** A usable refresh token's session, and the token's own times. */
    public record LiveRefresh(Session session, Instant issuedAt, Instant expiresAt) {}

    /** The {@code amr} of a session, as stored. */
    public Optional<String> amrOf(UUID sessionId) {
        return sessions.findByIdOptional(sessionId).map(s -> s.amr);
    }

    /** One page of the live sessions of (user, tenant), newest first. */
    public List<Session> live(UUID userId, UUID tenantId, Instant now, KeysetCursor before, int limit) {
        return sessions.findLive(userId, tenantId, now, before, limit);
    }

    private static void markRevoked(Session session, String reason, Instant now) {
        if (session.revokedAt == null) {
            session.revokedAt = now;
            session.revokedReason = reason;
        }
    }

    /** The first refresh token of a new session (a rotation inserts its successor in ROTATE_SQL). */
    private Issued issue(Session session, Instant now) {
        String value = OpaqueTokens.generate();
        Instant idleEnd = now.plus(config.session().idleTtl());
        RefreshToken t = new RefreshToken();
        t.id = UUID.randomUUID();
        t.userId = session.userId;
        t.tenantId = session.tenantId;
        t.sessionId = session.id;
        t.tokenHash = OpaqueTokens.hash(value);
        t.createdAt = now;
        t.expiresAt = idleEnd.isBefore(session.expiresAt) ? idleEnd : session.expiresAt;
        tokens.persist(t);
        return new Issued(session, value, t.expiresAt);
    }
}
