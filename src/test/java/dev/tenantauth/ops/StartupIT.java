package dev.tenantauth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Http;
import dev.tenantauth.support.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Start-up of the packaged service: every counter exists at zero before its first event, and a
 * bad configuration value stops the start with a message that names the key.
 */
class StartupIT {

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
    }

    @Test
    void aFreshStartHasEveryCounterAtZero() throws Exception {
        ServiceProcess p = ServiceProcess.startReady("fresh-metrics", Map.of());
        String metrics = new Http(p.base).get("/q/metrics").body();
        for (String line : List.of(
                "tenant_auth_logins_total{outcome=\"success\"} 0.0",
                "tenant_auth_logins_total{outcome=\"invalid_credentials\"} 0.0",
                "tenant_auth_logins_total{outcome=\"rate_limited\"} 0.0",
                "tenant_auth_logins_total{outcome=\"unavailable\"} 0.0",
                "tenant_auth_refreshes_total{outcome=\"success\"} 0.0",
                "tenant_auth_refreshes_total{outcome=\"token_reused\"} 0.0",
                "tenant_auth_refreshes_total{outcome=\"invalid_token\"} 0.0",
                "tenant_auth_access_checks_total{outcome=\"revoked\"} 0.0",
                "tenant_auth_logouts_total{kind=\"logout_all\"} 0.0",
                "tenant_auth_cleanup_deleted_total{kind=\"sessions\"} 0.0",
                "tenant_auth_mail_total{outcome=\"queued\"} 0.0",
                "tenant_auth_mail_total{outcome=\"failed\"} 0.0",
                "tenant_auth_password_busy_total 0.0")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(line.substring(0, line.lastIndexOf(' ')))
                    && l.endsWith(" 0.0")), "missing at zero: " + line);
        }
        p.stop(java.time.Duration.ofSeconds(10));
    }

    @Test
    void productionWarnsAboutTheDefaultIssuerAndSendsHstsOnlyOverTls() throws Exception {
        ServiceProcess p = ServiceProcess.startReady("hsts", Map.of(
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
                "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true",
                "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1"));
        assertTrue(p.log().contains("tenant-auth.issuer is still the default"), "no warning about the default issuer");
        Http http = new Http(p.base);
        Http.Reply viaTls = http.send(http.request("/.well-known/jwks.json").header("X-Forwarded-Proto", "https").GET().build());
        assertEquals("max-age=31536000; includeSubDomains", viaTls.headers().firstValue("Strict-Transport-Security").orElse(null));
        Http.Reply plain = http.get("/.well-known/jwks.json");
        assertEquals(java.util.Optional.empty(), plain.headers().firstValue("Strict-Transport-Security"));
        p.stop(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aBadValueStopsTheStartNamingTheKey() throws Exception {
        Map<String, String> cases = Map.of(
                "TENANT_AUTH_TOKEN_ALGORITHM", "RS265",
                "TENANT_AUTH_PASSWORD_ARGON2_ITERATIONS", "0",
                "TENANT_AUTH_ISSUER", "not a url",
                "TENANT_AUTH_LOGIN_FAILURE_WINDOW", "-5m",
                "TENANT_AUTH_MAIL_LINK_RESET", "https://app.example.com/reset");
        Map<String, String> keys = Map.of(
                "TENANT_AUTH_TOKEN_ALGORITHM", "tenant-auth.token.algorithm",
                "TENANT_AUTH_PASSWORD_ARGON2_ITERATIONS", "tenant-auth.password.argon2.iterations",
                "TENANT_AUTH_ISSUER", "tenant-auth.issuer",
                "TENANT_AUTH_LOGIN_FAILURE_WINDOW", "tenant-auth.login.failure-window",
                "TENANT_AUTH_MAIL_LINK_RESET", "tenant-auth.mail.link.reset");
        // all at once (each on a port of its own): every one stops while its configuration is validated
        Map<Map.Entry<String, String>, ServiceProcess> started = new java.util.LinkedHashMap<>();
        for (var c : cases.entrySet()) {
            started.put(c, ServiceProcess.start("bad-config-" + c.getKey().toLowerCase(), Map.of(c.getKey(), c.getValue())));
        }
        for (var e : started.entrySet()) {
            var c = e.getKey();
            ServiceProcess p = e.getValue();
            assertTrue(p.process.waitFor(90, TimeUnit.SECONDS), c + ": still running");
            assertNotEquals(0, p.process.exitValue(), c + ": exited 0");
            String log = p.log();
            assertTrue(log.contains(keys.get(c.getKey())), c + ": the message does not name the key:\n" + log);
            assertEquals(false, log.contains("Listening on"), c + ": it started serving");
        }
    }
}
