package dev.tenantauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anyone can lock an email for 15 minutes with ten wrong passwords; the lock must not lock out the
 * account's owner (issue 16, item 13). Each test is a few client addresses: 127.0.0.1 (rest-assured,
 * where the owner's first login succeeded: a known address), and connections bound to other
 * loopback addresses for the attacker and for a device the owner never used.
 */
@QuarkusTest
class LoginLockTest {

    private static int status(Http from, Account a, String password) throws Exception {
        Http.Reply r = from.login(a.email(), password, a.tenantSlug());
        if (r.status() == 429) {
            assertTrue(r.problemJson() && "rate_limited".equals(r.path("code")) && r.headers().firstValue("Retry-After").isPresent(),
                    r.toString());
        }
        return r.status();
    }

    /** Ten wrong passwords from {@code attacker}: the email is locked for every address it was not known at. */
    private static void lock(Http attacker, Account a) throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status(attacker, a, "wrong password " + i));
        }
        assertEquals(429, status(attacker, a, "wrong password again"));
    }

    @Test
    void aLockedEmailStillLetsItsOwnerInFromAnAddressWhereTheirLoginSucceededBefore() throws Exception {
        Account owner = Api.newOwner(); // logged in from 127.0.0.1
        Http attacker = Http.fromLoopback(21);
        Http newDevice = Http.fromLoopback(22);
        lock(attacker, owner);
        assertEquals(429, status(newDevice, owner, Api.PASSWORD), "an unknown address stays locked out, right password or not");
        Api.login(owner.email(), Api.PASSWORD, owner.tenantSlug()).then().statusCode(200); // the known one is let in
        // that success lifted the lock for everyone
        assertEquals(200, status(newDevice, owner, Api.PASSWORD));
        assertEquals(401, status(attacker, owner, "and wrong again"));
    }

    @Test
    void aKnownAddressHasABudgetOfItsOwnNotAFreePass() throws Exception {
        Account owner = Api.newOwner();
        Http home = Http.fromLoopback(28); // (not 127.0.0.1, whose per-address count the whole suite shares)
        assertEquals(200, status(home, owner, Api.PASSWORD));
        lock(Http.fromLoopback(23), owner);
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status(home, owner, "guess " + i));
        }
        assertEquals(429, status(home, owner, Api.PASSWORD));
    }

    @Test
    void aPasswordResetLiftsTheLock() throws Exception {
        Account owner = Api.newOwner();
        Http newDevice = Http.fromLoopback(25);
        lock(Http.fromLoopback(24), owner);
        assertEquals(429, status(newDevice, owner, Api.PASSWORD));
        Mails.requestReset(owner.email()).then().statusCode(202);
        Mails.confirmReset(Mailbox.tokenFor(owner.email(), Mails.RESET), "a brand new passphrase").then().statusCode(204);
        assertEquals(200, status(newDevice, owner, "a brand new passphrase"));
    }

    @Test
    void anOperatorLiftsTheLock() throws Exception {
        Account owner = Api.newOwner();
        Http newDevice = Http.fromLoopback(27);
        lock(Http.fromLoopback(26), owner);
        given().auth().oauth2("not the operator token").contentType(ContentType.JSON).body(Map.of("email", owner.email()))
                .post("/v1/admin/login-locks/lift").then().statusCode(401);
        assertEquals(429, status(newDevice, owner, Api.PASSWORD));
        given().auth().oauth2("test-operator-token").contentType(ContentType.JSON)
                .body(Map.of("email", "  " + owner.email().toUpperCase() + " "))
                .post("/v1/admin/login-locks/lift").then().statusCode(200).body("forgotten_failures", equalTo(10));
        assertEquals(200, status(newDevice, owner, Api.PASSWORD));
    }
}
