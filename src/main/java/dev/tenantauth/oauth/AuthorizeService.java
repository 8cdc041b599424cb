package dev.tenantauth.oauth;

import dev.tenantauth.auth.AuthService;
import dev.tenantauth.auth.MfaEnrollRequest;
import dev.tenantauth.auth.MfaLoginRequest;
import dev.tenantauth.client.ClientRepository;
import dev.tenantauth.common.Ids;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.error.ProblemException;
import dev.tenantauth.mfa.MfaPurpose;
import dev.tenantauth.mfa.TotpEnrollmentResponse;
import dev.tenantauth.session.BrowserSession;
import dev.tenantauth.session.BrowserSessionRepository;
import dev.tenantauth.session.Session;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The hosted login page's decisions, on the JSON API's sign-in steps ({@link AuthService}: the
 * same throttle, hash, membership, verified-address and second-factor rules): check the request,
 * take the password (or a live browser session of the same tenant), then the TOTP code, recovery
 * code or enrollment the user or tenant needs, and finally issue the authorization code and the
 * browser session in one transaction.
 */
@ApplicationScoped
public class AuthorizeService {

    /** Where the page goes next. */
    public sealed interface Next {
        /** 303 to the client with the code; {@code browserToken}: a new browser session cookie, or null to keep the one there. */
        record ToClient(String location, String browserToken) implements Next {}

        /** The TOTP (or recovery code) form, for this login mfa_token. */
        record AskCode(String mfaToken) implements Next {}

        /** The enrollment form: the new secret (shown this once) and the enrollment mfa_token for its first code. */
        record AskEnrollment(String mfaToken, TotpEnrollmentResponse secret) implements Next {}

        /** After an enrollment: the recovery codes, shown once, then on to the client. */
        record ShowRecoveryCodes(List<String> codes, String location, String browserToken) implements Next {}
    }

    private final ClientRepository clients;
    private final TenantRepository tenants;
    private final CodeRepository codes;
    private final BrowserSessionRepository browserSessions;
    private final AuthService auth;
    private final AuthConfig config;

    AuthorizeService(ClientRepository clients, TenantRepository tenants, CodeRepository codes,
            BrowserSessionRepository browserSessions, AuthService auth, AuthConfig config) {
        this.clients = clients;
        this.tenants = tenants;
        this.codes = codes;
        this.browserSessions = browserSessions;
        this.auth = auth;
        this.config = config;
    }

    /** Checks an authorization request (query or carried form fields) against its client. */
    public Checked check(Map<String, List<String>> params) {
        return QuarkusTransaction.requiringNew().call(() -> AuthorizationRequest.check(params,
                AuthorizationRequest.clientId(params).flatMap(clients::findLive)));
    }

    /** The name of the request's tenant, for the page's heading. */
    public Tenant tenantOf(AuthorizationRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> tenants.findById(request.client().tenantId));
    }

    /**
     * The live browser session behind the cookie, when it is of the request's tenant and recent
     * enough for {@code max_age}; empty otherwise (the password is asked again).
     */
    public Optional<BrowserSession> browserSession(String cookie, AuthorizationRequest request, Instant now) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 128) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> browserSessions.findLive(OpaqueTokens.hash(cookie), now))
                .filter(b -> b.tenantId.equals(request.client().tenantId))
                .filter(b -> request.maxAge() == null || !b.authTime.plusSeconds(request.maxAge()).isBefore(now));
    }

    /** With a live browser session: the code at once, or the second factor the tenant now needs. */
    public Next continueSession(AuthorizationRequest request, BrowserSession b) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            return next(request, auth.nextStep(b.userId, b.tenantId, b.amr, now), b.authTime, false, now);
        });
    }

    /**
     * The password step: the login throttle and hash of {@link AuthService#authenticate}, then the
     * tenant's rules. Failures are thrown as the JSON login's problems (401 invalid_credentials for
     * every wrong email, password or membership; 429 when throttled).
     */
    public Next password(AuthorizationRequest request, String email, String password, String clientAddr) {
        Tenant tenant = tenantOf(request);
        AuthService.Authenticated who = auth.authenticate(email, password, clientAddr, tenant, "oauth.login");
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            return next(request, auth.nextStep(who.user().id, tenant.id, Session.PWD, now), now, true, now);
        });
    }

    /** The second step: a TOTP code (or the first code of an enrollment) or a recovery code, for the mfa_token. */
    public Next secondFactor(AuthorizationRequest request, MfaLoginRequest factor, String clientAddr) {
        return auth.completeMfa(factor, clientAddr, (proven, now) -> {
            if (!proven.tenant().id.equals(request.client().tenantId)) {
                throw ProblemException.invalidCredentials(); // an mfa_token of another tenant's login
            }
            String location = issueCode(request, proven.userId(), proven.tenant().id, Session.PWD_OTP, now, now);
            String browser = startBrowserSession(proven.userId(), proven.tenant().id, Session.PWD_OTP, now);
            return proven.recoveryCodes() != null && proven.purpose() == MfaPurpose.ENROLLMENT
                    ? new Next.ShowRecoveryCodes(proven.recoveryCodes(), location, browser)
                    : new Next.ToClient(location, browser);
        });
    }

    /** Ends the browser session behind the cookie (logout); quiet about unknown cookies. */
    public void endBrowserSession(String cookie) {
        if (cookie != null && !cookie.isEmpty() && cookie.length() <= 128) {
            QuarkusTransaction.requiringNew().run(() -> browserSessions.revoke(OpaqueTokens.hash(cookie), Instant.now()));
        }
    }

    /**
     * Where a logout goes back to: {@code target} when it is one of the usable client's registered
     * redirect URIs (exact match), with {@code state}; empty otherwise (the signed-out page).
     */
    public Optional<String> postLogoutTarget(String clientId, String target, String state) {
        if (clientId == null) {
            return Optional.empty();
        }
        Optional<UUID> id = Ids.parse(clientId);
        boolean registered = id.isPresent() && QuarkusTransaction.requiringNew().call(() -> clients.findLive(id.get())
                .filter(c -> c.isUsable() && c.redirectUris.contains(target)).isPresent());
        if (!registered) {
            return Optional.empty();
        }
        return Optional.of(state == null ? target : clientRedirect(target, "state", state));
    }

    /** The client's redirect with an error (RFC 6749 §4.1.2.1), {@code state} and {@code iss} (RFC 9207). */
    public String errorLocation(String redirectUri, String error, String description, String state) {
        return clientRedirect(redirectUri, "error", error, "error_description", description, "state", state, "iss",
                config.issuer());
    }

    private Next next(AuthorizationRequest request, AuthService.Step step, Instant authTime, boolean newBrowserSession,
            Instant now) {
        return switch (step) {
            case AuthService.Step.Done done -> new Next.ToClient(
                    issueCode(request, done.userId(), done.tenant().id, done.amr(), authTime, now),
                    newBrowserSession ? startBrowserSession(done.userId(), done.tenant().id, done.amr(), now) : null);
            case AuthService.Step.NeedsCode code -> new Next.AskCode(code.mfaToken());
            case AuthService.Step.NeedsEnrollment e ->
                    new Next.AskEnrollment(e.mfaToken(), auth.enroll(new MfaEnrollRequest(e.mfaToken())));
        };
    }

    /** Issues the code (only its hash kept) and answers the client's redirect with it. */
    private String issueCode(AuthorizationRequest request, UUID userId, UUID tenantId, String amr, Instant authTime,
            Instant now) {
        String value = OpaqueTokens.generate();
        AuthorizationCode c = new AuthorizationCode();
        c.id = UUID.randomUUID();
        c.codeHash = OpaqueTokens.hash(value);
        c.clientId = request.client().id;
        c.userId = userId;
        c.tenantId = tenantId;
        c.redirectUri = request.redirectUri();
        c.scope = request.scope();
        c.nonce = request.nonce();
        c.codeChallenge = request.codeChallenge();
        c.amr = amr;
        c.authTime = authTime;
        c.createdAt = now;
        c.expiresAt = now.plus(config.oauth().codeTtl());
        codes.persist(c);
        return clientRedirect(request.redirectUri(), "code", value, "state", request.state(), "iss", config.issuer());
    }

    private String startBrowserSession(UUID userId, UUID tenantId, String amr, Instant now) {
        String value = OpaqueTokens.generate();
        BrowserSession b = new BrowserSession();
        b.id = UUID.randomUUID();
        b.tokenHash = OpaqueTokens.hash(value);
        b.userId = userId;
        b.tenantId = tenantId;
        b.amr = amr;
        b.authTime = now;
        b.expiresAt = now.plus(config.oauth().browserSessionTtl());
        browserSessions.persist(b);
        return value;
    }

    /**
     * The registered URI with query parameters added (name, value, …; a null value is left out),
     * after its own query if it has one (RFC 6749 §3.1.2: the registered query is kept).
     */
    static String clientRedirect(String uri, String... pairs) {
        StringBuilder b = new StringBuilder(uri);
        char sep = uri.contains("?") ? '&' : '?';
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                b.append(sep).append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }
}
