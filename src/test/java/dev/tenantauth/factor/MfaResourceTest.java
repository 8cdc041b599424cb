package dev.tenantauth.factor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Races;
import dev.tenantauth.support.Tokens;
import dev.tenantauth.support.Totps;
import dev.tenantauth.support.Totps.Enrolled;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * TOTP and recovery codes over HTTP against the real database: enrollment, login with the
 * factor, replay, drift, races, brute force, the tenant policy, step-up and password reset.
 * Codes are computed here from the secret the API showed (support/Totps, with java-otp).
 */
@QuarkusTest
class MfaResourceTest {

    @Test
    void enrollConfirmThenLoginNeedsTheCodeAndEachCodeWorksOnce() {
        Account a = Api.newOwner();
        Totps.awaitRoomInStep();
        Response started = Totps.start(a.accessToken(), a.password());
        started.then().statusCode(201).header("Cache-Control", "no-store");
        String secret = started.path("secret");
        assertTrue(secret.matches("[A-Z2-7]{32,}"), secret); // >= 160 bits
        assertTrue(started.<String>path("otpauth_uri").startsWith("otpauth://totp/"));
        assertTrue(started.<String>path("otpauth_uri").contains("secret=" + secret));
        Api.me(a.accessToken()).then().statusCode(200).body("mfa.totp", equalTo(false)); // pending is not on

        Response confirmed = Totps.confirm(a.accessToken(), Totps.code(secret, -1));
        confirmed.then().statusCode(200).body("recovery_codes", hasSize(10));
        Api.me(a.accessToken()).then().statusCode(200)
                .body("mfa.totp", equalTo(true)).body("mfa.recovery_codes_left", equalTo(10));
        Totps.start(a.accessToken(), a.password()).then().statusCode(409); // already on: no new secret shown

        Response challenge = Api.login(a.email(), a.password(), a.tenantSlug());
        challenge.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("mfa_required"))
                .body("mfa_token", notNullValue()).body("methods", contains("totp", "recovery_code"))
                .body("access_token", nullValue());
        String code = Totps.code(secret, 0);
        Response ok = Totps.withCode(challenge.path("mfa_token"), code);
        ok.then().statusCode(200).header("Cache-Control", "no-store").body("recovery_codes", nullValue());
        assertTrue(Tokens.payload(ok.path("access_token")).contains("\"amr\":[\"pwd\",\"otp\"]"),
                Tokens.payload(ok.path("access_token")));
        Totps.withCode(challenge.path("mfa_token"), Totps.code(secret, 1)).then().statusCode(401)
                .body("code", equalTo("invalid_token")); // the mfa_token is single use

        String again = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Totps.withCode(again, code).then().statusCode(401).body("code", equalTo("invalid_credentials")); // replay
        Totps.withCode(again, Totps.code(secret, 1)).then().statusCode(200);

        // a refresh keeps the session's amr
        Response refreshed = Api.refresh(ok.path("refresh_token"));
        refreshed.then().statusCode(200);
        assertTrue(Tokens.payload(refreshed.path("access_token")).contains("\"amr\":[\"pwd\",\"otp\"]"));
    }

    @Test
    void withoutTotpTokensSayPwdOnly() {
        Account a = Api.newOwner();
        assertTrue(Tokens.payload(a.accessToken()).contains("\"amr\":[\"pwd\"]"), Tokens.payload(a.accessToken()));
        Api.me(a.accessToken()).then().statusCode(200)
                .body("mfa.totp", equalTo(false)).body("mfa.recovery_codes_left", equalTo(0));
    }

    @Test
    void oneStepOfDriftIsAcceptedTwoAreRefused() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a); // accepted step: now - 1
        String token = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Totps.awaitRoomInStep();
        Totps.withCode(token, Totps.code(e.secret(), -3)).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        Totps.withCode(token, Totps.code(e.secret(), 2)).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        Totps.withCode(token, Totps.code(e.secret(), 1)).then().statusCode(200);
        forgetFailures(a.email());
    }

    @Test
    void confirmingTotpRevokesTheOtherSessionsOfTheUser() {
        Account a = Api.newOwner();
        Response other = Api.login(a.email(), a.password(), a.tenantSlug());
        other.then().statusCode(200);
        Totps.enroll(a);
        Api.me(other.path("access_token")).then().statusCode(401);
        Api.me(a.accessToken()).then().statusCode(200); // the session that confirmed stays
    }

    @Test
    void oneCodeInTwoConcurrentLoginsGetsExactlyOne200() throws Exception {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        String t1 = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        String t2 = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Totps.awaitRoomInStep();
        String code = Totps.code(e.secret(), 0);
        List<String> tokens = List.of(t1, t2);
        java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> statuses = Races.parallel(2, () -> Totps.withCode(tokens.get(i.getAndIncrement()), code).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
    }

    @Test
    void aHundredGuessesOnOneTokenEvaluateAtMostFiveAndTheTokenDies() throws Exception {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        String token = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        java.util.Set<String> right = java.util.Set.of(Totps.code(e.secret(), -1), Totps.code(e.secret(), 0),
                Totps.code(e.secret(), 1), Totps.code(e.secret(), 2));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        List<Response> answers = Races.parallel(100, () -> {
            String guess;
            do {
                guess = String.format("%06d", (n.incrementAndGet() * 7919) % 1_000_000);
            } while (right.contains(guess));
            return Totps.withCode(token, guess);
        });
        long evaluated = answers.stream().filter(r -> "invalid_credentials".equals(r.path("code"))).count();
        long dead = answers.stream().filter(r -> "invalid_token".equals(r.path("code"))).count();
        assertEquals(5, evaluated, "codes evaluated");
        assertEquals(95, dead);
        assertEquals(5, Db.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.wrong_code' AND actor_user_id = ?::uuid",
                UUID.fromString(a.userId())));
        Totps.awaitRoomInStep();
        Totps.withCode(token, Totps.code(e.secret(), 0)).then().statusCode(401).body("code", equalTo("invalid_token"));
        System.out.println("MFA-BRUTE-FORCE guesses=100 evaluated=" + evaluated + " refused_unevaluated=" + dead);
        forgetFailures(a.email());
    }

    @Test
    void wrongCodesCountTowardThePerEmailLoginLimitAndAKnownPasswordDoesNotResetIt() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        for (int t = 0; t < 2; t++) { // 2 tokens x 5 wrong codes = the default 10 failures per email
            String token = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
            for (int i = 0; i < 5; i++) {
                Totps.withCode(token, wrong(e.secret(), i)).then().statusCode(401).body("code", equalTo("invalid_credentials"));
            }
        }
        Api.login(a.email(), a.password(), a.tenantSlug()).then().statusCode(429).body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
        forgetFailures(a.email());
    }

    @Test
    void oneRecoveryCodeInEightConcurrentRequestsGetsExactlyOne200() throws Exception {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(Totps.mfaToken(a.email(), a.password(), a.tenantSlug()));
        }
        String code = e.recoveryCodes().get(0).toUpperCase(); // case does not matter
        java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> statuses = Races.parallel(8, () -> Totps.withRecoveryCode(tokens.get(i.getAndIncrement()), code).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        String after = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Totps.withRecoveryCode(after, code).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        Response ok = Totps.withRecoveryCode(after, e.recoveryCodes().get(1));
        ok.then().statusCode(200);
        Api.me(ok.path("access_token")).then().body("mfa.recovery_codes_left", equalTo(8));
        assertEquals(2, Db.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.recovery_code_used'"
                + " AND actor_user_id = ?::uuid", UUID.fromString(a.userId())));
        forgetFailures(a.email());
    }

    @Test
    void regeneratingVoidsTheOldCodes() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        Totps.regenerate(a.accessToken(), "000000".equals(Totps.code(e.secret(), 0)) ? "111111" : "000000")
                .then().statusCode(400).body("code", equalTo("invalid_credentials"));
        Response fresh = Totps.regenerate(a.accessToken(), Totps.code(e.secret(), 0));
        fresh.then().statusCode(200).body("recovery_codes", hasSize(10));
        List<String> codes = fresh.path("recovery_codes");
        String t = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Totps.withRecoveryCode(t, e.recoveryCodes().get(0)).then().statusCode(401);
        Totps.withRecoveryCode(t, codes.get(0)).then().statusCode(200);
        assertEquals(1, Db.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.recovery_codes_regenerated'"
                + " AND actor_user_id = ?::uuid", UUID.fromString(a.userId())));
    }

    @Test
    void disablingNeedsThePasswordAndACode() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        Totps.disable(a.accessToken(), "not the password", Totps.code(e.secret(), 0)).then().statusCode(400)
                .body("code", equalTo("invalid_credentials"));
        Totps.disable(a.accessToken(), a.password(), wrong(e.secret(), 0)).then().statusCode(400)
                .body("code", equalTo("invalid_credentials"));
        Api.me(a.accessToken()).then().body("mfa.totp", equalTo(true));
        Totps.disable(a.accessToken(), a.password(), e.recoveryCodes().get(3)).then().statusCode(204);
        Api.me(a.accessToken()).then().body("mfa.totp", equalTo(false)).body("mfa.recovery_codes_left", equalTo(0));
        assertEquals(0, Db.count("SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ?::uuid", UUID.fromString(a.userId())));
        Response l = Api.login(a.email(), a.password(), a.tenantSlug());
        l.then().statusCode(200);
        assertTrue(Tokens.payload(l.path("access_token")).contains("\"amr\":[\"pwd\"]"));
        Totps.disable(a.accessToken(), a.password(), "123456").then().statusCode(409);
        forgetFailures(a.email());
    }

    @Test
    void policyOnRevokesSessionsWithoutAFactorAndMembersWithoutTotpEnroll() {
        Account owner = Api.newOwner();
        Enrolled oe = Totps.enroll(owner); // owner.accessToken()'s session is a password-only one
        String ot = Totps.mfaToken(owner.email(), owner.password(), owner.tenantSlug());
        Response withOtp = Totps.withCode(ot, Totps.code(oe.secret(), 0));
        withOtp.then().statusCode(200);
        String ownerOtp = withOtp.path("access_token");
        Account member = member(owner, ownerOtp);

        settings(member.accessToken(), owner.tenantSlug(), Map.of("mfa_required", true)).then().statusCode(403);
        settings(ownerOtp, owner.tenantSlug(), Map.of("mfa_required", true)).then().statusCode(200)
                .body("mfa_required", equalTo(true)).body("require_verified_email", equalTo(false));
        given().auth().oauth2(ownerOtp).get("/v1/tenants/" + owner.tenantSlug() + "/settings").then().statusCode(200)
                .body("mfa_required", equalTo(true));

        Api.me(member.accessToken()).then().statusCode(401); // at once, on the next request
        Api.refresh(member.refreshToken()).then().statusCode(401);
        Api.me(owner.accessToken()).then().statusCode(401); // the owner's password-only session too
        Api.me(ownerOtp).then().statusCode(200);
        Object details = Db.scalar("SELECT details::text FROM audit_events WHERE action = 'tenant.settings_changed'"
                + " AND tenant_id = ?::uuid", UUID.fromString(owner.tenantId()));
        assertTrue(String.valueOf(details).contains("\"mfa_required\": {\"to\": true, \"from\": false}"), String.valueOf(details));

        // the member has no TOTP: login asks for enrollment, with a token that can only enroll
        Response l = Api.login(member.email(), member.password(), member.tenantSlug());
        l.then().statusCode(401).body("code", equalTo("mfa_enrollment_required")).body("methods", contains("totp"))
                .body("mfa_token", notNullValue());
        String token = l.path("mfa_token");
        Totps.awaitRoomInStep();
        Response secret = Totps.enrollWithToken(token);
        secret.then().statusCode(200).header("Cache-Control", "no-store");
        String s = secret.path("secret");
        Response done = Totps.withCode(token, Totps.code(s, 0));
        done.then().statusCode(200).body("recovery_codes", hasSize(10)).body("tenant", equalTo(owner.tenantSlug()));
        assertTrue(Tokens.payload(done.path("access_token")).contains("\"amr\":[\"pwd\",\"otp\"]"));
        Api.me(done.path("access_token")).then().statusCode(200).body("mfa.totp", equalTo(true));
        Totps.enrollWithToken(token).then().statusCode(401); // spent
        // from now on the member's login asks for the code
        Totps.mfaToken(member.email(), member.password(), member.tenantSlug());
        // a login mfa_token does not enroll
        Totps.enrollWithToken(Totps.mfaToken(member.email(), member.password(), member.tenantSlug()))
                .then().statusCode(401).body("code", equalTo("invalid_token"));
    }

    /**
     * The race the policy's revocation cannot see: a login that read mfa_required = false, and
     * opened its password-only session after the PATCH revoked the others. Set up here by turning
     * the policy on in the database without the revocation; the per-request check and refresh
     * refuse that session on its next use.
     */
    @Test
    void aPasswordOnlySessionThatRacedThePolicyIsRefusedOnItsNextUse() {
        Account owner = Api.newOwner();
        Api.me(owner.accessToken()).then().statusCode(200);
        Db.exec("UPDATE tenants SET mfa_required = true WHERE id = ?::uuid", owner.tenantId());
        Api.me(owner.accessToken()).then().statusCode(401);
        Api.refresh(owner.refreshToken()).then().statusCode(401).body("code", equalTo("invalid_token"));
        assertEquals("mfa_required", Db.scalar("SELECT revoked_reason FROM sessions WHERE user_id = ?::uuid AND tenant_id = ?::uuid",
                owner.userId(), owner.tenantId()));
    }

    @Test
    void switchingIntoARequiringTenantFromASessionWithoutAFactorStepsUp() {
        Account a = Api.newOwner(); // a.accessToken(): password only, in tenant A
        Enrolled e = Totps.enroll(a);
        String other = Api.unique("t");
        Api.createTenant(a.accessToken(), other).then().statusCode(201);
        Response inB = Api.switchTo(a.accessToken(), other);
        inB.then().statusCode(200);
        settings(inB.path("access_token"), other, Map.of("mfa_required", true)).then().statusCode(200);
        Api.me(inB.path("access_token")).then().statusCode(401); // that session had no second factor

        Response step = Api.switchTo(a.accessToken(), other);
        step.then().statusCode(401).body("code", equalTo("mfa_required")).body("mfa_token", notNullValue());
        Response up = Totps.withCode(step.path("mfa_token"), Totps.code(e.secret(), 0));
        up.then().statusCode(200).body("tenant", equalTo(other));
        assertTrue(Tokens.payload(up.path("access_token")).contains("\"amr\":[\"pwd\",\"otp\"]"));
        Api.me(up.path("access_token")).then().statusCode(200).body("tenant.slug", equalTo(other));

        // from a session with the factor, the switch needs nothing more and keeps the amr
        Response back = Api.switchTo(up.path("access_token"), a.tenantSlug());
        back.then().statusCode(200);
        Response again = Api.switchTo(back.path("access_token"), other);
        again.then().statusCode(200);
        assertTrue(Tokens.payload(again.path("access_token")).contains("\"amr\":[\"pwd\",\"otp\"]"));
    }

    @Test
    void switchingIntoARequiringTenantWithoutTotpAsksForEnrollment() {
        Account a = Api.newOwner();
        String other = Api.unique("t");
        Api.createTenant(a.accessToken(), other).then().statusCode(201);
        Response inB = Api.switchTo(a.accessToken(), other);
        settings(inB.path("access_token"), other, Map.of("mfa_required", true)).then().statusCode(200);
        Response step = Api.switchTo(a.accessToken(), other);
        step.then().statusCode(401).body("code", equalTo("mfa_enrollment_required")).body("methods", contains("totp"));
        String token = step.path("mfa_token");
        Totps.awaitRoomInStep();
        String secret = Totps.enrollWithToken(token).then().statusCode(200).extract().path("secret");
        Response done = Totps.withCode(token, Totps.code(secret, 0));
        done.then().statusCode(200).body("tenant", equalTo(other)).body("recovery_codes", hasSize(10));
        Api.me(a.accessToken()).then().statusCode(401); // finishing an enrollment revokes the user's other sessions
    }

    @Test
    void anExpiredMfaTokenIsRefusedAndANewOneLastsFiveMinutes() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        String token = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        Db.exec("UPDATE mfa_tokens SET created_at = now() - interval '6 minutes', expires_at = now() - interval '1 minute'"
                + " WHERE user_id = ?::uuid", UUID.fromString(a.userId()));
        Totps.withCode(token, Totps.code(e.secret(), 0)).then().statusCode(401).body("code", equalTo("invalid_token"));
        String fresh = Totps.mfaToken(a.email(), a.password(), a.tenantSlug());
        assertEquals(300L, ((Number) Db.scalar("SELECT extract(epoch FROM expires_at - created_at)::bigint FROM mfa_tokens"
                + " WHERE user_id = ?::uuid AND expires_at > now()", UUID.fromString(a.userId()))).longValue());
        Totps.withCode(fresh, Totps.code(e.secret(), 0)).then().statusCode(200);
    }

    @Test
    void aPasswordResetLeavesMfaOnAndLoginStillAsksForTheCode() {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        Mails.requestReset(a.email()).then().statusCode(202);
        String newPassword = "a brand new password 42";
        Mails.confirmReset(Mailbox.tokenFor(a.email(), Mails.RESET), newPassword).then().statusCode(204);
        String token = Totps.mfaToken(a.email(), newPassword, a.tenantSlug());
        Response ok = Totps.withCode(token, Totps.code(e.secret(), 0));
        ok.then().statusCode(200);
        Api.me(ok.path("access_token")).then().body("mfa.totp", equalTo(true)).body("mfa.recovery_codes_left", equalTo(10));
    }

    @Test
    void theSecretIsCiphertextInTheDatabaseAndAppearsInNoLogOrLaterAnswer() throws Exception {
        Account a = Api.newOwner();
        Enrolled e = Totps.enroll(a);
        byte[] raw = new Base32().decode(e.secret());
        Object[] row = (Object[]) rowOf("SELECT key_id, secret FROM mfa_totp WHERE user_id = ?::uuid", a.userId());
        assertEquals("test-2026", row[0]);
        byte[] stored = (byte[]) row[1];
        assertEquals(12 + raw.length + 16, stored.length);
        String storedHex = HexFormat.of().formatHex(stored);
        assertFalse(storedHex.contains(HexFormat.of().formatHex(raw)), "the column holds the plaintext");
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains(e.secret()));
        assertEquals(10, Db.count("SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ?::uuid"
                + " AND octet_length(code_hash) = 32 AND key_id = 'test-2026'", UUID.fromString(a.userId())));
        String me = Api.me(a.accessToken()).asString();
        assertFalse(me.contains(e.secret()));
        String login = Api.login(a.email(), a.password(), a.tenantSlug()).asString();
        assertFalse(login.contains(e.secret()));
        // the test profile's log file, and the packaged jar's output when this runs as MfaResourceIT
        List<Path> logs = java.util.stream.Stream.of("target/quarkus-test.log", "target/quarkus.log")
                .map(Path::of).filter(Files::exists).toList();
        assertFalse(logs.isEmpty(), "no log to search");
        for (Path p : logs) {
            String log = Files.readString(p);
            assertFalse(log.contains(e.secret()), "the secret is in " + p);
            for (String code : e.recoveryCodes()) {
                assertFalse(log.contains(code), "a recovery code is in " + p);
            }
        }
    }

    @Test
    void badInputAnswers400AndChangesNothing() {
        Account a = Api.newOwner();
        Totps.withCode("whatever", "12345").then().statusCode(400).body("code", equalTo("validation_failed"));
        Totps.withCode("whatever", "abcdef").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("mfa_token", "x", "code", "123456", "recovery_code", "abcd"))
                .post("/v1/auth/mfa").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("mfa_token", "x")).post("/v1/auth/mfa").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"mfa_token\":7,\"code\":\"123456\"}").post("/v1/auth/mfa")
                .then().statusCode(400);
        Totps.withCode("not-a-token", "123456").then().statusCode(401).body("code", equalTo("invalid_token"));
        Totps.enrollWithToken("not-a-token").then().statusCode(401).body("code", equalTo("invalid_token"));
        Totps.confirm(a.accessToken(), "123456").then().statusCode(409); // nothing pending
        Totps.confirm(a.accessToken(), "12x456").then().statusCode(400).body("code", equalTo("validation_failed"));
        Totps.start(a.accessToken(), "wrong password").then().statusCode(400).body("code", equalTo("invalid_credentials"));
        given().auth().oauth2(a.accessToken()).contentType(ContentType.JSON).body("{\"current_password\":\"x\",\"surprise\":1}")
                .post("/v1/me/mfa/totp").then().statusCode(400);
        settings(a.accessToken(), a.tenantSlug(), Map.of("mfa_required", "yes")).then().statusCode(400);
        assertEquals(0, Db.count("SELECT count(*) FROM mfa_totp WHERE user_id = ?::uuid", UUID.fromString(a.userId())));
        Api.me(a.accessToken()).then().statusCode(200);
        forgetFailures(a.email());
    }

    /** Removes the failed-login rows of this email, so the per-address limit does not spill over to other tests. */
    static void forgetFailures(String email) {
        Db.exec("DELETE FROM login_failures WHERE email_key = encode(sha256(convert_to(lower(?), 'UTF8')), 'hex')", email);
    }

    /** A six-digit code that is none of the codes near now. */
    static String wrong(String secret, int i) {
        java.util.Set<String> right = java.util.Set.of(Totps.code(secret, -1), Totps.code(secret, 0),
                Totps.code(secret, 1), Totps.code(secret, 2));
        for (int n = i; ; n++) {
            String guess = String.format("%06d", (n * 104729 + 17) % 1_000_000);
            if (!right.contains(guess)) {
                return guess;
            }
        }
    }

    static Response settings(String accessToken, String slug, Map<String, Object> body) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body)
                .patch("/v1/tenants/" + slug + "/settings");
    }

    /** A new user added to the owner's tenant and logged in there (password only). */
    static Account member(Account owner, String ownerToken) {
        String email = Api.unique("m") + "@example.com";
        Response s = Api.signup(email, Api.PASSWORD, null);
        s.then().statusCode(201);
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(Map.of("email", email, "role", "member"))
                .post("/v1/tenants/" + owner.tenantSlug() + "/members").then().statusCode(201); // an invitation
        Api.acceptWithPassword(dev.tenantauth.support.Mailbox.tokenFor(email, dev.tenantauth.support.Mails.INVITATION),
                Api.PASSWORD).then().statusCode(200);
        Response l = Api.login(email, Api.PASSWORD, owner.tenantSlug());
        l.then().statusCode(200);
        return new Account(email, Api.PASSWORD, s.path("user.id"), owner.tenantSlug(), owner.tenantId(),
                l.path("access_token"), l.path("refresh_token"));
    }

    static Object rowOf(String sql, String userId) throws Exception {
        try (var c = Db.open(); var ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(userId));
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return new Object[] {rs.getString(1), rs.getBytes(2)};
            }
        }
    }
}
