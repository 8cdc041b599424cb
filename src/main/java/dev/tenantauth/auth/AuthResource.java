package dev.tenantauth.auth;

import dev.tenantauth.observability.AuthMetrics;
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

@Path("/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService service;
    private final SecurityIdentity identity;
    private final AuthMetrics metrics;

    AuthResource(AuthService service, SecurityIdentity identity, AuthMetrics metrics) {
        this.service = service;
        this.identity = identity;
        this.metrics = metrics;
    }

    @POST
    @Path("login")
    public Response login(@Valid @NotNull LoginRequest body, @Context HttpServerRequest request) {
        String clientAddr = ClientAddress.of(request);
        return noStore(metrics.recordLogin(() -> service.login(body, clientAddr)));
    }

    @POST
    @Path("refresh")
    public Response refresh(@Valid @NotNull RefreshTokenRequest body) {
        return noStore(metrics.recordRefresh(() -> service.refresh(body)));
    }

    @POST
    @Path("logout")
    public void logout(@Valid @NotNull RefreshTokenRequest body) {
        service.logout(body);
        metrics.logout("logout");
    }

    @POST
    @Path("logout-all")
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    public void logoutAll() {
        service.logoutAll(AccessPrincipal.of(identity));
        metrics.logout("logout_all");
    }

    @POST
    @Path("switch")
    @Authenticated
    public Response switchTenant(@Valid @NotNull SwitchRequest body) {
        return noStore(service.switchTenant(AccessPrincipal.of(identity), body));
    }

    @POST
    @Path("mfa")
    public Response mfa(@Valid @NotNull MfaLoginRequest body, @Context HttpServerRequest request) {
        String clientAddr = ClientAddress.of(request);
        return noStore(metrics.recordLogin(() -> service.completeMfa(body, clientAddr))); // counted like logins
    }

    @POST
    @Path("mfa/enroll")
    public Response enroll(@Valid @NotNull MfaEnrollRequest body) {
        return Response.ok(service.enroll(body)).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    private static Response noStore(TokenResponse tokens) {
        return Response.ok(tokens).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
