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

    /**
     * The active membership of (user, tenant), if any.
     * Index: ix_membership_user_tenant_active (user_id, tenant_id, is_active).
     */
    public Optional<Membership> findActiveMembership(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId and active = true",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .firstResultOptional();
    }

    /**
     * The membership of (user, tenant) in any state (at most one exists: created under the tenant lock).
     * Index: ix_membership_user_tenant_active (user_id, tenant_id, is_active), leading columns.
     */
    public Optional<Membership> findMembership(UUID userId, UUID tenantId) {
        return find("userId = :userId and tenantId = :tenantId",
                        Parameters.with("userId", userId).and("tenantId", tenantId))
                .firstResultOptional();
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
