package dev.tenantauth.invitation;

import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.security.ClientAddress;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * POST /v1/invitations/accept. With a bearer token, the signed-in user joins the tenant of an
 * invitation made for their address: 200 {@code {"tenant","role"}}. Without one, the body carries
 * the password of the invited address's account, checked as a login is (same throttle, same
 * {@code invalid_credentials}), and the answer is a token response for the invitation's tenant:
 * the way in for an invitee who has an account but no tenant to log in to.
 */
@Path("/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
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
    public Response accept(@Valid @NotNull InvitationAcceptRequest body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request) {
        if (authorization != null) { // a bearer token that does not verify answers 401, never an anonymous accept
            return Response.ok(service.accept(AccessPrincipal.of(identity).userId(), body.token())).build();
        }
        if (body.password() == null) {
            throw ProblemException.invalid("password", "is required without a bearer token");
        }
        return Response.ok(service.acceptWithPassword(body.token(), body.password(), ClientAddress.of(request)))
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
