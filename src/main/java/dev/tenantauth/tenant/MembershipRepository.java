package dev.tenantauth.tenant;

import dev.tenantauth.common.Role;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {

    /** An active membership with its tenant (and whether the user's address is verified), read in one statement. */
    public record InTenant(Membership membership, Tenant tenant, boolean emailVerified) {}

    /**
     * The active membership of (user, tenant), if any.
     * Index: uq_membership_user_tenant (user_id, tenant_id), unique, with is_active a filter on the
     * one row (the planner prefers it to ix_membership_user_tenant_active at the same cost).
     */
    public Optional<Membership> findActiveMembership(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId and active = true",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .firstResultOptional();
    }

    /**
     * The active membership of (user, tenant) with the tenant, in one statement (refresh).
     * Index: uq_membership_user_tenant (user_id, tenant_id), then tenants_pkey and users_pkey.
     */
    public Optional<InTenant> findActiveInTenant(UUID userId, UUID tenantId) {
        return activeInTenant(userId, "m.tenantId = :tenant", tenantId);
    }

    /**
     * The active membership of the user in the tenant with this slug, with the tenant, in one
     * statement (switch). Index: uq_tenants_slug, then uq_membership_user_tenant, users_pkey.
     */
    public Optional<InTenant> findActiveInTenant(UUID userId, String tenantSlug) {
        return activeInTenant(userId, "t.slug = :tenant", tenantSlug);
    }

    private Optional<InTenant> activeInTenant(UUID userId, String tenantCondition, Object tenant) {
        List<Object[]> rows = getEntityManager()
                .createQuery("select m, t, u.emailVerifiedAt from Membership m join Tenant t on t.id = m.tenantId"
                        + " join User u on u.id = m.userId"
                        + " where m.userId = :userId and m.active = true and " + tenantCondition, Object[].class)
                .setParameter("userId", userId)
                .setParameter("tenant", tenant)
                .setMaxResults(1)
                .getResultList();
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(new InTenant((Membership) rows.get(0)[0], (Tenant) rows.get(0)[1], rows.get(0)[2] != null));
    }

    /**
     * The membership of (user, tenant) in any state (at most one exists: uq_membership_user_tenant).
     * Index: uq_membership_user_tenant (user_id, tenant_id).
     */
    public Optional<Membership> findMembership(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .firstResultOptional();
    }

    /**
     * Inserts a new active membership, and only that: empty when the user has a membership of the
     * tenant already, active or not (an invitation never reactivates what an admin deactivated).
     * One statement: {@code INSERT … ON CONFLICT DO NOTHING} on uq_membership_user_tenant.
     */
    public Optional<Membership> join(UUID userId, UUID tenantId, Role role, Instant now) {
        @SuppressWarnings("unchecked")
        List<Membership> rows = getEntityManager().createNativeQuery("""
                        INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, true, ?5, ?5)
                        ON CONFLICT ON CONSTRAINT uq_membership_user_tenant DO NOTHING
                        RETURNING *""", Membership.class)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, userId)
                .setParameter(3, tenantId)
                .setParameter(4, role.wire())
                .setParameter(5, now)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Active owners of a tenant. Index: ix_membership_tenant_active (tenant_id, is_active). */
    public long countActiveOwners(UUID tenantId) {
        return count("tenantId = ?1 and active = true and role = ?2", tenantId, Role.OWNER);
    }

    /**
     * The user's active memberships with their tenants, by tenant slug.
     * Index: ix_membership_user_tenant_active (leading user_id), then tenants_pkey.
     */
    public List<Object[]> findActiveWithTenants(UUID userId) {
        return getEntityManager()
                .createQuery("select m, t from Membership m, Tenant t where t.id = m.tenantId"
                        + " and m.userId = :userId and m.active = true order by t.slug", Object[].class)
                .setParameter("userId", userId)
                .getResultList();
    }

    /**
     * One page of a tenant's memberships in keyset order (created_at, id), strictly after the
     * given position (or from the start when {@code afterCreatedAt} is null); {@code active}
     * null means active and inactive alike (then sorted, not read in index order).
     * Index: ix_membership_tenant_keyset (tenant_id, is_active, created_at, id): the row
     * comparison is an index condition, so a late page reads as few entries as the first.
     */
    public List<Membership> listMembers(UUID tenantId, Boolean active, Instant afterCreatedAt, UUID afterId, int limit) {
        Parameters p = Parameters.with("tenantId", tenantId);
        String where = "tenantId = :tenantId";
        if (active != null) {
            where += " and active = :active";
            p = p.and("active", active);
        }
        if (afterCreatedAt != null) {
            where += " and (createdAt, id) > (:afterCreatedAt, :afterId)";
            p = p.and("afterCreatedAt", afterCreatedAt).and("afterId", afterId);
        }
        return find(where + " order by createdAt, id", p).page(0, limit).list();
    }
}
