package dev.tenantauth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.client.OAuthClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The authorization request's rules, without a database: what renders an error page, what goes back to the client. */
class AuthorizationRequestTest {

    static final String CB = "https://app.example/cb";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static OAuthClient client() {
        OAuthClient c = new OAuthClient();
        c.id = UUID.randomUUID();
        c.type = OAuthClient.PUBLIC;
        c.redirectUris = List.of(CB);
        c.grantTypes = List.of("authorization_code");
        c.scopes = List.of("openid", "email");
        return c;
    }

    static Map<String, List<String>> params(OAuthClient c) {
        Map<String, List<String>> p = new HashMap<>();
        p.put("response_type", List.of("code"));
        p.put("client_id", List.of(c.id.toString()));
        p.put("redirect_uri", List.of(CB));
        p.put("scope", List.of("openid"));
        p.put("state", List.of("s1"));
        p.put("code_challenge", List.of(CHALLENGE));
        p.put("code_challenge_method", List.of("S256"));
        return p;
    }

    static AuthorizationRequest.Refused refused(Map<String, List<String>> p, OAuthClient c) {
        return assertInstanceOf(AuthorizationRequest.Refused.class, AuthorizationRequest.check(p, Optional.ofNullable(c)));
    }

    @Test
    void aWellFormedRequestIsAccepted() {
        OAuthClient c = client();
        AuthorizationRequest r = assertInstanceOf(AuthorizationRequest.class, AuthorizationRequest.check(params(c), Optional.of(c)));
        assertEquals("openid", r.scope());
        assertEquals("s1", r.state());
        assertEquals(CHALLENGE, r.carried().get("code_challenge"));
    }

    @Test
    void withoutAKnownClientAndExactRedirectNothingIsRedirected() {
        OAuthClient c = client();
        assertFalse(refused(params(c), null).redirectable());
        c.enabled = false;
        assertFalse(refused(params(c), c).redirectable());
        c.enabled = true;
        Map<String, List<String>> p = params(c);
        p.put("redirect_uri", List.of(CB + "/"));
        assertFalse(refused(p, c).redirectable());
        p.put("redirect_uri", List.of(CB, CB));
        assertFalse(refused(p, c).redirectable());
        p.remove("redirect_uri");
        assertFalse(refused(p, c).redirectable());
    }

    @Test
    void afterThatErrorsGoBackWithTheirRfc6749Code() {
        OAuthClient c = client();
        record Case(String param, String value, String error) {}
        for (Case k : List.of(new Case("response_type", "token", "unsupported_response_type"),
                new Case("code_challenge_method", "plain", "invalid_request"),
                new Case("code_challenge", "short", "invalid_request"),
                new Case("scope", "openid admin", "invalid_scope"),
                new Case("response_mode", "fragment", "invalid_request"),
                new Case("max_age", "-1", "invalid_request"),
                new Case("request", "eyJ...", "request_not_supported"))) {
            Map<String, List<String>> p = params(c);
            p.put(k.param(), List.of(k.value()));
            AuthorizationRequest.Refused r = refused(p, c);
            assertTrue(r.redirectable(), k.toString());
            assertEquals(k.error(), r.error(), k.toString());
            assertEquals("s1", r.state());
        }
        Map<String, List<String>> p = params(c);
        p.remove("code_challenge");
        assertEquals("invalid_request", refused(p, c).error());
        p = params(c);
        p.put("scope", List.of("openid", "email"));
        assertEquals("invalid_request", refused(p, c).error(), "a parameter given twice");
        c.grantTypes = List.of("client_credentials");
        assertEquals("unauthorized_client", refused(params(c), c).error());
    }
}
