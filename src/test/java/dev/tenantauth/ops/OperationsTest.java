package dev.tenantauth.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Inject
    Cleanup cleanup;

    @Test
    void metricsCountOutcomesAndTimeTheHotPaths() {
        Account a = Api.newOwner();
        Api.login(a.email(), "not the password", a.tenantSlug()).then().statusCode(401);
        Api.me(a.accessToken()).then().statusCode(200);
        Api.refresh(a.refreshToken()).then().statusCode(200);
        Api.refresh(a.refreshToken()).then().statusCode(401);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String expected : List.of(
                "tenant_auth_logins_total{outcome=\"success\"}",
                "tenant_auth_logins_total{outcome=\"invalid_credentials\"}",
                "tenant_auth_refreshes_total{outcome=\"success\"}",
                "tenant_auth_refreshes_total{outcome=\"token_reused\"}",
                "tenant_auth_access_checks_total{outcome=\"success\"}",
                "tenant_auth_login_seconds_count",
                "tenant_auth_refresh_seconds_count",
                "tenant_auth_access_check_seconds_count",
                "tenant_auth_password_hash_seconds_count",
                "agroal_")) {
            assertTrue(metrics.contains(expected), "missing metric " + expected);
        }
    }

    /** 405s with random ids used to be labelled with their raw paths and filled the 100-URI cap. */
    @Test
    void unmatchedAnswersAreLabelledByAFixedUriNotTheirPath() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            given().put("/v1/me/sessions/" + id).then().statusCode(405);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String id : ids) {
            assertFalse(metrics.contains(id), "a raw path in the uri label: " + id);
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count")
                && l.contains("status=\"405\"") && l.contains("uri=\"/UNMATCHED\"")), "no UNMATCHED 405 series");
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200);
        assertTrue(given().get("/q/metrics").then().extract().asString().contains("uri=\"/v1/me\""), "templates still used");
    }

    @Test
    void rotationKeepsOldTokensValidAndPublishesBothKeys() {
        Account a = Api.newOwner();
        String oldKid = JsonPath.from(Tokens.header(a.accessToken())).getString("kid");
        String newKid = given().header("Authorization", "Bearer test-operator-token")
                .post("/v1/admin/signing-keys/rotate").then().statusCode(200).extract().path("kid");
        assertNotEquals(oldKid, newKid);
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys.kid", hasItems(oldKid, newKid));
        Api.me(a.accessToken()).then().statusCode(200);
        Response fresh = Api.login(a.email(), a.password(), a.tenantSlug());
        assertEquals(newKid, JsonPath.from(Tokens.header(fresh.path("access_token"))).getString("kid"));
        Api.me(fresh.path("access_token")).then().statusCode(200);
    }

    @Test
    void rotationNeedsTheOperatorToken() {
        given().post("/v1/admin/signing-keys/rotate").then().statusCode(401).body("code", equalTo("invalid_token"));
        given().header("Authorization", "Bearer wrong").post("/v1/admin/signing-keys/rotate").then().statusCode(401);
    }

    @Test
    void cleanupDeletesOnlyWhatIsLongDead() throws Exception {
        Account a = Api.newOwner();
        Response dead = Api.login(a.email(), a.password(), a.tenantSlug());
        String deadSession = Api.me(dead.path("access_token")).path("session_id");
        Api.logout(dead.path("refresh_token")).then().statusCode(204);
        Db.exec("UPDATE sessions SET revoked_at = now() - interval '30 days' WHERE id = ?::uuid", UUID.fromString(deadSession));
        Db.exec("INSERT INTO login_failures (email_key, client_addr, failed_at) VALUES ('cleanup-test', 'x', now() - interval '1 day')");
        Map<String, Long> deleted = cleanup.run(Instant.now());
        assertTrue(deleted.get("sessions") >= 1, deleted.toString());
        assertTrue(deleted.get("login_failures") >= 1, deleted.toString());
        assertEquals(0L, Db.scalar("SELECT count(*) FROM sessions WHERE id = ?::uuid", UUID.fromString(deadSession)));
        assertEquals(0L, Db.scalar("SELECT count(*) FROM refresh_tokens WHERE session_id = ?::uuid", UUID.fromString(deadSession)));
        Api.me(a.accessToken()).then().statusCode(200);
        Api.refresh(a.refreshToken()).then().statusCode(200);
    }

    @Test
    void openApiListsEveryContractPath() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/v1/signup", "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/logout",
                "/v1/auth/logout-all", "/v1/auth/switch", "/v1/me", "/v1/me/tenants", "/v1/me/sessions",
                "/v1/me/sessions/{id}", "/v1/me/password", "/v1/tenants", "/v1/tenants/{slug}/members",
                "/v1/tenants/{slug}/members/{userId}", "/.well-known/jwks.json", "/.well-known/openid-configuration",
                "/v1/me/email-verification", "/v1/email-verification/confirm", "/v1/password-reset",
                "/v1/password-reset/confirm", "/v1/me/email", "/v1/tenants/{slug}/settings", "/v1/me/mfa/totp",
                "/v1/me/mfa/totp/confirm", "/v1/me/mfa/recovery-codes", "/v1/auth/mfa", "/v1/auth/mfa/enroll",
                "/v1/tenants/{slug}/clients", "/v1/tenants/{slug}/clients/{clientId}", "/oauth2/token", "/oauth2/revoke",
                "/oauth2/introspect", "/oauth2/userinfo", "/oauth2/authorize", "/.well-known/oauth-authorization-server")) {
            assertTrue(doc.contains("\"" + path + "\""), "OpenAPI lacks " + path);
        }
        JsonPath openapi = JsonPath.from(doc);
        assertTrue(openapi.getMap("components.schemas").containsKey("Problem"), "no Problem schema");
        assertTrue(openapi.getMap("paths.'/v1/auth/login'.post.responses").containsKey("429"), "login lacks 429");
        assertTrue(openapi.getMap("paths.'/v1/me'.get.responses").containsKey("401"), "/v1/me lacks 401");
        assertTrue(openapi.getMap("paths.'/v1/auth/login'.post.responses.'401'.content").containsKey("application/problem+json"));
    }

    @Test
    void everyResponseCarriesARequestIdThatReachesTheLog() throws Exception {
        String id = "test-" + UUID.randomUUID();
        given().header("X-Request-Id", id).contentType(ContentType.JSON)
                .body(Map.of("email", Api.unique("ghost") + "@example.com", "password", "whatever!", "tenant", "nosuch"))
                .post("/v1/auth/login").then().statusCode(401).header("X-Request-Id", equalTo(id));
        given().get("/q/health/live").then().header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertTrue(log.contains("[req:" + id + "]"), "the audit line of the failed login carries the request id");
    }

    @Test
    void noSecretEverReachesTheLog() throws Exception {
        String password = "Secret-Password-" + UUID.randomUUID();
        String email = Api.unique("sec") + "@example.com";
        String slug = Api.unique("sec");
        Api.signup(email, password, slug).then().statusCode(201);
        Response login = Api.login(email, password, slug);
        String refresh1 = login.path("refresh_token");
        String refresh2 = Api.refresh(refresh1).then().statusCode(200).extract().path("refresh_token");
        Api.refresh(refresh1).then().statusCode(401); // reuse: logged as an audit event
        Api.login(email, password + "x", slug).then().statusCode(401);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertFalse(log.contains(password), "password in log");
        assertFalse(log.contains(refresh1) || log.contains(refresh2), "refresh token in log");
        assertFalse(log.contains(login.path("access_token").toString()), "access token in log");
        for (String key : Db.strings("SELECT private_key FROM signing_keys")) {
            assertFalse(log.contains(key.substring(0, 40)), "private key in log");
        }
        // and the database keeps only hashes
        String stored = (String) Db.scalar("SELECT password_hash FROM users WHERE lower(email) = lower(?)", email);
        assertTrue(stored.startsWith("$argon2id$") && !stored.contains(password));
        assertEquals(0L, Db.scalar("SELECT count(*) FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE ?",
                "%" + refresh1 + "%"));
    }

    @Test
    void readinessIncludesTheDatabaseAndTheIndexes() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Database connections health check"))
                .body(containsString("composite-indexes"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
