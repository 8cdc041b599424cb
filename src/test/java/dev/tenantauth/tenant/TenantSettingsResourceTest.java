package dev.tenantauth.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET/PATCH /v1/tenants/{slug}/settings and what require_verified_email does to login and switch. */
@QuarkusTest
class TenantSettingsResourceTest {

    static Response get(Account caller, String slug) {
        return given().auth().oauth2(caller.accessToken()).get("/v1/tenants/" + slug + "/settings");
    }

    static Response patch(Account caller, String slug, Map<String, Object> body) {
        return given().auth().oauth2(caller.accessToken()).contentType(ContentType.JSON).body(body)
                .patch("/v1/tenants/" + slug + "/settings");
    }

    @Test
    void adminsReadOwnersChangeAndTheChangeIsAudited() {
        Account owner = Api.newOwner();
        Account admin = MembersResourceTest.member(owner, "admin");
        Account member = MembersResourceTest.member(owner, "member");
        get(owner, owner.tenantSlug()).then().statusCode(200).body("require_verified_email", equalTo(false));
        get(admin, owner.tenantSlug()).then().statusCode(200).body("require_verified_email", equalTo(false));
        get(member, owner.tenantSlug()).then().statusCode(403);
        patch(admin, owner.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(403);
        patch(member, owner.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(403);
        patch(owner, owner.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(200)
                .body("require_verified_email", equalTo(true));
        get(admin, owner.tenantSlug()).then().statusCode(200).body("require_verified_email", equalTo(true));
        patch(owner, owner.tenantSlug(), Map.of()).then().statusCode(200).body("require_verified_email", equalTo(true));
        Object details = Db.scalar("SELECT details::text FROM audit_events WHERE action = 'tenant.settings_changed'"
                + " AND tenant_id = ?::uuid ORDER BY occurred_at LIMIT 1", java.util.UUID.fromString(owner.tenantId()));
        org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(details).contains("\"to\": true"), String.valueOf(details));
    }

    @Test
    void anotherTenantsSettingsAreForbidden() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        get(a, b.tenantSlug()).then().statusCode(403);
        patch(a, b.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(403);
        get(b, b.tenantSlug()).then().body("require_verified_email", equalTo(false));
    }

    @Test
    void badBodiesAnswer400() {
        Account owner = Api.newOwner();
        patch(owner, owner.tenantSlug(), Map.of("require_verified_email", "maybe")).then().statusCode(400);
        patch(owner, owner.tenantSlug(), Map.of("surprise", true)).then().statusCode(400);
        get(owner, owner.tenantSlug()).then().body("require_verified_email", equalTo(false));
    }

    @Test
    void requiredVerificationRefusesACorrectLoginOfAnUnverifiedUserAfterThePasswordCheck() {
        Account owner = Mails.verifiedOwner();
        Account member = MembersResourceTest.member(owner, "member");
        // accepting the mailed invitation proved the address: unverified members exist only from before that rule
        Db.exec("UPDATE users SET email_verified_at = NULL WHERE id = ?::uuid", member.userId());
        patch(owner, owner.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(200);
        Api.login(member.email(), "wrong password!", owner.tenantSlug()).then().statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        Api.login(member.email(), member.password(), owner.tenantSlug()).then().statusCode(403)
                .body("code", equalTo("email_unverified"));
        Api.login(owner.email(), owner.password(), owner.tenantSlug()).then().statusCode(200);
        Mails.confirmVerification(Mailbox.tokenFor(member.email(), Mails.VERIFY)).then().statusCode(200);
        Api.login(member.email(), member.password(), owner.tenantSlug()).then().statusCode(200);
    }

    @Test
    void requiredVerificationRefusesASwitchOfAnUnverifiedUser() {
        Account owner = Mails.verifiedOwner();
        Account other = Api.newOwner(); // owner of a tenant of its own
        Api.join(owner, other.email(), "member"); // accepting the mailed invitation proved the address...
        // ...so make it an unverified member the only way one still exists: a membership from before that rule
        Db.exec("UPDATE users SET email_verified_at = NULL WHERE id = ?::uuid", other.userId());
        patch(owner, owner.tenantSlug(), Map.of("require_verified_email", true)).then().statusCode(200);
        Api.switchTo(other.accessToken(), owner.tenantSlug()).then().statusCode(403).body("code", equalTo("email_unverified"));
        Mails.confirmVerification(Mailbox.tokenFor(other.email(), Mails.VERIFY)).then().statusCode(200);
        Api.switchTo(other.accessToken(), owner.tenantSlug()).then().statusCode(200);
    }
}
