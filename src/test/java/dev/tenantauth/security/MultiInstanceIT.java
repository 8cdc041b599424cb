package dev.tenantauth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Http.Reply;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Secrets;
import dev.tenantauth.support.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of the packaged service on one database behave as one service: one refresh wins,
 * a logout on one bites on the other, failed logins add up, and a cold start of two instances on
 * an empty schema ends with one signing key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    static ServiceProcess a;
    static ServiceProcess b;
    static Http ha;
    static Http hb;
    static final Secrets SECRETS = new Secrets();

    @BeforeAll
    static void startTwo() throws Exception {
        a = ServiceProcess.start("multi-a", Map.of());
        // the first one migrates; the second starts against the migrated schema
        a.awaitReady(java.time.Duration.ofSeconds(60));
        b = ServiceProcess.startReady("multi-b", Map.of());
        ha = new Http(a.base);
        hb = new Http(b.base);
    }

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
    }

    private static Api.Account owner() throws Exception {
        Api.Account acc = ha.newOwner();
        SECRETS.add(acc.password(), acc.refreshToken(), acc.accessToken());
        return acc;
    }

    @Test
    @Order(1)
    void oneRefreshTokenFiredAtBothAtOnceHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Api.Account acc = owner();
            String body = Http.json(Map.of("refresh_token", acc.refreshToken()));
            CompletableFuture<Reply> ra = ha.sendAsync(ha.postJson("/v1/auth/refresh", null, body));
            CompletableFuture<Reply> rb = hb.sendAsync(hb.postJson("/v1/auth/refresh", null, body));
            List<Reply> replies = List.of(ra.get(), rb.get());
            long ok = replies.stream().filter(r -> r.status() == 200).count();
            replies.stream().filter(r -> r.status() == 200).forEach(r -> SECRETS.add(r.path("refresh_token")));
            assertEquals(1, ok, "round " + round + ": " + replies);
            for (Reply r : replies) {
                if (r.status() != 200) {
                    assertEquals(401, r.status(), r.toString());
                    assertTrue(r.problemJson(), r.toString());
                }
            }
        }
    }

    @Test
    @Order(2)
    void logoutOnOneIsRefusedByTheOtherOnTheNextRequest() throws Exception {
        Api.Account acc = owner();
        assertEquals(200, hb.send(hb.get("/v1/me", acc.accessToken())).status());
        assertEquals(204, ha.post("/v1/auth/logout", null, Http.json(Map.of("refresh_token", acc.refreshToken()))).status());
        Reply me = hb.send(hb.get("/v1/me", acc.accessToken()));
        assertEquals(401, me.status(), me.toString());
        assertTrue(me.problemJson());
        Reply refresh = hb.post("/v1/auth/refresh", null, Http.json(Map.of("refresh_token", acc.refreshToken())));
        assertEquals(401, refresh.status(), refresh.toString());
    }

    @Test
    @Order(3)
    void deactivationOnOneIsRefusedByTheOther() throws Exception {
        Api.Account admin = owner();
        Api.Account member = owner();
        long before = Mailbox.count(member.email(), Mails.INVITATION);
        assertEquals(201, ha.post("/v1/tenants/" + admin.tenantSlug() + "/members", admin.accessToken(),
                Http.json(Map.of("email", member.email(), "role", "member"))).status());
        Reply accepted = hb.post("/v1/invitations/accept", null, Http.json(Map.of(
                "token", Mailbox.tokenAfter(member.email(), Mails.INVITATION, before), "password", member.password())));
        assertEquals(200, accepted.status(), accepted.toString()); // invited on one instance, accepted on the other
        SECRETS.add(accepted.path("refresh_token"), accepted.path("access_token"));
        Reply login = hb.login(member.email(), member.password(), admin.tenantSlug());
        assertEquals(200, login.status(), login.toString());
        String token = login.path("access_token");
        SECRETS.add(login.path("refresh_token"), token);
        assertEquals(200, hb.send(hb.get("/v1/me", token)).status());
        Reply patch = ha.send(ha.request("/v1/tenants/" + admin.tenantSlug() + "/members/" + member.userId())
                .header("Authorization", "Bearer " + admin.accessToken()).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"active\":false}")).build());
        assertEquals(200, patch.status(), patch.toString());
        assertEquals(401, hb.send(hb.get("/v1/me", token)).status());
    }

    @Test
    @Order(4)
    void failedLoginsAddUpAcrossInstances() throws Exception {
        Api.Account acc = owner();
        List<CompletableFuture<Reply>> failures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String wrong = Http.json(Map.of("email", acc.email(), "password", "wrong-password-" + i, "tenant", acc.tenantSlug()));
            failures.add(ha.sendAsync(ha.postJson("/v1/auth/login", null, wrong)));
            failures.add(hb.sendAsync(hb.postJson("/v1/auth/login", null, wrong)));
        }
        for (CompletableFuture<Reply> f : failures) {
            assertEquals(401, f.get().status(), f.get().toString());
        }
        // the 11th attempt, even with the right password, is refused by either instance
        for (Http h : List.of(ha, hb)) {
            Reply r = h.login(acc.email(), acc.password(), acc.tenantSlug());
            assertEquals(429, r.status(), h.base + ": " + r);
            assertTrue(r.problemJson());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        }
    }

    @Test
    @Order(5)
    void twoInstancesStartingTogetherOnAnEmptySchemaMakeOneSigningKey() throws Exception {
        String schema = "fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Db.exec("CREATE SCHEMA " + schema);
        try {
            String url = ServiceProcess.jdbcUrl();
            url += (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            Map<String, String> env = Map.of("QUARKUS_DATASOURCE_JDBC_URL", url,
                    "QUARKUS_FLYWAY_SCHEMAS", schema, "QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema);
            ServiceProcess c = ServiceProcess.start("fresh-c", env);
            ServiceProcess d = ServiceProcess.start("fresh-d", env);
            try {
                c.awaitReady(java.time.Duration.ofSeconds(90));
                d.awaitReady(java.time.Duration.ofSeconds(90));
                assertEquals(1L, Db.count("SELECT count(*) FROM " + schema + ".signing_keys"));
                assertEquals(0L, Db.count("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE NOT success"));
                String jwksC = new Http(c.base).get("/.well-known/jwks.json").body();
                String jwksD = new Http(d.base).get("/.well-known/jwks.json").body();
                assertEquals(jwksC, jwksD);
                // and both serve: a user signed up on one logs in on the other
                Api.Account acc = new Http(c.base).newOwner();
                SECRETS.add(acc.password(), acc.refreshToken(), acc.accessToken());
                assertEquals(200, new Http(d.base).send(new Http(d.base).get("/v1/me", acc.accessToken())).status());
            } finally {
                c.close();
                d.close();
            }
        } finally {
            Db.exec("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    @Order(99)
    void noSecretInTheChildLogs() throws Exception {
        SECRETS.addPrivateKeys();
        SECRETS.assertAbsentFrom(ServiceProcess.allLogs());
    }
}
