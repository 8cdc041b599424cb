package dev.tenantauth.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.OAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /v1/tenants/{slug}/clients: registration rules, roles, isolation, the secret's one showing. */
@QuarkusTest
class ClientResourceTest {

    static Map<String, Object> body(String type, List<String> uris, List<String> grants) {
        return Map.of("name", "App", "type", type, "redirect_uris", uris, "grant_types", grants);
    }

    @Test
    void aConfidentialClientsSecretIsShownOnceAndStoredAsAHash() {
        Api.Account owner = Api.newOwner();
        Response r = OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("confidential", List.of("https://app.example/cb"), List.of("authorization_code", "refresh_token")));
        r.then().statusCode(201).header("Cache-Control", "no-store").body("client_secret", notNullValue())
                .body("scopes", equalTo(List.of("openid", "email"))).body("enabled", equalTo(true));
        String id = r.path("client_id");
        String secret = r.path("client_secret");
        assertEquals(43, secret.length());
        assertEquals(32L, Db.count("SELECT octet_length(secret_hash) FROM oauth_clients WHERE id = ?::uuid", id));
        assertEquals(0L, Db.count("SELECT count(*) FROM oauth_clients WHERE id = ?::uuid AND position(convert_to(?, 'UTF8') in secret_hash) > 0",
                id, secret));
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/clients/" + id)
                .then().statusCode(200).body("client_secret", nullValue()).body("client_id", equalTo(id));
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/clients")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].client_secret", nullValue());
        // a new secret replaces the old one at once
        Response renewed = given().auth().oauth2(owner.accessToken())
                .post("/v1/tenants/" + owner.tenantSlug() + "/clients/" + id + "/secret");
        renewed.then().statusCode(200).body("client_secret", notNullValue());
        OAuth.Client old = new OAuth.Client(id, secret, "https://app.example/cb");
        OAuth.token(old, Map.of("grant_type", "refresh_token", "refresh_token", "x")).then().statusCode(401);
        OAuth.Client fresh = new OAuth.Client(id, renewed.path("client_secret"), "https://app.example/cb");
        OAuth.token(fresh, Map.of("grant_type", "refresh_token", "refresh_token", "x")).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void aPublicClientHasNoSecretAndCannotUseClientCredentials() {
        Api.Account owner = Api.newOwner();
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("public", List.of("http://127.0.0.1:8765/cb"), List.of("authorization_code")))
                .then().statusCode(201).body("client_secret", nullValue());
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("public", List.of(), List.of("client_credentials"))).then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("grant_types"));
    }

    @Test
    void redirectUrisMustBeHttpsOrLoopbackHttpWithoutFragment() {
        Api.Account owner = Api.newOwner();
        for (String bad : List.of("http://app.example/cb", "https://app.example/cb#frag", "/relative",
                "javascript:alert(1)", "https://user:pw@app.example/cb", "custom:/cb", "")) {
            OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                    body("confidential", List.of(bad), List.of("authorization_code"))).then().statusCode(400)
                    .body("errors[0].field", equalTo("redirect_uris"));
        }
        for (String good : List.of("https://app.example/cb?x=1", "http://localhost:3000/cb", "http://[::1]:3000/cb",
                "http://127.0.0.1/cb")) {
            OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                    body("confidential", List.of(good), List.of("authorization_code"))).then().statusCode(201);
        }
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("confidential", List.of(), List.of("authorization_code"))).then().statusCode(400);
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("confidential", List.of("https://a.example/cb"), List.of("refresh_token"))).then().statusCode(400);
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(),
                body("confidential", List.of("https://a.example/cb"), List.of("password"))).then().statusCode(400);
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(), Map.of("name", "x", "type", "confidential",
                "redirect_uris", List.of(), "grant_types", List.of("client_credentials"), "scopes", List.of("openid")))
                .then().statusCode(400).body("errors[0].field", equalTo("scopes"));
        OAuth.createClient(owner.accessToken(), owner.tenantSlug(), Map.of("name", "x", "type", "confidential",
                "redirect_uris", List.of(), "grant_types", List.of("client_credentials"), "scopes", List.of("a b")))
                .then().statusCode(400);
    }

    @Test
    void onlyAdminsOfTheTenantManageItsClients() {
        Api.Account owner = Api.newOwner();
        Api.Account other = Api.newOwner();
        OAuth.Client mine = OAuth.confidential(owner);
        String memberEmail = Api.unique("m") + "@example.com";
        Api.signup(memberEmail, Api.PASSWORD, null).then().statusCode(201);
        String memberToken = Api.join(owner, memberEmail, "member").path("access_token");
        OAuth.createClient(memberToken, owner.tenantSlug(),
                body("confidential", List.of("https://a.example/cb"), List.of("authorization_code"))).then().statusCode(403);
        given().auth().oauth2(memberToken).get("/v1/tenants/" + owner.tenantSlug() + "/clients").then().statusCode(403);
        // another tenant's admin sees nothing of it, through its own slug or ours
        given().auth().oauth2(other.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/clients").then().statusCode(403);
        given().auth().oauth2(other.accessToken()).get("/v1/tenants/" + other.tenantSlug() + "/clients/" + mine.id())
                .then().statusCode(404);
        given().auth().oauth2(other.accessToken()).delete("/v1/tenants/" + other.tenantSlug() + "/clients/" + mine.id())
                .then().statusCode(404);
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/clients/not-a-uuid")
                .then().statusCode(404);
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/clients/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void aChangeIsCheckedLikeARegistrationAndADeletedClientIsGone() {
        Api.Account owner = Api.newOwner();
        OAuth.Client c = OAuth.confidential(owner);
        String path = "/v1/tenants/" + owner.tenantSlug() + "/clients/" + c.id();
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("redirect_uris", List.of("http://evil.example/cb"))).patch(path).then().statusCode(400);
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed", "redirect_uris", List.of("https://new.example/cb"))).patch(path)
                .then().statusCode(200).body("name", equalTo("Renamed"))
                .body("redirect_uris", equalTo(List.of("https://new.example/cb")));
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("type", "public"))
                .patch(path).then().statusCode(400); // the type never changes (unknown field)
        given().auth().oauth2(owner.accessToken()).delete(path).then().statusCode(204);
        given().auth().oauth2(owner.accessToken()).get(path).then().statusCode(404);
        given().auth().oauth2(owner.accessToken()).delete(path).then().statusCode(404);
        assertFalse(Db.strings("SELECT action FROM audit_events WHERE tenant_id = ?::uuid", owner.tenantId())
                .stream().noneMatch(a -> a.equals("client.deleted")));
    }
}
