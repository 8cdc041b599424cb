package dev.tenantauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** The email section's calls and the default subjects of its mails, for tests. */
public final class Mails {

    public static final String VERIFY = "Confirm your email address";
    public static final String RESET = "Reset your password";
    public static final String RESET_NOTICE = "Your password was reset";
    public static final String CHANGE_CONFIRM = "Confirm your new email address";
    public static final String CHANGE_NOTICE = "A change of your email address was requested";
    public static final String INVITATION = "You are invited to join a tenant";

    public static Response requestVerification(String accessToken) {
        return given().auth().oauth2(accessToken).post("/v1/me/email-verification");
    }

    public static Response confirmVerification(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/email-verification/confirm");
    }

    public static Response requestReset(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/v1/password-reset");
    }

    public static Response confirmReset(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "new_password", newPassword))
                .post("/v1/password-reset/confirm");
    }

    public static Response changeEmail(String accessToken, String currentPassword, String newEmail) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("current_password", currentPassword, "new_email", newEmail))
                .post("/v1/me/email");
    }

    /** Signs up, confirms the verification mail, and logs in again: a verified owner. */
    public static Api.Account verifiedOwner() {
        Api.Account a = Api.newOwner();
        confirmVerification(Mailbox.tokenFor(a.email(), VERIFY)).then().statusCode(200);
        Response l = Api.login(a.email(), a.password(), a.tenantSlug());
        l.then().statusCode(200);
        return new Api.Account(a.email(), a.password(), a.userId(), a.tenantSlug(), a.tenantId(), l.path("access_token"),
                l.path("refresh_token"));
    }

    /**
     * Waits until the outbox has nothing left to do (every row sent or parked), for tests that
     * digest the database: the sender updates rows (and mints tokens) in the background.
     */
    public static void awaitOutboxIdle() {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while ((Long) Db.scalar("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mail outbox did not drain within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Mails() {}
}
