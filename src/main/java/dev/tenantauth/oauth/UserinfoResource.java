package dev.tenantauth.oauth;

import dev.tenantauth.security.AccessPrincipal;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenID Connect userinfo (Core §5.3), behind the same bearer check as the JSON API (membership
 * active, session live, on this very request). A token issued to an OAuth client needs the
 * {@code openid} scope (403 {@code insufficient_scope} otherwise) and shows the email only with the
 * {@code email} scope; a JSON-API token (no client) shows everything.
 */
@Path("/oauth2/userinfo")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UserinfoResource {

    /** The identity attribute with the token's granted scope (set by the bearer check; absent for JSON-API tokens). */
    public static final String SCOPE = "scope";

    private final SecurityIdentity identity;

    UserinfoResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    public Response get() {
        AccessPrincipal p = AccessPrincipal.of(identity);
        String scope = identity.getAttribute(SCOPE);
        boolean oauth = scope != null;
        var scopes = oauth ? Arrays.asList(scope.split(" ")) : java.util.List.<String>of();
        if (oauth && !scopes.contains("openid")) {
            return Response.status(403)
                    .header(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"tenant-auth\", error=\"insufficient_scope\", scope=\"openid\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "insufficient_scope", "error_description", "The token lacks the openid scope."))
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", p.userId().toString());
        if (!oauth || scopes.contains("email")) {
            body.put("email", p.email());
            body.put("email_verified", p.emailVerified());
        }
        body.put("tid", p.tenantId().toString());
        body.put("tenant", p.tenantSlug());
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    public Response post() {
        return get();
    }
}
