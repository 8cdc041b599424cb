package dev.tenantauth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Http;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import dev.tenantauth.support.Secrets;
import dev.tenantauth.support.ServiceProcess;
import dev.tenantauth.support.Totps;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenID provider (issue 14) through a real relying-party library and a real browser: the
 * packaged jar runs as a child process whose issuer is its own loopback URL, and
 * {@code src/test/js/oidc-flow.mjs} signs users in with <b>openid-client 6</b> (discovery, PKCE,
 * code exchange, ID token checks, userinfo, refresh rotation, introspection, revocation) and
 * <b>Playwright driving the system Chromium</b> through the hosted login and TOTP pages (axe-core
 * accessibility check, browser-session reuse, sign-out). This class sets up what the script needs
 * over the HTTP API (an owner with a tenant, a confidential and a public client, a second member
 * with TOTP enrolled; a second tenant that requires MFA, whose owner enrolls on the hosted pages),
 * runs the script once per scenario and asserts its exit code and its JSON
 * summary; the script's stdout and stderr are in every failure message and in
 * {@code target/oidc-artifacts/}, next to its screenshots.
 *
 * <p>Needs {@code node} (20 or newer) and {@code npm} on the PATH, the npm packages of
 * {@code src/test/js} ({@code npm ci} runs there when {@code node_modules} is missing; that needs
 * the npm registry) and Chromium at {@code /usr/bin/chromium} (Debian package {@code chromium};
 * Playwright's own browser download is not used; {@code OIDC_BROWSER_CHROMIUM} names another path). <b>Without Chromium or node this class fails
 * when the environment variable {@code CI} is {@code true}, and is skipped (a JUnit assumption)
 * otherwise</b>, so that a developer machine without a browser still runs the rest of the suite.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcBrowserIT {

    /** The browser; {@code OIDC_BROWSER_CHROMIUM} overrides the path (another Chromium build, or a missing one to see the skip). */
    static final String CHROMIUM = System.getenv().getOrDefault("OIDC_BROWSER_CHROMIUM", "/usr/bin/chromium");
    static final Path JS = Path.of("src/test/js");
    static final Path ARTIFACTS = Path.of("target/oidc-artifacts");
    /** The script bounds itself (TIMEOUT_MS); this is the bound on top of that. */
    static final Duration SCRIPT_MAX = Duration.ofSeconds(200);

    static final Secrets SECRETS = new Secrets();

    static ServiceProcess service;
    static Http http;
    static Api.Account owner;
    static Api.Account totpUser;
    static Totps.Enrolled totp;
    static Client confidential;
    static Client confidentialBasic;
    static Client publicClient;
    /** A user without TOTP, owner of a tenant that requires MFA, and a client of that tenant. */
    static Api.Account enrollee;
    static Client enrolleeClient;

    record Client(String id, String secret, String redirectUri) {}

    @BeforeAll
    static void setUp() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        requireTool(ci, Files.isExecutable(Path.of(CHROMIUM)), "Chromium at " + CHROMIUM + " (apt-get install chromium)");
        requireTool(ci, onPath("node") && onPath("npm"), "node and npm on the PATH");
        Files.createDirectories(ARTIFACTS);
        if (!Files.isDirectory(JS.resolve("node_modules"))) {
            Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5), "npm-ci");
            assertEquals(0, npm.exit, "npm ci in " + JS + " failed:\n" + npm.output());
        }

        int port = ServiceProcess.freePort();
        String issuer = "http://127.0.0.1:" + port;
        service = ServiceProcess.startReady("oidc-browser", Map.of("TENANT_AUTH_ISSUER", issuer), port);
        http = new Http(service.base);
        owner = http.newOwner();
        SECRETS.add(owner.password(), owner.accessToken(), owner.refreshToken());

        // a second member of the owner's tenant, with TOTP on
        totpUser = http.newOwner(); // a user of their own tenant first, then invited into the owner's
        long before = Mailbox.count(totpUser.email(), Mails.INVITATION);
        Http.Reply invited = http.post("/v1/tenants/" + owner.tenantSlug() + "/members", owner.accessToken(),
                Http.json(Map.of("email", totpUser.email(), "role", "member")));
        assertEquals(201, invited.status(), "invite: " + invited);
        Http.Reply accepted = http.post("/v1/invitations/accept", null, Http.json(Map.of(
                "token", Mailbox.tokenAfter(totpUser.email(), Mails.INVITATION, before), "password", totpUser.password())));
        assertEquals(200, accepted.status(), "accept: " + accepted);
        totp = enrollTotp(accepted.path("access_token"), totpUser.password());
        SECRETS.add(totpUser.accessToken(), totpUser.refreshToken(), accepted.path("access_token"), accepted.path("refresh_token"),
                totp.secret());
        totp.recoveryCodes().forEach(SECRETS::add);

        confidential = client(owner, "confidential", "Browser IT (secret post)");
        confidentialBasic = client(owner, "confidential", "Browser IT (secret basic)");
        publicClient = client(owner, "public", "Browser IT (public)");

        // a tenant that requires MFA, its client created before the switch (which revokes the owner's password-only session)
        enrollee = http.newOwner();
        SECRETS.add(enrollee.accessToken(), enrollee.refreshToken());
        enrolleeClient = client(enrollee, "confidential", "Browser IT (MFA required)");
        Http.Reply settings = http.send(http.request("/v1/tenants/" + enrollee.tenantSlug() + "/settings")
                .header("Authorization", "Bearer " + enrollee.accessToken()).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"mfa_required\":true}")).build());
        assertEquals(200, settings.status(), "mfa_required on: " + settings);
    }

    @AfterAll
    static void stop() {
        ServiceProcess.stopAll(); // the mailbox stays up: the @QuarkusIntegrationTest jar of this run may use it
    }

    @Test
    @Order(1)
    void confidentialClientSignsInWithAPassword() throws Exception {
        JsonPath summary = flow("confidential", confidential, owner, owner, Map.of());
        assertEquals("client_secret_post", summary.getString("client.auth"));
        assertClaims(summary, owner, owner, List.of("pwd"));
        assertTrue(summary.getBoolean("introspection.active"), "introspection of a fresh access token");
        assertEquals(owner.userId(), summary.getString("introspection.sub"));
    }

    @Test
    @Order(2)
    void confidentialClientWithHttpBasicAuthentication() throws Exception {
        JsonPath summary = flow("confidential-basic", confidentialBasic, owner, owner, Map.of("CLIENT_AUTH", "client_secret_basic"));
        assertEquals("client_secret_basic", summary.getString("client.auth"));
        assertClaims(summary, owner, owner, List.of("pwd"));
    }

    @Test
    @Order(3)
    void publicClientSignsInWithPasswordAndTotpThenARecoveryCode() throws Exception {
        JsonPath summary = flow("public-totp", publicClient, totpUser, owner,
                Map.of("TOTP_SECRET", totp.secret(), "RECOVERY_CODE", totp.recoveryCodes().get(0)));
        assertEquals("none", summary.getString("client.auth"));
        assertClaims(summary, totpUser, owner, List.of("pwd", "otp"));
        assertEquals(0, summary.getInt("axe.mfa.serious") + summary.getInt("axe.mfa.critical"), "axe on the TOTP page");
        assertTrue(summary.getList("steps").contains("sign in with a recovery code"), summary.prettify());
        assertEquals(List.of("pwd", "otp"), summary.getList("recovery_claims.amr"));
    }

    @Test
    @Order(4)
    void aTenantThatRequiresMfaHasTheUserEnrollOnThePages() throws Exception {
        JsonPath summary = flow("enroll", enrolleeClient, enrollee, enrollee, Map.of("ENROLL", "1"));
        assertClaims(summary, enrollee, enrollee, List.of("pwd", "otp"));
        for (String pageName : List.of("enroll", "recovery-codes")) {
            assertEquals(0, summary.getInt("axe." + pageName + ".serious") + summary.getInt("axe." + pageName + ".critical"),
                    "axe on the " + pageName + " page");
        }
        assertTrue(summary.getList("steps").contains("sign in with a recovery code"), summary.prettify());
    }

    /** The one order that matters: after the flows, so that the log it scans has them. */
    @Test
    @Order(5)
    void theServiceLogHoldsNoneOfTheSecretsItWasGiven() throws IOException {
        SECRETS.assertAbsentFrom(List.of(service.log));
    }

    // ---------------------------------------------------------------------------------------------

    /** Runs oidc-flow.mjs for {@code account} through {@code client}; asserts exit 0 and the summary's common facts. */
    static JsonPath flow(String label, Client client, Api.Account account, Api.Account tenantOwner, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ISSUER", service.base);
        env.put("CLIENT_ID", client.id());
        env.put("CLIENT_SECRET", client.secret() == null ? "" : client.secret());
        env.put("REDIRECT_URI", client.redirectUri());
        env.put("EMAIL", account.email());
        env.put("PASSWORD", account.password());
        env.put("TENANT", tenantOwner.tenantSlug());
        env.put("ARTIFACTS", ARTIFACTS.toAbsolutePath().toString());
        env.put("LABEL", label);
        env.put("CHROMIUM", CHROMIUM);
        env.put("TIMEOUT_MS", "150000");
        env.putAll(extra);
        Run r = run(List.of("node", "oidc-flow.mjs"), env, SCRIPT_MAX, label);
        String last = r.lastStdoutLine();
        assertEquals(0, r.exit, label + ": oidc-flow.mjs exited with " + r.exit + "\n" + r.output() + "\n(service log: " + service.log + ")");
        assertNotNull(last, label + ": no summary line\n" + r.output());
        JsonPath summary;
        try {
            summary = JsonPath.from(last);
        } catch (RuntimeException e) {
            throw new AssertionError(label + ": the summary line is not JSON: " + last + "\n" + r.output(), e);
        }
        String context = label + "\n" + r.output();
        assertTrue(summary.getBoolean("ok"), context);
        List<String> steps = summary.getList("steps");
        for (String s : List.of("discovery", "login page", "wrong password is refused on the page", "sign in", "callback",
                "code exchange (PKCE)", "id token", "userinfo", "second authorize reuses the browser session",
                "introspection and revocation", "refresh rotates", "a replayed code is refused and revokes its grant", "sign out",
                "authorize after sign-out shows the login page", "the login page refuses framing",
                "a cross-site sign-in post is refused (CSRF)", "no CSP violations on the hosted pages")) {
            assertTrue(steps.contains(s), "step \"" + s + "\" did not pass: " + context);
        }
        for (String pageName : List.of("login", "login-error")) {
            assertEquals(0, summary.getInt("axe." + pageName + ".serious") + summary.getInt("axe." + pageName + ".critical"),
                    "axe on the " + pageName + " page: " + context);
        }
        assertTrue(Files.exists(ARTIFACTS.resolve(label + "-login.png")), "login screenshot");
        assertTrue(Files.exists(ARTIFACTS.resolve(label + "-result.png")), "result screenshot");
        System.out.printf("OidcBrowserIT %s: %s%n", label, last);
        return summary;
    }

    static void assertClaims(JsonPath summary, Api.Account account, Api.Account tenantOwner, List<String> amr) {
        assertEquals(service.base, summary.getString("claims.iss"));
        assertEquals(account.userId(), summary.getString("claims.sub"), "sub is the user's id");
        assertEquals(tenantOwner.tenantId(), summary.getString("claims.tid"));
        assertEquals(tenantOwner.tenantSlug(), summary.getString("claims.tenant"));
        assertEquals(account.email(), summary.getString("claims.email"));
        assertEquals(amr, summary.getList("claims.amr"));
        assertTrue(summary.getBoolean("claims.nonce_matches"));
        assertEquals(summary.getInt("claims.auth_time"), summary.getInt("sso_claims.auth_time"),
                "the browser-session authorize keeps the sign-in's auth_time");
        assertEquals(account.userId(), summary.getString("userinfo.sub"));
        assertEquals(tenantOwner.tenantSlug(), summary.getString("userinfo.tenant"));
    }

    /** POST /v1/tenants/{slug}/clients as {@code owner}, in their tenant, with a redirect URI on a free loopback port. */
    static Client client(Api.Account owner, String type, String name) throws Exception {
        String redirectUri = "http://127.0.0.1:" + ServiceProcess.freePort() + "/callback";
        String body = "{\"name\":" + Http.quote(name) + ",\"type\":" + Http.quote(type)
                + ",\"redirect_uris\":[" + Http.quote(redirectUri) + "]"
                + ",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"scopes\":[\"openid\",\"email\"]}";
        Http.Reply r = http.post("/v1/tenants/" + owner.tenantSlug() + "/clients", owner.accessToken(), body);
        assertEquals(201, r.status(), "create " + type + " client: " + r);
        String id = r.path("client_id");
        String secret = r.path("client_secret");
        assertNotNull(id, r.toString());
        if ("confidential".equals(type)) {
            assertNotNull(secret, "a confidential client gets a secret: " + r);
            SECRETS.add(secret);
        } else {
            assertEquals(null, secret, "a public client has no secret: " + r);
        }
        return new Client(id, secret, redirectUri);
    }

    /** TOTP on for the user of {@code accessToken} (/v1/me/mfa/totp, confirmed with the previous step's code, as Totps.enroll). */
    static Totps.Enrolled enrollTotp(String accessToken, String password) throws Exception {
        Totps.awaitRoomInStep();
        Http.Reply start = http.post("/v1/me/mfa/totp", accessToken, Http.json(Map.of("current_password", password)));
        assertEquals(201, start.status(), "start TOTP: " + start);
        String secret = start.path("secret");
        Http.Reply confirm = http.post("/v1/me/mfa/totp/confirm", accessToken, Http.json(Map.of("code", Totps.code(secret, -1))));
        assertEquals(200, confirm.status(), "confirm TOTP: " + confirm);
        List<String> codes = confirm.json().getList("recovery_codes");
        assertEquals(10, codes.size(), confirm.toString());
        return new Totps.Enrolled(secret, codes);
    }

    static void requireTool(boolean ci, boolean present, String what) {
        if (!present) {
            if (ci) {
                fail("OidcBrowserIT needs " + what + " (CI=true: failing instead of skipping)");
            }
            String why = "OidcBrowserIT skipped: it needs " + what + "; on CI (CI=true) this fails instead";
            System.err.println(why); // surefire counts a class aborted in @BeforeAll as 0 tests run, without the reason
            Assumptions.abort(why);
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    record Run(int exit, String stdout, String stderr) {
        String output() {
            return "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }

        String lastStdoutLine() {
            String result = null;
            for (String line : stdout.split("\n")) {
                if (!line.isBlank()) {
                    result = line.trim();
                }
            }
            return result;
        }
    }

    /** Runs {@code command} in src/test/js with {@code env} added; output to target/oidc-artifacts/{name}.stdout/.stderr. */
    static Run run(List<String> command, Map<String, String> env, Duration max, String name) throws Exception {
        Path out = ARTIFACTS.resolve(name + ".stdout");
        Path err = ARTIFACTS.resolve(name + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(JS.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        int exit;
        if (p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            exit = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            exit = -1;
        }
        return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)
                + (exit == -1 ? "\n(killed after " + max + ")" : ""));
    }
}
