import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failover drill's load generator and referee (single file: {@code java bench/ha/Drill.java}),
 * driven by bench/ha/drill. Steady mixed load (signups, logins, refreshes, GET /v1/me) through the
 * HAProxy in front of the instances; SIGKILL of the Patroni leader; its restart; SIGKILL of one
 * service instance; its restart. Per phase: requests, failures (only 503 problem+json inside the
 * fault's window is allowed), seconds without a primary, seconds until 2xx again. Then the
 * acknowledged writes are checked: every 201 signup is a user, every 200 login a session, every
 * 200 refresh left its old token rotated and its new token in the database, and the last token of
 * every chain still refreshes (checked first) while its predecessor is refused (401 token_reused).
 *
 * Arguments: FRONT_URL CLUSTER_SCRIPT API_PORTS(comma) PSQL_CONNINFO OUT_DIR
 * Environment: DRILL_STEADY=15 DRILL_HOLD=10 DRILL_MAX_SECONDS=300 DRILL_MAX_REQUESTS=60000
 *   DRILL_KILL_INSTANCE=2 DRILL_WINDOW_GRACE=5 (s a failure may follow the new primary / the
 *   instance's death)
 */
public class Drill {

    static final String PASSWORD = "drill-password-1";
    static final int STEADY = env("DRILL_STEADY", 15), HOLD = env("DRILL_HOLD", 10);
    static final int MAX_SECONDS = env("DRILL_MAX_SECONDS", 300), MAX_REQUESTS = env("DRILL_MAX_REQUESTS", 60000);
    static final int KILL_INSTANCE = env("DRILL_KILL_INSTANCE", 2), GRACE = env("DRILL_WINDOW_GRACE", 5);

    record Outcome(String kind, long start, long end, int status, String contentType, String code, String error) {
        boolean ok() {
            return status == (kind.equals("signup") ? 201 : 200);
        }

        boolean allowedFailure() {
            return status == 503 && contentType != null && contentType.startsWith("application/problem+json");
        }
    }

    record Phase(String name, long start) {}

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    static String front;
    static final long T0 = System.nanoTime();
    static final ConcurrentLinkedQueue<Outcome> OUTCOMES = new ConcurrentLinkedQueue<>();
    static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    static final AtomicInteger SENT = new AtomicInteger();
    static final List<Phase> PHASES = new CopyOnWriteArrayList<>();
    // acknowledged writes
    static final ConcurrentLinkedQueue<String> SIGNED_UP = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<String> LOGIN_SIDS = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<String[]> ROTATED = new ConcurrentLinkedQueue<>(); // old, new (token values)
    // primary monitor: [nanos, 0/1] samples
    static final ConcurrentLinkedQueue<long[]> PRIMARY = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        front = args[0];
        String cluster = args[1];
        String[] apiPorts = args[2].split(",");
        String conninfo = args[3];
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        long deadline = T0 + TimeUnit.SECONDS.toNanos(MAX_SECONDS);

        // accounts: 6 owners; me workers use 2 of them, refresh chains 2, logins all
        List<String[]> accounts = new ArrayList<>(); // email, slug
        for (int i = 0; i < 6; i++) {
            String email = "drill-" + uid() + "@example.com", slug = "drill-" + uid();
            Outcome o = signup(email, slug);
            if (o.status() != 201) {
                throw new IllegalStateException("setup signup: " + o);
            }
            accounts.add(new String[] {email, slug});
        }
        String[] meTokens = new String[2];
        for (int i = 0; i < 2; i++) {
            meTokens[i] = field(loginRaw(accounts.get(i)[0], accounts.get(i)[1]).body(), "access_token");
        }

        List<Thread> workers = new ArrayList<>();
        workers.add(worker("signup", 250, () -> {
            String email = "drill-" + uid() + "@example.com";
            Outcome o = signup(email, "drill-" + uid());
            if (o.status() == 201) {
                SIGNED_UP.add(email);
            }
        }));
        workers.add(worker("login", 250, () -> {
            String[] a = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
            login(a[0], a[1]);
        }));
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Chain c = new Chain(accounts.get(2 + i));
            chains.add(c);
            workers.add(worker("refresh", 50, c::step));
        }
        for (int i = 0; i < 2; i++) {
            String token = meTokens[i];
            workers.add(worker("me", 20, () -> record("me", get("/v1/me", token))));
        }
        Thread monitor = new Thread(() -> {
            while (RUNNING.get()) {
                boolean any = false;
                for (String p : apiPorts) {
                    any |= status("http://127.0.0.1:" + p + "/primary") == 200;
                }
                PRIMARY.add(new long[] {System.nanoTime(), any ? 1 : 0});
                sleep(200);
            }
        });
        monitor.setDaemon(true);
        monitor.start();

        phase("steady");
        workers.forEach(Thread::start);
        sleepUntil(deadline, STEADY);

        // 1. SIGKILL the Patroni leader
        phase("leader-killed");
        String killed = run(cluster, "kill-leader").strip();
        String[] lines = killed.split("\n");
        killed = lines[lines.length - 1].strip();
        int node = Integer.parseInt(killed.replace("node", ""));
        long killAt = PHASES.get(PHASES.size() - 1).start();
        awaitRecovery(killAt, deadline, 60);
        sleepUntil(deadline, HOLD);

        // 2. bring the old leader back
        phase("leader-back");
        run(cluster, "start-node", Integer.toString(node));
        long rejoinStart = System.nanoTime();
        long rejoined = -1;
        while (System.nanoTime() < deadline && System.nanoTime() - rejoinStart < TimeUnit.SECONDS.toNanos(90)) {
            if (status("http://127.0.0.1:" + apiPorts[node - 1] + "/replica") == 200) {
                rejoined = System.nanoTime();
                break;
            }
            sleep(200);
        }
        sleepUntil(deadline, HOLD);

        // 3. SIGKILL one service instance
        phase("instance-killed");
        run(cluster, "kill-instance", Integer.toString(KILL_INSTANCE));
        sleepUntil(deadline, HOLD);

        // 4. bring it back (start-instance waits until it is ready)
        phase("instance-back");
        long instStart = System.nanoTime();
        run(cluster, "start-instance", Integer.toString(KILL_INSTANCE));
        long instReady = System.nanoTime();
        sleepUntil(deadline, HOLD);

        RUNNING.set(false);
        for (Thread w : workers) {
            w.join(30_000);
        }
        phase("end");

        // ---- report per phase. A failure is allowed only as 503 problem+json and only if the request
        // was in flight during a fault's window: from the leader's kill until GRACE s after a primary
        // was back; from the instance's kill until 2 (HAProxy: fall 2 x inter 1 s) + GRACE s later.
        List<Outcome> all = new ArrayList<>(OUTCOMES);
        StringBuilder rep = new StringBuilder();
        int disallowed = 0;
        List<long[]> windows = new ArrayList<>();
        for (int p = 0; p + 1 < PHASES.size(); p++) {
            Phase ph = PHASES.get(p);
            if (ph.name().equals("leader-killed")) {
                long back = primaryBackAfter(ph.start());
                windows.add(new long[] {ph.start(), back < 0 ? PHASES.get(p + 1).start() : back + sec(GRACE)});
            } else if (ph.name().equals("instance-killed")) {
                windows.add(new long[] {ph.start(), ph.start() + sec(2 + GRACE)});
            }
        }
        for (int p = 0; p + 1 < PHASES.size(); p++) {
            Phase ph = PHASES.get(p);
            long from = ph.start(), to = PHASES.get(p + 1).start();
            // a request belongs to the phase in which it was answered (one in flight at a fault is its victim)
            List<Outcome> in = all.stream().filter(o -> o.end() >= from && o.end() < to).toList();
            List<Outcome> failed = in.stream().filter(o -> !o.ok()).toList();
            List<Outcome> bad = failed.stream().filter(o -> !o.allowedFailure()
                    || windows.stream().noneMatch(w -> o.end() >= w[0] && o.start() <= w[1])).toList();
            disallowed += bad.size();
            Map<String, Integer> byStatus = new TreeMap<>();
            failed.forEach(o -> byStatus.merge(o.status() + (o.code() == null ? "" : " " + o.code()), 1, Integer::sum));
            Map<String, Integer> mix = new TreeMap<>();
            in.forEach(o -> mix.merge(o.kind(), 1, Integer::sum));
            rep.append(String.format("phase %-16s %6.1f s  requests=%d %s failed=%d %s disallowed=%d",
                    ph.name(), (to - from) / 1e9, in.size(), mix, failed.size(), byStatus, bad.size()));
            if (ph.name().equals("leader-killed")) {
                long back = primaryBackAfter(from);
                rep.append(String.format("  killed=%s  seconds_without_primary=%s", "node" + node,
                        back < 0 ? "never back" : String.format("%.1f", (back - from) / 1e9)));
            }
            if (ph.name().equals("leader-killed") || ph.name().equals("instance-killed")) {
                // the first write (signup, login, refresh) started after the fault that answered 2xx
                long firstWrite = in.stream().filter(o -> o.ok() && !o.kind().equals("me") && o.start() >= from)
                        .mapToLong(Outcome::end).min().orElse(-1);
                long lastFail = failed.stream().mapToLong(Outcome::end).max().orElse(from);
                rep.append(String.format("  seconds_until_2xx_again=%.1f  last_failure_at=+%.1f s",
                        firstWrite < 0 ? -1 : (firstWrite - from) / 1e9, (lastFail - from) / 1e9));
            }
            if (ph.name().equals("leader-back")) {
                rep.append(String.format("  rejoined_as_replica_after=%s s",
                        rejoined < 0 ? "never" : String.format("%.1f", (rejoined - from) / 1e9)));
            }
            if (ph.name().equals("instance-back")) {
                rep.append(String.format("  instance_ready_after=%.1f s", (instReady - instStart) / 1e9));
            }
            rep.append('\n');
            for (Outcome o : bad.stream().limit(10).toList()) {
                rep.append(String.format("    DISALLOWED +%.2f s %s%n", (o.start() - from) / 1e9, o));
            }
        }
        long total = all.size(), totalFailed = all.stream().filter(o -> !o.ok()).count();
        rep.append(String.format("total requests=%d failed=%d disallowed=%d%n", total, totalFailed, disallowed));

        // ---- acknowledged writes: chain ends over the API first (new token works, then the old is refused)
        int lost = 0;
        List<String> lostWhy = new ArrayList<>();
        int chainChecks = 0;
        for (Chain c : chains) {
            if (c.previous == null || c.indeterminate) {
                continue;
            }
            chainChecks++;
            HttpResponse<String> r = refreshRaw(c.current);
            if (r == null || r.statusCode() != 200) {
                lost++;
                lostWhy.add("chain end: the last rotated token does not refresh: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
                continue;
            }
            HttpResponse<String> old = refreshRaw(c.previous);
            if (old == null || old.statusCode() != 401 || !"token_reused".equals(field(old.body(), "code"))) {
                lost++;
                lostWhy.add("chain end: the token before it was not refused as reused: " + (old == null ? "no answer" : old.statusCode() + " " + old.body()));
            }
        }
        // ... and every acknowledged write in the database
        StringBuilder sql = new StringBuilder("\\set ON_ERROR_STOP on\n");
        sql.append("CREATE TEMP TABLE acked_signup(email text);\nCREATE TEMP TABLE acked_login(sid uuid);\n")
                .append("CREATE TEMP TABLE acked_refresh(old_hash bytea, new_hash bytea);\n");
        values(sql, "acked_signup", SIGNED_UP.stream().map(e -> "('" + e + "')").toList());
        values(sql, "acked_login", LOGIN_SIDS.stream().map(s -> "('" + s + "'::uuid)").toList());
        values(sql, "acked_refresh", ROTATED.stream()
                .map(p -> "('\\x" + sha256(p[0]) + "'::bytea,'\\x" + sha256(p[1]) + "'::bytea)").toList());
        sql.append("SELECT 'signup_missing', count(*) FROM acked_signup a WHERE NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(a.email));\n")
                .append("SELECT 'login_session_missing', count(*) FROM acked_login a WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = a.sid);\n")
                .append("SELECT 'refresh_old_not_rotated', count(*) FROM acked_refresh a WHERE NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.token_hash = a.old_hash AND t.rotated_at IS NOT NULL);\n")
                .append("SELECT 'refresh_new_missing', count(*) FROM acked_refresh a WHERE NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.token_hash = a.new_hash);\n");
        Path sqlFile = out.resolve("acked-writes.sql");
        Files.writeString(sqlFile, sql);
        String result = run("psql", "-X", "-q", "-At", "-F", " ", "-f", sqlFile.toString(), conninfo);
        Map<String, Long> missing = new LinkedHashMap<>();
        for (String l : result.strip().split("\n")) {
            String[] kv = l.strip().split(" ");
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                missing.put(kv[0], Long.parseLong(kv[1]));
                lost += Integer.parseInt(kv[1]);
            }
        }
        rep.append(String.format("acknowledged writes: signups=%d logins=%d refreshes=%d (chain ends checked over the API: %d)%n",
                SIGNED_UP.size(), LOGIN_SIDS.size(), ROTATED.size(), chainChecks));
        rep.append("database check: ").append(missing).append('\n');
        lostWhy.forEach(w -> rep.append("  LOST ").append(w).append('\n'));
        rep.append("acknowledged writes lost: ").append(lost).append('\n');
        boolean pass = lost == 0 && disallowed == 0 && missing.size() == 4;
        rep.append("drill: ").append(pass ? "PASS" : "FAIL").append('\n');
        System.out.print(rep);
        Files.writeString(out.resolve("drill-report.txt"), rep);
        try (var w = Files.newBufferedWriter(out.resolve("requests.csv"))) {
            w.write("kind,start_s,ms,status,code,error\n");
            for (Outcome o : all) {
                w.write(String.format("%s,%.3f,%d,%d,%s,%s%n", o.kind(), (o.start() - T0) / 1e9, (o.end() - o.start()) / 1_000_000,
                        o.status(), o.code() == null ? "" : o.code(), o.error() == null ? "" : o.error().replace(',', ';')));
            }
        }
        System.exit(pass ? 0 : 1);
    }

    /** A refresh chain on one session: serial refreshes; a 503 leaves the rotation unknown, so the chain restarts from a login. */
    static final class Chain {
        final String[] account;
        String current, previous;
        boolean indeterminate;

        Chain(String[] account) {
            this.account = account;
            relogin();
        }

        void relogin() {
            while (RUNNING.get()) {
                HttpResponse<String> r = loginRaw(account[0], account[1]);
                if (r != null && r.statusCode() == 200) {
                    current = field(r.body(), "refresh_token");
                    previous = null;
                    indeterminate = false;
                    return;
                }
                sleep(200);
            }
        }

        void step() {
            if (current == null) {
                relogin();
                return;
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = refreshRaw(current);
            Outcome o = outcome("refresh", t0, r);
            OUTCOMES.add(o);
            if (o.status() == 200) {
                String next = field(r.body(), "refresh_token");
                ROTATED.add(new String[] {current, next});
                previous = current;
                current = next;
            } else {
                // unknown whether the rotation committed: presenting the same token again could be
                // (rightly) treated as reuse. A real client would log in again; so does the chain.
                indeterminate = true;
                relogin();
            }
        }
    }

    // ---- HTTP calls
    static Outcome signup(String email, String slug) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"tenant\":{\"slug\":\"" + slug
                + "\",\"name\":\"Drill\"}}";
        long t0 = System.nanoTime();
        Outcome o = outcome("signup", t0, post("/v1/signup", body));
        OUTCOMES.add(o);
        return o;
    }

    static void login(String email, String slug) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = loginRaw(email, slug);
        Outcome o = outcome("login", t0, r);
        OUTCOMES.add(o);
        if (o.status() == 200) {
            String access = field(r.body(), "access_token");
            String payload = new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]), StandardCharsets.UTF_8);
            String sid = field(payload, "sid");
            if (sid != null) {
                LOGIN_SIDS.add(sid);
            }
        }
    }

    static HttpResponse<String> loginRaw(String email, String slug) {
        return post("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"tenant\":\"" + slug + "\"}");
    }

    static HttpResponse<String> refreshRaw(String token) {
        return post("/v1/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
    }

    static HttpResponse<String> post(String path, String json) {
        SENT.incrementAndGet();
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(front + path)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            lastError.set(e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static final ThreadLocal<String> lastError = new ThreadLocal<>();

    static Outcome get(String path, String token) {
        SENT.incrementAndGet();
        long t0 = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(front + path)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            lastError.set(e.toString());
            r = null;
        }
        return outcome("me", t0, r);
    }

    static void record(String kind, Outcome o) {
        OUTCOMES.add(o);
    }

    static Outcome outcome(String kind, long t0, HttpResponse<String> r) {
        long t1 = System.nanoTime();
        if (r == null) {
            return new Outcome(kind, t0, t1, -1, null, null, lastError.get());
        }
        String ct = r.headers().firstValue("Content-Type").orElse(null);
        String code = ct != null && ct.startsWith("application/problem+json") ? field(r.body(), "code") : null;
        return new Outcome(kind, t0, t1, r.statusCode(), ct, code, null);
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    // ---- helpers
    static Thread worker(String name, long pauseMs, Runnable step) {
        Thread t = new Thread(() -> {
            while (RUNNING.get() && SENT.get() < MAX_REQUESTS) {
                step.run();
                sleep(pauseMs);
            }
        }, "drill-" + name);
        t.setDaemon(true);
        return t;
    }

    static void phase(String name) {
        PHASES.add(new Phase(name, System.nanoTime()));
        System.err.printf("drill +%.1f s: %s%n", (System.nanoTime() - T0) / 1e9, name);
    }

    /** Waits until a primary exists again and a write answered 2xx after it, at most {@code maxSeconds}. */
    static void awaitRecovery(long since, long deadline, int maxSeconds) {
        long limit = Math.min(deadline, since + sec(maxSeconds));
        while (System.nanoTime() < limit) {
            long back = primaryBackAfter(since);
            if (back > 0 && OUTCOMES.stream().anyMatch(o -> o.start() > back && o.ok() && !o.kind().equals("me"))) {
                return;
            }
            sleep(200);
        }
    }

    /** The first monitor sample after {@code since} that saw a primary, following one that saw none; -1 if none yet. */
    static long primaryBackAfter(long since) {
        boolean sawNone = false;
        for (long[] s : PRIMARY) {
            if (s[0] < since) {
                continue;
            }
            if (s[1] == 0) {
                sawNone = true;
            } else if (sawNone) {
                return s[0];
            }
        }
        return -1;
    }

    static void sleepUntil(long deadline, int seconds) {
        long until = Math.min(deadline, System.nanoTime() + sec(seconds));
        while (System.nanoTime() < until && SENT.get() < MAX_REQUESTS) {
            sleep(100);
        }
    }

    static long sec(int s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static void values(StringBuilder sql, String table, List<String> rows) {
        for (int i = 0; i < rows.size(); i += 500) {
            sql.append("INSERT INTO ").append(table).append(" VALUES ")
                    .append(String.join(",", rows.subList(i, Math.min(rows.size(), i + 500)))).append(";\n");
        }
    }

    static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([^\"]*)\"");

    static String field(String json, String name) {
        if (json == null) {
            return null;
        }
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String uid() {
        return Long.toString(System.nanoTime(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
