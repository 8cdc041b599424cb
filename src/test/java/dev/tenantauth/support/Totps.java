package dev.tenantauth.support;

import static io.restassured.RestAssured.given;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP for tests, computed here from the secret the API showed, with the library (never read from
 * the server), and the MFA calls of the contract.
 */
public final class Totps {

    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator();

    /** The code of the step {@code offset} steps from now (0 = now, -1 = the previous one, …). */
    public static String code(String base32Secret, int offset) {
        try {
            byte[] key = new Base32().decode(base32Secret);
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(key, "HmacSHA1"),
                    Instant.now().plusSeconds(30L * offset), Locale.ROOT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until at least 8 s of the current 30 s step are left, so a code computed now is still the same step on the server. */
    public static void awaitRoomInStep() {
        long intoStep = (System.currentTimeMillis() / 1000) % 30;
        if (intoStep >= 22) {
            try {
                Thread.sleep((30 - intoStep) * 1000 + 300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A user with TOTP on: the secret and the ten recovery codes. Confirmed with the previous step's code. */
    public record Enrolled(String secret, List<String> recoveryCodes) {}

    public static Enrolled enroll(Api.Account a) {
        awaitRoomInStep();
        Response s = start(a.accessToken(), a.password());
        s.then().statusCode(201);
        String secret = s.path("secret");
        Response c = confirm(a.accessToken(), code(secret, -1));
        c.then().statusCode(200);
        return new Enrolled(secret, c.path("recovery_codes"));
    }

    public static Response start(String accessToken, String password) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("current_password", password)).post("/v1/me/mfa/totp");
    }

    public static Response confirm(String accessToken, String code) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("code", code)).post("/v1/me/mfa/totp/confirm");
    }

    public static Response disable(String accessToken, String password, String code) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("current_password", password, "code", code)).delete("/v1/me/mfa/totp");
    }

    public static Response regenerate(String accessToken, String code) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("code", code)).post("/v1/me/mfa/recovery-codes");
    }

    /** POST /v1/auth/mfa with a TOTP code. */
    public static Response withCode(String mfaToken, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("mfa_token", mfaToken, "code", code))
                .post("/v1/auth/mfa");
    }

    /** POST /v1/auth/mfa with a recovery code. */
    public static Response withRecoveryCode(String mfaToken, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("mfa_token", mfaToken, "recovery_code", code))
                .post("/v1/auth/mfa");
    }

    public static Response enrollWithToken(String mfaToken) {
        return given().contentType(ContentType.JSON).body(Map.of("mfa_token", mfaToken)).post("/v1/auth/mfa/enroll");
    }

    /** A login that must answer 401 mfa_required: its mfa_token. */
    public static String mfaToken(String email, String password, String tenant) {
        Response l = Api.login(email, password, tenant);
        l.then().statusCode(401);
        if (!"mfa_required".equals(l.path("code"))) {
            throw new AssertionError("expected mfa_required: " + l.asString());
        }
        return l.path("mfa_token");
    }

    private Totps() {}
}
