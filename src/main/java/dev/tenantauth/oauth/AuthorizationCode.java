package dev.tenantauth.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An authorization code (V31): only its SHA-256 is kept; single use, 60 s. */
@Entity
@Table(name = "oauth_codes")
public class AuthorizationCode {

    @Id
    public UUID id;

    @Column(name = "code_hash", nullable = false)
    public byte[] codeHash;

    @Column(name = "client_id", nullable = false)
    public UUID clientId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(nullable = false)
    public String scope;

    @Column
    public String nonce;

    @Column(name = "code_challenge", nullable = false)
    public String codeChallenge;

    @Column(nullable = false)
    public String amr;

    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "session_id")
    public UUID sessionId;
}
