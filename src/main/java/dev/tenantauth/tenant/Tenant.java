package dev.tenantauth.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: the unit that users belong to and log in to, addressed by its slug. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    /** Setting (V16): a login or switch of a user with an unverified address answers 403 email_unverified. */
    @Column(name = "require_verified_email", nullable = false)
    public boolean requireVerifiedEmail;

    /** Setting (V30): every login and switch into the tenant needs a second factor (TOTP), or enrollment. */
    @Column(name = "mfa_required", nullable = false)
    public boolean mfaRequired;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Tenant create(String slug, String name, Instant now) {
        Tenant t = new Tenant();
        t.id = UUID.randomUUID();
        t.slug = slug;
        t.name = name;
        t.createdAt = now;
        return t;
    }
}
