package dev.tenantauth.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MembersResourceTest {

    /**
     * A user signed up without a tenant, invited into {@code owner}'s tenant with a role, who
     * accepted (with their password) and is logged in there.
     */
    static Account member(Account owner, String role) {
        String email = Api.unique("m") + "@example.com";
        Response s = Api.signup(email, Api.PASSWORD, null);
        s.then().statusCode(201);
        Response l = Api.join(owner, email, role);
        return new Account(email, Api.PASSWORD, s.path("user.id"), owner.tenantSlug(), owner.tenantId(),
                l.path("access_token"), l.path("refresh_token"));
    }

    /** POST /v1/tenants/{slug}/members: an invitation. */
    static Response add(Account caller, String email, String role) {
        return Api.invite(caller, email, role);
    }

    static Response patch(Account caller, String slug, String userId, Map<String, Object> body) {
        return given().auth().oauth2(caller.accessToken()).contentType(ContentType.JSON).body(body)
                .patch("/v1/tenants/" + slug + "/members/" + userId);
    }

    static Response delete(Account caller, String slug, String userId) {
        return given().auth().oauth2(caller.accessToken()).delete("/v1/tenants/" + slug + "/members/" + userId);
    }

    static Response list(Account caller, String slug, String query) {
        return given().auth().oauth2(caller.accessToken()).get("/v1/tenants/" + slug + "/members" + query);
    }

    @Test
    void addingInvitesAndTheInviteeIsAMemberOnlyOnceTheyAccept() {
        Account owner = Api.newOwner();
        String email = Api.unique("m") + "@example.com";
        String id = Api.signup(email, Api.PASSWORD, null).path("user.id");
        add(owner, email, "member").then().statusCode(201).header("Cache-Control", "no-store")
                .body("invitation.email", equalTo(email))
                .body("invitation.role", equalTo("member"))
                .body("invitation.id", org.hamcrest.Matchers.notNullValue())
                .body("invitation.expires_at", org.hamcrest.Matchers.notNullValue())
                .body("invitation.token", nullValue());
        Api.login(email, Api.PASSWORD, owner.tenantSlug()).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        assertEquals(0L, Db.count("SELECT count(*) FROM user_tenant_membership WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                id, owner.tenantId()));
        Api.acceptWithPassword(dev.tenantauth.support.Mailbox.tokenFor(email, dev.tenantauth.support.Mails.INVITATION),
                Api.PASSWORD).then().statusCode(200).body("tenant", equalTo(owner.tenantSlug())).body("role", equalTo("member"));
        Api.login(email, Api.PASSWORD, owner.tenantSlug()).then().statusCode(200).body("role", equalTo("member"));
    }

    @Test
    void addingAnActiveMemberAgainThenConflict() {
        Account owner = Api.newOwner();
        Account m = member(owner, "member");
        add(owner, m.email(), "admin").then().statusCode(409).body("code", equalTo("conflict"));
    }

    @Test
    void roleMatrix() {
        Account owner = Api.newOwner();
        Account admin = member(owner, "admin");
        Account plain = member(owner, "member");
        Account stranger = Api.newOwner();
        // list
        list(owner, owner.tenantSlug(), "").then().statusCode(200);
        list(admin, owner.tenantSlug(), "").then().statusCode(200);
        list(plain, owner.tenantSlug(), "").then().statusCode(403).body("code", equalTo("forbidden"));
        list(stranger, owner.tenantSlug(), "").then().statusCode(403);
        // add
        String e1 = Api.unique("x") + "@example.com";
        Api.signup(e1, Api.PASSWORD, null).then().statusCode(201);
        add(plain, e1, "member").then().statusCode(403);
        add(stranger, e1, "member").then().statusCode(201); // into the stranger's own tenant: fine
        given().auth().oauth2(stranger.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", e1, "role", "member"))
                .post("/v1/tenants/" + owner.tenantSlug() + "/members").then().statusCode(403);
        add(admin, e1, "owner").then().statusCode(403); // only an owner grants owner
        add(admin, e1, "member").then().statusCode(201);
        // patch
        patch(plain, owner.tenantSlug(), admin.userId(), Map.of("role", "member")).then().statusCode(403);
        patch(stranger, owner.tenantSlug(), plain.userId(), Map.of("role", "admin")).then().statusCode(403);
        patch(admin, owner.tenantSlug(), owner.userId(), Map.of("role", "admin")).then().statusCode(403);
        patch(admin, owner.tenantSlug(), plain.userId(), Map.of("role", "owner")).then().statusCode(403);
        patch(admin, owner.tenantSlug(), plain.userId(), Map.of("role", "admin")).then().statusCode(200)
                .body("role", equalTo("admin"));
        // delete
        delete(stranger, owner.tenantSlug(), plain.userId()).then().statusCode(403);
        delete(admin, owner.tenantSlug(), owner.userId()).then().statusCode(403);
        delete(owner, owner.tenantSlug(), plain.userId()).then().statusCode(204);
        // nothing of the stranger's tenant changed through the owner's slug either (its invitation is not a member)
        assertEquals(1L, Db.scalar("SELECT count(*) FROM user_tenant_membership WHERE tenant_id = ?::uuid",
                java.util.UUID.fromString(stranger.tenantId())));
    }

    /**
     * One rule for both paths: re-adding a deactivated member through POST (an invitation) is
     * refused to everyone, so only PATCH reactivates, where an admin cannot touch an owner.
     */
    @Test
    void aDeactivatedMemberIsReactivatedOnlyThroughPatchWhereAnAdminCannotTouchAnOwner() {
        Account owner = Api.newOwner();
        Account second = member(owner, "owner");
        Account admin = member(owner, "admin");
        patch(owner, owner.tenantSlug(), second.userId(), Map.of("active", false)).then().statusCode(200);
        add(admin, second.email(), "admin").then().statusCode(409).body("code", equalTo("conflict"));
        add(admin, second.email(), "member").then().statusCode(409);
        add(owner, second.email(), "admin").then().statusCode(409);
        patch(admin, owner.tenantSlug(), second.userId(), Map.of("active", true)).then().statusCode(403);
        assertEquals(false, Db.scalar("SELECT is_active FROM user_tenant_membership WHERE user_id = ?::uuid"
                + " AND tenant_id = ?::uuid", second.userId(), owner.tenantId()));
        assertEquals("owner", Db.scalar("SELECT role FROM user_tenant_membership WHERE user_id = ?::uuid"
                + " AND tenant_id = ?::uuid", second.userId(), owner.tenantId()));
        assertEquals(0L, Db.count("SELECT count(*) FROM invitations WHERE lower(email) = lower(?) AND accepted_at IS NULL"
                + " AND revoked_at IS NULL", second.email()));
        patch(owner, owner.tenantSlug(), second.userId(), Map.of("active", true)).then().statusCode(200)
                .body("role", equalTo("owner")).body("active", equalTo(true));
    }

    @Test
    void lastOwnerCannotBeDemotedDeactivatedOrRemoved() {
        Account owner = Api.newOwner();
        patch(owner, owner.tenantSlug(), owner.userId(), Map.of("role", "admin")).then().statusCode(409)
                .body("code", equalTo("conflict"));
        patch(owner, owner.tenantSlug(), owner.userId(), Map.of("active", false)).then().statusCode(409);
        delete(owner, owner.tenantSlug(), owner.userId()).then().statusCode(409);
        Api.me(owner.accessToken()).then().statusCode(200).body("role", equalTo("owner"));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account a = Api.newOwner();
            Account b = member(a, "owner");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> ab = pool.submit(() -> {
                    go.await();
                    return patch(a, a.tenantSlug(), b.userId(), Map.of("role", "admin")).statusCode();
                });
                Future<Integer> ba = pool.submit(() -> {
                    go.await();
                    return patch(b, a.tenantSlug(), a.userId(), Map.of("role", "admin")).statusCode();
                });
                go.countDown();
                List<Integer> statuses = List.of(ab.get(), ba.get());
                assertEquals(1L, Db.scalar("SELECT count(*) FROM user_tenant_membership WHERE tenant_id = ?::uuid"
                        + " AND role = 'owner' AND is_active", java.util.UUID.fromString(a.tenantId())), statuses.toString());
                assertTrue(statuses.contains(200), statuses.toString());
                assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 403), statuses.toString());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void deactivationCutsOffTheLiveAccessTokenAndRefreshToken() {
        Account owner = Api.newOwner();
        Account m = member(owner, "member");
        Api.me(m.accessToken()).then().statusCode(200);
        patch(owner, owner.tenantSlug(), m.userId(), Map.of("active", false)).then().statusCode(200)
                .body("active", equalTo(false));
        Api.me(m.accessToken()).then().statusCode(401);
        Api.refresh(m.refreshToken()).then().statusCode(401);
        Api.login(m.email(), m.password(), owner.tenantSlug()).then().statusCode(401);
        patch(owner, owner.tenantSlug(), m.userId(), Map.of("active", true)).then().statusCode(200);
        Api.login(m.email(), m.password(), owner.tenantSlug()).then().statusCode(200);
    }

    @Test
    void removalCutsOffTheMember() {
        Account owner = Api.newOwner();
        Account m = member(owner, "admin");
        delete(owner, owner.tenantSlug(), m.userId()).then().statusCode(204);
        Api.me(m.accessToken()).then().statusCode(401);
        Api.refresh(m.refreshToken()).then().statusCode(401);
        delete(owner, owner.tenantSlug(), m.userId()).then().statusCode(404);
    }

    @Test
    void paginationOverMoreThanThreePagesWithChangesBetweenPages() {
        Account owner = Api.newOwner();
        List<String> initial = new ArrayList<>();
        initial.add(owner.userId());
        for (int i = 0; i < 11; i++) {
            String email = Api.unique("p") + "@example.com";
            initial.add(Api.signup(email, Api.PASSWORD, null).path("user.id"));
            Api.join(owner, email, "member");
        }
        // 12 active members, pages of 3
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = list(owner, owner.tenantSlug(), "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.then().statusCode(200);
            List<String> ids = page.path("items.user.id");
            for (String id : ids) {
                assertTrue(seen.add(id), "row seen twice: " + id);
                order.add(id);
            }
            cursor = page.path("next_cursor");
            pages++;
            if (pages == 1) { // between pages: a new member joins and a later one is deactivated
                String email = Api.unique("late") + "@example.com";
                Api.signup(email, Api.PASSWORD, null).then().statusCode(201);
                Api.join(owner, email, "member");
                patch(owner, owner.tenantSlug(), initial.get(11), Map.of("active", false)).then().statusCode(200);
            }
        } while (cursor != null && pages < 20);
        assertTrue(pages > 3, "pages: " + pages);
        // every member that stayed active throughout was listed exactly once
        for (String id : initial.subList(0, 11)) {
            assertTrue(seen.contains(id), "lost " + id);
        }
        List<String> inactive = list(owner, owner.tenantSlug(), "?active=false").path("items.user.id");
        assertEquals(List.of(initial.get(11)), inactive);
        assertEquals(13, (int) list(owner, owner.tenantSlug(), "?active=all&limit=200").path("items.size()"));
    }

    @Test
    void lastPageHasNoCursor() {
        Account owner = Api.newOwner();
        list(owner, owner.tenantSlug(), "?limit=5").then().statusCode(200)
                .body("items", hasSize(1))
                .body("next_cursor", nullValue())
                .body("items[0].joined_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void garbageCursorLimitOrFilterThenBadRequest() {
        Account owner = Api.newOwner();
        list(owner, owner.tenantSlug(), "?cursor=garbage").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("cursor"));
        list(owner, owner.tenantSlug(), "?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("1.2.x".getBytes()))
                .then().statusCode(400);
        list(owner, owner.tenantSlug(), "?limit=0").then().statusCode(400);
        list(owner, owner.tenantSlug(), "?limit=201").then().statusCode(400);
        list(owner, owner.tenantSlug(), "?limit=abc").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        list(owner, owner.tenantSlug(), "?active=maybe").then().statusCode(400);
        assertNotNull(list(owner, owner.tenantSlug(), "?limit=200").path("items"));
    }

    @Test
    void patchWithBadBodyOrIdThen4xxAndNothingChanges() {
        Account owner = Api.newOwner();
        Account m = member(owner, "member");
        patch(owner, owner.tenantSlug(), m.userId(), Map.of("role", "emperor")).then().statusCode(400);
        patch(owner, owner.tenantSlug(), m.userId(), Map.of("active", "yes please")).then().statusCode(400);
        patch(owner, owner.tenantSlug(), "not-a-uuid", Map.of("role", "admin")).then().statusCode(404);
        patch(owner, owner.tenantSlug(), java.util.UUID.randomUUID().toString(), Map.of("role", "admin"))
                .then().statusCode(404);
        Api.me(m.accessToken()).then().statusCode(200).body("role", equalTo("member"));
    }
}
