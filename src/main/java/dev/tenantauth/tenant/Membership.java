package dev.tenantauth.tenant;

import dev.tenantauth.common.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's membership of a tenant, with a role; inactive memberships keep their history. */
@Entity
@Table(name = "user_tenant_membership")
public class Membership {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Column(nullable = false)
    public Role role;

    @Column(name = "is_active", nullable = false)
    public boolean active;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Membership create(UUID userId, UUID tenantId, Role role, Instant now) {
        Membership m = new Membership();
        m.id = UUID.randomUUID();
        m.userId = userId;
        m.tenantId = tenantId;
        m.role = role;
        m.active = true;
        m.createdAt = now;
        m.updatedAt = now;
        return m;
    }
}
