package dev.tenantauth.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process on a free
 * loopback port in 18000-18999, with its stdout and stderr captured in {@code target/child-logs/}.
 * Every process started here is remembered and {@link #stopAll()} kills what is still running.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final List<ServiceProcess> STARTED = new ArrayList<>();

    public final String name;
    public final int port;
    public final String base;
    public final Path log;
    public final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.log = log;
        this.process = process;
    }

    /** The test database's JDBC URL (from QUARKUS_DATASOURCE_JDBC_URL, as Db uses it). */
    public static String jdbcUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    /** Starts the jar against the test database with {@code env} added; does not wait for readiness. */
    public static synchronized ServiceProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, freePort());
    }

    /**
     * As {@link #start(String, Map)}, on a port the caller chose (from {@link #freePort()}), for
     * configuration that must name the service's own URL before it starts (an issuer).
     */
    public static synchronized ServiceProcess start(String name, Map<String, String> env, int port) throws IOException {
        var config = ConfigProvider.getConfig();
        Map<String, String> all = new HashMap<>();
        all.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        all.put("QUARKUS_DATASOURCE_USERNAME", config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""));
        all.put("QUARKUS_DATASOURCE_PASSWORD", config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("QUARKUS_ANALYTICS_DISABLED", "true");
        // every test connects from 127.0.0.1: the per-address limit would otherwise spill over to other tests
        all.put("TENANT_AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000");
        all.put("TENANT_AUTH_SIGNUP_MAX_PER_ADDRESS", "1000000");
        all.put("TENANT_AUTH_EMAIL_MAX_REQUESTS_PER_ADDRESS", "1000000");
        all.put("TENANT_AUTH_EMAIL_MAX_CONFIRMS_PER_ADDRESS", "1000000");
        // ITs fire bursts of logins and signups at one or two hash permits; ThrottleIT sets the real bound
        all.put("TENANT_AUTH_PASSWORD_MAX_WAIT", "30s");
        all.put("TENANT_AUTH_TOKEN_KEY_PUBLISH_DELAY", "0s");
        // mails (invitations are how members join) go to this JVM's SMTP server, as the jar's do
        Mailbox.startServer();
        all.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        all.put("QUARKUS_MAILER_PORT", Integer.toString(Mailbox.port()));
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the service first: " + jar.toAbsolutePath());
        }
        Path dir = Files.createDirectories(Path.of("target/child-logs"));
        Path log = dir.resolve(name + "-" + port + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString());
        pb.environment().putAll(all);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        ServiceProcess p = new ServiceProcess(name, port, log, pb.start());
        STARTED.add(p);
        return p;
    }

    /** Starts and waits until {@code /q/health/ready} answers 200. */
    public static ServiceProcess startReady(String name, Map<String, String> env) throws Exception {
        return startReady(name, env, freePort());
    }

    /** Starts on {@code port} and waits until {@code /q/health/ready} answers 200. */
    public static ServiceProcess startReady(String name, Map<String, String> env, int port) throws Exception {
        ServiceProcess p = start(name, env, port);
        p.awaitReady(Duration.ofSeconds(60));
        return p;
    }

    public void awaitReady(Duration max) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                var r = client.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + max + ":\n" + log());
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited after {@code grace}. Returns the exit code (or -1). */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(15));
        }
    }

    /** Kills every child process still running; for {@code @AfterAll}. */
    public static synchronized void stopAll() {
        for (ServiceProcess p : STARTED) {
            try {
                p.close();
            } catch (RuntimeException e) {
                p.process.destroyForcibly();
            }
        }
        STARTED.clear();
    }

    /** Every child log written so far in this JVM (for the secrets scan). */
    public static List<Path> allLogs() throws IOException {
        Path dir = Path.of("target/child-logs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".log")).toList();
        }
    }

    /** A port in 18000-18999 that nothing on loopback listens on right now. */
    public static int freePort() {
        for (int i = 0; i < 200; i++) {
            int port = 18000 + ThreadLocalRandom.current().nextInt(1000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException e) {
                // taken
            }
        }
        throw new IllegalStateException("no free port in 18000-18999");
    }
}
