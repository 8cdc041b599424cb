package dev.tenantauth.account;

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
import java.net.URI;

@Path("/v1/signup")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {

    private final SignupService service;

    SignupResource(SignupService service) {
        this.service = service;
    }

    @POST
    public Response signup(@Valid @NotNull SignupRequest body, @Context HttpServerRequest request) {
        SignupResponse created = service.signup(body, ClientAddress.of(request));
        return Response.created(URI.create("/v1/me")).entity(created).build();
    }
}
