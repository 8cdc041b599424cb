package dev.tenantauth.invitation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationResourceTest {

    static Response invite(Account caller, String email, String role) {
        return given().auth().oauth2(caller.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role))
                .post("/v1/tenants/" + caller.tenantSlug() + "/invitations");
    }

    /**
     * The token of a created invitation, from the mail the invitee got (the answer carries none
     * unless tenant-auth.invitation.return-token is set).
     */
    static String tokenOf(Response invitation) {
        invitation.then().statusCode(201);
        return Mailbox.tokenFor(invitation.path("email"), Mails.INVITATION);
    }

    /** The token of the {@code n}-th invitation mail to the invitation's address. */
    static String tokenOf(Response invitation, int n) {
        invitation.then().statusCode(201);
        String email = invitation.path("email");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (Mailbox.count(email, Mails.INVITATION) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no invitation mail #" + n + " to " + email);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Mailbox.tokenFor(email, Mails.INVITATION);
    }

    static Response accept(String accessToken, String token) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/v1/invitations/accept");
    }

    /** A signed-up user with a tenant of their own, logged in there. */
    static Account userWithEmail(String email) {
        String slug = Api.unique("own");
        Api.signup(email, Api.PASSWORD, slug).then().statusCode(201);
        Response l = Api.login(email, Api.PASSWORD, slug);
        return new Account(email, Api.PASSWORD, null, slug, null, l.path("access_token"), l.path("refresh_token"));
    }

    @Test
    void signedInUserAcceptsAndCanSwitchToTheTenant() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        Response inv = invite(owner, email, "admin");
        inv.then().statusCode(201).header("Cache-Control", "no-store")
                .body("token", nullValue()).body("email", equalTo(email)).body("role", equalTo("admin"));
        Account invitee = userWithEmail(email.toUpperCase());
        accept(invitee.accessToken(), tokenOf(inv)).then().statusCode(200)
                .body("tenant.slug", equalTo(owner.tenantSlug())).body("role", equalTo("admin"));
        Api.switchTo(invitee.accessToken(), owner.tenantSlug()).then().statusCode(200).body("role", equalTo("admin"));
    }

    /**
     * A stale invitation used to reactivate a deactivated member as whatever role it named: a newer
     * invitation revokes the older, deactivation revokes what is open, and a deactivated member
     * cannot be invited back (an admin reactivates with PATCH).
     */
    @Test
    void aNewerInvitationOrADeactivationRevokesOpenOnesAndAnInvitationNeverReactivates() {
        Account owner = Api.newOwner();
        String email = Api.unique("stale") + "@example.com";
        String staleToken = tokenOf(invite(owner, email, "admin"));
        Account invitee = userWithEmail(email);
        String userId = given().auth().oauth2(invitee.accessToken()).get("/v1/me").then().extract().path("user.id");
        String memberToken = tokenOf(invite(owner, email, "member"), 2); // the admin invitation is revoked at once
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/invitations")
                .then().statusCode(200).body("items.findAll { it.email == '" + email + "' }.role", equalTo(List.of("member")));
        accept(invitee.accessToken(), staleToken).then().statusCode(404);
        accept(invitee.accessToken(), memberToken).then().statusCode(200).body("role", equalTo("member"));
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/members/" + userId).then().statusCode(200);
        invite(owner, email, "admin").then().statusCode(409).body("code", equalTo("conflict"))
                .body("detail", org.hamcrest.Matchers.containsString("deactivated"));
        assertEquals(false, Db.scalar("SELECT is_active FROM user_tenant_membership WHERE user_id = ?::uuid"
                + " AND tenant_id = (SELECT id FROM tenants WHERE slug = ?)", userId, owner.tenantSlug()));
        assertEquals("member", Db.scalar("SELECT role FROM user_tenant_membership WHERE user_id = ?::uuid"
                + " AND tenant_id = (SELECT id FROM tenants WHERE slug = ?)", userId, owner.tenantSlug()));
    }

    @Test
    void theInvitationMailNamesTheTenantAndRoleAndHoldsTheOnlyWorkingToken() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        Response inv = invite(owner, email, "admin");
        jakarta.mail.internet.MimeMessage mail = Mailbox.latest(email, Mails.INVITATION);
        String text = Mailbox.text(mail);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("Tenant " + owner.tenantSlug()) && text.contains("admin")
                && text.contains("http://localhost:8080/accept-invitation?token="), text);
        assertEquals(1L, Db.scalar("SELECT count(*) FROM invitations WHERE id = ?::uuid AND token_hash = sha256(convert_to(?, 'UTF8'))",
                java.util.UUID.fromString(inv.path("id")), Mailbox.token(mail)));
    }

    @Test
    void signupWithInvitationJoinsTheTenant() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        String token = tokenOf(invite(owner, email, "member"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "invitation", token))
                .post("/v1/signup").then().statusCode(201)
                .body("tenant.slug", equalTo(owner.tenantSlug())).body("role", equalTo("member"));
        Api.login(email, Api.PASSWORD, owner.tenantSlug()).then().statusCode(200).body("role", equalTo("member"));
    }

    @Test
    void signupWithABadInvitationCreatesNothing() {
        String email = Api.unique("inv") + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "invitation", "nonsense"))
                .post("/v1/signup").then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(0L, Db.scalar("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email));
    }

    @Test
    void anInvitationIsSingleUse() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        String token = tokenOf(invite(owner, email, "member"));
        Account invitee = userWithEmail(email);
        accept(invitee.accessToken(), token).then().statusCode(200);
        accept(invitee.accessToken(), token).then().statusCode(404);
    }

    @Test
    void concurrentAcceptsHaveOneWinner() throws Exception {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        String token = tokenOf(invite(owner, email, "member"));
        Account invitee = userWithEmail(email);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return accept(invitee.accessToken(), token).statusCode();
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<Integer> f : fs) {
                ok += f.get() == 200 ? 1 : 0;
            }
            assertEquals(1, ok);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, Db.scalar("SELECT count(*) FROM user_tenant_membership m JOIN users u ON u.id = m.user_id"
                + " WHERE lower(u.email) = lower(?) AND m.tenant_id = ?::uuid", email, java.util.UUID.fromString(owner.tenantId())));
    }

    @Test
    void anExpiredInvitationIsRefused() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        Response inv = invite(owner, email, "member");
        String token = tokenOf(inv);
        Db.exec("UPDATE invitations SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day'"
                + " WHERE id = ?::uuid", java.util.UUID.fromString(inv.path("id")));
        accept(userWithEmail(email).accessToken(), token).then().statusCode(404);
    }

    @Test
    void anInvitationForAnotherEmailIsRefused() {
        Account owner = Api.newOwner();
        String token = tokenOf(invite(owner, Api.unique("inv") + "@example.com", "member"));
        Account someoneElse = Api.newOwner();
        accept(someoneElse.accessToken(), token).then().statusCode(403);
        // still open for its rightful owner
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/invitations")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].token", nullValue());
    }

    @Test
    void revokedInvitationIsRefusedAndLeavesTheList() {
        Account owner = Api.newOwner();
        String email = Api.unique("inv") + "@example.com";
        Response inv = invite(owner, email, "member");
        String token = tokenOf(inv);
        given().auth().oauth2(owner.accessToken())
                .delete("/v1/tenants/" + owner.tenantSlug() + "/invitations/" + inv.path("id")).then().statusCode(204);
        given().auth().oauth2(owner.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/invitations")
                .then().statusCode(200).body("items", hasSize(0));
        accept(userWithEmail(email).accessToken(), token).then().statusCode(404);
    }

    @Test
    void onlyAdminsOfTheTenantInviteAndOnlyOwnersInviteOwners() {
        Account owner = Api.newOwner();
        Account stranger = Api.newOwner();
        given().auth().oauth2(stranger.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", "x@example.com", "role", "member"))
                .post("/v1/tenants/" + owner.tenantSlug() + "/invitations").then().statusCode(403);
        given().auth().oauth2(stranger.accessToken()).get("/v1/tenants/" + owner.tenantSlug() + "/invitations")
                .then().statusCode(403);
        String adminEmail = Api.unique("adm") + "@example.com";
        String token = tokenOf(invite(owner, adminEmail, "admin"));
        Account admin = userWithEmail(adminEmail);
        accept(admin.accessToken(), token).then().statusCode(200);
        Response sw = Api.switchTo(admin.accessToken(), owner.tenantSlug());
        Account adminHere = new Account(adminEmail, Api.PASSWORD, null, owner.tenantSlug(), owner.tenantId(),
                sw.path("access_token"), sw.path("refresh_token"));
        invite(adminHere, Api.unique("o") + "@example.com", "owner").then().statusCode(403);
        invite(adminHere, Api.unique("m") + "@example.com", "member").then().statusCode(201);
    }
}
