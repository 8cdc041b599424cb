package dev.tenantauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Races;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthResourceTest {

    @Test
    void signupWithTenantMakesOwner() {
        String email = Api.unique("a") + "@Example.com";
        String slug = Api.unique("t");
        Api.signup("  " + email + " ", Api.PASSWORD, slug).then().statusCode(201)
                .body("user.email", equalTo(email))
                .body("user.id", notNullValue())
                .body("tenant.slug", equalTo(slug));
        Api.login(email.toLowerCase(), Api.PASSWORD, slug).then().statusCode(200).body("role", equalTo("owner"));
    }

    @Test
    void signupWithoutTenantCreatesUserOnly() {
        Api.signup(Api.unique("solo") + "@example.com", Api.PASSWORD, null).then().statusCode(201)
                .body("user.id", notNullValue())
                .body("tenant", equalTo(null));
    }

    @Test
    void signupWhenEmailTakenCaseInsensitivelyThenConflict() {
        String email = Api.unique("dup") + "@example.com";
        Api.signup(email, Api.PASSWORD, null).then().statusCode(201);
        Api.signup(email.toUpperCase(), Api.PASSWORD, null).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("conflict"));
    }

    /**
     * Signups for a taken address are refused before the hash: a flood of them (64 connections
     * made a real login take 15 s) costs no hashing. The hash timer of /q/metrics counts every
     * Argon2id computation of this JVM.
     */
    @Test
    void duplicateSignupsAreRefusedWithoutComputingAHash() throws Exception {
        String email = Api.unique("flood") + "@example.com";
        Api.signup(email, Api.PASSWORD, null).then().statusCode(201);
        double before = hashes();
        List<Integer> statuses = Races.parallel(16,
                () -> Api.signup(email, "another password " + email, null).statusCode());
        assertTrue(statuses.stream().allMatch(s -> s == 409), statuses.toString());
        assertEquals(before, hashes(), "no hash for a taken address");
    }

    private static double hashes() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("tenant_auth_password_hash_seconds_count"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void signupWhenSlugTakenThenConflictAndNoUserCreated() {
        Account owner = Api.newOwner();
        String email = Api.unique("late") + "@example.com";
        Api.signup(email, Api.PASSWORD, owner.tenantSlug()).then().statusCode(409).body("code", equalTo("conflict"));
        assertEquals(0L, Db.scalar("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email));
    }

    @Test
    void signupWithShortPasswordThenValidationFailed() {
        Api.signup(Api.unique("short") + "@example.com", "1234567", null).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("password"));
    }

    @Test
    void signupWithBadSlugThenValidationFailed() {
        Api.signup(Api.unique("slug") + "@example.com", Api.PASSWORD, "Bad_Slug").then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("tenant.slug"));
    }

    @Test
    void loginReturnsTokenResponse() {
        Account a = Api.newOwner();
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_expires_in", equalTo(2592000))
                .body("tenant", equalTo(a.tenantSlug()))
                .body("role", equalTo("owner"))
                .body("access_token", startsWith("ey"))
                .body("refresh_token.length()", greaterThanOrEqualTo(43));
    }

    @Test
    void loginUnknownEmailAndWrongPasswordAnswerIdentically() {
        Account a = Api.newOwner();
        Response unknown = Api.login(Api.unique("ghost") + "@example.com", "whatever-password", a.tenantSlug());
        Response wrong = Api.login(a.email(), "whatever-password", a.tenantSlug());
        Response noTenant = Api.login(a.email(), a.password(), Api.unique("nosuch"));
        assertEquals(401, unknown.statusCode());
        assertEquals(unknown.statusCode(), wrong.statusCode());
        assertEquals(unknown.body().asString(), wrong.body().asString());
        assertEquals(unknown.body().asString(), noTenant.body().asString());
        assertEquals("invalid_credentials", unknown.path("code"));
    }

    @Test
    void loginWhenMembershipInactiveThenInvalidCredentials() {
        Account a = Api.newOwner();
        Db.exec("UPDATE user_tenant_membership SET is_active = false WHERE user_id = ?::uuid", a.userId());
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void loginAfterTenFailuresForOneEmailThenRateLimited() {
        Account a = Api.newOwner();
        for (int i = 0; i < 10; i++) {
            Api.login(a.email(), "wrong-password-" + i, a.tenantSlug()).then().statusCode(401);
        }
        Response limited = Api.login(a.email(), a.password(), a.tenantSlug());
        limited.then().statusCode(429).contentType("application/problem+json").body("code", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
        // an unknown email is limited the same way: the answer does not tell whether the account exists
        String ghost = Api.unique("ghost") + "@example.com";
        for (int i = 0; i < 10; i++) {
            Api.login(ghost, "wrong-password", a.tenantSlug()).then().statusCode(401);
        }
        Api.login(ghost, "wrong-password", a.tenantSlug()).then().statusCode(429);
        Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
    }

    @Test
    void loginFromAnAddressOverItsLimitThenRateLimited() {
        Account a = Api.newOwner();
        // the address this test client is seen from: learn it from one failure
        Api.login(a.email(), "wrong-password", a.tenantSlug()).then().statusCode(401);
        String addr = (String) Db.scalar("SELECT client_addr FROM login_failures ORDER BY id DESC LIMIT 1");
        try {
            Db.exec("INSERT INTO login_failures (email_key, client_addr, failed_at)"
                    + " SELECT md5(g::text), ?, now() FROM generate_series(1, 100) g", addr);
            Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(429).body("code", equalTo("rate_limited"));
        } finally {
            Db.exec("DELETE FROM login_failures WHERE client_addr = ?", addr);
        }
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
    }

    @Test
    void loginSuccessClearsTheEmailCount() {
        Account a = Api.newOwner();
        for (int i = 0; i < 9; i++) {
            Api.login(a.email(), "wrong-password", a.tenantSlug()).then().statusCode(401);
        }
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
        Api.login(a.email(), "wrong-password", a.tenantSlug()).then().statusCode(401);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
        Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
    }

    @Test
    void fortyConcurrentWrongPasswordsForOneEmailThenAtMostTheLimitAreEvaluated() throws Exception {
        Account a = Api.newOwner();
        try {
            List<Integer> statuses = Races.parallel(40, () -> Api.login(a.email(), "wrong-password", a.tenantSlug()).statusCode());
            long evaluated = statuses.stream().filter(s -> s == 401).count();
            assertTrue(evaluated <= 10, "limit 10 per email, evaluated " + evaluated + ": " + statuses);
            assertEquals(40 - evaluated, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
            // the right password is refused too until the window passes
            Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(429).body("code", equalTo("rate_limited"));
        } finally {
            Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
        }
    }

    @Test
    void concurrentWrongPasswordsFromOneAddressThenAtMostItsRemainderAreEvaluated() throws Exception {
        Account a = Api.newOwner();
        Api.login(a.email(), "wrong-password", a.tenantSlug()).then().statusCode(401);
        String addr = (String) Db.scalar("SELECT client_addr FROM login_failures ORDER BY id DESC LIMIT 1");
        try {
            // 95 of the address's 100 failures are used up (the one above included)
            Db.exec("INSERT INTO login_failures (email_key, client_addr, failed_at)"
                    + " SELECT md5(g::text), ?, now() FROM generate_series(1, 94) g", addr);
            List<Integer> statuses = Races.parallel(20, () -> Api.login(Api.unique("spray") + "@example.com", "wrong-password",
                    a.tenantSlug()).statusCode());
            long evaluated = statuses.stream().filter(s -> s == 401).count();
            assertTrue(evaluated <= 5, "5 left for the address, evaluated " + evaluated + ": " + statuses);
            assertEquals(20 - evaluated, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        } finally {
            Db.exec("DELETE FROM login_failures WHERE client_addr = ?", addr);
        }
    }

    @Test
    void loginWithOutdatedHashParametersUpgradesTheHash() {
        Account a = Api.newOwner();
        // a valid Argon2id hash of the same password with weaker parameters (m=8 KiB, t=1)
        Db.exec("UPDATE users SET password_hash = ? WHERE id = ?::uuid", WEAK_HASH_OF_PASSWORD, a.userId());
        Api.login(a.email(), Api.PASSWORD, a.tenantSlug()).then().statusCode(200);
        String stored = (String) Db.scalar("SELECT password_hash FROM users WHERE id = ?::uuid", a.userId());
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
    }

    /** Argon2id(m=64 KiB, t=1, p=1) of {@link Api#PASSWORD}: valid, but weaker than configured. */
    static final String WEAK_HASH_OF_PASSWORD = weakHash(Api.PASSWORD);

    static String weakHash(String password) {
        byte[] salt = "somesaltsomesalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var params = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build();
        var gen = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[32];
        gen.generateBytes(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=64,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    @Test
    void refreshRotatesTheToken() {
        Account a = Api.newOwner();
        Response r = Api.refresh(a.refreshToken());
        r.then().statusCode(200).header("Cache-Control", "no-store").body("tenant", equalTo(a.tenantSlug()));
        assertNotEquals(a.refreshToken(), r.path("refresh_token"));
        Api.me(r.path("access_token")).then().statusCode(200);
        Api.refresh(r.path("refresh_token")).then().statusCode(200);
    }

    @Test
    void refreshWhenReusedThenSessionRevoked() {
        Account a = Api.newOwner();
        String next = Api.refresh(a.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        Api.refresh(a.refreshToken()).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("token_reused"));
        Api.refresh(next).then().statusCode(401);
        Api.me(a.accessToken()).then().statusCode(401);
    }

    @Test
    void refreshWithUnknownTokenThenInvalidToken() {
        Api.refresh("not-a-token-we-ever-issued").then().statusCode(401).body("code", equalTo("invalid_token"));
    }

    @Test
    void refreshWhenExpiredThenInvalidToken() {
        Account a = Api.newOwner();
        Db.exec("UPDATE refresh_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'"
                + " WHERE user_id = ?::uuid", a.userId());
        Api.refresh(a.refreshToken()).then().statusCode(401).body("code", equalTo("invalid_token"));
    }

    @Test
    void refreshWhenMembershipDeactivatedThenRefused() {
        Account a = Api.newOwner();
        Db.exec("UPDATE user_tenant_membership SET is_active = false WHERE user_id = ?::uuid", a.userId());
        Api.refresh(a.refreshToken()).then().statusCode(401);
    }

    @Test
    void twelveParallelRefreshesWithOneTokenThenExactlyOneSucceeds() throws Exception {
        Account a = Api.newOwner();
        List<String> answers = Races.parallel(12, () -> {
            Response r = Api.refresh(a.refreshToken());
            return r.statusCode() == 200 ? "200" : r.statusCode() + " " + r.jsonPath().getString("code");
        });
        assertEquals(1, answers.stream().filter("200"::equals).count(), answers.toString());
        // every loser waited for the winner's session lock and saw its rotation: a reuse, not "expired"
        assertEquals(11, answers.stream().filter("401 token_reused"::equals).count(), answers.toString());
        // the losers are reuses: the session is revoked
        assertEquals(0L, Db.scalar("SELECT count(*) FROM refresh_tokens WHERE user_id = ?::uuid"
                + " AND revoked_at IS NULL AND rotated_at IS NULL", a.userId()));
    }

    @Test
    void logoutRacingRefreshLeavesTheSessionRevoked() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account a = Api.newOwner();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Response> refresh = pool.submit(() -> {
                    start.await();
                    return Api.refresh(a.refreshToken());
                });
                Future<Response> logout = pool.submit(() -> {
                    start.await();
                    return Api.logout(a.refreshToken());
                });
                start.countDown();
                Response r = refresh.get();
                assertEquals(204, logout.get().statusCode());
                assertTrue(r.statusCode() == 200 || r.statusCode() == 401, "refresh answered " + r.statusCode());
                if (r.statusCode() == 200) {
                    Api.refresh(r.path("refresh_token")).then().statusCode(401);
                    Api.me(r.path("access_token")).then().statusCode(401);
                }
                Api.me(a.accessToken()).then().statusCode(401);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void logoutRevokesTheSessionAndIsIdempotent() {
        Account a = Api.newOwner();
        Api.logout(a.refreshToken()).then().statusCode(204);
        Api.logout(a.refreshToken()).then().statusCode(204);
        Api.refresh(a.refreshToken()).then().statusCode(401);
        Api.me(a.accessToken()).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void logoutWithUnknownTokenIsSilent() {
        Api.logout("never-issued").then().statusCode(204);
    }

    @Test
    void logoutAllRevokesEverySessionInTheTenant() {
        Account a = Api.newOwner();
        Response second = Api.login(a.email(), a.password(), a.tenantSlug());
        given().auth().oauth2(a.accessToken()).post("/v1/auth/logout-all").then().statusCode(204);
        Api.me(a.accessToken()).then().statusCode(401);
        Api.me(second.path("access_token")).then().statusCode(401);
        Api.refresh(second.path("refresh_token")).then().statusCode(401);
    }

    @Test
    void logoutAllLeavesOtherTenantsAlone() {
        Account a = Api.newOwner();
        String other = Api.unique("t");
        Api.createTenant(a.accessToken(), other).then().statusCode(201);
        Response inOther = Api.login(a.email(), a.password(), other);
        given().auth().oauth2(a.accessToken()).post("/v1/auth/logout-all").then().statusCode(204);
        Api.me(inOther.path("access_token")).then().statusCode(200);
    }

    @Test
    void logoutAllWithoutTokenThenUnauthorized() {
        given().post("/v1/auth/logout-all").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json");
    }

    @Test
    void switchToAnotherTenantWhereMember() {
        Account a = Api.newOwner();
        String other = Api.unique("t");
        Api.createTenant(a.accessToken(), other).then().statusCode(201).body("slug", equalTo(other));
        Response sw = Api.switchTo(a.accessToken(), other);
        sw.then().statusCode(200).header("Cache-Control", "no-store").body("tenant", equalTo(other)).body("role", equalTo("owner"));
        Api.me(sw.path("access_token")).then().statusCode(200).body("tenant.slug", equalTo(other));
        Api.me(a.accessToken()).then().statusCode(200).body("tenant.slug", equalTo(a.tenantSlug()));
    }

    @Test
    void switchToATenantWithoutMembershipThenForbidden() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        Api.switchTo(a.accessToken(), b.tenantSlug()).then().statusCode(403).body("code", equalTo("forbidden"));
        Api.switchTo(a.accessToken(), Api.unique("nosuch")).then().statusCode(403);
    }

    @Test
    void createTenantWithTakenSlugThenConflict() {
        Account a = Api.newOwner();
        Api.createTenant(a.accessToken(), a.tenantSlug()).then().statusCode(409).body("code", is("conflict"));
    }
}
