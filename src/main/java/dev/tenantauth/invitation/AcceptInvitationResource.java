package dev.tenantauth.invitation;

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

/** POST /v1/invitations/accept: the signed-in user joins the tenant of an invitation made for their email. */
@Path("/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AcceptInvitationResource {

    private final InvitationService service;
    private final SecurityIdentity identity;

    AcceptInvitationResource(InvitationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public InvitationAcceptedResponse accept(@Valid @NotNull InvitationAcceptRequest body) {
        return service.accept(AccessPrincipal.of(identity).userId(), body.token());
    }
}
