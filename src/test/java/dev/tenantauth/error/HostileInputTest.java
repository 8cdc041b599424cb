package dev.tenantauth.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Digest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A seeded, reproducible generator of malformed requests over every endpoint: never a 5xx, every
 * error is application/problem+json, and no table changes (except the failed-login rows and their
 * audit events, which refused logins legitimately add). Seed: -Dhostile.seed, count: -Dhostile.count.
 */
@QuarkusTest
public class HostileInputTest {

    static final long SEED = Long.getLong("hostile.seed", 20261125L);
    static final int COUNT = Integer.getInteger("hostile.count", 1200);

    /** An endpoint: method, path with {slug}/{id} holes, the JSON fields it reads, whether it takes a token. */
    record Endpoint(String method, String path, List<String> fields, boolean bearer, boolean safeWithValidToken) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/v1/signup", List.of("email", "password", "tenant.slug", "tenant.name", "invitation"), false, true),
            new Endpoint("POST", "/v1/auth/login", List.of("email", "password", "tenant"), false, true),
            new Endpoint("POST", "/v1/auth/refresh", List.of("refresh_token"), false, true),
            new Endpoint("POST", "/v1/auth/logout", List.of("refresh_token"), false, true),
            new Endpoint("POST", "/v1/auth/logout-all", List.of(), true, false),
            new Endpoint("POST", "/v1/auth/switch", List.of("tenant"), true, true),
            new Endpoint("GET", "/v1/me", List.of(), true, true),
            new Endpoint("GET", "/v1/me/tenants", List.of(), true, true),
            new Endpoint("GET", "/v1/me/sessions", List.of(), true, true),
            new Endpoint("DELETE", "/v1/me/sessions/{id}", List.of(), true, true),
            new Endpoint("POST", "/v1/me/password", List.of("current_password", "new_password"), true, true),
            new Endpoint("POST", "/v1/tenants", List.of("slug", "name"), true, true),
            new Endpoint("GET", "/v1/tenants/{slug}/members", List.of(), true, true),
            new Endpoint("POST", "/v1/tenants/{slug}/members", List.of("email", "role"), true, true),
            new Endpoint("PATCH", "/v1/tenants/{slug}/members/{id}", List.of("role", "active"), true, true),
            new Endpoint("DELETE", "/v1/tenants/{slug}/members/{id}", List.of(), true, true),
            new Endpoint("GET", "/v1/tenants/{slug}/invitations", List.of(), true, true),
            new Endpoint("POST", "/v1/tenants/{slug}/invitations", List.of("email", "role"), true, true),
            new Endpoint("DELETE", "/v1/tenants/{slug}/invitations/{id}", List.of(), true, true),
            new Endpoint("POST", "/v1/invitations/accept", List.of("token"), true, true),
            new Endpoint("POST", "/v1/invitations/accept", List.of("token", "password"), false, true),
            new Endpoint("DELETE", "/v1/me/tenants/{slug}", List.of(), true, true),
            new Endpoint("GET", "/v1/tenants/{slug}/audit", List.of(), true, true),
            new Endpoint("POST", "/v1/tenants/{slug}/clients", List.of("name", "type", "redirect_uris", "grant_types", "scopes"), true, true),
            new Endpoint("GET", "/v1/tenants/{slug}/clients", List.of(), true, true),
            new Endpoint("GET", "/v1/tenants/{slug}/clients/{id}", List.of(), true, true),
            new Endpoint("PATCH", "/v1/tenants/{slug}/clients/{id}", List.of("name", "redirect_uris", "grant_types", "scopes", "enabled"), true, true),
            new Endpoint("DELETE", "/v1/tenants/{slug}/clients/{id}", List.of(), true, true),
            new Endpoint("POST", "/v1/tenants/{slug}/clients/{id}/secret", List.of(), true, true),
            new Endpoint("POST", "/v1/admin/signing-keys/rotate", List.of(), true, false),
            new Endpoint("POST", "/v1/admin/login-locks/lift", List.of("email"), true, false),
            new Endpoint("GET", "/.well-known/jwks.json", List.of(), false, true),
            new Endpoint("GET", "/.well-known/openid-configuration", List.of(), false, true),
            new Endpoint("GET", "/q/health/ready", List.of(), false, true),
            new Endpoint("POST", "/v1/auth/mfa", List.of("mfa_token", "code", "recovery_code"), false, true),
            new Endpoint("POST", "/v1/auth/mfa/enroll", List.of("mfa_token"), false, true),
            new Endpoint("POST", "/v1/me/mfa/totp", List.of("current_password"), true, true),
            new Endpoint("POST", "/v1/me/mfa/totp/confirm", List.of("code"), true, true),
            new Endpoint("DELETE", "/v1/me/mfa/totp", List.of("current_password", "code"), true, true),
            new Endpoint("POST", "/v1/me/mfa/recovery-codes", List.of("code"), true, true));

    static final String[] ODD = {
        "a\u0000b", "\ud800", "x\udc00y", "\u202eevil\u202c", "😀😀😀😀😀😀😀😀", "\u200b\u200b", "\ufeffbom", "e\u0301\u0301\u0301",
        "\uffff\ufffe", "﷽", "a@b", "admin'--", "<script>", "%00", "${jndi:ldap://x}", "../../etc/passwd", "\u0085\u2028\u2029",
    };
    static final String[] BAD_IDS = {
        "not-a-uuid", "%00", "..%2F..", "00000000-0000-0000-0000-00000000000g", "x".repeat(2000), "%F0%9F%98%80",
        "%ED%A0%80", "%C0%AE", "%FF", "%25", "123", "-1", "00000000000000000000000000000000", "%E2%80%AE", "null",
    };
    static final String[] BAD_QUERIES = {
        "limit=-1", "limit=0", "limit=201", "limit=99999999999999999999999", "limit=abc", "limit=1e3", "limit=%00",
        "cursor=garbage", "cursor=%FF%FE", "cursor=" + "A".repeat(5000), "cursor=eyJ4IjoxfQ", "active=maybe",
        "active=", "limit=1&limit=2", "limit=%F0%9F%98%80", "active=TRUE%00", "cursor=..%2F", "a=" + "b".repeat(3000),
    };
    static final String[] BAD_AUTH = {
        "Bearer", "Bearer ", "Bearer a.b.c", "Bearer " + "x".repeat(9000), "Basic dXNlcjpwYXNz", "Bearer ..",
        "Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA", "Token abc", "Bearer %00", "bearer",
        "Bearer eyJ!!!.eyJ.x", "Bearer " + "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.".repeat(3),
    };
    static final String[] CONTENT_TYPES = {
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=bogus", "*/*", "application/jso", "", "application/json;;;",
    };

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    Random random;

    @Test
    void malformedRequestsNeverAnswer5xxAndChangeNothing() throws Exception {
        Api.Account owner = Api.newOwner();
        dev.tenantauth.support.Mails.awaitOutboxIdle(); // the signup's mail is out: the sender no longer touches rows
        random = new Random(SEED);
        long failuresBefore = (Long) Db.scalar("SELECT coalesce(max(id), 0) FROM login_failures");
        long auditBefore = (Long) Db.scalar("SELECT coalesce(max(id), 0) FROM audit_events");
        Map<String, String> exclude = new HashMap<>();
        exclude.put("login_failures", null);
        exclude.put("audit_events", "NOT (id > " + auditBefore + " AND action IN ('auth.login.failed', 'auth.login.rate_limited'))");
        Map<String, String> before = Digest.of(exclude);

        String base = "http://localhost:" + RestAssured.port;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perEndpoint = new TreeMap<>();
        try {
            for (int i = 0; i < COUNT; i++) {
                Endpoint e = ENDPOINTS.get(i % ENDPOINTS.size());
                int kind = random.nextInt(12);
                HttpRequest request;
                String what;
                try {
                    String[] built = new String[1];
                    request = build(base, e, kind, owner, built);
                    what = "#" + i + " " + e.method() + " " + e.path() + " kind " + kind + ": " + built[0];
                } catch (IllegalArgumentException skip) {
                    i--; // the client refuses to send it (e.g. a header value); draw another
                    continue;
                }
                HttpResponse<String> r;
                try {
                    r = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException io) {
                    // the server closes the connection after refusing an oversized body, possibly while
                    // the client still writes it; a reused connection may also have been closed under us.
                    // Once more, on a fresh client: a real failure repeats.
                    try {
                        r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                                .send(request, HttpResponse.BodyHandlers.ofString());
                        statuses.merge("retried", 1, Integer::sum);
                    } catch (java.io.IOException again) {
                        if (kind == 3 || kind == 2) {
                            statuses.merge("closed-while-sending-oversized-body", 1, Integer::sum);
                        } else {
                            failures.add(what + " -> no answer: " + again);
                        }
                        continue;
                    }
                }
                statuses.merge(String.valueOf(r.statusCode()), 1, Integer::sum);
                perEndpoint.merge(e.method() + " " + e.path(), 1, Integer::sum);
                String ct = r.headers().firstValue("Content-Type").orElse("");
                if (r.statusCode() == 414 && r.body().isEmpty()) {
                    // known, left alone: Vert.x's HTTP decoder answers 414 for a request line over
                    // quarkus.http.limits.max-initial-line-length before any route or mapper runs
                    statuses.merge("414-from-the-decoder", 1, Integer::sum);
                } else if (r.statusCode() >= 500) {
                    failures.add(what + " -> " + r.statusCode() + " " + abbreviate(r.body()));
                } else if (r.statusCode() >= 400 && !ct.startsWith("application/problem+json")) {
                    failures.add(what + " -> " + r.statusCode() + " not problem+json (" + ct + ") " + abbreviate(r.body()));
                } else if (r.statusCode() < 400 && !e.method().equals("GET") && !e.path().equals("/v1/auth/logout")) {
                    // every request here is malformed: no write may succeed (logout answers 204 for any token)
                    failures.add(what + " -> " + r.statusCode() + " a malformed write was accepted");
                }
            }
        } finally {
            System.out.println("HOSTILE-FIGURES seed=" + SEED + " requests=" + COUNT + " statuses=" + statuses);
            System.out.println("HOSTILE-ENDPOINTS " + perEndpoint);
            // refused logins add failure rows from 127.0.0.1; remove ours so the per-address limit
            // does not spill over to the test classes that run after this one
            long added = Db.exec("DELETE FROM login_failures WHERE id > ?", failuresBefore);
            System.out.println("HOSTILE-FIGURES login_failures_added=" + added);
        }
        assertTrue(failures.isEmpty(), failures.size() + " bad answers:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        Map<String, String> after = Digest.of(exclude);
        assertEquals(before, after, "a malformed request changed the database");
        Api.me(owner.accessToken()).then().statusCode(200); // and the owner still works
    }

    private HttpRequest build(String base, Endpoint e, int kind, Api.Account owner, String[] what) {
        String path = e.path();
        boolean pathHoles = path.contains("{");
        String slug = random.nextInt(3) == 0 ? pick(BAD_IDS) : owner.tenantSlug();
        String id = UUID.randomUUID().toString();
        String query = "";
        String contentType = "application/json";
        String auth = e.bearer() && e.safeWithValidToken() ? "Bearer " + owner.accessToken() : pick(BAD_AUTH);
        byte[] body = validishBody(e);
        switch (kind) {
            case 0 -> body = malformedJson(); // malformed JSON
            case 1 -> body = wrongTypes(e); // wrong types
            case 2 -> body = withField(e, "x".repeat(random.nextBoolean() ? 60_000 : 2_000)); // huge strings
            case 3 -> body = huge(); // over the 64K limit
            case 4 -> body = unknownField(e); // unknown fields
            case 5 -> body = withField(e, pick(ODD) + pick(ODD)); // odd Unicode
            case 6 -> body = invalidUtf8(e); // bytes that are not UTF-8
            case 7 -> { // bad UUIDs and slugs in the path
                if (pathHoles) {
                    id = pick(BAD_IDS);
                    slug = random.nextBoolean() ? owner.tenantSlug() : pick(BAD_IDS);
                } else {
                    path = path + "/" + pick(BAD_IDS);
                }
                body = malformedJson();
            }
            case 8 -> { // absurd query parameters
                query = "?" + pick(BAD_QUERIES);
                body = wrongTypes(e);
            }
            case 9 -> { // wrong content type
                contentType = pick(CONTENT_TYPES);
                body = unknownField(e);
            }
            case 10 -> { // bad Authorization header
                auth = pick(BAD_AUTH);
                body = wrongTypes(e);
            }
            default -> { // no body at all, or an empty one
                body = random.nextBoolean() ? new byte[0] : "   ".getBytes(StandardCharsets.UTF_8);
                if (!e.method().equals("POST") && !e.method().equals("PATCH")) {
                    query = "?" + pick(BAD_QUERIES);
                    id = pick(BAD_IDS);
                }
            }
        }
        if (!e.safeWithValidToken()) {
            auth = pick(BAD_AUTH);
        }
        if (!pathHoles && e.method().equals("GET") && kind != 7 && kind != 8 && kind != 10) {
            query = "?" + pick(BAD_QUERIES); // a GET without holes reads only the query
        }
        String p = path.replace("{slug}", slug).replace("{id}", id) + query;
        what[0] = abbreviate(p) + " ct=" + contentType + " auth=" + abbreviate(auth) + " body=" + abbreviate(new String(body, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + p)).timeout(Duration.ofSeconds(30));
        if (!contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpRequest.BodyPublisher publisher = body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        if (e.method().equals("GET") && body.length == 0) {
            b.GET();
        } else {
            b.method(e.method(), publisher);
        }
        return b.build();
    }

    private byte[] validishBody(Endpoint e) {
        return wrongTypes(e);
    }

    private byte[] malformedJson() {
        String[] bad = {"{", "{\"email\": ", "[]", "\"str\"", "123", "null", "{\"a\":1,}", "{'email':'x'}", "{\"email\":\"x\"}}",
            "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"email\":NaN}",
            "{\"email\":\"\\uZZZZ\"}", "{\"email\":\"unterminated}", "\u0000", "{\"email\":\"a\"/*c*/}", "true", "{} {}"};
        return pick(bad).getBytes(StandardCharsets.UTF_8);
    }

    /** Every field of the endpoint gets a value of the wrong JSON type. */
    private byte[] wrongTypes(Endpoint e) {
        String[] values = {"5", "[1,2]", "{\"x\":1}", "true", "-1e309", "123456789012345678901234567890", "[]", "{}", "0.5"};
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : e.fields()) {
            put(m, f, new Raw(pick(values)));
        }
        if (m.isEmpty()) {
            m.put("unexpected", new Raw(pick(values)));
        }
        return toJson(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Every string field gets {@code value} (so no field is valid where a pattern applies), plus one wrong type. */
    private byte[] withField(Endpoint e, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : e.fields()) {
            put(m, f, f.equals("active") ? new Raw("\"" + escape(value) + "\"") : value);
        }
        if (e.fields().isEmpty()) {
            m.put("unexpected", value);
        }
        return toJson(m).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] unknownField(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : e.fields()) {
            put(m, f, "x");
        }
        m.put(pick(new String[] {"admin", "role_override", "__proto__", "constructor", "id", "tid", "Email"}), new Raw("true"));
        return toJson(m).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] huge() {
        return ("{\"email\":\"" + "x".repeat(70_000 + random.nextInt(200_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(Endpoint e) {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {0}};
        String field = e.fields().isEmpty() ? "unexpected" : e.fields().get(0).replace("tenant.", "");
        byte[] head = ("{\"" + field + "\":\"a").getBytes(StandardCharsets.UTF_8);
        byte[] mid = bad[random.nextInt(bad.length)];
        byte[] tail = "b\"}".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + mid.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(mid, 0, out, head.length, mid.length);
        System.arraycopy(tail, 0, out, head.length + mid.length, tail.length);
        return out;
    }

    record Raw(String json) {}

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, String field, Object value) {
        int dot = field.indexOf('.');
        if (dot < 0) {
            m.put(field, value);
        } else {
            ((Map<String, Object>) m.computeIfAbsent(field.substring(0, dot), k -> new LinkedHashMap<String, Object>()))
                    .put(field.substring(dot + 1), value);
        }
    }

    @SuppressWarnings("unchecked")
    private static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (var en : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(escape(en.getKey())).append("\":");
            Object v = en.getValue();
            if (v instanceof Raw raw) {
                sb.append(raw.json());
            } else if (v instanceof Map<?, ?> inner) {
                sb.append(toJson((Map<String, Object>) inner));
            } else {
                sb.append('"').append(escape(String.valueOf(v))).append('"');
            }
        }
        return sb.append('}').toString();
    }

    /** JSON string escaping that keeps lone surrogates and NUL as \\u escapes (so they reach the parser). */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + ")" : s;
    }
}
