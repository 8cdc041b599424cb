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
     * OpenID Connect Discovery 1.0 metadata: the issuer (the configured URL, never derived from a
     * request's Host header), the JWKS, and the OAuth 2.0 endpoints the service offers. It names
     * only what exists: the code flow with S256 PKCE, client credentials and refresh, the three
     * client authentication methods, and as ID-token algorithms the ones the published keys sign with.
     */
    @GET
    @Path("openid-configuration")
    public Map<String, Object> discovery() {
        return metadata();
    }

    /** RFC 8414 authorization server metadata: the same facts as the OpenID discovery document. */
    @GET
    @Path("oauth-authorization-server")
    public Map<String, Object> authorizationServer() {
        return metadata();
    }

    private Map<String, Object> metadata() {
        String issuer = config.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", base + "/oauth2/authorize");
        doc.put("token_endpoint", base + "/oauth2/token");
        doc.put("userinfo_endpoint", base + "/oauth2/userinfo");
        doc.put("revocation_endpoint", base + "/oauth2/revoke");
        doc.put("introspection_endpoint", base + "/oauth2/introspect");
        doc.put("end_session_endpoint", base + "/oauth2/logout");
        doc.put("jwks_uri", base + "/.well-known/jwks.json");
        doc.put("response_types_supported", List.of("code"));
        doc.put("response_modes_supported", List.of("query"));
        doc.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        List<String> clientAuth = List.of("client_secret_basic", "client_secret_post", "none");
        doc.put("token_endpoint_auth_methods_supported", clientAuth);
        doc.put("revocation_endpoint_auth_methods_supported", clientAuth);
        doc.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("scopes_supported", List.of("openid", "email"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", algorithms());
        doc.put("prompt_values_supported", List.of("none", "login"));
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("claims_parameter_supported", false);
        doc.put("request_parameter_supported", false);
        doc.put("request_uri_parameter_supported", false);
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "sid",
                "jti", "email", "email_verified", "tid", "tenant", "role", "client_id", "scope"));
        return doc;
    }

    /** The algorithms of the keys that sign now or may still verify: what an ID token can carry. */
    private List<String> algorithms() {
        java.util.Set<String> algs = new java.util.LinkedHashSet<>();
        algs.add(keys.signingKey().algorithm().getAlgorithm());
        for (Map<String, Object> jwk : keys.publishedJwks(Instant.now())) {
            if (jwk.get("alg") instanceof String alg) {
                algs.add(alg);
            }
        }
        return List.copyOf(algs);
    }
}
