package dev.tenantauth.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, UUID> {

    /**
     * Locks the tenant row (PESSIMISTIC_WRITE, which Hibernate sends as {@code FOR NO KEY UPDATE}):
     * every membership change of a tenant takes this lock first,
     * so "is this the last owner?" and "is this user already a member?" are answered without races,
     * across instances.
     */
    public Optional<Tenant> lock(UUID id) {
        return findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** Uses the unique constraint uq_tenants_slug. */
    public Optional<Tenant> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
