package dev.tenantauth.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.OAuth;
import dev.tenantauth.support.Tokens;
import dev.tenantauth.support.Totps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hosted login page's second step: TOTP, a recovery code, and the enrollment a tenant with
 * {@code mfa_required} asks of a member without a factor; {@code amr} in the ID token.
 */
@QuarkusTest
class OAuthMfaTest {

    static final String SCOPE = "openid email";

    @Test
    void aUserWithTotpEntersTheCodeAfterThePasswordAndTheIdTokenSaysOtp() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Totps.Enrolled totp = Totps.enroll(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        run.response().then().statusCode(200).body(containsString("id=\"mfa\""))
                .body(containsString("<label for=\"code\">Authentication code</label>"));
        assertTrue(!run.cookies().containsKey("ta_sso"), "no browser session before the second factor");
        Map<String, String> fields = OAuth.hidden(run.response().asString(), "mfa");
        // a wrong code keeps the page, with the one message
        fields.put("code", "000000".equals(Totps.code(totp.secret(), 0)) ? "111111" : "000000");
        OAuth.submit("/oauth2/authorize/mfa", fields, run.cookies()).then().statusCode(401)
                .body(containsString(AuthorizeResource.WRONG));
        Totps.awaitRoomInStep();
        fields.put("code", Totps.code(totp.secret(), 0));
        Response done = OAuth.submit("/oauth2/authorize/mfa", fields, run.cookies());
        assertEquals(303, done.statusCode(), done.asString());
        Response tokens = OAuth.exchange(client, OAuth.param(done, "code"), pkce.verifier());
        tokens.then().statusCode(200);
        assertEquals(List.of("pwd", "otp"), new JsonPath(Tokens.payload(tokens.path("id_token"))).getList("amr"));
        assertEquals(List.of("pwd", "otp"), new JsonPath(Tokens.payload(tokens.path("access_token"))).getList("amr"));
        // the browser session remembers both factors
        Response again = OAuth.authorize(OAuth.params(client, pkce, SCOPE), OAuth.cookies(run.cookies(), done));
        assertEquals(303, again.statusCode(), again.asString());
    }

    @Test
    void aRecoveryCodeWorksOnceInsteadOfTheCode() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Totps.Enrolled totp = Totps.enroll(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        for (int i = 0; i < 2; i++) {
            OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
            Map<String, String> fields = OAuth.hidden(run.response().asString(), "recovery");
            fields.put("recovery_code", totp.recoveryCodes().get(0));
            Response r = OAuth.submit("/oauth2/authorize/mfa", fields, run.cookies());
            if (i == 0) {
                assertEquals(303, r.statusCode(), r.asString());
                OAuth.exchange(client, OAuth.param(r, "code"), pkce.verifier()).then().statusCode(200);
            } else {
                r.then().statusCode(401).body(containsString(AuthorizeResource.WRONG));
            }
        }
    }

    @Test
    void aTenantThatRequiresMfaHasAMemberWithoutOneEnrollOnThePage() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("mfa_required", true))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/settings").then().statusCode(200);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        String page = run.response().then().statusCode(200).body(containsString("id=\"enroll\"")).extract().asString();
        Matcher secret = Pattern.compile("<code id=\"totp-secret\">([A-Z2-7=]+)</code>").matcher(page);
        assertTrue(secret.find(), page);
        assertTrue(page.contains("otpauth://totp/"), page);
        Map<String, String> fields = OAuth.hidden(page, "enroll");
        Totps.awaitRoomInStep();
        fields.put("code", Totps.code(secret.group(1), 0));
        Response codes = OAuth.submit("/oauth2/authorize/mfa", fields, run.cookies());
        String shown = codes.then().statusCode(200).body(containsString("id=\"recovery-codes\"")).extract().asString();
        assertEquals(10, Pattern.compile("<li><code>").matcher(shown).results().count(), shown);
        Matcher next = Pattern.compile("<a id=\"continue\" class=\"button\" href=\"([^\"]+)\">").matcher(shown);
        assertTrue(next.find(), shown);
        String location = next.group(1).replace("&amp;", "&");
        assertTrue(location.startsWith(OAuth.REDIRECT + "?code="), location);
        Response tokens = OAuth.exchange(client, OAuth.query(location).get("code"), pkce.verifier());
        tokens.then().statusCode(200);
        assertEquals(List.of("pwd", "otp"), new JsonPath(Tokens.payload(tokens.path("id_token"))).getList("amr"));
        OAuth.userinfo(tokens.path("access_token")).then().statusCode(200).body("sub", equalTo(owner.userId()));
    }

    @Test
    void aBrowserSessionWithoutASecondFactorMustAddOneOnceTheTenantRequiresIt() {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        OAuth.Pkce pkce = OAuth.Pkce.create();
        OAuth.Run run = OAuth.signIn(OAuth.params(client, pkce, SCOPE), owner.email(), owner.password(), Map.of());
        String code = run.code();
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("mfa_required", true))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/settings").then().statusCode(200);
        // a code issued before the policy, exchanged after it: refused
        OAuth.exchange(client, code, pkce.verifier()).then().statusCode(400).body("error", equalTo("invalid_grant"));
        OAuth.authorize(OAuth.params(client, pkce, SCOPE), run.cookies()).then().statusCode(200)
                .body(containsString("id=\"enroll\""));
        Map<String, String> none = OAuth.params(client, pkce, SCOPE);
        none.put("prompt", "none");
        assertEquals("interaction_required", OAuth.param(OAuth.authorize(none, run.cookies()), "error"));
    }
}
