package dev.tenantauth.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies must not take the API down: hundreds of connections (or HTTP/2 streams)
 * that send headers and half a JSON body, then stall, used to hold every worker thread for the
 * 60 s read timeout. Bodies are now read on the event loop with a deadline and a cap per client
 * address; the probes come from another loopback address (127.0.0.2) than the stalled bodies.
 */
class SlowBodyIT {

    static ServiceProcess p;
    static Api.Account account;

    @BeforeAll
    static void start() throws Exception {
        p = ServiceProcess.startReady("slow-bodies", Map.of("TENANT_AUTH_HTTP_BODY_DEADLINE", "5s"));
        account = new Http(p.base).newOwner();
    }

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll();
    }

    @Test
    void threeHundredStalledBodiesThenTheApiStillAnswersAtOnce() throws Exception {
        long linesBefore = refusalLines();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket("127.0.0.1", p.port);
                s.getOutputStream().write(("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"email\":\"a").getBytes(StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            Thread.sleep(500);
            probe("after 300 stalled HTTP/1.1 bodies");
            // the deadline answers them (408) and closes them, one log line each
            Thread.sleep(6_000);
            long answered = stalled.stream().filter(SlowBodyIT::answeredWith4xx).count();
            System.out.printf("SlowBodyIT: %d of 300 stalled bodies answered 408/429 and closed%n", answered);
            assertEquals(300, answered);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        Thread.sleep(500);
        String log = p.log();
        long lines = refusalLines() - linesBefore;
        System.out.printf("SlowBodyIT: %d log lines for 300 refused bodies%n", lines);
        assertTrue(lines >= 300 && lines <= 310, lines + " log lines for 300 refused bodies");
        assertTrue(!log.contains("\tat io.vertx") && !log.contains("\tat org.jboss.resteasy"), "a stack trace was logged");
    }

    @Test
    void threeTimesOneHundredStalledH2cStreamsThenTheApiStillAnswersAtOnce() throws Exception {
        List<HttpClient> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> upgrade = client.send(HttpRequest.newBuilder(URI.create(p.base + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, upgrade.version(), "h2c upgrade");
            for (int i = 0; i < 100; i++) {
                client.sendAsync(HttpRequest.newBuilder(URI.create(p.base + "/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(new Stall(), 100)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            clients.add(client);
        }
        Thread.sleep(1_000);
        probe("after 3 x 100 stalled h2c streams");
        clients.forEach(HttpClient::shutdownNow);
    }

    /**
     * HTTP/2 bodies of unknown length (no Content-Length) cannot be buffered before RESTEasy
     * takes the request (see BodyReader), so they are refused with 411 at once, unread: they never
     * reach a worker, which used to read them, and a stalled one held it.
     */
    @Test
    void threeTimesOneHundredStalledH2cStreamsOfUnknownLengthAreRefusedAtOnce() throws Exception {
        List<HttpClient> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> upgrade = client.send(HttpRequest.newBuilder(URI.create(p.base + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, upgrade.version(), "h2c upgrade");
            for (int i = 0; i < 100; i++) {
                client.sendAsync(HttpRequest.newBuilder(URI.create(p.base + "/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(new Stall())).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            clients.add(client);
        }
        Thread.sleep(1_000);
        probe("after 3 x 100 stalled h2c streams of unknown length");
        // answered at once, unread (the client itself waits for its stalled body before it reads an answer)
        long refused = p.log().lines().filter(l -> l.contains("HTTP/2 body without length (411)")).count();
        System.out.printf("SlowBodyIT: %d of 300 stalled h2c streams of unknown length refused with 411%n", refused);
        assertEquals(300, refused);
        clients.forEach(HttpClient::shutdownNow);
    }

    private static long refusalLines() {
        return p.log().lines().filter(l -> l.contains("Request refused before its body was complete")
                || l.contains("Request body aborted by the client")).count();
    }

    /** /v1/me, login and readiness from 127.0.0.2, each answered within a second. */
    private static void probe(String when) throws Exception {
        long t0 = System.nanoTime();
        String me = raw("GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + account.accessToken()
                + "\r\nConnection: close\r\n\r\n");
        long t1 = System.nanoTime();
        String body = "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\",\"tenant\":\""
                + account.tenantSlug() + "\"}";
        String login = raw("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        long t2 = System.nanoTime();
        String ready = raw("GET /q/health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        long t3 = System.nanoTime();
        System.out.printf("SlowBodyIT %s: /v1/me %s in %d ms, login %s in %d ms, ready %s in %d ms%n", when,
                me.lines().findFirst().orElse(""), (t1 - t0) / 1_000_000, login.lines().findFirst().orElse(""),
                (t2 - t1) / 1_000_000, ready.lines().findFirst().orElse(""), (t3 - t2) / 1_000_000);
        assertTrue(me.startsWith("HTTP/1.1 200"), me);
        assertTrue(login.startsWith("HTTP/1.1 200"), login);
        assertTrue(ready.startsWith("HTTP/1.1 200"), ready);
        assertTrue(t1 - t0 < 1_000_000_000L && t2 - t1 < 1_000_000_000L && t3 - t2 < 1_000_000_000L, "over a second");
    }

    private static String raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", p.port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean answeredWith4xx(Socket s) {
        try {
            s.setSoTimeout(2_000);
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 408") || head.startsWith("HTTP/1.1 429");
        } catch (IOException e) {
            return false;
        }
    }

    /** A request body that sends half a JSON object and then nothing, ever. */
    static final class Stall implements Flow.Publisher<ByteBuffer> {
        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            s.onSubscribe(new Flow.Subscription() {
                boolean sent;

                @Override
                public void request(long n) {
                    if (!sent) {
                        sent = true;
                        s.onNext(ByteBuffer.wrap("{\"email\":\"a".getBytes(StandardCharsets.US_ASCII)));
                    }
                }

                @Override
                public void cancel() {}
            });
        }
    }

}
