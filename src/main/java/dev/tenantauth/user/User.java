package dev.tenantauth.user;

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

    /** As the user typed it, trimmed; compared case-insensitively (unique on lower(email)). */
    @Column(nullable = false)
    public String email;

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
