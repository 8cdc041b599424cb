package dev.tenantauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantauth.error.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration rules, without a database. */
class ClientRulesTest {

    @Test
    void redirectUrisAreHttpsOrHttpOnLoopback() {
        assertNull(ClientRules.redirectUriRefusal("https://app.example/cb"));
        assertNull(ClientRules.redirectUriRefusal("http://127.0.0.1:8080/cb"));
        assertNull(ClientRules.redirectUriRefusal("http://127.10.0.1/cb"));
        assertNull(ClientRules.redirectUriRefusal("http://localhost/cb"));
        assertNull(ClientRules.redirectUriRefusal("http://[::1]:1/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("http://127.0.0.1.evil.example/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("http://localhost.evil.example/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("http://10.0.0.1/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("https://app.example/cb#x"));
        assertNotNull(ClientRules.redirectUriRefusal("https://u@app.example/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("ftp://app.example/cb"));
        assertNotNull(ClientRules.redirectUriRefusal("https:///cb"));
        assertNotNull(ClientRules.redirectUriRefusal("https://app.example/" + "a".repeat(2000)));
        assertNotNull(ClientRules.redirectUriRefusal("https://app.example/a b"));
    }

    @Test
    void grantsFitTheClientType() {
        assertEquals(List.of("authorization_code", "refresh_token"),
                ClientRules.grants(List.of("authorization_code", "refresh_token", "authorization_code"), "public"));
        assertThrows(ProblemException.class, () -> ClientRules.grants(List.of("client_credentials"), "public"));
        assertThrows(ProblemException.class, () -> ClientRules.grants(List.of("refresh_token"), "confidential"));
        assertThrows(ProblemException.class, () -> ClientRules.grants(List.of("implicit"), "confidential"));
        assertThrows(ProblemException.class, () -> ClientRules.grants(List.of(), "confidential"));
    }

    @Test
    void scopesAreScopeTokensAndDefaultToTheStandardOnesForCodeClients() {
        assertEquals(List.of("openid", "email"), ClientRules.scopes(null, List.of("authorization_code")));
        assertEquals(List.of(), ClientRules.scopes(null, List.of("client_credentials")));
        assertEquals(List.of("orders:read", "x/y"), ClientRules.scopes(List.of("orders:read", "x/y"), List.of("client_credentials")));
        assertThrows(ProblemException.class, () -> ClientRules.scopes(List.of("a b"), List.of("client_credentials")));
        assertThrows(ProblemException.class, () -> ClientRules.scopes(List.of("a\"b"), List.of("client_credentials")));
        assertThrows(ProblemException.class, () -> ClientRules.scopes(List.of("openid"), List.of("client_credentials")));
    }
}
