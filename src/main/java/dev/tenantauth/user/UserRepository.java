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
