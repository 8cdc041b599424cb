package dev.tenantauth.user;

import dev.tenantauth.common.EmailKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who can log in. The password is held only as an Argon2id PHC string. */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;

    /** As the user typed it, trimmed: shown and mailed to, never compared. */
    @Column(nullable = false)
    public String email;

    /** {@link EmailKey#of} of {@link #email} (V25): what lookups compare, unique (ux_users_email_norm). */
    @Column(name = "email_norm", nullable = false)
    public String emailNorm;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    /** When the current address was proven the user's (V15); null while unverified. */
    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static User create(String email, String passwordHash, Instant now) {
        User u = new User();
        u.id = UUID.randomUUID();
        u.email = email;
        u.emailNorm = EmailKey.of(email);
        u.passwordHash = passwordHash;
        u.createdAt = now;
        u.updatedAt = now;
        return u;
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    @Override
    public String toString() {
        return "User[" + id + "]";
    }
}
