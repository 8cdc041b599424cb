package dev.tenantauth.token;

import dev.tenantauth.config.AuthConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JWKS and OpenID discovery: what resource servers need to verify our access tokens. */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {

    private final SigningKeys keys;
    private final AuthConfig config;

    WellKnownResource(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Path("jwks.json")
    public Response jwks() {
        return Response.ok(Map.of("keys", keys.publishedJwks(Instant.now())))
                .header("Cache-Control", "public, max-age=60")
                .build();
    }

    /**
     * OpenID discovery metadata that names only what this service offers: the issuer and the
     * JWKS, which is all a resource server (quarkus-oidc, Spring Security, jose) needs to verify our
     * access tokens. No authorization or token endpoint, grant, response type or ID-token algorithm
     * is listed: none exists (login is the JSON API, not RFC 6749). The issuer is the configured
     * URL, never derived from the request's Host header.
     */
    @GET
    @Path("openid-configuration")
    public Map<String, Object> discovery() {
        String issuer = config.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", base + "/.well-known/jwks.json");
        doc.put("subject_types_supported", List.of("public"));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "tid", "tenant", "role", "sid",
                "email_verified", "amr"));
        return doc;
    }
}
