package dev.tenantauth.factor;

import dev.tenantauth.mfa.TotpEnrollmentResponse;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.security.ClientAddress;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** /v1/me/mfa: the caller's own TOTP and recovery codes. Secrets and codes are answered no-store. */
@Path("/v1/me/mfa")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MyMfaResource {

    private final FactorService service;
    private final SecurityIdentity identity;

    MyMfaResource(FactorService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Path("totp")
    public Response start(@Valid @NotNull TotpStartRequest body, @Context HttpServerRequest request) {
        TotpEnrollmentResponse secret = service.start(AccessPrincipal.of(identity), body, ClientAddress.of(request));
        return Response.status(201).entity(secret).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("totp/confirm")
    public Response confirm(@Valid @NotNull TotpCodeRequest body, @Context HttpServerRequest request) {
        return noStore(service.confirm(AccessPrincipal.of(identity), body, ClientAddress.of(request)));
    }

    @DELETE
    @Path("totp")
    public void disable(@Valid @NotNull TotpDisableRequest body, @Context HttpServerRequest request) {
        service.disable(AccessPrincipal.of(identity), body, ClientAddress.of(request));
    }

    @POST
    @Path("recovery-codes")
    public Response regenerate(@Valid @NotNull TotpCodeRequest body, @Context HttpServerRequest request) {
        return noStore(service.regenerate(AccessPrincipal.of(identity), body, ClientAddress.of(request)));
    }

    private static Response noStore(RecoveryCodesResponse codes) {
        return Response.ok(codes).header("Cache-Control", "no-store").build();
    }
}
