package dev.tenantauth.recovery;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Races;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Password reset over HTTP, the mails read from a real SMTP server. */
@QuarkusTest
class PasswordResetResourceTest {

    static final String NEW_PASSWORD = "a brand new password 42";

    @Test
    void resetReplacesThePasswordRevokesEverySessionInEveryTenantAndSendsANotice() {
        Account a = Api.newOwner();
        String second = Api.unique("t");
        Api.createTenant(a.accessToken(), second).then().statusCode(201);
        Response other = Api.login(a.email(), a.password(), second);
        Mails.requestReset(a.email()).then().statusCode(202).body(equalTo("{}"));
        MimeMessage mail = Mailbox.latest(a.email(), Mails.RESET);
        assertTrue(Mailbox.text(mail).contains("http://localhost:8080/reset-password?token="), Mailbox.text(mail));
        Mails.confirmReset(Mailbox.token(mail), NEW_PASSWORD).then().statusCode(204);
        // no tokens returned; every session of the user in every tenant is gone
        Api.me(a.accessToken()).then().statusCode(401);
        Api.me(other.path("access_token")).then().statusCode(401);
        Api.refresh(a.refreshToken()).then().statusCode(401);
        Api.refresh(other.path("refresh_token")).then().statusCode(401);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(401);
        Api.login(a.email(), NEW_PASSWORD, a.tenantSlug()).then().statusCode(200);
        Mailbox.latest(a.email(), Mails.RESET_NOTICE);
    }

    @Test
    void unknownAddressesGetTheSameAnswerAndNoMail() {
        String unknown = Api.unique("nobody") + "@example.com";
        Response r = Mails.requestReset(unknown);
        r.then().statusCode(202).body(equalTo("{}"));
        Account a = Api.newOwner();
        Response k = Mails.requestReset(a.email());
        assertEquals(r.contentType(), k.contentType());
        assertEquals(r.body().asString(), k.body().asString());
        Mailbox.latest(a.email(), Mails.RESET); // the known one's mail arrived, so the unknown one's row was handled
        await(() -> (Long) Db.scalar("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND sent_at IS NOT NULL", unknown) == 1);
        assertEquals(0, Mailbox.to(unknown).size());
    }

    @Test
    void aNewerRequestVoidsOlderTokensAndTheTokenLasts30Minutes() {
        Account a = Api.newOwner();
        Mails.requestReset(a.email()).then().statusCode(202);
        String first = Mailbox.tokenFor(a.email(), Mails.RESET);
        Mails.requestReset(a.email()).then().statusCode(202);
        List<MimeMessage> resets = awaitResets(a.email(), 2);
        String second = Mailbox.token(resets.get(1));
        assertNotEquals(first, second);
        Mails.confirmReset(first, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("invalid_token"));
        Object seconds = Db.scalar("SELECT extract(epoch FROM expires_at - created_at) FROM password_resets"
                + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))", second);
        assertEquals(1800.0, ((Number) seconds).doubleValue(), 0.001);
        Mails.confirmReset(second, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void concurrentConfirmationsOfOneTokenThenExactlyOneSucceeds() throws Exception {
        Account a = Api.newOwner();
        Mails.requestReset(a.email()).then().statusCode(202);
        String token = Mailbox.tokenFor(a.email(), Mails.RESET);
        List<Integer> statuses = Races.parallel(6, () -> Mails.confirmReset(token, NEW_PASSWORD).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
    }

    @Test
    void garbageUsedAndExpiredTokensAnswer400InvalidTokenAndChangeNothing() {
        for (String garbage : List.of("", "x", "A".repeat(43), "x".repeat(5000))) {
            Mails.confirmReset(garbage, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("invalid_token"));
        }
        Account a = Api.newOwner();
        Mails.requestReset(a.email()).then().statusCode(202);
        String token = Mailbox.tokenFor(a.email(), Mails.RESET);
        Db.exec("UPDATE password_resets SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 minute'"
                + " WHERE user_id = ?::uuid", a.userId());
        Mails.confirmReset(token, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("invalid_token"));
        Api.me(a.accessToken()).then().statusCode(200);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
    }

    @Test
    void aShortNewPasswordAnswers400AndKeepsTheToken() {
        Account a = Api.newOwner();
        Mails.requestReset(a.email()).then().statusCode(202);
        String token = Mailbox.tokenFor(a.email(), Mails.RESET);
        Mails.confirmReset(token, "short").then().statusCode(400).body("code", equalTo("validation_failed"));
        Mails.confirmReset(token, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void oddAddressesAnswer400() {
        for (String bad : List.of("", "no-at-sign", "two@@example.com", "x".repeat(65) + "@example.com", "nul\u0000@example.com")) {
            Mails.requestReset(bad).then().statusCode(400).body("code", equalTo("validation_failed"));
        }
    }

    @Test
    void moreThanFiveRequestsPerHourForOneEmailAnswer429AndNeverLockTheAccount() {
        Account a = Api.newOwner();
        String unknown = Api.unique("nobody") + "@example.com";
        for (int i = 0; i < 5; i++) {
            Mails.requestReset(a.email()).then().statusCode(202);
            Mails.requestReset(unknown).then().statusCode(202);
        }
        Response known = Mails.requestReset(a.email().toUpperCase(java.util.Locale.ROOT));
        known.then().statusCode(429).body("code", equalTo("rate_limited")).header("Retry-After", notNullValue());
        Mails.requestReset(unknown).then().statusCode(429).body("code", equalTo("rate_limited"));
        // never a failed login, never a locked account
        assertEquals(0L, Db.scalar("SELECT count(*) FROM login_failures WHERE email_key = encode(sha256(convert_to(lower(?), 'UTF8')), 'hex')",
                a.email()));
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(200);
    }

    static List<MimeMessage> awaitResets(String email, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Mailbox.count(email, Mails.RESET) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " reset mails to " + email);
            }
            sleep(50);
        }
        return Mailbox.to(email).stream().filter(m -> Mailbox.subject(m).contains(Mails.RESET)).toList();
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
