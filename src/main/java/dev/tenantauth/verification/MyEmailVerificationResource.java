package dev.tenantauth.verification;

import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.security.ClientAddress;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /v1/me/email-verification: a new verification mail to the caller's address. */
@Path("/v1/me/email-verification")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MyEmailVerificationResource {

    private final VerificationService service;
    private final SecurityIdentity identity;

    MyEmailVerificationResource(VerificationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    public Response request(@Context HttpServerRequest request) {
        service.request(AccessPrincipal.of(identity), ClientAddress.of(request));
        return Response.accepted().build();
    }
}
