package dev.tenantauth.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Every way a bearer token can be wrong answers 401 invalid_token; one reason per test. */
@QuarkusTest
class BearerTokenTest {

    @Test
    void validTokenIsAccepted() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200).body("user.id", equalTo(a.userId()));
    }

    @Test
    void missingTokenIsRefused() {
        RestAssured.given().get("/v1/me").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_token"));
    }

    @Test
    void nonBearerSchemeIsRefused() {
        RestAssured.given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/me").then().statusCode(401);
    }

    @Test
    void algNoneIsRefused() {
        Account a = Api.newOwner();
        String forged = Tokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + a.accessToken().split("\\.")[1] + ".";
        refused(forged);
    }

    @Test
    void hs256KeyedWithThePublicKeyIsRefused() throws Exception {
        Account a = Api.newOwner();
        String kid = kid(a.accessToken());
        String jwks = RestAssured.get("/.well-known/jwks.json").asString();
        String header = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        String body = a.accessToken().split("\\.")[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(jwks.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Tokens.B64URL.encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
        refused(header + "." + body + "." + sig);
    }

    @Test
    void unknownKidIsRefused() {
        Account a = Api.newOwner();
        String[] parts = a.accessToken().split("\\.");
        String header = Tokens.b64(Tokens.header(a.accessToken()).replace(kid(a.accessToken()), "no-such-kid"));
        refused(header + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void foreignKeyUnderAKnownKidIsRefused() throws Exception {
        Account a = Api.newOwner();
        String kid = kid(a.accessToken());
        KeyPairGenerator g = KeyPairGenerator.getInstance(Tokens.keyType(kid));
        if (Tokens.keyType(kid).equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        String forged = claims(a).jws().keyId(kid).algorithm(Tokens.algorithm(kid)).sign(g.generateKeyPair().getPrivate());
        refused(forged);
    }

    @Test
    void expiredTokenIsRefused() {
        Account a = Api.newOwner();
        long now = Instant.now().getEpochSecond();
        refused(resign(a, claims(a).issuedAt(now - 3600).expiresAt(now - 1800)));
    }

    @Test
    void notYetValidTokenIsRefused() {
        Account a = Api.newOwner();
        long now = Instant.now().getEpochSecond();
        refused(resign(a, claims(a).issuedAt(now + 600).expiresAt(now + 1200)));
    }

    @Test
    void wrongIssuerIsRefused() {
        Account a = Api.newOwner();
        refused(resign(a, claims(a).issuer("https://evil.example")));
    }

    @Test
    void wrongAudienceIsRefused() {
        Account a = Api.newOwner();
        refused(resign(a, claims(a).audience("someone-else")));
    }

    @Test
    void tamperedClaimsAreRefused() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        String[] parts = a.accessToken().split("\\.");
        String payload = Tokens.payload(a.accessToken()).replace(a.userId(), b.userId());
        refused(parts[0] + "." + Tokens.b64(payload) + "." + parts[2]);
    }

    @Test
    void realKeyButSessionOfAnotherUserIsRefused() {
        Account a = Api.newOwner();
        Account b = Api.newOwner();
        String bSession = Api.me(b.accessToken()).path("session_id");
        refused(resign(a, claims(a).claim("sid", bSession)));
    }

    @Test
    void resignedWithTheRealKeyIsAcceptedSoTheOtherTestsMeanSomething() {
        Account a = Api.newOwner();
        Api.me(resign(a, claims(a))).then().statusCode(200);
    }

    @Test
    void deactivatedMemberIsRefusedOnTheNextRequest() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200);
        Db.exec("UPDATE user_tenant_membership SET is_active = false WHERE user_id = ?::uuid", a.userId());
        refused(a.accessToken());
    }

    @Test
    void revokedSessionIsRefusedOnTheNextRequest() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200);
        Db.exec("UPDATE sessions SET revoked_at = now(), revoked_reason = 'test' WHERE user_id = ?::uuid", a.userId());
        refused(a.accessToken());
    }

    @Test
    void roleComesFromTheMembershipNotTheToken() {
        Account a = Api.newOwner();
        Db.exec("UPDATE user_tenant_membership SET role = 'member' WHERE user_id = ?::uuid", a.userId());
        Api.me(a.accessToken()).then().statusCode(200).body("role", equalTo("member"));
    }

    @Test
    void algNoneSpelledOtherwiseIsRefused() {
        Account a = Api.newOwner();
        String body = a.accessToken().split("\\.")[1];
        for (String alg : new String[] {"None", "NONE", "nOnE"}) {
            refused(Tokens.b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid(a.accessToken()) + "\"}") + "." + body + ".");
        }
    }

    @Test
    void hs256KeyedWithThePublicKeyBytesIsRefused() throws Exception {
        Account a = Api.newOwner();
        String kid = kid(a.accessToken());
        String publicKey = (String) Db.scalar("SELECT public_key FROM signing_keys WHERE kid = ?", kid);
        byte[] der = java.util.Base64.getDecoder().decode(publicKey);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        String header = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        String body = a.accessToken().split("\\.")[1];
        for (byte[] secret : new byte[][] {der, publicKey.getBytes(StandardCharsets.US_ASCII), pem.getBytes(StandardCharsets.US_ASCII)}) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String sig = Tokens.B64URL.encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
            refused(header + "." + body + "." + sig);
        }
    }

    @Test
    void tokenWithoutKidIsRefused() {
        Account a = Api.newOwner();
        String kid = kid(a.accessToken());
        refused(claims(a).jws().algorithm(Tokens.algorithm(kid)).sign(Tokens.activePrivateKey(kid)));
    }

    @Test
    void memberDeactivatedThroughTheApiIsRefusedOnTheNextRequest() {
        Account owner = Api.newOwner();
        Account member = Api.newOwner();
        Api.join(owner, member.email(), "member");
        String token = Api.login(member.email(), member.password(), owner.tenantSlug()).then().statusCode(200)
                .extract().path("access_token");
        Api.me(token).then().statusCode(200);
        RestAssured.given().auth().oauth2(owner.accessToken()).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("active", false))
                .patch("/v1/tenants/" + owner.tenantSlug() + "/members/" + member.userId()).then().statusCode(200);
        refused(token);
    }

    @Test
    void sessionLoggedOutThroughTheApiIsRefusedOnTheNextRequest() {
        Account a = Api.newOwner();
        Api.me(a.accessToken()).then().statusCode(200);
        Api.logout(a.refreshToken()).then().statusCode(204);
        refused(a.accessToken());
    }

    @Test
    void sessionRevokedByLogoutAllIsRefusedOnTheNextRequest() {
        Account a = Api.newOwner();
        RestAssured.given().auth().oauth2(a.accessToken()).post("/v1/auth/logout-all").then().statusCode(204);
        refused(a.accessToken());
    }

    private static void refused(String token) {
        Api.me(token).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_token"));
    }

    private static String kid(String token) {
        return (String) io.restassured.path.json.JsonPath.from(Tokens.header(token)).getMap("").get("kid");
    }

    /** The claims of the account's own token, ready to be changed and re-signed. */
    private static JwtClaimsBuilder claims(Account a) {
        Map<String, Object> c = io.restassured.path.json.JsonPath.from(Tokens.payload(a.accessToken())).getMap("");
        JwtClaimsBuilder b = Jwt.claims();
        c.forEach((k, v) -> b.claim(k, v instanceof Integer i ? Long.valueOf(i) : v));
        return b;
    }

    private static String resign(Account a, JwtClaimsBuilder claims) {
        String kid = kid(a.accessToken());
        return claims.jws().keyId(kid).algorithm(Tokens.algorithm(kid)).sign(Tokens.activePrivateKey(kid));
    }
}
