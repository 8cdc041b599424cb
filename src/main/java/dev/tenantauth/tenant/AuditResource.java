package dev.tenantauth.tenant;

import dev.tenantauth.common.Pages;
import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/tenants/{slug}/audit: the tenant's audit trail, for its admins and owners. */
@Path("/v1/tenants/{slug}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AuditResource {

    private final AuditService service;
    private final SecurityIdentity identity;

    AuditResource(AuditService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public AuditPageResponse list(@PathParam("slug") String slug, @QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("cursor") String cursor) {
        return service.list(AccessPrincipal.of(identity), slug, Pages.limit(limit), cursor);
    }
}
