package dev.tenantauth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.HaCluster;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Http.Reply;
import dev.tenantauth.support.Secrets;
import dev.tenantauth.support.ServiceProcess;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The failover path, on the stack bench/ha/cluster builds (the long drill is bench/ha/drill): etcd
 * and two Patroni-managed PostgreSQL 15 nodes in synchronous mode, HAProxy in front of them with
 * Patroni's REST check, PgBouncer in transaction pooling mode, and the packaged service connected
 * through PgBouncer (prepareThreshold=0; the schema migrated once beforehand, directly on the
 * leader). Under a light load of signups, refreshes and GET /v1/me the leader is SIGKILLed: every
 * answer is the expected 2xx or 503 problem+json, failures only while there is no primary (plus a
 * few seconds for HAProxy and PgBouncer to follow), 2xx again within 40 s, and no acknowledged
 * write is lost: every 201 signup is a user and every 200 refresh left its old token rotated and its
 * new one in the database; the last token of the chain still refreshes, then its predecessor is
 * refused as reused. Skipped (assumption) where patroni, etcd, pgbouncer or haproxy are missing;
 * .ci/run installs them.
 */
class FailoverIT {

    /** Failures are allowed until this long after the new primary appears (HAProxy rise 2 x 1 s, PgBouncer retry 1 s, 5 s socket timeout). */
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration MAX_RECOVERY = Duration.ofSeconds(40);

    record Outcome(String kind, long start, long end, int status, String contentType, String email, String error) {
        boolean ok() {
            return status == (kind.equals("signup") ? 201 : 200);
        }
    }

    static HaCluster cluster;

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaderKilledUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        List<String> missing = HaCluster.missing();
        assumeTrue(missing.isEmpty(), "FailoverIT needs the Debian packages patroni, etcd-server, pgbouncer, haproxy and"
                + " postgresql-15 (.ci/run installs them); missing here: " + missing);
        long t0 = System.nanoTime();
        cluster = new HaCluster(16400, 2);
        cluster.run(Duration.ofSeconds(150), "up");
        long upSeconds = (System.nanoTime() - t0) / 1_000_000_000;

        // the schema, once, directly on the leader: Flyway's session-level advisory lock must not go
        // through transaction pooling
        Map<String, String> db = Map.of("QUARKUS_DATASOURCE_USERNAME", "tenant_auth", "QUARKUS_DATASOURCE_PASSWORD", "tenant_auth");
        ServiceProcess migrate = ServiceProcess.startReady("failover-migrate",
                with(db, "QUARKUS_DATASOURCE_JDBC_URL", cluster.jdbcDirect()));
        migrate.close();
        ServiceProcess svc = ServiceProcess.startReady("failover", with(with(db,
                "QUARKUS_DATASOURCE_JDBC_URL", cluster.jdbcThroughPgBouncer()), "QUARKUS_FLYWAY_MIGRATE_AT_START", "false"));

        Http http = new Http(svc.base, Duration.ofSeconds(20));
        Secrets secrets = new Secrets();
        Api.Account reader = http.newOwner();
        Api.Account refresher = http.newOwner();
        secrets.add(reader.password(), reader.accessToken(), reader.refreshToken(), refresher.accessToken(), refresher.refreshToken());

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<String[]> rotated = new ArrayList<>(); // old, new (only the refresh thread writes it)
        String[] chain = {refresher.refreshToken(), null}; // current, previous
        boolean[] chainBroken = {false};
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            final int kind = w;
            load.submit(() -> {
                while (running.get()) {
                    long s = System.nanoTime();
                    String email = null;
                    String k = switch (kind) {
                        case 0, 1 -> "signup";
                        case 2 -> "refresh";
                        default -> "me";
                    };
                    try {
                        Reply r;
                        if (k.equals("signup")) {
                            email = Api.unique("failover") + "@example.com";
                            r = http.post("/v1/signup", null, Http.json(Map.of("email", email, "password", Api.PASSWORD)));
                        } else if (k.equals("refresh")) {
                            if (chainBroken[0]) {
                                // a new chain from a login, as a real client would do (not counted)
                                Reply l = http.login(refresher.email(), refresher.password(), refresher.tenantSlug());
                                if (l.status() == 200) {
                                    secrets.add(l.path("refresh_token"), l.path("access_token"));
                                    chain[0] = l.path("refresh_token");
                                    chain[1] = null;
                                    chainBroken[0] = false;
                                }
                                Thread.sleep(100);
                                continue;
                            }
                            r = http.post("/v1/auth/refresh", null, Http.json(Map.of("refresh_token", chain[0])));
                            if (r.status() == 200) {
                                String next = r.path("refresh_token");
                                secrets.add(next);
                                rotated.add(new String[] {chain[0], next});
                                chain[1] = chain[0];
                                chain[0] = next;
                            } else {
                                // unknown whether the rotation committed (presenting the token again
                                // could rightly count as reuse): this chain ends here
                                chainBroken[0] = true;
                            }
                        } else {
                            r = http.send(http.get("/v1/me", reader.accessToken()));
                        }
                        outcomes.add(new Outcome(k, s, System.nanoTime(), r.status(), r.contentType(), email, null));
                    } catch (Exception e) {
                        outcomes.add(new Outcome(k, s, System.nanoTime(), -1, null, email, e.toString()));
                    }
                    try {
                        Thread.sleep(k.equals("me") ? 20 : 100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(4000);

        HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String killed = cluster.run(Duration.ofSeconds(30), "kill-leader");
        long killAt = System.nanoTime();
        long primaryBack = -1;
        long firstWriteOk = -1;
        while (System.nanoTime() - killAt < MAX_RECOVERY.toNanos()) {
            if (primaryBack < 0 && cluster.hasPrimary(rest)) {
                primaryBack = System.nanoTime();
            }
            firstWriteOk = outcomes.stream().filter(o -> o.start() > killAt && o.ok() && !o.kind().equals("me"))
                    .mapToLong(Outcome::end).min().orElse(-1);
            if (primaryBack > 0 && firstWriteOk > 0) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "load did not stop");
        assertTrue(primaryBack > 0, "no new primary within " + MAX_RECOVERY);
        assertTrue(firstWriteOk > 0, "no write answered 2xx within " + MAX_RECOVERY + " of the kill");

        List<Outcome> all = new ArrayList<>(outcomes);
        long windowEnd = primaryBack + GRACE.toNanos();
        List<String> bad = new ArrayList<>();
        int failed = 0;
        for (Outcome o : all) {
            if (o.ok()) {
                continue;
            }
            failed++;
            boolean problem503 = o.status() == 503 && o.contentType() != null && o.contentType().startsWith("application/problem+json");
            boolean inWindow = o.end() >= killAt && o.start() <= windowEnd;
            if (!problem503 || !inWindow) {
                bad.add(String.format("+%.2f s..+%.2f s %s", (o.start() - killAt) / 1e9, (o.end() - killAt) / 1e9, o));
            }
        }
        System.out.printf("FAILOVER-FIGURES killed=%s cluster_up_s=%d requests=%d failed=%d seconds_without_primary=%.1f"
                        + " seconds_until_write_2xx=%.1f acknowledged_signups=%d acknowledged_refreshes=%d%n",
                killed.lines().reduce((a, b) -> b).orElse(""), upSeconds, all.size(), failed, (primaryBack - killAt) / 1e9,
                (firstWriteOk - killAt) / 1e9, all.stream().filter(o -> o.kind().equals("signup") && o.ok()).count(), rotated.size());
        assertTrue(bad.isEmpty(), "only 503 problem+json, and only during the failover window:\n" + String.join("\n", bad));
        assertTrue(failed > 0, "the load saw no failover at all");

        // acknowledged writes: the chain's end over the API (the new token works first, then the old is refused) ...
        assertTrue(rotated.size() > 2, "too few refreshes: " + rotated.size());
        if (!chainBroken[0] && chain[1] != null) {
            Reply ok = http.post("/v1/auth/refresh", null, Http.json(Map.of("refresh_token", chain[0])));
            assertEquals(200, ok.status(), "the last rotated token must refresh: " + ok);
            secrets.add(ok.path("refresh_token"), ok.path("access_token"));
            Reply reused = http.post("/v1/auth/refresh", null, Http.json(Map.of("refresh_token", chain[1])));
            assertEquals(401, reused.status(), reused.toString());
            assertEquals("token_reused", reused.path("code"));
        }
        // ... and every acknowledged write in the database (read on the new leader)
        try (Connection c = DriverManager.getConnection(cluster.jdbcDirect(), "tenant_auth", "tenant_auth")) {
            for (Outcome o : all) {
                if (o.kind().equals("signup") && o.status() == 201) {
                    assertEquals(1L, count(c, "SELECT count(*) FROM users WHERE lower(email) = lower(?)", o.email()),
                            "acknowledged signup lost: " + o.email());
                }
            }
            for (String[] pair : rotated) {
                assertEquals(1L, count(c, "SELECT count(*) FROM refresh_tokens WHERE token_hash = ? AND rotated_at IS NOT NULL",
                        sha256(pair[0])), "an acknowledged refresh did not leave its old token rotated");
                assertEquals(1L, count(c, "SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", sha256(pair[1])),
                        "an acknowledged refresh lost its new token");
            }
        }
        secrets.add(Api.PASSWORD);
        svc.close();
        secrets.assertAbsentFrom(List.of(svc.log));
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        var copy = new java.util.HashMap<>(m);
        copy.put(k, v);
        return copy;
    }

    private static long count(Connection c, String sql, Object param) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static byte[] sha256(String token) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
