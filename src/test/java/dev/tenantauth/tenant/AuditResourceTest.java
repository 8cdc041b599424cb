package dev.tenantauth.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    static Response audit(Account caller, String slug, String query) {
        return given().auth().oauth2(caller.accessToken()).get("/v1/tenants/" + slug + "/audit" + query);
    }

    /**
     * Failed and rate-limited logins of non-members go to the service's security log, not into
     * the tenant named in the body: before, anyone could flood any tenant's trail (3,649 rows in
     * 10 s) and learn user ids of emails from it.
     */
    @Test
    void loginsRefusedForNonMembersNeverReachTheTenantsTrail() {
        Account owner = Api.newOwner();
        Account outsider = Api.newOwner(); // has an account, is no member of owner's tenant
        long before = Db.count("SELECT count(*) FROM audit_events WHERE tenant_id = ?::uuid", owner.tenantId());
        try {
            String ghost = Api.unique("ghost") + "@example.com";
            for (int i = 0; i < 14; i++) { // 10 failures, then 429s
                Api.login(ghost, "wrong password!", owner.tenantSlug());
                Api.login(outsider.email(), "wrong password!", owner.tenantSlug());
            }
            Api.login(outsider.email(), outsider.password(), owner.tenantSlug()).then().statusCode(429);
            assertEquals(before, Db.count("SELECT count(*) FROM audit_events WHERE tenant_id = ?::uuid", owner.tenantId()));
        } finally {
            Db.exec("DELETE FROM login_failures WHERE client_addr IN ('127.0.0.1', '0:0:0:0:0:0:0:1')");
        }
    }

    @Test
    void membershipChangesLoginsAndReuseAreRecordedNewestFirst() {
        Account owner = Api.newOwner();
        String email = Api.unique("m") + "@example.com";
        String memberId = Api.signup(email, Api.PASSWORD, null).path("user.id");
        Api.join(owner, email, "member");
        Api.login(email, "wrong password!", owner.tenantSlug()).then().statusCode(401);
        Response login = Api.login(email, Api.PASSWORD, owner.tenantSlug());
        Api.refresh(login.path("refresh_token")).then().statusCode(200);
        Api.refresh(login.path("refresh_token")).then().statusCode(401);
        given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/members/" + memberId).then().statusCode(200);

        Response r = audit(owner, owner.tenantSlug(), "");
        r.then().statusCode(200)
                .body("items.action", hasItems("invitation.created", "invitation.accepted", "auth.login.failed", "auth.login.succeeded",
                        "auth.refresh.reuse_detected", "member.changed"))
                .body("items[0].action", equalTo("member.changed"))
                .body("items[0].actor_user_id", equalTo(owner.userId()))
                .body("items[0].target_user_id", equalTo(memberId))
                .body("items[0].details.active.to", equalTo(false));
        String body = r.asString();
        assertTrue(!body.contains(email) && !body.contains(Api.PASSWORD), "the trail must hold ids only");
    }

    @Test
    void pagesWithoutDuplicates() {
        Account owner = Api.newOwner();
        for (int i = 0; i < 6; i++) {
            Api.login(owner.email(), owner.password(), owner.tenantSlug()).then().statusCode(200);
        }
        List<Integer> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = audit(owner, owner.tenantSlug(), "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.then().statusCode(200);
            ids.addAll(page.path("items.id"));
            cursor = page.path("next_cursor");
        } while (cursor != null);
        assertEquals(ids.stream().distinct().count(), ids.size());
        assertEquals(Db.scalar("SELECT count(*) FROM audit_events WHERE tenant_id = ?::uuid",
                java.util.UUID.fromString(owner.tenantId())), (long) ids.size());
    }

    @Test
    void membersAndOtherTenantsAreRefused() {
        Account owner = Api.newOwner();
        Account stranger = Api.newOwner();
        audit(stranger, owner.tenantSlug(), "").then().statusCode(403).body("code", equalTo("forbidden"));
        Db.exec("UPDATE user_tenant_membership SET role = 'member' WHERE user_id = ?::uuid", stranger.userId());
        audit(stranger, stranger.tenantSlug(), "").then().statusCode(403);
    }

    @Test
    void garbageCursorOrLimitThenBadRequest() {
        Account owner = Api.newOwner();
        audit(owner, owner.tenantSlug(), "?cursor=zzz").then().statusCode(400).body("code", equalTo("validation_failed"));
        audit(owner, owner.tenantSlug(), "?limit=-1").then().statusCode(400);
    }
}
