package dev.tenantauth.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.tenantauth.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityHeadersTest {

    @Test
    void authenticatedAnswersAreNeverStoredAndNothingIsSniffed() {
        Api.Account a = Api.newOwner();
        for (String path : new String[] {"/v1/me", "/v1/me/tenants", "/v1/me/sessions",
            "/v1/tenants/" + a.tenantSlug() + "/members", "/v1/tenants/" + a.tenantSlug() + "/audit"}) {
            given().auth().oauth2(a.accessToken()).get(path).then().statusCode(200)
                    .header("Cache-Control", equalTo("no-store"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"));
        }
        // a refused bearer request is not stored either
        given().auth().oauth2("not-a-token").get("/v1/me").then().statusCode(401).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void publicAnswersKeepTheirOwnCachingAndPlainHttpGetsNoHsts() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=60"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Strict-Transport-Security", nullValue());
        given().get("/v1/nothing-here").then().statusCode(404).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
