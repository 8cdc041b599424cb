package dev.tenantauth.oauth;

import dev.tenantauth.observability.AuthMetrics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The OAuth 2.0 endpoints that clients call directly: token (RFC 6749 §3.2), revocation (RFC
 * 7009) and introspection (RFC 7662). Form-encoded in, JSON out, {@code Cache-Control: no-store};
 * every error is RFC 6749 §5.2 JSON (the error mapper sees to it on these paths).
 */
@Path("/oauth2")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final TokenService service;
    private final AuthMetrics metrics;

    TokenResource(TokenService service, AuthMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @POST
    @Path("token")
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        String grant = form.get("grant_type") == null || form.get("grant_type").size() != 1 ? null : form.getFirst("grant_type");
        return noStore(Response.ok(metrics.recordOAuthToken(grant, () -> service.token(authorization, form))));
    }

    @POST
    @Path("revoke")
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        service.revoke(authorization, form);
        return noStore(Response.ok());
    }

    @POST
    @Path("introspect")
    public Response introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        return noStore(Response.ok(service.introspect(authorization, form)));
    }

    private static Response noStore(Response.ResponseBuilder r) {
        return r.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
