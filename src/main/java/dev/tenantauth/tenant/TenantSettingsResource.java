package dev.tenantauth.tenant;

import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** /v1/tenants/{slug}/settings: read by admins and owners of {slug}, changed by its owners. */
@Path("/v1/tenants/{slug}/settings")
@Produces(MediaType.APPLICATION_JSON)
public class TenantSettingsResource {

    private final TenantSettingsService service;
    private final SecurityIdentity identity;

    TenantSettingsResource(TenantSettingsService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @RolesAllowed("admin")
    public TenantSettingsResponse get(@PathParam("slug") String slug) {
        return service.get(AccessPrincipal.of(identity), slug);
    }

    @PATCH
    @RolesAllowed("owner")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantSettingsResponse change(@PathParam("slug") String slug, @NotNull TenantSettingsRequest body) {
        return service.change(AccessPrincipal.of(identity), slug, body);
    }
}
