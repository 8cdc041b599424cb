package dev.tenantauth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.OAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator of malformed requests to the OAuth edge (token, revocation, introspection,
 * authorize, userinfo): never a 5xx; the three client endpoints answer RFC 6749 JSON with an
 * {@code error} for every refusal (never problem+json); and nothing is issued.
 * Seed: -Doauth.hostile.seed, count: -Doauth.hostile.count.
 */
@QuarkusTest
class OAuthHostileInputTest {

    static final long SEED = Long.getLong("oauth.hostile.seed", 20261201L);
    static final int COUNT = Integer.getInteger("oauth.hostile.count", 400);

    static final String[] ODD = {"", "a\u0000b", "\ud800", "%", "%zz", "😀", "\u202e", "x".repeat(5000), "' OR 1=1 --",
        "<script>", "null", "[]", "{}", "\r\nX-Injected: 1", "authorization_code", "refresh_token", "client_credentials",
        "S256", "plain", "openid", "openid email", "http://127.0.0.1:9/callback"};
    static final String[] NAMES = {"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope",
        "client_id", "client_secret", "token", "token_type_hint", "response_type", "state", "nonce", "code_challenge",
        "code_challenge_method", "prompt", "max_age", "request"};
    static final String[] PATHS = {"/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"};

    @Test
    void neverA5xxAndAlwaysRfc6749JsonOnTheClientEndpoints() throws Exception {
        Api.Account owner = Api.newOwner();
        OAuth.Client client = OAuth.confidential(owner);
        Random random = new Random(SEED);
        long sessionsBefore = Db.count("SELECT count(*) FROM sessions WHERE client_id = ?::uuid", client.id());
        // both protocols: HTTP/1.1, and HTTP/2 (h2c upgrade on the first request, then streams)
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String base = "http://localhost:" + RestAssured.port;
        for (int i = 0; i < COUNT; i++) {
            String path = random.nextInt(6) == 0 ? pick(random, new String[] {"/oauth2/authorize", "/oauth2/userinfo",
                "/oauth2/authorize/mfa", "/oauth2/logout"}) : pick(random, PATHS);
            String contentType = pick(random, new String[] {"application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=x"});
            StringBuilder body = new StringBuilder();
            int fields = random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    body.append('&');
                }
                body.append(pick(random, NAMES)).append('=').append(random.nextBoolean()
                        ? URLEncoder.encode(pick(random, ODD), StandardCharsets.UTF_8) : pick(random, ODD));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", contentType);
            switch (random.nextInt(5)) {
                case 0 -> req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (client.id() + ":" + pick(random, ODD)).getBytes(StandardCharsets.UTF_8)));
                case 1 -> req.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(pick(random, ODD).getBytes(StandardCharsets.UTF_8)));
                case 2 -> req.header("Authorization", pick(random, new String[] {"Bearer x", "Basic", "Digest a", "Basic !!"}));
                default -> { }
            }
            // raw bytes: percent signs and control characters go out as the generator made them
            byte[] bytes = body.toString().replace("\r\n", "%0D%0A").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = random.nextInt(8) == 0 ? req.GET().build()
                    : req.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            HttpResponse<String> r = (random.nextBoolean() ? http1 : http2).send(request, HttpResponse.BodyHandlers.ofString());
            String where = "#" + i + " " + r.version() + " " + request.method() + " " + path + " " + contentType + " body="
                    + abbreviate(body.toString());
            assertTrue(r.statusCode() < 500, where + " -> " + r.statusCode() + " " + abbreviate(r.body()));
            if (List.of(PATHS).contains(path) && r.statusCode() >= 400) {
                String type = r.headers().firstValue("Content-Type").orElse("");
                assertTrue(type.startsWith("application/json"), where + " -> " + r.statusCode() + " " + type);
                assertTrue(r.body().contains("\"error\""), where + " -> " + r.body());
            }
        }
        assertEquals(sessionsBefore, Db.count("SELECT count(*) FROM sessions WHERE client_id = ?::uuid", client.id()));
    }

    static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
