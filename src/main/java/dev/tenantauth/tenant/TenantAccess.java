package dev.tenantauth.tenant;

import dev.tenantauth.common.Role;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The check every tenant-scoped admin path makes: {slug} is the caller's token tenant and the
 * caller is admin or owner there (its current role). Anything else is 403, which shows nothing,
 * not even whether another tenant exists.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TenantAccess {

    private final TenantRepository tenants;

    TenantAccess(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /** @param lock take the tenant row lock that serializes membership changes */
    public Tenant requireAdmin(AccessPrincipal caller, String slug, boolean lock) {
        if (!caller.tenantSlug().equals(slug) || !caller.role().atLeast(Role.ADMIN)) {
            throw denied();
        }
        Tenant tenant = (lock ? tenants.lock(caller.tenantId()) : tenants.findByIdOptional(caller.tenantId()))
                .orElseThrow(TenantAccess::denied);
        if (!tenant.slug.equals(slug)) {
            throw denied();
        }
        return tenant;
    }

    private static ProblemException denied() {
        return ProblemException.forbidden("You are not an admin of that tenant.");
    }
}
