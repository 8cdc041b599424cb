package dev.tenantauth.support;

import dev.tenantauth.tenant.Tenant;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A small HTTP client with bounded timeouts, for services that run as child processes. */
public final class Http {

    public record Reply(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
        public JsonPath json() {
            return JsonPath.from(body);
        }

        public String path(String p) {
            Object v = json().get(p);
            return v == null ? null : v.toString();
        }

        public boolean problemJson() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private final HttpClient client;
    public final String base;
    private final Duration timeout;

    public Http(String base) {
        this(base, Duration.ofSeconds(15));
    }

    public Http(String base, Duration timeout) {
        this(base, timeout, null);
    }

    /**
     * A client whose connections leave from {@code localAddress} (null: any): on Linux every
     * 127.0.0.0/8 address reaches a server on 127.0.0.1, so tests can be several client addresses.
     */
    public Http(String base, Duration timeout, java.net.InetAddress localAddress) {
        this.base = base;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3));
        if (localAddress != null) {
            b.localAddress(localAddress);
        }
        this.client = b.build();
    }

    /** A client of the {@code @QuarkusTest} application, from the loopback address {@code 127.0.0.<n>}. */
    public static Http fromLoopback(int n) {
        try {
            return new Http("http://127.0.0.1:" + io.restassured.RestAssured.port, Duration.ofSeconds(15),
                    java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n}));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    }

    public Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return reply(r);
    }

    public CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Http::reply);
    }

    private static Reply reply(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r.headers());
    }

    public HttpRequest postJson(String path, String token, String json) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    public HttpRequest get(String path, String token) {
        HttpRequest.Builder b = request(path).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    public Reply post(String path, String token, String json) throws IOException, InterruptedException {
        return send(postJson(path, token, json));
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(get(path, null));
    }

    public static String json(Map<String, ?> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(k)).append(':');
            sb.append(v instanceof Map<?, ?> inner ? json(castMap(inner)) : v instanceof String s ? quote(s) : String.valueOf(v));
        });
        return sb.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Signup (with an owned tenant) and login against {@code http}; the account as {@link Api.Account}. */
    public Api.Account newOwner() throws IOException, InterruptedException {
        String email = Api.unique("user") + "@example.com";
        String slug = Api.unique("t");
        Reply s = post("/v1/signup", null, json(Map.of("email", email, "password", Api.PASSWORD,
                "tenant", Map.of("slug", slug, "name", "Tenant " + slug))));
        if (s.status() != 201) {
            throw new IllegalStateException("signup: " + s);
        }
        Reply l = login(email, Api.PASSWORD, slug);
        if (l.status() != 200) {
            throw new IllegalStateException("login: " + l);
        }
        return new Api.Account(email, Api.PASSWORD, s.path("user.id"), slug, s.path("tenant.id"),
                l.path("access_token"), l.path("refresh_token"));
    }

    public Reply login(String email, String password, String slug) throws IOException, InterruptedException {
        return post("/v1/auth/login", null, json(Map.of("email", email, "password", password, "tenant", slug)));
    }
}
