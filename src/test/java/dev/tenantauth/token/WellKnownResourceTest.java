package dev.tenantauth.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WellKnownResourceTest {

    @Test
    void jwksPublishesTheKeyThatSignedTheToken() {
        Api.Account a = Api.newOwner();
        JsonPath header = JsonPath.from(Tokens.header(a.accessToken()));
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", hasItem(header.getString("kid")))
                .body("keys.alg", hasItem(header.getString("alg")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys", everyItem(not(hasKey("d"))));
    }

    @Test
    void discoveryIssuerIsTheConfiguredOneWhateverTheHost() {
        Api.Account a = Api.newOwner();
        String iss = JsonPath.from(Tokens.payload(a.accessToken())).getString("iss");
        String issuer = given().header("Host", "evil.example:666").get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("jwks_uri", equalTo(iss + "/.well-known/jwks.json"))
                .extract().path("issuer");
        assertEquals(iss, issuer);
    }

    /** Discovery is truthful: every endpoint it names answers (none is a 404), under the configured issuer. */
    @Test
    void discoveryNamesOnlyWhatExists() {
        io.restassured.path.json.JsonPath doc = given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("subject_types_supported", equalTo(java.util.List.of("public")))
                .body("claims_supported", hasItem("sid"))
                .body("response_types_supported", equalTo(java.util.List.of("code")))
                .extract().jsonPath();
        String issuer = doc.getString("issuer");
        for (String key : java.util.List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint",
                "revocation_endpoint", "introspection_endpoint", "end_session_endpoint", "jwks_uri")) {
            String url = doc.getString(key);
            org.junit.jupiter.api.Assertions.assertTrue(url.startsWith(issuer.replaceAll("/$", "") + "/"), key + ": " + url);
            String path = url.substring(issuer.replaceAll("/$", "").length());
            int status = given().redirects().follow(false).get(path).statusCode();
            org.junit.jupiter.api.Assertions.assertNotEquals(404, status, key + " " + path + " does not exist");
        }
    }
}
