package dev.tenantauth.recovery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A password reset token (V19); only its SHA-256 is held. */
@Entity
@Table(name = "password_resets")
public class PasswordReset {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

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

    public boolean isOpen(Instant now) {
        return usedAt == null && voidedAt == null && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "PasswordReset[" + id + "]";
    }
}
