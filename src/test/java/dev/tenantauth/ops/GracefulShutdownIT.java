package dev.tenantauth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Http.Reply;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Secrets;
import dev.tenantauth.support.ServiceProcess;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a burst of logins (Argon2id, tens of ms each, queued on 2 cores):
 * every request sent before the signal completes with 200, and afterwards the port refuses
 * connections.
 */
class GracefulShutdownIT {

    static final int IN_FLIGHT = 24;

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
    }

    @Test
    void inFlightRequestsCompleteAndNewConnectionsAreRefused() throws Exception {
        ServiceProcess svc = ServiceProcess.startReady("shutdown", Map.of());
        Http setup = new Http(svc.base);
        Secrets secrets = new Secrets();
        // logins of one email beyond max-failures-per-email in flight at once are refused (each
        // reserves an attempt before its hash): 4 accounts share the in-flight logins
        List<String> bodies = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            Api.Account acc = setup.newOwner();
            secrets.add(acc.password(), acc.refreshToken(), acc.accessToken());
            bodies.add(Http.json(Map.of("email", acc.email(), "password", acc.password(), "tenant", acc.tenantSlug())));
        }

        // one client (and so one connection) per request: each is accepted on its own connection
        List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            Http h = new Http(svc.base, Duration.ofSeconds(40));
            inFlight.add(h.sendAsync(h.postJson("/v1/auth/login", null, bodies.get(i % bodies.size()))));
        }
        Thread.sleep(300); // all sent and read by the server; the Argon2id queue is still working
        long doneBefore = inFlight.stream().filter(CompletableFuture::isDone).count();
        long t0 = System.nanoTime();
        svc.process.destroy(); // SIGTERM
        List<String> failed = new ArrayList<>();
        int ok = 0;
        for (CompletableFuture<Reply> f : inFlight) {
            try {
                Reply r = f.get(40, TimeUnit.SECONDS);
                if (r.status() == 200) {
                    ok++;
                    secrets.add(r.path("refresh_token"), r.path("access_token"));
                } else {
                    failed.add(r.toString());
                }
            } catch (Exception e) {
                failed.add(e.toString());
            }
        }
        assertTrue(svc.process.waitFor(40, TimeUnit.SECONDS), "the service did not exit");
        long exitMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("SHUTDOWN-FIGURES in_flight=%d done_before_signal=%d completed_200=%d failed=%d exit_code=%d exit_after_ms=%d%n",
                IN_FLIGHT, doneBefore, ok, failed.size(), svc.process.exitValue(), exitMillis);
        assertTrue(doneBefore < IN_FLIGHT, "every request finished before the signal: the test proves nothing");
        assertEquals(List.of(), failed, "in-flight requests failed");
        assertEquals(IN_FLIGHT, ok);

        // after shutdown: new connections are refused
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", svc.port), 2000);
            throw new AssertionError("a connection was accepted after shutdown");
        } catch (ConnectException expected) {
            // refused
        }
        secrets.addPrivateKeys();
        secrets.assertAbsentFrom(List.of(svc.log));
    }
}
