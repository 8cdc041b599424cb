package dev.tenantauth.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeResourceTest {

    @Test
    void meShowsUserTenantRoleAndSession() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200)
                .body("user.id", equalTo(a.userId()))
                .body("user.email", equalTo(a.email()))
                .body("tenant.slug", equalTo(a.tenantSlug()))
                .body("tenant.id", equalTo(a.tenantId()))
                .body("tenant.name", notNullValue())
                .body("role", equalTo("owner"))
                .body("session_id", notNullValue());
    }

    @Test
    void tenantsListsActiveMembershipsOnly() {
        Account a = Api.newOwner();
        String second = Api.unique("t");
        String third = Api.unique("t");
        Api.createTenant(a.accessToken(), second).then().statusCode(201);
        Api.createTenant(a.accessToken(), third).then().statusCode(201);
        Db.exec("UPDATE user_tenant_membership m SET is_active = false FROM tenants t"
                + " WHERE t.id = m.tenant_id AND t.slug = ?", third);
        given().auth().oauth2(a.accessToken()).get("/v1/me/tenants").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.tenant.slug", containsInAnyOrder(a.tenantSlug(), second))
                .body("items.role", contains("owner", "owner"));
    }

    @Test
    void sessionsListsLiveSessionsOfThisTenantWithTheCurrentOneMarked() {
        Account a = Api.newOwner();
        Response second = Api.login(a.email(), a.password(), a.tenantSlug());
        Response third = Api.login(a.email(), a.password(), a.tenantSlug());
        Api.logout(third.path("refresh_token")).then().statusCode(204);
        String current = Api.me(second.path("access_token")).path("session_id");
        given().auth().oauth2(second.path("access_token")).get("/v1/me/sessions").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.find { it.current }.id", equalTo(current))
                .body("items[0].created_at", notNullValue())
                .body("items[0].last_used_at", notNullValue())
                .body("items[0].expires_at", notNullValue());
    }

    @Test
    void deleteSessionRevokesIt() {
        Account a = Api.newOwner();
        Response other = Api.login(a.email(), a.password(), a.tenantSlug());
        String otherId = Api.me(other.path("access_token")).path("session_id");
        given().auth().oauth2(a.accessToken()).delete("/v1/me/sessions/" + otherId).then().statusCode(204);
        Api.me(other.path("access_token")).then().statusCode(401);
        Api.refresh(other.path("refresh_token")).then().statusCode(401);
        Api.me(a.accessToken()).then().statusCode(200);
    }

    @Test
    void deleteSessionOfAnotherUserThenNotFoundAndNothingChanges() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        String bSession = Api.me(b.accessToken()).path("session_id");
        given().auth().oauth2(a.accessToken()).delete("/v1/me/sessions/" + bSession).then().statusCode(404)
                .body("code", equalTo("not_found"));
        Api.me(b.accessToken()).then().statusCode(200);
    }

    @Test
    void deleteSessionWithUnknownOrMalformedIdThen4xx() {
        Account a = Api.newOwner();
        given().auth().oauth2(a.accessToken()).delete("/v1/me/sessions/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(a.accessToken()).delete("/v1/me/sessions/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void passwordChangeRevokesEveryOtherSessionAndKeepsThisOne() {
        Account a = Api.newOwner();
        Response other = Api.login(a.email(), a.password(), a.tenantSlug());
        String newPassword = "a brand new passphrase";
        given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("current_password", a.password(), "new_password", newPassword))
                .post("/v1/me/password").then().statusCode(204);
        Api.me(a.accessToken()).then().statusCode(200);
        Api.me(other.path("access_token")).then().statusCode(401);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(401);
        Api.login(a.email(), newPassword, a.tenantSlug()).then().statusCode(200);
    }

    @Test
    void twoConcurrentPasswordChangesThenExactlyOneWinsAndTheLosersSessionEnds() throws Exception {
        for (int round = 0; round < 3; round++) {
            Account a = Api.newOwner();
            String[] tokens = {a.accessToken(), Api.login(a.email(), a.password(), a.tenantSlug()).path("access_token")};
            String[] passwords = {"first new passphrase " + round, "second new passphrase " + round};
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> f = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    f.add(pool.submit(() -> {
                        go.await();
                        return given().auth().oauth2(tokens[n]).contentType(ContentType.JSON)
                                .body(Map.of("current_password", a.password(), "new_password", passwords[n]))
                                .post("/v1/me/password").statusCode();
                    }));
                }
                go.countDown();
                int s0 = f.get(0).get(), s1 = f.get(1).get();
                org.junit.jupiter.api.Assertions.assertEquals(Set.of(204, 400), Set.of(s0, s1), s0 + " / " + s1);
                int winner = s0 == 204 ? 0 : 1;
                Api.me(tokens[winner]).then().statusCode(200);
                Api.me(tokens[1 - winner]).then().statusCode(401);
                Api.login(a.email(), passwords[winner], a.tenantSlug()).then().statusCode(200);
                Api.login(a.email(), passwords[1 - winner], a.tenantSlug()).then().statusCode(401);
            } finally {
                pool.shutdownNow();
                Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
            }
        }
    }

    /** A switch into one's own tenant costs no hash: without a cap it made a new live session each time. */
    @Test
    void liveSessionsPerUserAndTenantAreCappedOldestFirstAndListedInPages() {
        Account a = Api.newOwner();
        String newest = a.accessToken();
        for (int i = 0; i < 55; i++) {
            newest = Api.switchTo(newest, a.tenantSlug()).then().statusCode(200).extract().path("access_token");
        }
        Api.me(a.accessToken()).then().statusCode(401); // the first session was the oldest
        Api.refresh(a.refreshToken()).then().statusCode(401);
        Api.me(newest).then().statusCode(200);
        assertEquals(50L, Db.count("SELECT count(*) FROM sessions WHERE user_id = ?::uuid AND revoked_at IS NULL", a.userId()));
        assertEquals(6L, Db.count("SELECT count(*) FROM sessions WHERE user_id = ?::uuid AND revoked_reason = 'session_limit'",
                a.userId()));
        Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = given().auth().oauth2(newest).queryParam("limit", 20)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor)).get("/v1/me/sessions");
            page.then().statusCode(200);
            List<String> ids = page.path("items.id");
            ids.forEach(id -> org.junit.jupiter.api.Assertions.assertTrue(seen.add(id), "repeated " + id));
            cursor = page.path("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(50, seen.size());
        assertEquals(3, pages);
        given().auth().oauth2(newest).queryParam("cursor", "garbage!").get("/v1/me/sessions").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void passwordChangeWithWrongCurrentPasswordThenRefusedAndNothingChanges() {
        Account a = Api.newOwner();
        String before = (String) Db.scalar("SELECT password_hash FROM users WHERE id = ?::uuid", a.userId());
        given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("current_password", "not my password", "new_password", "whatever new one"))
                .post("/v1/me/password").then().statusCode(400).body("code", equalTo("invalid_credentials"));
        org.junit.jupiter.api.Assertions.assertEquals(before,
                Db.scalar("SELECT password_hash FROM users WHERE id = ?::uuid", a.userId()));
    }

    @Test
    void passwordChangeWithTooShortNewPasswordThenValidationFailed() {
        Account a = Api.newOwner();
        given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("current_password", a.password(), "new_password", "short"))
                .post("/v1/me/password").then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("new_password"));
    }
}
