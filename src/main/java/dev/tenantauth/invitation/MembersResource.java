package dev.tenantauth.invitation;

import dev.tenantauth.common.Pages;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import dev.tenantauth.tenant.MemberChangeRequest;
import dev.tenantauth.tenant.MemberPageResponse;
import dev.tenantauth.tenant.MemberResponse;
import dev.tenantauth.tenant.MemberService;
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
import java.util.UUID;

/**
 * /v1/tenants/{slug}/members: for admins and owners of {slug} only. Adding someone is inviting
 * them ({@link InvitationService#create}), which is why this front door lives with invitations:
 * the member list and its changes are {@link MemberService}'s, one layer down.
 */
@Path("/v1/tenants/{slug}/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class MembersResource {

    private final MemberService service;
    private final InvitationService invitations;
    private final SecurityIdentity identity;

    MembersResource(MemberService service, InvitationService invitations, SecurityIdentity identity) {
        this.service = service;
        this.invitations = invitations;
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

    /**
     * Invites the address with the role: 201 with the invitation, the same answer whether or not
     * the address has an account; the membership exists once the invitee accepts.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("slug") String slug, @Valid @NotNull InvitationCreateRequest body) {
        InvitationResponse invitation = invitations.create(AccessPrincipal.of(identity), slug, body);
        return Response.status(201).entity(new MemberInvitedResponse(invitation)).header("Cache-Control", "no-store").build();
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
