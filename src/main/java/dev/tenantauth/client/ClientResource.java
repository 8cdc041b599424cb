package dev.tenantauth.client;

import dev.tenantauth.common.ItemsResponse;
import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** /v1/tenants/{slug}/clients: the tenant's OAuth clients, for its admins and owners. */
@Path("/v1/tenants/{slug}/clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ClientResource {

    private final ClientService service;
    private final SecurityIdentity identity;

    ClientResource(ClientService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("slug") String slug, @Valid @NotNull ClientCreateRequest body) {
        ClientResponse c = service.create(AccessPrincipal.of(identity), slug, body);
        return Response.created(URI.create("/v1/tenants/" + slug + "/clients/" + c.clientId()))
                .header("Cache-Control", "no-store")
                .entity(c)
                .build();
    }

    @GET
    public ItemsResponse<ClientResponse> list(@PathParam("slug") String slug) {
        return new ItemsResponse<>(service.list(AccessPrincipal.of(identity), slug));
    }

    @GET
    @Path("{clientId}")
    public ClientResponse get(@PathParam("slug") String slug, @PathParam("clientId") String clientId) {
        return service.get(AccessPrincipal.of(identity), slug, clientId);
    }

    @PATCH
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClientResponse change(@PathParam("slug") String slug, @PathParam("clientId") String clientId,
            @Valid @NotNull ClientChangeRequest body) {
        return service.change(AccessPrincipal.of(identity), slug, clientId, body);
    }

    @POST
    @Path("{clientId}/secret")
    public Response renewSecret(@PathParam("slug") String slug, @PathParam("clientId") String clientId) {
        return Response.ok(service.renewSecret(AccessPrincipal.of(identity), slug, clientId))
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @Path("{clientId}")
    public void delete(@PathParam("slug") String slug, @PathParam("clientId") String clientId) {
        service.delete(AccessPrincipal.of(identity), slug, clientId);
    }
}
