package dev.tenantauth.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The service is killed (SIGKILL) after the commit of the changes that queue mails and before
 * their delivery: the first instance's SMTP server accepts connections and never answers, so the
 * instance has claimed a batch and hangs in the first delivery when it dies; the rest are still
 * unclaimed. A second instance, pointed at a working SMTP server, delivers every one of them once
 * the dead instance's lease ends, none twice.
 *
 * <p>Both instances run on a schema of their own ({@link #SCHEMA}, migrated by the first at its
 * start): in a full {@code verify} the packaged jar of the {@code @QuarkusIntegrationTest} classes
 * shares the test database, and its sender polls at the same whole seconds as the first instance's
 * (Quarkus' scheduler checks its triggers at the start of each second), warm where the first
 * instance is cold, so it used to claim every row first and leave the first instance none to hold.
 */
class OutboxCrashIT {

    static final int USERS = 25; // some claimed by the dead instance (those due at its stuck poll), the rest not

    /**
     * The killed instance's lease: longer than the signups take on a loaded machine (the claimed
     * rows must still be under it when they are counted), shorter than the 2-minute default so the
     * second instance need not wait long for them.
     */
    static final int LEASE_SECONDS = 30;

    /** The schema both instances of this test use, and nothing else: no other sender competes for its outbox. */
    static final String SCHEMA = "outbox_crash";

    static final String HELD = " FROM " + SCHEMA + ".mail_outbox o JOIN " + SCHEMA + ".users u ON u.id = o.subject_id"
            + " WHERE o.kind = 'verify' AND o.attempts > 0 AND o.sent_at IS NULL"
            + " AND o.next_attempt_at > now()"
            + " AND u.email = ANY (?)";

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll(); // the mailbox stays up: the @QuarkusIntegrationTest jar of this run may use it
        Db.exec("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    /** The test database's URL with {@link #SCHEMA} as the connection's schema (Flyway migrates it, the queries find it). */
    static String schemaUrl() {
        String url = ServiceProcess.jdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @Test
    void mailsCommittedBeforeASigkillAreDeliveredAfterTheRestart() throws Exception {
        Db.exec("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        Db.exec("CREATE SCHEMA " + SCHEMA);
        try (Stall stall = new Stall()) {
            ServiceProcess a = ServiceProcess.startReady("outbox-crash-a", Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", schemaUrl(),
                    "QUARKUS_MAILER_HOST", "127.0.0.1",
                    "QUARKUS_MAILER_PORT", Integer.toString(stall.port()),
                    "QUARKUS_MAILER_TIMEOUT", "600s",
                    "TENANT_AUTH_MAIL_LEASE", LEASE_SECONDS + "s",
                    "TENANT_AUTH_MAIL_POLL_INTERVAL", "0.2s"));
            Http ha = new Http(a.base);
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String email = Api.unique("crash") + "@example.com";
                Http.Reply r = ha.post("/v1/signup", null, Http.json(Map.of("email", email, "password", Api.PASSWORD)));
                assertEquals(201, r.status(), r.toString());
                emails.add(email);
            }
            // committed: every signup queued its verification mail; the instance has claimed what was due
            // at its poll and is stuck delivering the first of them
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // (the claim commits before the delivery connects: wait for both)
            while ((claimed(emails) < 1 || stall.connections.get() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long claimed = claimed(emails);
            assertTrue(claimed >= 1, "the first instance claimed a batch");
            assertTrue(stall.connections.get() >= 1, "and is connected to the silent SMTP server");
            a.process.destroyForcibly(); // SIGKILL
            a.process.waitFor();
            List<String> held = held(emails);
            assertEquals(claimed, held.size());
            assertTrue(held.stream().allMatch(e -> Mailbox.to(e).isEmpty()), "the rows held by the killed instance were not delivered");

            Mailbox.startServer();
            ServiceProcess b = ServiceProcess.startReady("outbox-crash-b", Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", schemaUrl(),
                    "QUARKUS_MAILER_HOST", "127.0.0.1",
                    "QUARKUS_MAILER_PORT", Integer.toString(Mailbox.port()),
                    "TENANT_AUTH_MAIL_POLL_INTERVAL", "0.2s"));
            long until = System.nanoTime() + Duration.ofSeconds(LEASE_SECONDS + 90).toNanos();
            int delivered = 0;
            while (System.nanoTime() < until) {
                delivered = (int) emails.stream().filter(e -> !Mailbox.to(e).isEmpty()).count();
                if (delivered == USERS) {
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(2000); // a duplicate would show up by now
            long duplicates = emails.stream().mapToLong(e -> Math.max(0, Mailbox.to(e).size() - 1)).sum();
            System.out.printf("OutboxCrashIT: %d queued, %d held by the killed instance at the kill, %d delivered in all"
                    + " (the held ones after the restart), %d duplicates%n", USERS, claimed, delivered, duplicates);
            assertEquals(USERS, delivered, "every mail committed before the kill is delivered after the restart");
            assertEquals(0, duplicates);
            // the delivered links work
            Http hb = new Http(b.base);
            String token = Mailbox.token(Mailbox.to(emails.get(0)).get(0));
            Http.Reply confirmed = hb.post("/v1/email-verification/confirm", null, Http.json(Map.of("token", token)));
            assertEquals(200, confirmed.status(), confirmed.toString());
            assertEquals(Boolean.TRUE, confirmed.json().get("user.email_verified"));
            assertEquals(Mails.VERIFY, Mailbox.subject(Mailbox.to(emails.get(0)).get(0)));
        }
    }

    /** The addresses whose verification mail is claimed and unsent under a lease of the killed instance. */
    private static List<String> held(List<String> emails) {
        return Db.strings("SELECT u.email" + HELD, (Object) emails.toArray(String[]::new));
    }

    private static long claimed(List<String> emails) {
        return (Long) Db.scalar("SELECT count(*)" + HELD, (Object) emails.toArray(String[]::new));
    }

    /** An "SMTP server" that accepts connections and never says a word. */
    static final class Stall implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong connections = new AtomicLong();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        Stall() throws IOException {
            server = new ServerSocket(ServiceProcess.freePort(), 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        connections.incrementAndGet();
                        InputStream in = s.getInputStream(); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "stall-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
