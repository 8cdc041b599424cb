package dev.tenantauth.account;

import dev.tenantauth.common.ItemsResponse;
import dev.tenantauth.common.Pages;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.security.ClientAddress;
import dev.tenantauth.tenant.MemberService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    private final AccountService service;
    private final MemberService members;
    private final SecurityIdentity identity;

    MeResource(AccountService service, MemberService members, SecurityIdentity identity) {
        this.service = service;
        this.members = members;
        this.identity = identity;
    }

    /**
     * On the event loop ({@code @NonBlocking}): the answer is made from the identity alone (the
     * per-request check's row, MFA state included), which the security handler has resolved before
     * the method runs (the check itself still runs on a worker, BearerIdentityProvider's
     * runBlocking). Blocking, it cost a second worker hand-off per request.
     */
    @GET
    @NonBlocking
    public MeResponse me() {
        return service.me(AccessPrincipal.of(identity));
    }

    @GET
    @Path("tenants")
    public ItemsResponse<MyTenantResponse> tenants() {
        return new ItemsResponse<>(service.tenants(AccessPrincipal.of(identity)));
    }

    /**
     * The caller leaves a tenant where they are an active member (any of theirs, not only the
     * token's); their sessions there end, this one too when it is that tenant's. 409 for the last owner.
     */
    @DELETE
    @Path("tenants/{slug}")
    public void leave(@PathParam("slug") String slug) {
        members.leave(AccessPrincipal.of(identity), slug);
    }

    @GET
    @Path("sessions")
    public SessionPageResponse sessions(@QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("cursor") String cursor) {
        return service.sessions(AccessPrincipal.of(identity), Pages.limit(limit), cursor);
    }

    @DELETE
    @Path("sessions/{id}")
    public void revokeSession(@PathParam("id") UUID id) {
        service.revokeSession(AccessPrincipal.of(identity), id);
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public void changePassword(@Valid @NotNull PasswordChangeRequest body, @Context HttpServerRequest request) {
        service.changePassword(AccessPrincipal.of(identity), body, ClientAddress.of(request));
    }
}
