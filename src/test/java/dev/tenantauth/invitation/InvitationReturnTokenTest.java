package dev.tenantauth.invitation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code tenant-auth.invitation.return-token} (deployments that deliver invitations
 * themselves) the token is in the answer and no mail goes out. Such a token went through the
 * inviting admin, so accepting it proves nothing about the address: the account's address must
 * already be verified.
 */
@QuarkusTest
@TestProfile(InvitationReturnTokenTest.ReturnToken.class)
class InvitationReturnTokenTest {

    public static class ReturnToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tenant-auth.invitation.return-token", "true");
        }
    }

    @Test
    void theTokenIsReturnedNotMailedAndAcceptingNeedsAVerifiedAddress() {
        Account admin = Api.newOwner();
        Account invitee = Api.newOwner(); // unverified
        Response inv = Api.invite(admin, invitee.email(), "member");
        inv.then().statusCode(201).header("Cache-Control", "no-store").body("invitation.token", notNullValue());
        String token = inv.path("invitation.token");
        Mails.awaitOutboxIdle();
        assertEquals(0L, Mailbox.count(invitee.email(), Mails.INVITATION), "not mailed");
        assertEquals(false, Db.scalar("SELECT mailed FROM invitations WHERE id = ?::uuid", UUID.fromString(inv.path("invitation.id"))));

        given().auth().oauth2(invitee.accessToken()).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/v1/invitations/accept").then().statusCode(403).body("code", equalTo("email_unverified"));
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(403).body("code", equalTo("email_unverified"));
        assertEquals(0L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                invitee.userId(), admin.tenantId()));

        Mails.confirmVerification(Mailbox.tokenFor(invitee.email(), Mails.VERIFY)).then().statusCode(200);
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(200).body("tenant", equalTo(admin.tenantSlug()));
    }

    @Test
    void signupWithAReturnedTokenCreatesNothingUntilTheAddressIsVerified() {
        Account admin = Api.newOwner();
        String email = Api.unique("new") + "@example.com";
        String token = Api.invite(admin, email, "member").then().statusCode(201).extract().path("invitation.token");
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", Api.PASSWORD, "invitation", token))
                .post("/v1/signup").then().statusCode(403).body("code", equalTo("email_unverified"));
        assertEquals(0L, Db.count("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email));
        // the way in: sign up, verify, then accept
        Api.signup(email, Api.PASSWORD, null).then().statusCode(201);
        Mails.confirmVerification(Mailbox.tokenFor(email, Mails.VERIFY)).then().statusCode(200);
        Api.acceptWithPassword(token, Api.PASSWORD).then().statusCode(200);
    }
}
