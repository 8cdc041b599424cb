package dev.tenantauth.verification;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Races;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Change of address: confirmation to the new address, notice to the old, change on confirmation. */
@QuarkusTest
class EmailChangeResourceTest {

    @Test
    void changeIsConfirmedFromTheNewMailboxAndNoticedToTheOld() {
        Account a = Mails.verifiedOwner();
        String newEmail = Api.unique("new") + "@example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        MimeMessage notice = Mailbox.latest(a.email(), Mails.CHANGE_NOTICE);
        assertTrue(Mailbox.text(notice).contains(newEmail), Mailbox.text(notice));
        // nothing changes before the confirmation
        Api.me(a.accessToken()).then().body("user.email", equalTo(a.email()));
        String token = Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM);
        Mails.confirmVerification(token).then().statusCode(200)
                .body("user.email", equalTo(newEmail)).body("user.email_verified", equalTo(true));
        Api.me(a.accessToken()).then().body("user.email", equalTo(newEmail)).body("user.email_verified", equalTo(true));
        Api.login(newEmail, a.password(), a.tenantSlug()).then().statusCode(200);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(401);
        Mails.confirmVerification(token).then().statusCode(400).body("code", equalTo("invalid_token"));
    }

    @Test
    void wrongCurrentPasswordAnswers400InvalidCredentialsAndSendsNothing() {
        Account a = Api.newOwner();
        String newEmail = Api.unique("new") + "@example.org";
        Mails.changeEmail(a.accessToken(), "not-the-password", newEmail).then().statusCode(400)
                .body("code", equalTo("invalid_credentials"));
        Mailbox.latest(a.email(), Mails.VERIFY); // the signup mail has arrived; the sender is running
        assertEquals(0, Mailbox.count(a.email(), Mails.CHANGE_NOTICE));
        assertEquals(0, Mailbox.to(newEmail).size());
    }

    @Test
    void anAddressTakenByTheTimeOfConfirmationAnswers409AndChangesNothing() {
        Account a = Api.newOwner();
        String newEmail = Api.unique("new") + "@example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        String token = Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM);
        Api.signup(newEmail.toUpperCase(java.util.Locale.ROOT), Api.PASSWORD, null).then().statusCode(201);
        Mails.confirmVerification(token).then().statusCode(409).body("code", equalTo("conflict"));
        Api.me(a.accessToken()).then().body("user.email", equalTo(a.email()));
    }

    @Test
    void anAddressTakenAlreadyAnswers409() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        Mails.changeEmail(a.accessToken(), a.password(), b.email()).then().statusCode(409);
        Mails.changeEmail(a.accessToken(), a.password(), a.email().toUpperCase(java.util.Locale.ROOT)).then().statusCode(409);
    }

    @Test
    void oddOrOversizedAddressesAnswer400AsForSignup() {
        Account a = Api.newOwner();
        for (String bad : List.of("", "no-at-sign", "a@b", "two@@example.com", "x".repeat(65) + "@example.com",
                "a@" + "b".repeat(320) + ".com", "nul\u0000@example.com", "sp ace@example.com")) {
            Mails.changeEmail(a.accessToken(), a.password(), bad).then().statusCode(400).body("code", equalTo("validation_failed"));
        }
    }

    @Test
    void concurrentConfirmationsOfOneChangeThenExactlyOneSucceeds() throws Exception {
        Account a = Api.newOwner();
        String newEmail = Api.unique("new") + "@example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        String token = Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM);
        List<Integer> statuses = Races.parallel(8, () -> Mails.confirmVerification(token).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
    }

    @Test
    void aVerificationMailForTheOldAddressIsVoidAfterTheChange() {
        Account a = Api.newOwner();
        String oldToken = Mailbox.tokenFor(a.email(), Mails.VERIFY);
        String newEmail = Api.unique("new") + "@example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        Mails.confirmVerification(Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM)).then().statusCode(200);
        Mails.confirmVerification(oldToken).then().statusCode(400).body("code", equalTo("invalid_token"));
    }

    @Test
    void aResetMailForTheOldAddressIsVoidAfterTheChange() {
        Account a = Api.newOwner();
        Mails.requestReset(a.email()).then().statusCode(202);
        String oldReset = Mailbox.tokenFor(a.email(), Mails.RESET);
        String newEmail = Api.unique("moved") + "@example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        Mails.confirmVerification(Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM)).then().statusCode(200);
        Mails.confirmReset(oldReset, "taken over by the old mailbox").then().statusCode(400).body("code", equalTo("invalid_token"));
        Api.login(newEmail, a.password(), a.tenantSlug()).then().statusCode(200);
    }
}
