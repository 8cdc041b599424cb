package dev.tenantauth.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A verification token (V18): proves that {@code email} reaches the user, either their current
 * address or, with {@code change}, the new address that replaces it once confirmed. Only the
 * token's SHA-256 is held.
 */
@Entity
@Table(name = "email_verifications")
public class EmailVerification {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String email;

    @Column(name = "is_change", nullable = false)
    public boolean change;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "voided_at")
    public Instant voidedAt;

    @Override
    public String toString() {
        return "EmailVerification[" + id + "]";
    }
}
