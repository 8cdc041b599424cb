package dev.tenantauth.tenant;

import dev.tenantauth.common.Pages;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** /v1/tenants/{slug}/members: for admins and owners of {slug} only. */
@Path("/v1/tenants/{slug}/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class MembersResource {

    private final MemberService service;
    private final SecurityIdentity identity;

    MembersResource(MemberService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public MemberPageResponse list(@PathParam("slug") String slug,
            @QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("active") @DefaultValue("true") String active) {
        Boolean filter = switch (active) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw ProblemException.invalid("active", "must be true, false or all");
        };
        return service.list(AccessPrincipal.of(identity), slug, Pages.limit(limit), cursor, filter);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("slug") String slug, @Valid @NotNull MemberAddRequest body) {
        MemberResponse member = service.add(AccessPrincipal.of(identity), slug, body);
        return Response.created(URI.create("/v1/tenants/" + slug + "/members/" + member.user().id()))
                .entity(member)
                .build();
    }

    @PATCH
    @Path("{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberResponse change(@PathParam("slug") String slug, @PathParam("userId") UUID userId,
            @Valid @NotNull MemberChangeRequest body) {
        return service.change(AccessPrincipal.of(identity), slug, userId, body);
    }

    @DELETE
    @Path("{userId}")
    public void remove(@PathParam("slug") String slug, @PathParam("userId") UUID userId) {
        service.remove(AccessPrincipal.of(identity), slug, userId);
    }
}
