package dev.tenantauth.invitation;

import dev.tenantauth.common.ItemsResponse;
import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** /v1/tenants/{slug}/invitations, for admins of {slug}; accepting is AcceptInvitationResource (any signed-in user). */
@Path("/v1/tenants/{slug}/invitations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class InvitationResource {

    private final InvitationService service;
    private final SecurityIdentity identity;

    InvitationResource(InvitationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("slug") String slug, @Valid @NotNull InvitationCreateRequest body) {
        InvitationResponse created = service.create(AccessPrincipal.of(identity), slug, body);
        return Response.status(201).entity(created).header("Cache-Control", "no-store").build();
    }

    @GET
    public ItemsResponse<InvitationResponse> list(@PathParam("slug") String slug) {
        return new ItemsResponse<>(service.listOpen(AccessPrincipal.of(identity), slug));
    }

    @DELETE
    @Path("{id}")
    public void revoke(@PathParam("slug") String slug, @PathParam("id") UUID id) {
        service.revoke(AccessPrincipal.of(identity), slug, id);
    }
}
