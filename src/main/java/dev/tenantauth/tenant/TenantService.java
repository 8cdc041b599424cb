package dev.tenantauth.tenant;

import dev.tenantauth.common.Role;
import dev.tenantauth.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
@Transactional
public class TenantService {

    private final TenantRepository tenants;
    private final MembershipRepository memberships;

    TenantService(TenantRepository tenants, MembershipRepository memberships) {
        this.tenants = tenants;
        this.memberships = memberships;
    }

    /** Creates a tenant whose owner is {@code ownerId}; 409 when the slug is taken. */
    public Tenant create(NewTenantRequest request, UUID ownerId, Instant now) {
        if (tenants.findBySlug(request.slug()).isPresent()) {
            throw ProblemException.conflict("The tenant slug '" + request.slug() + "' is taken.");
        }
        Tenant tenant = Tenant.create(request.slug(), request.name().strip(), now);
        tenants.persist(tenant);
        memberships.persist(Membership.create(ownerId, tenant.id, Role.OWNER, now));
        tenants.flush(); // a concurrent insert of the same slug fails here, inside the mapper's reach
        return tenant;
    }
}
