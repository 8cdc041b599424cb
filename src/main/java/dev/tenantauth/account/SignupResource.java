package dev.tenantauth.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

@Path("/v1/signup")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {

    private final AccountService service;

    SignupResource(AccountService service) {
        this.service = service;
    }

    @POST
    public Response signup(@Valid @NotNull SignupRequest body) {
        SignupResponse created = service.signup(body);
        return Response.created(URI.create("/v1/me")).entity(created).build();
    }
}
