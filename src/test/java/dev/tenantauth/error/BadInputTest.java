package dev.tenantauth.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input of any kind answers 4xx problem+json and changes nothing. */
@QuarkusTest
class BadInputTest {

    private long before;

    @BeforeEach
    void count() {
        before = rows();
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(before, rows(), "a refused request changed the database");
    }

    private static long rows() {
        return (Long) Db.scalar("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM tenants)"
                + " + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM refresh_tokens)");
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then()
                .contentType("application/problem+json");
    }

    @Test
    void malformedJson() {
        post("/v1/signup", "{\"email\": ").statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void wrongTypes() {
        post("/v1/signup", "{\"email\": 5, \"password\": [1], \"tenant\": \"x\"}").statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void unknownField() {
        post("/v1/auth/refresh", "{\"refresh_token\": \"x\", \"admin\": true}").statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("admin"));
    }

    @Test
    void missingBody() {
        given().contentType(ContentType.JSON).post("/v1/auth/login").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void jsonNullBody() {
        post("/v1/auth/login", "null").statusCode(400);
    }

    @Test
    void hugeBody() {
        String big = "x".repeat(200_000);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + big + "\"}").post("/v1/signup").then()
                .statusCode(413);
    }

    @Test
    void nulInEmail() {
        post("/v1/signup", "{\"email\":\"a\\u0000b@example.com\",\"password\":\"" + Api.PASSWORD + "\"}")
                .statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void loneSurrogateInTenantName() {
        post("/v1/signup", "{\"email\":\"" + Api.unique("u") + "@example.com\",\"password\":\"" + Api.PASSWORD
                        + "\",\"tenant\":{\"slug\":\"ok-slug\",\"name\":\"\\u0000\\ud800\"}}")
                .statusCode(400);
    }

    @Test
    void duplicateKeyIsMalformedJsonEverywhere() {
        post("/v1/auth/refresh", "{\"refresh_token\":\"a\",\"refresh_token\":\"b\"}").statusCode(400)
                .body("code", equalTo("malformed_json"));
        post("/v1/auth/login", "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"x\",\"tenant\":\"t1\"}")
                .statusCode(400).body("code", equalTo("malformed_json"));
        post("/v1/signup", "{\"email\":\"" + Api.unique("dup") + "@example.com\",\"password\":\"" + Api.PASSWORD
                        + "\",\"password\":\"" + Api.PASSWORD + "\"}")
                .statusCode(400).body("code", equalTo("malformed_json"));
        post("/v1/signup", "{\"email\":\"" + Api.unique("dup") + "@example.com\",\"password\":\"" + Api.PASSWORD
                        + "\",\"tenant\":{\"slug\":\"dup-a\",\"slug\":\"dup-b\",\"name\":\"x\"}}")
                .statusCode(400).body("code", equalTo("malformed_json"));
    }

    /** Lone surrogates are not text: eight of them used to be stored as the hash of "????????". */
    @Test
    void passwordThatIsNotWellFormedUnicodeIsRefused() {
        String lone = "\\ud800".repeat(8);
        post("/v1/signup", "{\"email\":\"" + Api.unique("sur") + "@example.com\",\"password\":\"" + lone + "\"}")
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("password"));
        post("/v1/auth/login", "{\"email\":\"a@example.com\",\"password\":\"" + lone + "\",\"tenant\":\"t1\"}")
                .statusCode(400).body("code", equalTo("validation_failed"));
        // a well-formed pair (an emoji) is fine
        given().contentType(ContentType.JSON).body("{\"email\":\"" + Api.unique("emoji") + "@example.com\",\"password\":\""
                        + "\\ud83d\\ude00".repeat(8) + "\"}")
                .post("/v1/signup").then().statusCode(201);
        before += 1; // that user is meant to exist
    }

    @Test
    void wrongContentType() {
        given().contentType(ContentType.TEXT).body("hello").post("/v1/auth/login").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void unknownPath() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMethod() {
        given().get("/v1/auth/login").then().statusCode(405).contentType("application/problem+json");
    }
}
