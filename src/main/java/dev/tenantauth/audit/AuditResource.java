package dev.tenantauth.audit;

import dev.tenantauth.error.ProblemException;
import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/tenants/{slug}/audit: the tenant's audit trail, for its admins and owners. */
@Path("/v1/tenants/{slug}/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AuditResource {

    private final AuditService service;
    private final SecurityIdentity identity;

    AuditResource(AuditService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public AuditEvent.Page list(@PathParam("slug") String slug, @QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("cursor") String cursor) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 200) {
            throw new ProblemException(400, "validation_failed", "Validation failed", "limit: must be an integer from 1 to 200");
        }
        return service.list(AccessPrincipal.of(identity), slug, n, cursor);
    }
}
