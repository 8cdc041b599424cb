package dev.tenantauth.tenant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token of tenant A (its owner: the strongest role) against tenant B's slug answers 403 or 404,
 * shows nothing of B, and changes none of B's rows; one endpoint per test.
 */
@QuarkusTest
class TenantIsolationTest {

    Account a;
    Account b;
    String bMemberId;
    String bInvitationId;
    String bInvitee;

    @BeforeEach
    void twoTenants() {
        a = Api.newOwner();
        b = Api.newOwner();
        Account member = Api.newOwner();
        Api.join(b, member.email(), "member");
        bMemberId = member.userId();
        bInvitee = Api.unique("invitee") + "@example.com";
        bInvitationId = given().auth().oauth2(b.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("email", bInvitee, "role", "admin"))
                .post("/v1/tenants/" + b.tenantSlug() + "/invitations").then().statusCode(201).extract().path("id");
        // the invitation's token is minted when its mail goes out: let that happen before B's rows are digested
        Mailbox.latest(bInvitee, Mails.INVITATION);
        Mails.awaitOutboxIdle();
    }

    /** B's rows: tenant, memberships, invitations, sessions, audit trail. */
    private String digestOfB() {
        return (String) Db.scalar("""
                SELECT md5(concat_ws('|',
                  (SELECT string_agg(t::text, ',') FROM tenants t WHERE id = ?::uuid),
                  (SELECT string_agg(m::text, ',' ORDER BY m::text) FROM user_tenant_membership m WHERE tenant_id = ?::uuid),
                  (SELECT string_agg(i::text, ',' ORDER BY i::text) FROM invitations i WHERE tenant_id = ?::uuid),
                  (SELECT string_agg(s::text, ',' ORDER BY s::text) FROM sessions s WHERE tenant_id = ?::uuid),
                  (SELECT string_agg(e::text, ',' ORDER BY e.id) FROM audit_events e WHERE tenant_id = ?::uuid)))
                """, b.tenantId(), b.tenantId(), b.tenantId(), b.tenantId(), b.tenantId());
    }

    private void refused(Function<io.restassured.specification.RequestSpecification, Response> call) {
        String before = digestOfB();
        Response r = call.apply(given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON));
        assertTrue(r.statusCode() == 403 || r.statusCode() == 404, r.statusCode() + " " + r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        String body = r.asString();
        for (String secret : new String[] {b.tenantId(), b.userId(), bMemberId, bInvitationId, b.email(), bInvitee}) {
            assertFalse(body.contains(secret), "the answer shows something of B: " + body);
        }
        assertEquals(before, digestOfB(), "B's rows changed");
        Api.me(a.accessToken()).then().statusCode(200); // A is still fine (nothing was revoked)
    }

    private String members() {
        return "/v1/tenants/" + b.tenantSlug() + "/members";
    }

    @Test
    void listMembers() {
        refused(s -> s.queryParam("active", "all").get(members()));
    }

    @Test
    void addMember() {
        refused(s -> s.body(Map.of("email", a.email(), "role", "owner")).post(members()));
    }

    @Test
    void changeMember() {
        refused(s -> s.body(Map.of("role", "owner", "active", false)).patch(members() + "/" + bMemberId));
    }

    @Test
    void changeOwner() {
        refused(s -> s.body(Map.of("active", false)).patch(members() + "/" + b.userId()));
    }

    @Test
    void removeMember() {
        refused(s -> s.delete(members() + "/" + bMemberId));
    }

    @Test
    void listInvitations() {
        refused(s -> s.get("/v1/tenants/" + b.tenantSlug() + "/invitations"));
    }

    @Test
    void createInvitation() {
        refused(s -> s.body(Map.of("email", a.email(), "role", "owner")).post("/v1/tenants/" + b.tenantSlug() + "/invitations"));
    }

    @Test
    void revokeInvitation() {
        refused(s -> s.delete("/v1/tenants/" + b.tenantSlug() + "/invitations/" + bInvitationId));
    }

    @Test
    void revokeInvitationOfBUnderAsOwnSlug() {
        refused(s -> s.delete("/v1/tenants/" + a.tenantSlug() + "/invitations/" + bInvitationId));
    }

    @Test
    void changeMemberOfBUnderAsOwnSlug() {
        refused(s -> s.body(Map.of("active", false)).patch("/v1/tenants/" + a.tenantSlug() + "/members/" + bMemberId));
    }

    @Test
    void removeMemberOfBUnderAsOwnSlug() {
        refused(s -> s.delete("/v1/tenants/" + a.tenantSlug() + "/members/" + bMemberId));
    }

    @Test
    void readAudit() {
        refused(s -> s.get("/v1/tenants/" + b.tenantSlug() + "/audit"));
    }

    @Test
    void switchToBWithoutMembership() {
        String before = digestOfB();
        Response r = Api.switchTo(a.accessToken(), b.tenantSlug());
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.asString());
        assertEquals(before, digestOfB());
    }

    @Test
    void bStillSeesItsOwnRowsSoTheRefusalsMeanSomething() {
        given().auth().oauth2(b.accessToken()).get(members()).then().statusCode(200);
        given().auth().oauth2(b.accessToken()).get("/v1/tenants/" + b.tenantSlug() + "/invitations").then().statusCode(200);
        given().auth().oauth2(b.accessToken()).get("/v1/tenants/" + b.tenantSlug() + "/audit").then().statusCode(200);
    }
}
