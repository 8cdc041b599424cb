package dev.tenantauth.invitation;

import dev.tenantauth.common.EmailKey;
import dev.tenantauth.common.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An invitation to join a tenant with a role; its token is held only as a SHA-256 hash. */
@Entity
@Table(name = "invitations")
public class Invitation {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    /** The invited address as the admin typed it, trimmed: the invitation is mailed there. */
    @Column(nullable = false)
    public String email;

    /** {@link EmailKey#of} of {@link #email} (V25): matched against the accepting user's users.email_norm. */
    @Column(name = "email_norm", nullable = false)
    public String emailNorm;

    @Column(nullable = false)
    public Role role;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "accepted_by")
    public UUID acceptedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The service mailed the token to {@link #email}: accepting it proves that address. */
    @Column(nullable = false)
    public boolean mailed;

    public boolean isOpen(Instant now) {
        return acceptedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Invitation[" + id + "]";
    }
}
