package dev.tenantauth.tenant;

import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;

@Path("/v1/tenants")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TenantResource {

    private final TenantService service;
    private final SecurityIdentity identity;

    TenantResource(TenantService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    public Response create(@Valid @NotNull NewTenantRequest body) {
        Tenant t = service.create(body, AccessPrincipal.of(identity).userId(), Instant.now());
        return Response.created(URI.create("/v1/tenants/" + t.slug)).entity(TenantResponse.of(t)).build();
    }
}
