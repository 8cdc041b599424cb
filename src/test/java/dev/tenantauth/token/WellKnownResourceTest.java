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

    /** Until the OAuth endpoints exist, discovery names none: no token endpoint, grant, response type or ID token. */
    @Test
    void discoveryNamesOnlyWhatExists() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("$", not(hasKey("token_endpoint")))
                .body("$", not(hasKey("authorization_endpoint")))
                .body("$", not(hasKey("grant_types_supported")))
                .body("$", not(hasKey("response_types_supported")))
                .body("$", not(hasKey("id_token_signing_alg_values_supported")))
                .body("subject_types_supported", equalTo(java.util.List.of("public")))
                .body("claims_supported", hasItem("sid"));
    }
}
