package dev.tenantauth.oauth;

import dev.tenantauth.audit.AuditLog;
import dev.tenantauth.client.ClientRules;
import dev.tenantauth.client.OAuthClient;
import dev.tenantauth.common.OpaqueTokens;
import dev.tenantauth.error.OAuthError;
import dev.tenantauth.security.AccessCheck;
import dev.tenantauth.session.Rotation;
import dev.tenantauth.session.Session;
import dev.tenantauth.session.SessionService;
import dev.tenantauth.tenant.Membership;
import dev.tenantauth.tenant.MembershipRepository;
import dev.tenantauth.tenant.Tenant;
import dev.tenantauth.tenant.TenantRepository;
import dev.tenantauth.token.AccessTokens;
import dev.tenantauth.user.User;
import dev.tenantauth.user.UserRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The token endpoint's grants, revocation and introspection, on the JSON API's sessions, refresh
 * rotation and per-request check. Each grant decides in one transaction (client authenticated
 * with its row held {@code FOR SHARE}, code spent or refresh token rotated, session started) and
 * signs after the commit, as the JSON API does.
 */
@ApplicationScoped
public class TokenService {

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");

    private final ClientAuthentication clientAuth;
    private final CodeRepository codes;
    private final SessionService sessions;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final AccessTokens accessTokens;
    private final AccessCheck accessCheck;
    private final ClientTokenCheck clientCheck;
    private final AuditLog audit;

    TokenService(ClientAuthentication clientAuth, CodeRepository codes, SessionService sessions,
            MembershipRepository memberships, TenantRepository tenants, UserRepository users, AccessTokens accessTokens,
            AccessCheck accessCheck, ClientTokenCheck clientCheck, AuditLog audit) {
        this.clientAuth = clientAuth;
        this.codes = codes;
        this.sessions = sessions;
        this.memberships = memberships;
        this.tenants = tenants;
        this.users = users;
        this.accessTokens = accessTokens;
        this.accessCheck = accessCheck;
        this.clientCheck = clientCheck;
        this.audit = audit;
    }

    /** A grant decided in its transaction, signed after the commit. */
    private record Grant(OAuthClient client, Session session, String refreshToken, Instant refreshExpiresAt,
            Tenant tenant, Membership membership, User user, String scope, String nonce, Instant now) {}

    /** A refusal decided in a transaction that must still commit (a replayed code revoked its session). */
    private record Decided(Grant grant, OAuthError refusal) {}

    /** POST /oauth2/token: the RFC 6749 §5.1 JSON body. */
    public Map<String, Object> token(String authorization, Map<String, List<String>> form) {
        String grantType = ClientAuthentication.single(form, "grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("The request has no grant_type.");
        }
        return switch (grantType) {
            case ClientRules.AUTHORIZATION_CODE -> answer(QuarkusTransaction.requiringNew()
                    .call(() -> authorizationCode(clientAuth.authenticate(authorization, form), form, Instant.now())));
            case ClientRules.REFRESH_TOKEN -> answer(QuarkusTransaction.requiringNew()
                    .call(() -> refresh(clientAuth.authenticate(authorization, form), form, Instant.now())));
            case ClientRules.CLIENT_CREDENTIALS -> clientCredentials(authorization, form);
            default -> {
                // authenticate first: an unauthenticated caller learns nothing about grants
                QuarkusTransaction.requiringNew().run(() -> clientAuth.authenticate(authorization, form));
                throw OAuthError.unsupportedGrantType("Supported: authorization_code, refresh_token, client_credentials.");
            }
        };
    }

    private Decided authorizationCode(ClientAuthentication.Authenticated caller, Map<String, List<String>> form,
            Instant now) {
        OAuthClient client = caller.client();
        if (!client.allowsGrant(ClientRules.AUTHORIZATION_CODE)) {
            throw OAuthError.unauthorizedClient("This client may not use authorization_code.");
        }
        String code = ClientAuthentication.single(form, "code");
        String redirectUri = ClientAuthentication.single(form, "redirect_uri");
        String verifier = ClientAuthentication.single(form, "code_verifier");
        if (code == null || redirectUri == null || verifier == null) {
            throw OAuthError.invalidRequest("authorization_code needs code, redirect_uri and code_verifier.");
        }
        byte[] hash = OpaqueTokens.hash(code);
        Optional<UUID> spent = codes.spend(hash, now);
        if (spent.isEmpty()) {
            Optional<AuthorizationCode> known = codes.findByHash(hash);
            if (known.isPresent() && known.get().usedAt != null) {
                // RFC 6749 §4.1.2: a code used twice revokes what it issued
                AuthorizationCode c = known.get();
                boolean revoked = c.sessionId != null
                        && sessions.revokeById(c.sessionId, SessionService.REASON_CODE_REPLAYED, now);
                audit.record("oauth.code_replayed", c.tenantId, c.userId, null,
                        "{\"client_id\":\"" + c.clientId + "\",\"session_revoked\":" + revoked + "}");
                return new Decided(null, OAuthError.invalidGrant("The authorization code was already used."));
            }
            throw OAuthError.invalidGrant("Unknown authorization code.");
        }
        AuthorizationCode c = codes.findById(spent.get());
        if (!now.isBefore(c.expiresAt)) {
            return new Decided(null, OAuthError.invalidGrant("The authorization code has expired."));
        }
        if (!c.clientId.equals(client.id)) {
            return new Decided(null, OAuthError.invalidGrant("The authorization code was issued to another client."));
        }
        if (!c.redirectUri.equals(redirectUri)) {
            return new Decided(null, OAuthError.invalidGrant("redirect_uri differs from the authorization request's."));
        }
        if (!VERIFIER.matcher(verifier).matches() || !MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII), c.codeChallenge.getBytes(StandardCharsets.US_ASCII))) {
            return new Decided(null, OAuthError.invalidGrant("The code_verifier does not match the code_challenge."));
        }
        Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(c.userId, c.tenantId);
        if (m.isEmpty()) {
            return new Decided(null, OAuthError.invalidGrant("The user is no longer an active member of the tenant."));
        }
        Tenant tenant = m.get().tenant();
        if (tenant.mfaRequired && !Session.PWD_OTP.equals(c.amr)) {
            return new Decided(null, OAuthError.invalidGrant("The tenant requires a second factor; authorize again."));
        }
        if (tenant.requireVerifiedEmail && !m.get().emailVerified()) {
            return new Decided(null, OAuthError.invalidGrant("The tenant requires a verified email address."));
        }
        SessionService.Issued issued = sessions.start(c.userId, c.tenantId, c.amr, client.id, c.scope, c.authTime, now);
        c.sessionId = issued.session().id;
        audit.record("oauth.token_issued", tenant.id, c.userId, null,
                "{\"client_id\":\"" + client.id + "\",\"grant\":\"authorization_code\"}");
        User user = users.findById(c.userId);
        return new Decided(new Grant(client, issued.session(), issued.refreshToken(), issued.refreshExpiresAt(), tenant,
                m.get().membership(), user, c.scope, c.nonce, now), null);
    }

    private Decided refresh(ClientAuthentication.Authenticated caller, Map<String, List<String>> form, Instant now) {
        OAuthClient client = caller.client();
        if (!client.allowsGrant(ClientRules.REFRESH_TOKEN)) {
            throw OAuthError.unauthorizedClient("This client may not use refresh_token.");
        }
        String presented = ClientAuthentication.single(form, "refresh_token");
        if (presented == null) {
            throw OAuthError.invalidRequest("refresh_token needs refresh_token.");
        }
        String asked = ClientAuthentication.single(form, "scope");
        return switch (sessions.rotate(presented, client.id, now)) {
            case Rotation.Rotated rotated -> {
                Session s = rotated.issued().session();
                String scope = narrowed(s.scope, asked);
                Optional<MembershipRepository.InTenant> m = memberships.findActiveInTenant(s.userId, s.tenantId);
                if (m.isEmpty()) {
                    sessions.revoke(s, SessionService.REASON_MEMBERSHIP, now);
                    yield new Decided(null, OAuthError.invalidGrant("The membership of this session is no longer active."));
                }
                if (m.get().tenant().mfaRequired && !Session.PWD_OTP.equals(s.amr)) {
                    sessions.revoke(s, SessionService.REASON_MFA_REQUIRED, now);
                    yield new Decided(null, OAuthError.invalidGrant("The tenant requires a second factor; authorize again."));
                }
                yield new Decided(new Grant(client, s, rotated.issued().refreshToken(), rotated.issued().refreshExpiresAt(),
                        m.get().tenant(), m.get().membership(), users.findById(s.userId), scope, null, now), null);
            }
            case Rotation.Reused reused -> new Decided(null,
                    OAuthError.invalidGrant("The refresh token was already used; its session is revoked."));
            case Rotation.Refused refused -> throw OAuthError.invalidGrant(refused.detail());
        };
    }

    /** The scope a refresh asks for: the session's, or a subset of it (RFC 6749 §6); more is invalid_scope. */
    static String narrowed(String granted, String asked) {
        if (asked == null || asked.isBlank()) {
            return granted;
        }
        Set<String> have = new LinkedHashSet<>(Arrays.asList(granted == null ? new String[0] : granted.split(" ")));
        Set<String> want = new LinkedHashSet<>(Arrays.asList(asked.trim().split(" +")));
        if (!have.containsAll(want)) {
            throw OAuthError.invalidScope("A refresh may only narrow the scope granted.");
        }
        return String.join(" ", want);
    }

    private Map<String, Object> clientCredentials(String authorization, Map<String, List<String>> form) {
        record Issued(OAuthClient client, Tenant tenant, String scope) {}
        Issued issued = QuarkusTransaction.requiringNew().call(() -> {
            OAuthClient client = clientAuth.authenticate(authorization, form).client();
            if (!client.isConfidential() || !client.allowsGrant(ClientRules.CLIENT_CREDENTIALS)) {
                throw OAuthError.unauthorizedClient("This client may not use client_credentials.");
            }
            String asked = ClientAuthentication.single(form, "scope");
            List<String> allowed = client.scopes.stream()
                    .filter(s -> !s.equals(ClientRules.OPENID) && !s.equals(ClientRules.EMAIL)).toList();
            String scope;
            if (asked == null || asked.isBlank()) {
                scope = String.join(" ", allowed);
            } else {
                Set<String> want = new LinkedHashSet<>(Arrays.asList(asked.trim().split(" +")));
                if (!allowed.containsAll(want)) {
                    throw OAuthError.invalidScope("The client may not ask for that scope with client_credentials.");
                }
                scope = String.join(" ", want);
            }
            Tenant tenant = tenants.findById(client.tenantId);
            audit.record("oauth.token_issued", tenant.id, null, null,
                    "{\"client_id\":\"" + client.id + "\",\"grant\":\"client_credentials\"}");
            return new Issued(client, tenant, scope);
        });
        AccessTokens.Signed signed = accessTokens.signClient(issued.client().id, issued.tenant().id, issued.tenant().slug,
                issued.scope(), Instant.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", signed.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", signed.expiresIn());
        body.put("scope", issued.scope());
        return body;
    }

    private Map<String, Object> answer(Decided decided) {
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        Grant g = decided.grant();
        Session s = g.session();
        AccessTokens.Signed access = accessTokens.sign(s.userId, g.tenant().id, g.tenant().slug, g.membership().role,
                s.id, g.user().emailVerified(), s.amrClaim(), g.client().id, g.scope(), g.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", access.expiresIn());
        if (g.client().allowsGrant(ClientRules.REFRESH_TOKEN)) {
            body.put("refresh_token", g.refreshToken());
            body.put("refresh_expires_in", Math.max(0, Duration.between(g.now(), g.refreshExpiresAt()).toSeconds()));
        }
        if (Arrays.asList(g.scope().split(" ")).contains(ClientRules.OPENID)) {
            boolean email = Arrays.asList(g.scope().split(" ")).contains(ClientRules.EMAIL);
            body.put("id_token", accessTokens.signIdToken(new AccessTokens.IdTokenClaims(s.userId, g.client().id,
                    g.tenant().id, g.tenant().slug, s.id, email ? g.user().email : null, g.user().emailVerified(),
                    s.amrClaim(), s.authenticatedAt(), g.nonce()), g.now()));
        }
        body.put("scope", g.scope());
        return body;
    }

    /**
     * POST /oauth2/revoke (RFC 7009): a refresh token ends its session; a user's access token ends
     * its session too (its {@code sid}); a client-credentials token is recorded as revoked until it
     * expires. Only the client the token was issued to can revoke it; anything else, an unknown
     * token included, changes nothing and answers 200 all the same (§2.2).
     */
    public void revoke(String authorization, Map<String, List<String>> form) {
        QuarkusTransaction.requiringNew().run(() -> {
            OAuthClient client = clientAuth.authenticate(authorization, form).client();
            String token = ClientAuthentication.single(form, "token");
            if (token == null) {
                throw OAuthError.invalidRequest("The request has no token.");
            }
            String hint = ClientAuthentication.single(form, "token_type_hint");
            Instant now = Instant.now();
            boolean jwtShaped = token.chars().filter(ch -> ch == '.').count() == 2;
            if (!"access_token".equals(hint) || !jwtShaped) {
                Optional<Session> s = sessions.lockByRefreshToken(token);
                if (s.isPresent()) {
                    if (client.id.equals(s.get().clientId) && s.get().revokedAt == null) {
                        sessions.revoke(s.get(), SessionService.REASON_REVOKED_BY_CLIENT, now);
                        audit.record("oauth.token_revoked", s.get().tenantId, s.get().userId, null,
                                "{\"client_id\":\"" + client.id + "\",\"token_type\":\"refresh_token\"}");
                    }
                    return;
                }
            }
            if (jwtShaped) {
                Optional<AccessTokens.Claims> user = accessTokens.verify(token, now);
                if (user.isPresent()) {
                    if (client.id.toString().equals(user.get().clientId())
                            && sessions.revokeById(user.get().sessionId(), SessionService.REASON_REVOKED_BY_CLIENT, now)) {
                        audit.record("oauth.token_revoked", user.get().tenantId(), user.get().userId(), null,
                                "{\"client_id\":\"" + client.id + "\",\"token_type\":\"access_token\"}");
                    }
                    return;
                }
                accessTokens.verifyClient(token, now)
                        .filter(cc -> cc.clientId().equals(client.id))
                        .ifPresent(cc -> clientCheck.revoke(cc.jti(), cc.clientId(), Instant.ofEpochSecond(cc.expiresAt())));
            }
        });
    }

    /**
     * POST /oauth2/introspect (RFC 7662), for confidential clients: {@code active} true only for a
     * token of the caller's tenant that the per-request check accepts right now (session live,
     * membership active; for client tokens, the client usable and the token not revoked), or for a
     * live refresh token of the caller itself. Everything else is {@code {"active":false}}.
     */
    public Map<String, Object> introspect(String authorization, Map<String, List<String>> form) {
        record Caller(OAuthClient client, String token) {}
        Caller caller = QuarkusTransaction.requiringNew().call(() -> {
            ClientAuthentication.Authenticated a = clientAuth.authenticate(authorization, form);
            if (!a.client().isConfidential()) {
                throw OAuthError.invalidClient("Only confidential clients may introspect.", false);
            }
            String token = ClientAuthentication.single(form, "token");
            if (token == null) {
                throw OAuthError.invalidRequest("The request has no token.");
            }
            return new Caller(a.client(), token);
        });
        UUID tenantId = caller.client().tenantId;
        Instant now = Instant.now();
        Map<String, Object> inactive = Map.of("active", false);
        try {
            Optional<AccessTokens.Claims> user = accessTokens.verify(caller.token(), now);
            if (user.isPresent()) {
                AccessTokens.Claims c = user.get();
                if (!c.tenantId().equals(tenantId)) {
                    return inactive;
                }
                Optional<AccessCheck.Access> access = accessCheck.check(c.userId(), c.tenantId(), c.sessionId());
                if (access.isEmpty()) {
                    return inactive;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("active", true);
                if (c.scope() != null) {
                    body.put("scope", c.scope());
                }
                if (c.clientId() != null) {
                    body.put("client_id", c.clientId());
                }
                body.put("username", access.get().email());
                body.put("token_type", "Bearer");
                body.put("exp", c.expiresAt());
                body.put("iat", c.issuedAt());
                body.put("sub", c.userId().toString());
                body.put("iss", accessTokens.issuer());
                body.put("jti", c.jti());
                body.put("tid", c.tenantId().toString());
                body.put("tenant", access.get().tenantSlug());
                body.put("role", access.get().role().wire());
                body.put("sid", c.sessionId().toString());
                return body;
            }
            Optional<AccessTokens.ClientClaims> client = accessTokens.verifyClient(caller.token(), now);
            if (client.isPresent()) {
                AccessTokens.ClientClaims c = client.get();
                if (!c.tenantId().equals(tenantId) || !clientCheck.live(c.clientId(), c.tenantId(), c.jti())) {
                    return inactive;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("active", true);
                body.put("scope", c.scope());
                body.put("client_id", c.clientId().toString());
                body.put("token_type", "Bearer");
                body.put("exp", c.expiresAt());
                body.put("iat", c.issuedAt());
                body.put("sub", c.clientId().toString());
                body.put("iss", accessTokens.issuer());
                body.put("jti", c.jti().toString());
                body.put("tid", c.tenantId().toString());
                body.put("tenant", c.tenantSlug());
                return body;
            }
            return QuarkusTransaction.requiringNew().call(() -> sessions.liveRefresh(caller.token(), now)
                    .filter(r -> caller.client().id.equals(r.session().clientId))
                    .filter(r -> memberships.findActiveInTenant(r.session().userId, r.session().tenantId).isPresent())
                    .<Map<String, Object>>map(r -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("active", true);
                        body.put("scope", r.session().scope);
                        body.put("client_id", caller.client().id.toString());
                        body.put("token_type", "refresh_token");
                        body.put("exp", r.expiresAt().getEpochSecond());
                        body.put("iat", r.issuedAt().getEpochSecond());
                        body.put("sub", r.session().userId.toString());
                        body.put("iss", accessTokens.issuer());
                        body.put("tid", r.session().tenantId.toString());
                        body.put("sid", r.session().id.toString());
                        return body;
                    })
                    .orElse(inactive));
        } catch (SQLException e) {
            throw new IllegalStateException(e); // the error mapper answers 503 for a database it cannot reach
        }
    }

    /** RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), no padding. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
