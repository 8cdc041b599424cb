package dev.tenantauth.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Readiness assertions over HTTP (rest-assured against the running test application). */
public final class Health {

    private static final String CHECK = "checks.find { it.name == 'composite-indexes' }";

    private Health() {}

    public static void assertReady() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body(CHECK + ".status", equalTo("UP"));
    }

    public static void assertNotReady(String badIndex) {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body(CHECK + ".status", equalTo("DOWN"))
                .body(CHECK + ".data." + badIndex, equalTo("missing or invalid"));
    }
}
