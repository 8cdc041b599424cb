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

    /** The issuer is the configured URL, never derived from the request's Host header. */
    @GET
    @Path("openid-configuration")
    public Map<String, Object> discovery() {
        String issuer = config.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", base + "/.well-known/jwks.json");
        doc.put("token_endpoint", base + "/v1/auth/login");
        doc.put("id_token_signing_alg_values_supported", List.of("ES256", "RS256"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("grant_types_supported", List.of("password", "refresh_token"));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "tid", "tenant", "role", "sid"));
        return doc;
    }
}
