package dev.tenantauth.recovery;

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
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** POST /v1/password-reset and /v1/password-reset/confirm. */
@Path("/v1/password-reset")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

    private final RecoveryService service;

    PasswordResetResource(RecoveryService service) {
        this.service = service;
    }

    /** 202 {} for any well-formed address, known or not. */
    @POST
    public Response request(@Valid @NotNull PasswordResetRequest body, @Context HttpServerRequest request) {
        service.request(body, ClientAddress.of(request));
        return Response.accepted(Map.of()).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("confirm")
    public void confirm(@Valid @NotNull PasswordResetConfirmRequest body, @Context HttpServerRequest request) {
        service.confirm(body, ClientAddress.of(request));
    }
}
