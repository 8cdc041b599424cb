package dev.tenantauth.user;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** Case-insensitive lookup of a trimmed email. Index: ux_users_email_lower (lower(email)). */
    public Optional<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email.strip()).firstResultOptional();
    }

    /**
     * Marks the address verified, if it is still {@code email} (a verification link for an address
     * the user has since changed proves nothing). Keeps an earlier verification time. Index: users_pkey.
     */
    public boolean markVerified(UUID id, String email, Instant now) {
        return update("emailVerifiedAt = coalesce(emailVerifiedAt, ?1), updatedAt = ?1 where id = ?2 and lower(email) = lower(?3)",
                        now, id, email)
                == 1;
    }

    /**
     * Replaces the address by a confirmed new one, verified as of now. A concurrent taker of the
     * same address makes this fail on ux_users_email_lower. Index: users_pkey.
     */
    public boolean changeEmail(UUID id, String newEmail, Instant now) {
        return update("email = ?1, emailVerifiedAt = ?2, updatedAt = ?2 where id = ?3", newEmail, now, id) == 1;
    }

    /** Sets a new password hash whatever the old one (a password reset). Index: users_pkey. */
    public boolean setPasswordHash(UUID id, String hash, Instant now) {
        return update("passwordHash = ?1, updatedAt = ?2 where id = ?3", hash, now, id) == 1;
    }

    /**
     * Replaces the password hash only if it is still {@code expected}, the one whose password was
     * verified: of two concurrent changes one wins, and a rehash on login never overwrites a
     * password changed meanwhile. Index: users_pkey.
     */
    public boolean replacePasswordHash(UUID id, String expected, String replacement, Instant now) {
        return update("passwordHash = ?1, updatedAt = ?2 where id = ?3 and passwordHash = ?4",
                        replacement, now, id, expected)
                == 1;
    }
}
