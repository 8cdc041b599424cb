package dev.tenantauth.verification;

import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.security.ClientAddress;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /v1/me/email: change of address, effective once the new address confirms. */
@Path("/v1/me/email")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MyEmailResource {

    private final VerificationService service;
    private final SecurityIdentity identity;

    MyEmailResource(VerificationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(@Valid @NotNull EmailChangeRequest body, @Context HttpServerRequest request) {
        service.requestChange(AccessPrincipal.of(identity), body, ClientAddress.of(request));
        return Response.accepted().build();
    }
}
