package dev.tenantauth.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Patroni stack of {@code bench/ha/cluster} (etcd, Patroni PostgreSQL nodes in synchronous mode,
 * HAProxy with Patroni's REST check, PgBouncer in transaction pooling) for an IT: the same script the
 * failover drill uses, on its own ports ({@code HA_BASE}) and directory, without apt-get.
 */
public final class HaCluster implements AutoCloseable {

    /** Debian packages the stack needs; the IT is skipped where one is missing. */
    public static final List<String> BINARIES = List.of("/usr/bin/patroni", "/usr/bin/etcd", "/usr/sbin/pgbouncer",
            "/usr/sbin/haproxy", "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/psql");

    public final int base;
    public final int nodes;
    public final Path dir;
    private final Map<String, String> env = new HashMap<>();

    /**
     * A stack on ports {@code base}..{@code base+39} in {@code $TMPDIR/tenant-auth-ha-it-<base>}. A
     * directory left by an earlier run that did not finish (a killed build) is cleaned up first: the
     * script stops the processes it recorded there, and only those whose command line or environment
     * names that directory.
     */
    public HaCluster(int base, int nodes) throws IOException, InterruptedException {
        this.base = base;
        this.nodes = nodes;
        this.dir = Path.of(System.getProperty("java.io.tmpdir"), "tenant-auth-ha-it-" + base);
        env.put("HA_DIR", dir.toString());
        env.put("HA_BASE", Integer.toString(base));
        env.put("HA_NODES", Integer.toString(nodes));
        env.put("HA_INSTANCES", "0");
        env.put("HA_NO_INSTALL", "1");
        if (Files.exists(dir)) {
            run(Duration.ofSeconds(120), "down");
        }
    }

    /** The missing binaries (empty when the stack can run here). */
    public static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String b : BINARIES) {
            if (!Files.isExecutable(Path.of(b))) {
                missing.add(b);
            }
        }
        return missing;
    }

    public int pgbouncerPort() {
        return base + 5;
    }

    /** HAProxy's read-write port: the current leader, bypassing PgBouncer (for migrations and checks). */
    public int primaryPort() {
        return base + 2;
    }

    public int restPort(int node) {
        return base + 20 + node;
    }

    public String jdbcThroughPgBouncer() {
        return "jdbc:postgresql://127.0.0.1:" + pgbouncerPort() + "/tenant_auth?prepareThreshold=0";
    }

    public String jdbcDirect() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort() + "/tenant_auth";
    }

    /** Runs {@code bench/ha/cluster ARGS}; returns its stdout, throws with its output on failure. */
    public String run(Duration max, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bench/ha/cluster");
        cmd.addAll(List.of(args));
        Path log = Files.createDirectories(Path.of("target/child-logs")).resolve("ha-cluster-" + base + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " took longer than " + max + "; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " exited " + p.exitValue() + ":\n" + out + "\n" + tail(log));
        }
        return out.strip();
    }

    /** True when some node's Patroni REST API answers 200 on /primary. */
    public boolean hasPrimary(HttpClient http) {
        for (int i = 1; i <= nodes; i++) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort(i) + "/primary"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Stops every process the script started (by PID) and deletes the directory. */
    @Override
    public void close() {
        try {
            run(Duration.ofSeconds(120), "down");
        } catch (Exception e) {
            System.err.println("bench/ha/cluster down: " + e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
