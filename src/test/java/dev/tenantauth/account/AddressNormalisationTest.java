package dev.tenantauth.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tenantauth.common.EmailKey;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One normalisation of addresses for storage, lookup and every throttle key (issue 16 item 2),
 * and lookalike addresses, slugs and names refused (item 3), over HTTP.
 */
@QuarkusTest
class AddressNormalisationTest {

    /** Dotted capital I: Java's toLowerCase gives i + U+0307, PostgreSQL's lower() a plain i. */
    private static final String DOTTED_I = "\u0130";

    @AfterEach
    void forgetThisAddressesFailures() {
        Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
    }

    private static String dotted(String email) {
        return email.replaceFirst("i", DOTTED_I);
    }

    @Test
    void loginThrottleWhenTenFailuresThenEveryCaseVariantSharesTheCounter() {
        Account a = newOwner("mike");
        for (int i = 0; i < 10; i++) {
            Api.login(a.email(), "wrong-password-" + i, a.tenantSlug()).then().statusCode(401);
        }
        // before: "mİke@…" found the same user (lower() in SQL) under a fresh counter (Java's lower-casing)
        for (String variant : List.of(dotted(a.email()), a.email().toUpperCase(java.util.Locale.ROOT),
                dotted(a.email()).toUpperCase(java.util.Locale.ROOT), a.email().replaceFirst("i", "\u0131"))) {
            Api.login(variant, a.password(), a.tenantSlug()).then().statusCode(429).body("code", equalTo("rate_limited"));
        }
    }

    @Test
    void signupWhenACaseVariantIsTakenThenConflictAndTheVariantLogsIntoTheSameAccount() {
        Account a = newOwner("mike");
        Api.signup(dotted(a.email()), Api.PASSWORD, null).then().statusCode(409);
        Api.signup(a.email().toUpperCase(java.util.Locale.ROOT), Api.PASSWORD, null).then().statusCode(409);
        Response l = Api.login(dotted(a.email()).toUpperCase(java.util.Locale.ROOT), a.password(), a.tenantSlug());
        l.then().statusCode(200);
        Api.me(l.path("access_token")).then().body("user.id", equalTo(a.userId())).body("user.email", equalTo(a.email()));
    }

    @Test
    void theAddressIsKeptAsTypedAndItsKeyIsComputedInJava() {
        String typed = dotted(Api.unique("Mike")) + "@Example.COM";
        Response s = Api.signup(typed, Api.PASSWORD, null);
        s.then().statusCode(201).body("user.email", equalTo(typed));
        String id = s.path("user.id");
        assertEquals(typed, Db.scalar("SELECT email FROM users WHERE id = ?::uuid", id));
        assertEquals(EmailKey.of(typed), Db.scalar("SELECT email_norm FROM users WHERE id = ?::uuid", id));
        assertEquals(typed.replace(DOTTED_I, "i").toLowerCase(java.util.Locale.ROOT),
                Db.scalar("SELECT email_norm FROM users WHERE id = ?::uuid", id));
        assertEquals(1L, Db.count("SELECT count(*) FROM users WHERE email_norm = ?", EmailKey.of(typed.toUpperCase())));
    }

    @Test
    void passwordResetRequestsOfCaseVariantsShareTheirRateLimit() {
        Account a = newOwner("mike");
        for (int i = 0; i < 5; i++) {
            Mails.requestReset(i % 2 == 0 ? a.email() : dotted(a.email())).then().statusCode(202);
        }
        Mails.requestReset(dotted(a.email()).toUpperCase(java.util.Locale.ROOT)).then().statusCode(429)
                .body("code", equalTo("rate_limited"));
        // the reset for the dotted variant reached the account's own address
        Mailbox.latest(a.email(), Mails.RESET);
    }

    @Test
    void anInvitationIsAcceptedByTheAccountWhoseAddressHasTheSameKey() {
        Account owner = Api.newOwner();
        String invited = Api.unique("mike") + "@example.com";
        Response inv = given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", invited, "role", "member"))
                .post("/v1/tenants/" + owner.tenantSlug() + "/invitations");
        inv.then().statusCode(201);
        String token = Mailbox.tokenFor(invited, Mails.INVITATION);
        assertEquals(invited, Db.scalar("SELECT email_norm FROM invitations WHERE id = ?::uuid", (String) inv.path("id")));
        // before: the accept compared Java lower-cased strings, "mi̇ke" against "mike": 403
        String variant = dotted(invited).toUpperCase(java.util.Locale.ROOT);
        String slug = Api.unique("own");
        Api.signup(variant, Api.PASSWORD, slug).then().statusCode(201);
        String at = Api.login(invited, Api.PASSWORD, slug).path("access_token");
        given().auth().oauth2(at).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/v1/invitations/accept").then().statusCode(200).body("role", equalTo("member"));
    }

    @Test
    void aConfirmedChangeOfAddressStoresTheNewKey() {
        Account a = Mails.verifiedOwner();
        String newEmail = Api.unique("New") + "@Example.org";
        Mails.changeEmail(a.accessToken(), a.password(), newEmail).then().statusCode(202);
        Mails.confirmVerification(Mailbox.tokenFor(newEmail, Mails.CHANGE_CONFIRM)).then().statusCode(200)
                .body("user.email", equalTo(newEmail));
        assertEquals(newEmail.toLowerCase(java.util.Locale.ROOT),
                Db.scalar("SELECT email_norm FROM users WHERE id = ?::uuid", a.userId()));
        Api.login(newEmail.toUpperCase(java.util.Locale.ROOT), a.password(), a.tenantSlug()).then().statusCode(200);
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(401);
        Api.signup(newEmail.toLowerCase(java.util.Locale.ROOT), Api.PASSWORD, null).then().statusCode(409);
        // a change to a case variant of one's own address is no change
        Response login = Api.login(newEmail, a.password(), a.tenantSlug());
        Mails.changeEmail(login.path("access_token"), a.password(), newEmail.toUpperCase(java.util.Locale.ROOT))
                .then().statusCode(409);
    }

    @Test
    void lookalikeAddressesAreRefusedWith400NamingTheField() {
        Account kate = newOwner("kate");
        String local = kate.email().substring(0, kate.email().indexOf('@'));
        String domain = kate.email().substring(kate.email().indexOf('@'));
        for (String lookalike : List.of(
                "ka\u200Bte" + local.substring(4) + domain, // zero-width space
                "\u202Ekate" + local.substring(4) + domain, // right-to-left override
                "\u2066kate" + local.substring(4) + "\u2069" + domain, // isolates
                "\u212Aate" + local.substring(4) + domain, // KELVIN SIGN
                "\uFF4Bate" + local.substring(4) + domain, // fullwidth k
                "k\u0430te" + local.substring(4) + domain, // Cyrillic a
                local + "\uFEFF" + domain)) { // BOM
            Api.signup(lookalike, Api.PASSWORD, null).then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("errors.field", hasItem("email"));
            Api.login(lookalike, kate.password(), kate.tenantSlug()).then().statusCode(400)
                    .body("errors.field", hasItem("email"));
            Mails.requestReset(lookalike).then().statusCode(400).body("errors.field", hasItem("email"));
            Mails.changeEmail(kate.accessToken(), kate.password(), lookalike).then().statusCode(400)
                    .body("errors.field", hasItem("new_email"));
            given().auth().oauth2(kate.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("email", lookalike, "role", "member"))
                    .post("/v1/tenants/" + kate.tenantSlug() + "/invitations")
                    .then().statusCode(400).body("errors.field", hasItem("email"));
            given().auth().oauth2(kate.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("email", lookalike, "role", "member"))
                    .post("/v1/tenants/" + kate.tenantSlug() + "/members")
                    .then().statusCode(400).body("errors.field", hasItem("email"));
        }
        assertEquals(1L, Db.count("SELECT count(*) FROM users WHERE email_norm LIKE ?", "%" + local.substring(4) + "%"));
    }

    @Test
    void tenantNamesWithBidiOverridesOrInvisibleCharactersAreRefused() {
        Account a = Api.newOwner();
        for (String name : List.of("Acme\u202E", "\u202Eemca", "Ac\u200Bme", "Acme\u2122", "Acme\u00A0Corp", " Acme")) {
            String slug = Api.unique("t");
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", Api.unique("u") + "@example.com", "password", Api.PASSWORD,
                            "tenant", Map.of("slug", slug, "name", name)))
                    .post("/v1/signup").then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("errors.field", hasItem("tenant.name"));
            given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("slug", slug, "name", name)).post("/v1/tenants")
                    .then().statusCode(400).body("errors.field", hasItem("name"));
            assertNull(Db.scalar("SELECT id FROM tenants WHERE slug = ?", slug));
        }
        given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("slug", Api.unique("t"), "name", "M\u00fcller & S\u00f6hne \u682A\u5F0F\u4F1A\u793E")).post("/v1/tenants")
                .then().statusCode(201);
    }

    private static Account newOwner(String prefix) {
        String email = Api.unique(prefix) + "@example.com";
        String slug = Api.unique("t");
        Response s = Api.signup(email, Api.PASSWORD, slug);
        s.then().statusCode(201);
        Response l = Api.login(email, Api.PASSWORD, slug);
        l.then().statusCode(200);
        return new Account(email, Api.PASSWORD, s.path("user.id"), slug, s.path("tenant.id"), l.path("access_token"),
                l.path("refresh_token"));
    }
}
