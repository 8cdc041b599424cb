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
