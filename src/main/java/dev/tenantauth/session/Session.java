package dev.tenantauth.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One login (or switch) of a user into a tenant; its id is the access token's {@code sid}. */
@Entity
@Table(name = "sessions")
public class Session {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    /** Absolute end of the session, whatever the refreshes. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    /** How the session was opened (V30), RFC 8176 values separated by a space: {@link #PWD} or {@link #PWD_OTP}. */
    @Column(nullable = false)
    public String amr = PWD;

    /** The OAuth client the session was issued to through the token endpoint (V31); null for the JSON API. */
    @Column(name = "client_id")
    public UUID clientId;

    /** The scope granted to that client, space-separated; null for the JSON API. */
    @Column
    public String scope;

    /** When the user authenticated (the ID token's {@code auth_time}); null: at {@link #createdAt}. */
    @Column(name = "auth_time")
    public Instant authTime;

    public static final String PWD = "pwd";
    public static final String PWD_OTP = "pwd otp";

    /** The {@code amr} claim of the session's access tokens. */
    public java.util.List<String> amrClaim() {
        return java.util.List.of(amr.split(" "));
    }

    /** When the user authenticated for this session. */
    public Instant authenticatedAt() {
        return authTime != null ? authTime : createdAt;
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public static Session start(UUID userId, UUID tenantId, Instant now, Instant expiresAt) {
        return start(userId, tenantId, PWD, now, expiresAt);
    }

    public static Session start(UUID userId, UUID tenantId, String amr, Instant now, Instant expiresAt) {
        Session s = new Session();
        s.amr = amr;
        s.id = UUID.randomUUID();
        s.userId = userId;
        s.tenantId = tenantId;
        s.createdAt = now;
        s.lastUsedAt = now;
        s.expiresAt = expiresAt;
        return s;
    }
}
