package dev.tenantauth.recovery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input to the email endpoints answers 4xx problem+json, never 5xx, and queues no mail. */
@QuarkusTest
class EmailBadInputTest {

    static final List<String> BODIES = List.of("{\"email\": ", "null", "[]", "\"text\"", "{\"email\": 5}",
            "{\"token\": [1]}", "{\"token\": \"x\", \"admin\": true}", "{\"email\":\"a@b.c\",\"email\":\"d@e.f\"}",
            "{\"new_password\": 12345678, \"token\": \"x\"}", "{\"current_password\": null, \"new_email\": {}}",
            "{\"require_verified_email\": \"yes\"}", "{\"require_verified_email\": 1}");

    @Test
    void everyEmailEndpointRefusesBadBodiesWithoutQueueingMail() {
        Account owner = Api.newOwner();
        long before = outbox();
        for (String body : BODIES) {
            for (String path : List.of("/v1/password-reset", "/v1/password-reset/confirm", "/v1/email-verification/confirm")) {
                check(given(), "POST", path, body);
            }
            check(given().auth().oauth2(owner.accessToken()), "POST", "/v1/me/email", body);
            check(given().auth().oauth2(owner.accessToken()), "PATCH", "/v1/tenants/" + owner.tenantSlug() + "/settings", body);
        }
        given().contentType(ContentType.JSON).post("/v1/password-reset").then().statusCode(400);
        given().contentType(ContentType.TEXT).body("a@b.c").post("/v1/password-reset").then().statusCode(415);
        assertEquals(before, outbox(), "a refused request queued a mail");
    }

    private static void check(RequestSpecification spec, String method, String path, String body) {
        Response r = spec.contentType(ContentType.JSON).body(body).request(method, path);
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, method + " " + path + " " + body + " -> " + r.statusCode()
                + " " + r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), method + " " + path + " " + body);
    }

    private static long outbox() {
        return (Long) Db.scalar("SELECT count(*) FROM mail_outbox");
    }
}
