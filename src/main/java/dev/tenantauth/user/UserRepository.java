package dev.tenantauth.user;

import dev.tenantauth.common.EmailKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /**
     * The account of an address, compared by its {@link EmailKey} (computed here, never by the
     * database's lower()). Index: ux_users_email_norm.
     */
    public Optional<User> findByEmail(String email) {
        return find("emailNorm", EmailKey.of(email)).firstResultOptional();
    }

    /**
     * Marks the address verified, if it is still {@code email} (a verification link for an address
     * the user has since changed proves nothing). Keeps an earlier verification time. Index: users_pkey.
     */
    public boolean markVerified(UUID id, String email, Instant now) {
        return update("emailVerifiedAt = coalesce(emailVerifiedAt, ?1), updatedAt = ?1 where id = ?2 and emailNorm = ?3",
                        now, id, EmailKey.of(email))
                == 1;
    }

    /**
     * Replaces the address by a confirmed new one, verified as of now. A concurrent taker of the
     * same address makes this fail on ux_users_email_norm. Index: users_pkey.
     */
    public boolean changeEmail(UUID id, String newEmail, Instant now) {
        return update("email = ?1, emailNorm = ?2, emailVerifiedAt = ?3, updatedAt = ?3 where id = ?4",
                        newEmail.strip(), EmailKey.of(newEmail), now, id)
                == 1;
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
