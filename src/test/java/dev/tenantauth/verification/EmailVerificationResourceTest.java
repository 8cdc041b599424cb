package dev.tenantauth.verification;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Races;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verification of the current address over HTTP, with the mails read from a real SMTP server. */
@QuarkusTest
class EmailVerificationResourceTest {

    @Test
    void signupSendsAVerificationMailWhoseLinkVerifiesTheAddress() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200).body("user.email_verified", equalTo(false));
        MimeMessage mail = Mailbox.latest(a.email(), Mails.VERIFY);
        assertTrue(Mailbox.text(mail).contains("http://localhost:8080/verify-email?token="), Mailbox.text(mail));
        assertTrue(Mailbox.html(mail).contains("<a href=\"http://localhost:8080/verify-email?token="), Mailbox.html(mail));
        String token = Mailbox.token(mail);
        assertEquals(43, token.length());
        Mails.confirmVerification(token).then().statusCode(200)
                .body("user.id", equalTo(a.userId()))
                .body("user.email", equalTo(a.email()))
                .body("user.email_verified", equalTo(true));
        Api.me(a.accessToken()).then().statusCode(200).body("user.email_verified", equalTo(true));
        // only the hash is stored, and the outbox never held the token
        assertEquals(1L, Db.scalar("SELECT count(*) FROM email_verifications WHERE token_hash = sha256(convert_to(?, 'UTF8'))",
                token));
        assertEquals(0L, Db.scalar("SELECT count(*) FROM mail_outbox o WHERE o::text LIKE ?", "%" + token + "%"));
    }

    @Test
    void accessTokensCarryEmailVerified() {
        Account a = Api.newOwner();
        assertEquals(false, claim(a.accessToken(), "email_verified"));
        Mails.confirmVerification(Mailbox.tokenFor(a.email(), Mails.VERIFY)).then().statusCode(200);
        String login = Api.login(a.email(), a.password(), a.tenantSlug()).path("access_token");
        assertEquals(true, claim(login, "email_verified"));
        String refreshed = Api.refresh(a.refreshToken()).path("access_token");
        assertEquals(true, claim(refreshed, "email_verified"));
    }

    @Test
    void aUsedTokenIsRefusedAndChangesNothing() {
        Account a = Api.newOwner();
        String token = Mailbox.tokenFor(a.email(), Mails.VERIFY);
        Mails.confirmVerification(token).then().statusCode(200);
        Mails.confirmVerification(token).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("invalid_token"));
    }

    @Test
    void garbageUnknownAndExpiredTokensAnswer400InvalidToken() {
        for (String garbage : List.of("", "x", "A".repeat(43), "\u0000\uD800", "x".repeat(5000))) {
            Mails.confirmVerification(garbage).then().statusCode(400).body("code", equalTo("invalid_token"));
        }
        Account a = Api.newOwner();
        String token = Mailbox.tokenFor(a.email(), Mails.VERIFY);
        Db.exec("UPDATE email_verifications SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour'"
                + " WHERE user_id = ?::uuid", a.userId());
        Mails.confirmVerification(token).then().statusCode(400).body("code", equalTo("invalid_token"));
        Api.me(a.accessToken()).then().body("user.email_verified", equalTo(false));
    }

    @Test
    void theTokenIsValidFor24Hours() {
        Account a = Api.newOwner();
        Mailbox.latest(a.email(), Mails.VERIFY);
        Object seconds = Db.scalar("SELECT extract(epoch FROM expires_at - created_at) FROM email_verifications"
                + " WHERE user_id = ?::uuid", a.userId());
        assertEquals(86400.0, ((Number) seconds).doubleValue(), 0.001);
    }

    @Test
    void concurrentConfirmationsOfOneTokenThenExactlyOneSucceeds() throws Exception {
        Account a = Api.newOwner();
        String token = Mailbox.tokenFor(a.email(), Mails.VERIFY);
        List<Integer> statuses = Races.parallel(8, () -> Mails.confirmVerification(token).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
    }

    @Test
    void requestingAgainSendsANewMailAndVoidsTheOlderToken() {
        Account a = Api.newOwner();
        String first = Mailbox.tokenFor(a.email(), Mails.VERIFY);
        Mails.requestVerification(a.accessToken()).then().statusCode(202);
        List<MimeMessage> two = Mailbox.await(a.email(), 2, Duration.ofSeconds(20));
        String second = Mailbox.token(two.get(two.size() - 1));
        assertFalse(first.equals(second));
        Mails.confirmVerification(first).then().statusCode(400).body("code", equalTo("invalid_token"));
        Mails.confirmVerification(second).then().statusCode(200);
    }

    @Test
    void requestingWhenVerifiedAnswers409() {
        Account a = Mails.verifiedOwner();
        Mails.requestVerification(a.accessToken()).then().statusCode(409).body("code", equalTo("conflict"));
    }

    @Test
    void requestingNeedsABearerToken() {
        io.restassured.RestAssured.given().post("/v1/me/email-verification").then().statusCode(401);
    }

    @Test
    void moreThanFiveRequestsPerHourForOneEmailAnswer429WithRetryAfter() {
        Account a = Api.newOwner();
        for (int i = 0; i < 5; i++) {
            Mails.requestVerification(a.accessToken()).then().statusCode(202);
        }
        Mails.requestVerification(a.accessToken()).then().statusCode(429).body("code", equalTo("rate_limited"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // never a failed login
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
    }

    @Test
    void membersListShowsEmailVerified() {
        Account a = Mails.verifiedOwner();
        io.restassured.RestAssured.given().auth().oauth2(a.accessToken()).get("/v1/tenants/" + a.tenantSlug() + "/members")
                .then().statusCode(200).body("items[0].user.email_verified", equalTo(true));
    }

    static Object claim(String jwt, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).get(name);
    }
}
