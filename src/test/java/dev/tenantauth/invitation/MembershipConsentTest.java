package dev.tenantauth.invitation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Races;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nobody is made a member without their consent, and adding someone says nothing about whether
 * the address has an account (issue 16, item 7): adding is inviting; the invitee accepts with the
 * mailed token (with a bearer token, or with their password when they have no tenant to log in to);
 * a member can leave.
 */
@QuarkusTest
class MembershipConsentTest {

    @Test
    void addingAKnownOrAnUnknownAddressAnswersTheSameAndMakesNoMember() {
        Account admin = Api.newOwner();
        Account known = Api.newOwner();
        String unknown = Api.unique("nobody") + "@example.com";
        Response a = Api.invite(admin, known.email(), "member");
        Response b = Api.invite(admin, unknown, "member");
        a.then().statusCode(201);
        b.then().statusCode(201);
        assertEquals(shape(a), shape(b), "the same fields whether or not the address has an account");
        assertEquals(a.getHeader("Cache-Control"), b.getHeader("Cache-Control"));
        assertNull(a.path("invitation.token"), "mailed: the token is in the mail only");
        // the known user does not find the tenant anywhere until they accept
        given().auth().oauth2(known.accessToken()).get("/v1/me/tenants").then().statusCode(200)
                .body("items.tenant.slug", not(hasItem(admin.tenantSlug())));
        Api.switchTo(known.accessToken(), admin.tenantSlug()).then().statusCode(403);
        assertEquals(0L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                known.userId(), admin.tenantId()));
        // both got their invitation mail
        Mailbox.latest(known.email(), Mails.INVITATION);
        Mailbox.latest(unknown, Mails.INVITATION);
    }

    private static TreeSet<String> shape(Response r) {
        Map<String, Object> invitation = r.path("invitation");
        return new TreeSet<>(invitation.keySet());
    }

    @Test
    void withoutABearerTokenThePasswordOfTheInvitedAccountAcceptsAndLogsIntoTheTenant() {
        Account admin = Api.newOwner();
        String email = Api.unique("solo") + "@example.com";
        String userId = Api.signup(email, Api.PASSWORD, null).path("user.id"); // no tenant: no way to a bearer token
        Response inv = Api.invite(admin, email, "admin");
        String token = Mailbox.tokenFor(email, Mails.INVITATION);

        Api.acceptWithPassword(token, "not the password at all").then().statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        assertEquals(0L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid", userId));
        assertNull(Db.scalar("SELECT accepted_at FROM invitations WHERE id = ?::uuid", UUID.fromString(inv.path("invitation.id"))),
                "a wrong password leaves the invitation open");

        Response ok = Api.acceptWithPassword(token, Api.PASSWORD);
        ok.then().statusCode(200).header("Cache-Control", "no-store")
                .body("tenant", equalTo(admin.tenantSlug())).body("role", equalTo("admin"))
                .body("token_type", equalTo("Bearer"));
        String access = ok.path("access_token");
        Api.me(access).then().statusCode(200).body("tenant.slug", equalTo(admin.tenantSlug()))
                .body("user.email_verified", equalTo(true)); // the mailed token reached the address: it is proven
        assertTrue(Tokens.payload(access).contains("\"email_verified\":true"), Tokens.payload(access));
        Api.refresh(ok.path("refresh_token")).then().statusCode(200);
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(404); // single use
    }

    /** The accept's sign-in is login's: a user with TOTP on gets the second factor's 401, then tokens with the code. */
    @Test
    void withoutABearerTokenAUserWithTotpIsAskedForTheSecondFactorAsAtLogin() {
        Account admin = Api.newOwner();
        Account invitee = Api.newOwner();
        dev.tenantauth.support.Totps.Enrolled totp = dev.tenantauth.support.Totps.enroll(invitee);
        Api.invite(admin, invitee.email(), "member").then().statusCode(201);
        Response r = Api.acceptWithPassword(Mailbox.tokenFor(invitee.email(), Mails.INVITATION), Api.PASSWORD);
        r.then().statusCode(401).body("code", equalTo("mfa_required")).body("mfa_token", org.hamcrest.Matchers.notNullValue());
        // the invitation is accepted (the password proved the account); the session waits for the code
        assertEquals(1L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                invitee.userId(), admin.tenantId()));
        dev.tenantauth.support.Totps.awaitRoomInStep();
        Response done = dev.tenantauth.support.Totps.withCode(r.path("mfa_token"), dev.tenantauth.support.Totps.code(totp.secret(), 0));
        done.then().statusCode(200).body("tenant", equalTo(admin.tenantSlug()));
        assertTrue(Tokens.payload(done.path("access_token")).contains("\"otp\""), Tokens.payload(done.path("access_token")));
    }

    @Test
    void withoutABearerTokenAnAddressWithoutAnAccountIsInvalidCredentialsAndSignupStillWorks() {
        Account admin = Api.newOwner();
        String email = Api.unique("new") + "@example.com";
        Api.invite(admin, email, "member").then().statusCode(201);
        String token = Mailbox.tokenFor(email, Mails.INVITATION);
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD, "invitation", token))
                .post("/v1/signup").then().statusCode(201).body("tenant.slug", equalTo(admin.tenantSlug()));
    }

    @Test
    void withNeitherABearerTokenNorAPasswordThen400AndAWrongBearerThen401() {
        Account admin = Api.newOwner();
        String email = Api.unique("x") + "@example.com";
        Api.signup(email, Api.PASSWORD, null).then().statusCode(201);
        Api.invite(admin, email, "member").then().statusCode(201);
        String token = Mailbox.tokenFor(email, Mails.INVITATION);
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/invitations/accept")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("password"));
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(Map.of("token", token, "password", Api.PASSWORD))
                .post("/v1/invitations/accept").then().statusCode(401);
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(200); // still open after both
    }

    /** Of concurrent accepts of one token with the right password, exactly one wins. */
    @Test
    void concurrentAcceptsWithThePasswordHaveOneWinner() throws Exception {
        Account admin = Api.newOwner();
        String email = Api.unique("race") + "@example.com";
        String userId = Api.signup(email, Api.PASSWORD, null).path("user.id");
        Api.invite(admin, email, "member").then().statusCode(201);
        String token = Mailbox.tokenFor(email, Mails.INVITATION);
        List<Integer> statuses = Races.parallel(6, () -> Api.acceptWithPassword(token, Api.PASSWORD).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 404), statuses.toString());
        assertEquals(1L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid", userId));
        assertEquals(1L, Db.count("SELECT count(*) FROM sessions WHERE user_id = ?::uuid", userId), "one session, the winner's");
    }

    @Test
    void aMemberLeavesATenantAndTheirSessionsThereEnd() {
        Account admin = Api.newOwner();
        Account member = Api.newOwner();
        Response joined = Api.join(admin, member.email(), "member");
        String here = joined.path("access_token");
        Api.me(here).then().statusCode(200);
        // left through a token of the member's own tenant: /v1/me/… acts on the caller, in any of their tenants
        given().auth().oauth2(member.accessToken()).delete("/v1/me/tenants/" + admin.tenantSlug()).then().statusCode(204);
        Api.me(here).then().statusCode(401);
        Api.refresh(joined.path("refresh_token")).then().statusCode(401);
        Api.login(member.email(), Api.PASSWORD, admin.tenantSlug()).then().statusCode(401);
        given().auth().oauth2(member.accessToken()).get("/v1/me/tenants").then().statusCode(200)
                .body("items.tenant.slug", not(hasItem(admin.tenantSlug())));
        given().auth().oauth2(member.accessToken()).delete("/v1/me/tenants/" + admin.tenantSlug()).then().statusCode(404);
        Api.me(member.accessToken()).then().statusCode(200); // the other tenant's session lives on
        given().auth().oauth2(admin.accessToken()).get("/v1/tenants/" + admin.tenantSlug() + "/audit")
                .then().statusCode(200).body("items.action", hasItem("member.left"));
        // and may be invited again
        Api.join(admin, member.email(), "member");
    }

    @Test
    void theLastOwnerCannotLeaveButOneOfTwoCan() {
        Account owner = Api.newOwner();
        given().auth().oauth2(owner.accessToken()).delete("/v1/me/tenants/" + owner.tenantSlug())
                .then().statusCode(409).body("code", equalTo("conflict"));
        Account second = Api.newOwner();
        Api.join(owner, second.email(), "owner");
        given().auth().oauth2(owner.accessToken()).delete("/v1/me/tenants/" + owner.tenantSlug()).then().statusCode(204);
        Api.me(owner.accessToken()).then().statusCode(401); // this session was in the tenant left
        assertEquals(1L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE tenant_id = ?::uuid AND role = 'owner'"
                + " AND is_active", owner.tenantId()));
    }

    /** Leaving would drop the row that keeps a deactivation in force; a deactivated member is no member. */
    @Test
    void aDeactivatedMemberCannotLeaveToEraseTheDeactivation() {
        Account admin = Api.newOwner();
        Account member = Api.newOwner();
        Api.join(admin, member.email(), "member");
        given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/v1/tenants/" + admin.tenantSlug() + "/members/" + member.userId()).then().statusCode(200);
        given().auth().oauth2(member.accessToken()).delete("/v1/me/tenants/" + admin.tenantSlug()).then().statusCode(404);
        assertEquals(false, Db.scalar("SELECT is_active FROM user_tenant_membership WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                member.userId(), admin.tenantId()));
        Api.invite(admin, member.email(), "admin").then().statusCode(409);
    }
}
