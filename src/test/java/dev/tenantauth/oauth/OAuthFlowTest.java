package dev.tenantauth.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.OAuth;
import dev.tenantauth.support.Races;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow with PKCE through the hosted login page, the token endpoint's
 * grants and errors (RFC 6749 §5.2 JSON), ID tokens, userinfo, revocation and introspection, on
 * the JSON API's sessions and per-request check.
 */
@QuarkusTest
class OAuthFlowTest {

    static final String SCOPE = "openid email";

    @jakarta.inject.Inject
    dev.tenantauth.ops.Cleanup cleanup;

    @Test
    void cleanupDeletesLongExpiredCodesBrowserSessionsAndRevokedClientTokens() throws Exception {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        String live = OAuth.code(client, pkce, owner, SCOPE);
        Db.exec("UPDATE oauth_codes SET created_at = now() - interval '30 days', expires_at = now() - interval '30 days'"
                + " + interval '60 seconds' WHERE code_hash = sha256(convert_to(?, 'UTF8'))", run.code());
        Db.exec("UPDATE oauth_browser_sessions SET expires_at = now() - interval '30 days' WHERE user_id = ?::uuid",
                owner.userId());
        Db.exec("INSERT INTO oauth_revoked_tokens (jti, client_id, expires_at) VALUES (?::uuid, ?::uuid, now() - interval '1 minute')",
                UUID.randomUUID().toString(), client.id());
        Map<String, Long> deleted = cleanup.run(java.time.Instant.now());
        assertTrue(deleted.get("oauth_codes") >= 1, deleted.toString());
        assertTrue(deleted.get("oauth_browser_sessions") >= 1, deleted.toString());
        assertTrue(deleted.get("oauth_revoked_tokens") >= 1, deleted.toString());
        assertEquals(0L, Db.count("SELECT count(*) FROM oauth_browser_sessions WHERE user_id = ?::uuid", owner.userId()));
        OAuth.exchange(client, live, pkce.verifier()).then().statusCode(200); // a live code stays
    }

    @Test
    void codeFlowWithPkceGivesTokensAnIdTokenAndUserinfo() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Map<String, String> params = OAuth.params(client, pkce, SCOPE);
        OAuth.Run run = OAuth.signIn(params, owner.email(), owner.password(), Map.of());
        assertEquals(303, run.response().statusCode(), run.response().asString());
        Map<String, String> back = OAuth.query(run.response().header("Location"));
        assertTrue(run.response().header("Location").startsWith(OAuth.REDIRECT + "?"));
        assertEquals(params.get("state"), back.get("state"));
        assertEquals("http://localhost:8080", back.get("iss"));

        Response tokens = OAuth.exchange(client, back.get("code"), pkce.verifier());
        tokens.then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_token", notNullValue())
                .body("id_token", notNullValue())
                .body("scope", equalTo(SCOPE));
        JsonPath id = new JsonPath(Tokens.payload(tokens.path("id_token")));
        assertEquals(owner.userId(), id.getString("sub"));
        assertEquals(client.id(), id.getString("aud"));
        assertEquals(client.id(), id.getString("azp"));
        assertEquals(params.get("nonce"), id.getString("nonce"));
        assertEquals(owner.email(), id.getString("email"));
        assertEquals(false, id.getBoolean("email_verified"));
        assertEquals(owner.tenantId(), id.getString("tid"));
        assertEquals(owner.tenantSlug(), id.getString("tenant"));
        assertEquals(List.of("pwd"), id.getList("amr"));
        assertEquals("http://localhost:8080", id.getString("iss"));
        assertTrue(id.getLong("auth_time") > 0 && id.getLong("auth_time") <= id.getLong("iat"));
        JsonPath access = new JsonPath(Tokens.payload(tokens.path("access_token")));
        assertEquals(client.id(), access.getString("client_id"));
        assertEquals(SCOPE, access.getString("scope"));
        assertEquals("owner", access.getString("role"));

        OAuth.userinfo(tokens.path("access_token")).then().statusCode(200)
                .body("sub", equalTo(owner.userId()))
                .body("email", equalTo(owner.email()))
                .body("email_verified", equalTo(false))
                .body("tid", equalTo(owner.tenantId()))
                .body("tenant", equalTo(owner.tenantSlug()));
        // the same per-request check as the JSON API: /v1/me works with it too
        Api.me(tokens.path("access_token")).then().statusCode(200).body("tenant.slug", equalTo(owner.tenantSlug()));
        // its session is this client's: the JSON refresh refuses it
        Api.refresh(tokens.path("refresh_token")).then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tenant_auth_oauth_tokens_total{grant=\"authorization_code\",outcome=\"success\"}"))
                .body(containsString("tenant_auth_oauth_tokens_total{grant=\"client_credentials\",outcome=\"invalid_scope\"}"));
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenRevokesTheSession() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Response tokens = OAuth.exchange(client, OAuth.code(client, pkce, owner, SCOPE), pkce.verifier());
        String first = tokens.path("refresh_token");
        Response rotated = OAuth.refresh(client, first);
        rotated.then().statusCode(200).body("id_token", notNullValue()).body("refresh_token", not(equalTo(first)));
        JsonPath id = new JsonPath(Tokens.payload(rotated.path("id_token")));
        assertNull(id.get("nonce"), "a refreshed ID token carries no nonce");
        // narrowing the scope is allowed, widening is not
        OAuth.token(client, Map.of("grant_type", "refresh_token", "refresh_token", rotated.path("refresh_token"),
                "scope", "openid email profile")).then().statusCode(400).body("error", equalTo("invalid_scope"));
        // the reuse of the first token revokes the session: the rotated one dies with it
        OAuth.refresh(client, first).then().statusCode(400).body("error", equalTo("invalid_grant"));
        OAuth.refresh(client, rotated.path("refresh_token")).then().statusCode(400).body("error", equalTo("invalid_grant"));
        OAuth.userinfo(rotated.path("access_token")).then().statusCode(401);
    }

    @Test
    void aRefreshTokenWorksOnlyForItsOwnClientAndFrontDoor() {
        Api.Account owner = Api.newOwner();
        OAuth.Client a = OAuth.confidential(owner);
        OAuth.Client b = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String refresh = OAuth.exchange(a, OAuth.code(a, pkce, owner, SCOPE), pkce.verifier()).path("refresh_token");
        OAuth.refresh(b, refresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
        OAuth.refresh(a, refresh).then().statusCode(200); // not spent by b's attempt
        // a JSON-API refresh token is not a client's
        OAuth.refresh(a, owner.refreshToken()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        Api.refresh(owner.refreshToken()).then().statusCode(200);
    }

    @Test
    void clientSecretPostWorksAndTwoMethodsAtOnceAreRefused() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(client, pkce, owner, SCOPE);
        given().contentType(ContentType.URLENC).auth().preemptive().basic(client.id(), client.secret())
                .formParam("client_secret", client.secret()).formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", client.redirectUri())
                .formParam("code_verifier", pkce.verifier())
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("client_id", client.id())
                .formParam("client_secret", client.secret()).formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", client.redirectUri())
                .formParam("code_verifier", pkce.verifier())
                .post("/oauth2/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void wrongClientCredentialsAre401InvalidClientWithBasicChallengeWhenBasicWasUsed() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Map<String, String> form = Map.of("grant_type", "refresh_token", "refresh_token", "x");
        OAuth.token(new OAuth.Client(client.id(), "wrong-secret", client.redirectUri()), form).then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", containsString("Basic"))
                .body("error", equalTo("invalid_client"));
        given().contentType(ContentType.URLENC).formParam("client_id", client.id()).formParam("client_secret", "wrong")
                .formParam("grant_type", "refresh_token").formParam("refresh_token", "x")
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", not(containsString("Basic")));
        // a confidential client without its secret, and an unknown client
        given().contentType(ContentType.URLENC).formParam("client_id", client.id())
                .formParam("grant_type", "refresh_token").formParam("refresh_token", "x")
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        OAuth.token(new OAuth.Client(UUID.randomUUID().toString(), "s", OAuth.REDIRECT), form).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        given().contentType(ContentType.URLENC).header("Authorization", "Basic !!!")
                .formParam("grant_type", "refresh_token").post("/oauth2/token").then().statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void pkceMismatchRedirectMismatchAndMissingParametersAreInvalidGrantOrRequest() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(client, pkce, owner, SCOPE);
        OAuth.exchange(client, code, OAuth.Pkce.create().verifier()).then().statusCode(400)
                .body("error", equalTo("invalid_grant")).body("error_description", containsString("code_verifier"));
        // the failed attempt spent the code
        OAuth.exchange(client, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));

        String code2 = OAuth.code(client, pkce, owner, SCOPE);
        OAuth.token(client, Map.of("grant_type", "authorization_code", "code", code2, "redirect_uri",
                "http://127.0.0.1:9/other", "code_verifier", pkce.verifier())).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        OAuth.token(client, Map.of("grant_type", "authorization_code", "code", "x")).then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        OAuth.token(client, Map.of("grant_type", "password", "username", "a", "password", "b")).then().statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));
        OAuth.token(client, Map.of()).then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesWhatTheFirstExchangeIssued() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(client, pkce, owner, SCOPE);
        Response first = OAuth.exchange(client, code, pkce.verifier());
        first.then().statusCode(200);
        OAuth.userinfo(first.path("access_token")).then().statusCode(200);
        OAuth.exchange(client, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        OAuth.userinfo(first.path("access_token")).then().statusCode(401);
        OAuth.refresh(client, first.path("refresh_token")).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void ofConcurrentExchangesOfOneCodeExactlyOneSucceeds() throws Exception {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(client, pkce, owner, SCOPE);
        List<Integer> statuses = Races.parallel(8, () -> OAuth.exchange(client, code, pkce.verifier()).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        assertEquals(1L, Db.count("SELECT count(*) FROM sessions WHERE client_id = ?::uuid", client.id()));
    }

    @Test
    void anExpiredCodeIsInvalidGrant() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(client, pkce, owner, SCOPE);
        Db.exec("UPDATE oauth_codes SET created_at = created_at - interval '2 minutes',"
                + " expires_at = expires_at - interval '2 minutes' WHERE client_id = ?::uuid", client.id());
        OAuth.exchange(client, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("expired"));
    }

    @Test
    void aCodeIssuedToOneClientCannotBeExchangedByAnother() {
        Api.Account owner = Api.newOwner();
        OAuth.Client a = OAuth.confidential(owner);
        OAuth.Client b = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String code = OAuth.code(a, pkce, owner, SCOPE);
        OAuth.exchange(b, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aPublicClientUsesPkceWithoutASecret() {
        Api.Account owner = Api.newOwner();
        OAuth.Client spa = OAuth.publicClient(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        // without PKCE the authorize request goes back with invalid_request
        Map<String, String> noPkce = OAuth.params(spa, pkce, SCOPE);
        noPkce.remove("code_challenge");
        noPkce.remove("code_challenge_method");
        Response r = OAuth.authorize(noPkce, Map.of());
        assertEquals(303, r.statusCode());
        assertEquals("invalid_request", OAuth.param(r, "error"));
        assertEquals(noPkce.get("state"), OAuth.param(r, "state"));
        // plain is refused
        Map<String, String> plain = OAuth.params(spa, pkce, SCOPE);
        plain.put("code_challenge_method", "plain");
        assertEquals("invalid_request", OAuth.param(OAuth.authorize(plain, Map.of()), "error"));

        String code = OAuth.code(spa, pkce, owner, SCOPE);
        Response tokens = OAuth.exchange(spa, code, pkce.verifier());
        tokens.then().statusCode(200).body("id_token", notNullValue()).body("refresh_token", notNullValue());
        OAuth.refresh(spa, tokens.path("refresh_token")).then().statusCode(200);
        // a public client may not introspect
        given().contentType(ContentType.URLENC).formParam("client_id", spa.id())
                .formParam("token", (String) tokens.path("access_token")).post("/oauth2/introspect")
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void authorizeErrorsThatCannotBeRedirectedRenderAnErrorPage() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Map<String, String> wrongUri = OAuth.params(client, pkce, SCOPE);
        wrongUri.put("redirect_uri", "https://evil.example/cb");
        Response r = OAuth.authorize(wrongUri, Map.of());
        r.then().statusCode(400).contentType(containsString("text/html")).body(containsString("not registered"));
        assertEquals(null, r.header("Location"));
        Map<String, String> unknown = OAuth.params(new OAuth.Client(UUID.randomUUID().toString(), null, OAuth.REDIRECT),
                pkce, SCOPE);
        OAuth.authorize(unknown, Map.of()).then().statusCode(400).contentType(containsString("text/html"));
        Map<String, String> bad = OAuth.params(client, pkce, SCOPE);
        bad.put("client_id", "not-a-uuid");
        OAuth.authorize(bad, Map.of()).then().statusCode(400);
        OAuth.authorize(Map.of(), Map.of()).then().statusCode(400);
    }

    @Test
    void authorizeErrorsAfterTheRedirectIsKnownGoBackToTheClient() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Map<String, String> token = OAuth.params(client, pkce, SCOPE);
        token.put("response_type", "token");
        assertEquals("unsupported_response_type", OAuth.param(OAuth.authorize(token, Map.of()), "error"));
        Map<String, String> beyond = OAuth.params(client, pkce, "openid email admin:all");
        Response r = OAuth.authorize(beyond, Map.of());
        assertEquals("invalid_scope", OAuth.param(r, "error"));
        assertEquals("http://localhost:8080", OAuth.param(r, "iss"));
        Map<String, String> none = OAuth.params(client, pkce, SCOPE);
        none.put("prompt", "none");
        assertEquals("login_required", OAuth.param(OAuth.authorize(none, Map.of()), "error"));
    }

    @Test
    void theLoginPageIsProtected() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Response page = OAuth.authorize(OAuth.params(client, OAuth.Pkce.create(), SCOPE), Map.of());
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("form-action 'self' http://127.0.0.1:9"))
                .body(containsString("<label for=\"email\">"))
                .body(containsString("<label for=\"password\">"))
                .body(not(containsString("<script")));
        String setCookie = page.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        // without the CSRF token (or with another one) the form is refused and nothing is checked
        Map<String, String> fields = OAuth.hidden(page.asString(), "login");
        fields.put("email", owner.email());
        fields.put("password", owner.password());
        OAuth.submit("/oauth2/authorize", fields, Map.of()).then().statusCode(400)
                .body(containsString("did not come from this site"));
        OAuth.submit("/oauth2/authorize", fields, Map.of("ta_csrf", "A".repeat(43))).then().statusCode(400);
    }

    @Test
    void everyLoginFailureShowsTheSameMessage() {
        Api.Account owner = Api.newOwner();
        Api.Account outsider = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        String wrongPassword = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), "wrong password!", Map.of())
                .response().then().statusCode(401).extract().asString();
        String unknown = OAuth.signIn(OAuth.params(client, pkce, SCOPE), "nobody-" + UUID.randomUUID() + "@example.com",
                "wrong password!", Map.of()).response().then().statusCode(401).extract().asString();
        String notMember = OAuth.signIn(OAuth.params(client, pkce, SCOPE), outsider.email(), outsider.password(),
                Map.of()).response().then().statusCode(401).extract().asString();
        for (String page : List.of(wrongPassword, unknown, notMember)) {
            assertTrue(page.contains("id=\"error\"") && page.contains(AuthorizeResource.WRONG), page);
        }
    }

    @Test
    void theBrowserSessionSkipsThePasswordForTheSameTenantUntilLogout() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run first = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        first.code();
        assertTrue(first.cookies().containsKey("ta_sso"), first.cookies().toString());
        String sso = first.response().header("Set-Cookie");
        assertTrue(sso.contains("HttpOnly") && sso.contains("SameSite=Lax") && !sso.contains("Secure"), sso);
        Response again = OAuth.authorize(OAuth.params(client, pkce, SCOPE), first.cookies());
        assertEquals(303, again.statusCode(), again.asString());
        Response tokens = OAuth.exchange(client, OAuth.param(again, "code"), pkce.verifier());
        tokens.then().statusCode(200);
        JsonPath id = new JsonPath(Tokens.payload(tokens.path("id_token")));
        assertEquals(new JsonPath(Tokens.payload(OAuth.exchange(client, first.code(), pkce.verifier()).path("id_token")))
                .getLong("auth_time"), id.getLong("auth_time"), "auth_time is the password's time, not the second authorize's");
        // prompt=login asks again
        Map<String, String> login = OAuth.params(client, pkce, SCOPE);
        login.put("prompt", "login");
        OAuth.authorize(login, first.cookies()).then().statusCode(200);
        // logout ends it
        Response logoutPage = given().cookies(first.cookies()).get("/oauth2/logout");
        logoutPage.then().statusCode(200).body(containsString("Sign out"));
        Map<String, String> jar = OAuth.cookies(first.cookies(), logoutPage);
        Response out = OAuth.submit("/oauth2/logout", OAuth.hidden(logoutPage.asString(), "logout"), jar);
        out.then().statusCode(200).body(containsString("signed out"));
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), OAuth.cookies(jar, out)).then().statusCode(200);
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), first.cookies()).then().statusCode(200); // the old cookie is dead
    }

    @Test
    void aPasswordChangeOrLogoutAllEndsTheBrowserSessionsToo() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        run.code();
        assertEquals(303, OAuth.authorize(OAuth.params(client, pkce, SCOPE), run.cookies()).statusCode());
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("current_password", owner.password(), "new_password", "another long password"))
                .post("/v1/me/password").then().statusCode(204);
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), run.cookies()).then().statusCode(200)
                .body(containsString("id=\"login\""));

        OAuth.Run again = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), "another long password", Map.of());
        again.code();
        given().auth().oauth2(owner.accessToken()).post("/v1/auth/logout-all").then().statusCode(204);
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), again.cookies()).then().statusCode(200);
    }

    @Test
    void theBrowserSessionOfAnotherTenantDoesNotCarryOver() {
        Api.Account owner = Api.newOwner();
        Api.Account other = Api.newOwner();
        OAuth.Client mine = OAuth.confidential(owner);
        OAuth.Client theirs = OAuth.confidential(other);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(mine, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        run.code();
        OAuth.authorize(OAuth.params(theirs, pkce, SCOPE), run.cookies()).then().statusCode(200)
                .body(containsString("id=\"login\""));
    }

    @Test
    void cancelGoesBackWithAccessDenied() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Map<String, String> params = OAuth.params(client, OAuth.Pkce.create(), SCOPE);
        Response page = OAuth.authorize(params, Map.of());
        Response r = OAuth.submit("/oauth2/authorize/cancel", OAuth.hidden(page.asString(), "login"),
                OAuth.cookies(Map.of(), page));
        assertEquals(303, r.statusCode());
        assertEquals("access_denied", OAuth.param(r, "error"));
        assertEquals(params.get("state"), OAuth.param(r, "state"));
    }

    @Test
    void aDisabledClientsTokensStopAtOnceAndItCanNoLongerAuthorize() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Client introspector = OAuth.confidential(owner, List.of("client_credentials"), List.of());
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Response tokens = OAuth.exchange(client, OAuth.code(client, pkce, owner, SCOPE), pkce.verifier());
        OAuth.introspect(introspector, tokens.path("access_token")).then().statusCode(200).body("active", equalTo(true))
                .body("client_id", equalTo(client.id())).body("scope", equalTo(SCOPE))
                .body("username", equalTo(owner.email())).body("tenant", equalTo(owner.tenantSlug()));
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/clients/" + client.id())
                .then().statusCode(200).body("enabled", equalTo(false));
        OAuth.userinfo(tokens.path("access_token")).then().statusCode(401);
        OAuth.introspect(introspector, tokens.path("access_token")).then().statusCode(200).body("active", equalTo(false));
        OAuth.refresh(client, tokens.path("refresh_token")).then().statusCode(401).body("error", equalTo("invalid_client"));
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), Map.of()).then().statusCode(400);
    }

    @Test
    void introspectionSaysInactiveFromTheRequestAfterDeactivationOrRevocation() {
        Api.Account owner = Api.newOwner();
        String memberEmail = Api.unique("m") + "@example.com";
        Response signup = Api.signup(memberEmail, Api.PASSWORD, null);
        signup.then().statusCode(201);
        Api.join(owner, memberEmail, "member");
        Api.Account member = new Api.Account(memberEmail, Api.PASSWORD, signup.path("user.id"), owner.tenantSlug(),
                owner.tenantId(), null, null);
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Response tokens = OAuth.exchange(client, OAuth.code(client, pkce, member, SCOPE), pkce.verifier());
        OAuth.introspect(client, tokens.path("access_token")).then().body("active", equalTo(true))
                .body("role", equalTo("member"));
        OAuth.introspect(client, tokens.path("refresh_token")).then().body("active", equalTo(true))
                .body("token_type", equalTo("refresh_token"));
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/members/" + member.userId()).then().statusCode(200);
        OAuth.introspect(client, tokens.path("access_token")).then().statusCode(200).body("active", equalTo(false))
                .body("scope", nullValue());
        OAuth.introspect(client, tokens.path("refresh_token")).then().body("active", equalTo(false));

        // revocation of a refresh token ends its session
        OAuth.Pkce p2 = OAuth.Pkce.create();
        Response mine = OAuth.exchange(client, OAuth.code(client, p2, owner, SCOPE), p2.verifier());
        OAuth.revoke(client, mine.path("refresh_token")).then().statusCode(200);
        OAuth.introspect(client, mine.path("access_token")).then().body("active", equalTo(false));
        OAuth.refresh(client, mine.path("refresh_token")).then().statusCode(400);
        // an access token's revocation ends its session too; unknown tokens answer 200 all the same
        OAuth.Pkce p3 = OAuth.Pkce.create();
        Response third = OAuth.exchange(client, OAuth.code(client, p3, owner, SCOPE), p3.verifier());
        OAuth.revoke(client, third.path("access_token")).then().statusCode(200);
        OAuth.userinfo(third.path("access_token")).then().statusCode(401);
        OAuth.revoke(client, "no-such-token").then().statusCode(200);
        // a token of another tenant is inactive to this tenant's clients
        Api.Account other = Api.newOwner();
        OAuth.Client foreign = OAuth.confidential(other, List.of("client_credentials"), List.of());
        OAuth.Pkce p4 = OAuth.Pkce.create();
        Response fourth = OAuth.exchange(client, OAuth.code(client, p4, owner, SCOPE), p4.verifier());
        OAuth.introspect(foreign, fourth.path("access_token")).then().body("active", equalTo(false));
        OAuth.introspect(client, "garbage").then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void clientCredentialsGiveAClientTokenWithoutRefreshThatRevocationAndDeletionCut() {
        Api.Account owner = Api.newOwner();
        OAuth.Client service = OAuth.confidential(owner, List.of("client_credentials"), List.of("orders:read", "orders:write"));
        Response t = OAuth.token(service, Map.of("grant_type", "client_credentials", "scope", "orders:read"));
        t.then().statusCode(200).body("token_type", equalTo("Bearer")).body("scope", equalTo("orders:read"))
                .body("refresh_token", nullValue()).body("id_token", nullValue());
        JsonPath claims = new JsonPath(Tokens.payload(t.path("access_token")));
        assertEquals(service.id(), claims.getString("sub"));
        assertEquals(service.id(), claims.getString("client_id"));
        assertEquals(owner.tenantId(), claims.getString("tid"));
        assertNull(claims.get("sid"));
        OAuth.introspect(service, t.path("access_token")).then().body("active", equalTo(true))
                .body("sub", equalTo(service.id())).body("scope", equalTo("orders:read"));
        // not a user: the JSON API and userinfo refuse it
        Api.me(t.path("access_token")).then().statusCode(401);
        OAuth.userinfo(t.path("access_token")).then().statusCode(401);
        OAuth.token(service, Map.of("grant_type", "client_credentials", "scope", "orders:delete")).then()
                .statusCode(400).body("error", equalTo("invalid_scope"));
        OAuth.token(service, Map.of("grant_type", "client_credentials", "scope", "openid")).then()
                .statusCode(400).body("error", equalTo("invalid_scope"));
        OAuth.token(service, Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", OAuth.REDIRECT,
                "code_verifier", "x")).then().statusCode(400).body("error", equalTo("unauthorized_client"));
        OAuth.revoke(service, t.path("access_token")).then().statusCode(200);
        OAuth.introspect(service, t.path("access_token")).then().body("active", equalTo(false));

        Response t2 = OAuth.token(service, Map.of("grant_type", "client_credentials"));
        t2.then().statusCode(200).body("scope", equalTo("orders:read orders:write"));
        OAuth.Client introspector = OAuth.confidential(owner, List.of("client_credentials"), List.of());
        OAuth.introspect(introspector, t2.path("access_token")).then().body("active", equalTo(true));
        given().auth().oauth2(owner.accessToken()).delete("/v1/tenants/" + owner.tenantSlug() + "/clients/" + service.id())
                .then().statusCode(204);
        OAuth.introspect(introspector, t2.path("access_token")).then().body("active", equalTo(false));
        OAuth.token(service, Map.of("grant_type", "client_credentials")).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        // a code client may not use client_credentials
        OAuth.Client web = OAuth.confidential(owner);
        OAuth.token(web, Map.of("grant_type", "client_credentials")).then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void theTokenEndpointAnswersRfc6749JsonToAnyBadRequest() {
        given().contentType(ContentType.JSON).body("{\"grant_type\":\"client_credentials\"}").post("/oauth2/token")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", equalTo("invalid_request"));
        given().get("/oauth2/token").then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("grant_type", "refresh_token").post("/oauth2/token").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).body("%zz=%%%").post("/oauth2/token").then().statusCode(400)
                .contentType(ContentType.JSON).body("error", notNullValue());
    }

    @Test
    void discoveryNamesTheEndpointsTheServiceOffers() {
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            given().get(path).then().statusCode(200)
                    .body("issuer", equalTo("http://localhost:8080"))
                    .body("authorization_endpoint", equalTo("http://localhost:8080/oauth2/authorize"))
                    .body("token_endpoint", equalTo("http://localhost:8080/oauth2/token"))
                    .body("userinfo_endpoint", equalTo("http://localhost:8080/oauth2/userinfo"))
                    .body("revocation_endpoint", equalTo("http://localhost:8080/oauth2/revoke"))
                    .body("introspection_endpoint", equalTo("http://localhost:8080/oauth2/introspect"))
                    .body("jwks_uri", equalTo("http://localhost:8080/.well-known/jwks.json"))
                    .body("response_types_supported", equalTo(List.of("code")))
                    .body("code_challenge_methods_supported", equalTo(List.of("S256")))
                    .body("grant_types_supported", hasItems("authorization_code", "refresh_token", "client_credentials"))
                    .body("token_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post"))
                    .body("scopes_supported", hasItems("openid", "email"))
                    .body("claims_supported", hasItems("sub", "email", "email_verified", "tid", "tenant", "amr", "nonce"))
                    .body("id_token_signing_alg_values_supported", hasItems("RS256"));
        }
        String a = given().get("/.well-known/openid-configuration").asString();
        String b = given().get("/.well-known/oauth-authorization-server").asString();
        assertEquals(a, b);
        assertFalse(a.contains("password"), "the password grant is not offered");
    }

    @Test
    void userinfoNeedsTheOpenidScopeForClientTokensAndShowsEmailOnlyWithEmail() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner, List.of("authorization_code"), List.of("openid", "email", "api"));
        OAuth.Pkce pkce = OAuth.Pkce.create();
        Response apiOnly = OAuth.exchange(client, OAuth.code(client, pkce, owner, "api"), pkce.verifier());
        apiOnly.then().statusCode(200).body("id_token", nullValue()).body("refresh_token", nullValue());
        OAuth.userinfo(apiOnly.path("access_token")).then().statusCode(403)
                .header("WWW-Authenticate", containsString("insufficient_scope"));
        Response openid = OAuth.exchange(client, OAuth.code(client, pkce, owner, "openid"), pkce.verifier());
        OAuth.userinfo(openid.path("access_token")).then().statusCode(200).body("sub", equalTo(owner.userId()))
                .body("email", nullValue());
        assertNull(new JsonPath(Tokens.payload(openid.path("id_token"))).get("email"));
        // a JSON-API token shows everything
        OAuth.userinfo(owner.accessToken()).then().statusCode(200).body("email", equalTo(owner.email()));
        given().auth().oauth2(owner.accessToken()).post("/oauth2/userinfo").then().statusCode(200);
        given().get("/oauth2/userinfo").then().statusCode(401);
    }

}
