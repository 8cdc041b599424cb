package dev.tenantauth.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port in the test JVM, started once for every
 * {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} (the service under test is pointed at it
 * through {@code quarkus.mailer.host/port}); tests read what it received. {@link #stopServer()} and
 * {@link #startServer()} take it down and up again on the same port (an SMTP outage).
 */
@QuarkusTestResource(Mailbox.class)
public class Mailbox implements QuarkusTestResourceLifecycleManager {

    private static final Pattern TOKEN = Pattern.compile("[?&#]token=([A-Za-z0-9_%\\-]+)");
    private static GreenMail server;
    private static int port;

    @Override
    public synchronized Map<String, String> start() {
        startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static synchronized int port() {
        return port;
    }

    /** Starts the server (on its former port if it ran before). */
    public static synchronized void startServer() {
        if (server != null && server.isRunning()) {
            return;
        }
        if (port == 0) {
            port = ServiceProcess.freePort();
        }
        List<MimeMessage> kept = server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        KEPT.addAll(kept);
    }

    private static final List<MimeMessage> KEPT = new ArrayList<>();

    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every message received so far, across restarts of the server. */
    public static synchronized List<MimeMessage> all() {
        List<MimeMessage> all = new ArrayList<>(KEPT);
        if (server != null) {
            all.addAll(Arrays.asList(server.getReceivedMessages()));
        }
        return all;
    }

    /** The messages received for this address (compared case-insensitively). */
    public static List<MimeMessage> to(String address) {
        String want = address.strip().toLowerCase(Locale.ROOT);
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : all()) {
            try {
                for (Address a : m.getRecipients(Message.RecipientType.TO)) {
                    if (a.toString().toLowerCase(Locale.ROOT).contains(want)) {
                        out.add(m);
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Waits up to {@code max} until at least {@code n} messages for the address arrived; returns them. */
    public static List<MimeMessage> await(String address, int n, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            List<MimeMessage> got = to(address);
            if (got.size() >= n) {
                return got;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " mail(s) to " + address + " within " + max + ", got " + got.size());
            }
            sleep(50);
        }
    }

    /** The one (latest) message to the address whose subject contains {@code subject}, waiting up to 20 s. */
    public static MimeMessage latest(String address, String subject) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<MimeMessage> got = to(address).stream().filter(m -> subject(m).contains(subject)).toList();
            if (!got.isEmpty()) {
                return got.get(got.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail '" + subject + "' to " + address);
            }
            sleep(50);
        }
    }

    /** How many messages for the address have this subject part. */
    public static long count(String address, String subject) {
        return to(address).stream().filter(m -> subject(m).contains(subject)).count();
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text/plain part. */
    public static String text(MimeMessage m) {
        return part(m, "text/plain");
    }

    /** The decoded text/html part. */
    public static String html(MimeMessage m) {
        return part(m, "text/html");
    }

    /** The token of the message's link (the text part's {@code token=…}). */
    public static String token(MimeMessage m) {
        Matcher matcher = TOKEN.matcher(text(m));
        if (!matcher.find()) {
            throw new AssertionError("no token link in: " + text(m));
        }
        return java.net.URLDecoder.decode(matcher.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Waits until more than {@code before} mails with this subject reached the address and returns
     * the token of the latest (take {@code before} from {@link #count} before causing the mail).
     */
    public static String tokenAfter(String address, String subject, long before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(address, subject) <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no new mail '" + subject + "' to " + address + " (had " + before + ")");
            }
            sleep(50);
        }
        return tokenFor(address, subject);
    }

    /** Waits for the latest mail with this subject to the address and returns its token. */
    public static String tokenFor(String address, String subject) {
        return token(latest(address, subject));
    }

    private static String part(Part p, String type) {
        try {
            if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    String s = part(mp.getBodyPart(i), type);
                    if (s != null) {
                        return s;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
