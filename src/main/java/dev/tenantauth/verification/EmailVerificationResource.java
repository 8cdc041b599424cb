package dev.tenantauth.verification;

import dev.tenantauth.security.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** POST /v1/email-verification/confirm: the token from a verification or change-of-address mail. */
@Path("/v1/email-verification")
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {

    private final VerificationService service;

    EmailVerificationResource(VerificationService service) {
        this.service = service;
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public VerificationConfirmResponse confirm(@Valid @NotNull VerificationConfirmRequest body,
            @Context HttpServerRequest request) {
        return service.confirm(body, ClientAddress.of(request));
    }
}
