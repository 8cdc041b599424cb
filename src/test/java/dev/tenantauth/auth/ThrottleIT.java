package dev.tenantauth.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The limits that protect the hashing cores, on a process with small limits of its own: signups
 * per client address, and the bounded wait for a hashing permit (503 with Retry-After, not a
 * growing queue of worker threads).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThrottleIT {

    static ServiceProcess p;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        // other processes of this run signed up from 127.0.0.1 too (with a limit of a million)
        Db.exec("DELETE FROM rate_limit_hits WHERE scope = 'signup.address'");
        p = ServiceProcess.startReady("throttle", Map.of(
                "TENANT_AUTH_SIGNUP_MAX_PER_ADDRESS", "3",
                "TENANT_AUTH_PASSWORD_MAX_CONCURRENT_HASHES", "1",
                "TENANT_AUTH_PASSWORD_MAX_WAIT", "20ms",
                // 24 logins in flight for one email would otherwise reserve past its 10 attempts (429)
                "TENANT_AUTH_LOGIN_MAX_FAILURES_PER_EMAIL", "1000"));
        http = new Http(p.base, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
    }

    @Test
    @Order(1) // its signup is the first of the address's 3
    void concurrentLoginsBeyondTheHashPermitsThenSomeAnswer503WithRetryAfterAndMeIsUnaffected() throws Exception {
        // one signup (1 of this address's 3) gives an account to log in to
        String email = Api.unique("busy") + "@example.com";
        String slug = Api.unique("busy");
        assertEquals(201, http.post("/v1/signup", null, signup(email, slug)).status());
        Http.Reply login = http.login(email, Api.PASSWORD, slug);
        assertEquals(200, login.status(), login.toString());
        String access = login.path("access_token");
        List<CompletableFuture<Http.Reply>> all = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            all.add(http.sendAsync(http.postJson("/v1/auth/login", null,
                    Http.json(Map.of("email", email, "password", Api.PASSWORD, "tenant", slug)))));
        }
        long ok = 0, busy = 0;
        for (CompletableFuture<Http.Reply> f : all) {
            Http.Reply r = f.get();
            if (r.status() == 200) {
                ok++;
            } else {
                assertEquals(503, r.status(), r.toString());
                assertTrue(r.problemJson() && "unavailable".equals(r.path("code")), r.toString());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), r.toString());
                busy++;
            }
        }
        assertTrue(ok >= 1 && busy >= 1, ok + " ok, " + busy + " busy");
        assertEquals(200, http.send(http.get("/v1/me", access)).status());
        // the refused attempts were never evaluated: they do not count as failures
        assertEquals(200, http.login(email, Api.PASSWORD, slug).status());
        assertTrue(new Http(p.base).get("/q/metrics").body().lines()
                .anyMatch(l -> l.startsWith("tenant_auth_password_busy_total") && !l.endsWith(" 0.0")));
    }

    @Test
    @Order(2)
    void signupsFromOneAddressBeyondItsLimitThen429WithRetryAfter() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        Http.Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = http.post("/v1/signup", null, signup(Api.unique("s") + "@example.com", null));
            statuses.add(last.status());
        }
        // 3 per address and window, the first test's signup included
        assertEquals(List.of(201, 201, 429, 429, 429), statuses);
        assertEquals(429, last.status(), statuses.toString());
        assertEquals("rate_limited", last.path("code"));
        long retry = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= 3600, "Retry-After " + retry);
    }

    private static String signup(String email, String slug) {
        return slug == null ? Http.json(Map.of("email", email, "password", Api.PASSWORD))
                : Http.json(Map.of("email", email, "password", Api.PASSWORD, "tenant", Map.of("slug", slug, "name", "T")));
    }
}
