package dev.tenantauth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenantauth.common.Role;
import dev.tenantauth.config.AuthConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.json.JsonUtil;

/**
 * Signs access tokens with the current signing key and verifies them against the published keys
 * (smallrye-jwt). A token that verified once is remembered by its exact string for at most its
 * lifetime (bounded, {@code tenant-auth.token.verified-cache-size}): the signature of the same bytes
 * under the same key cannot change, so a client that reuses its token skips the RSA/JSON work
 * (measured: ~65 % of the service's CPU on {@code GET /v1/me}). Everything that depends on time
 * or on the key's state is checked again on every use: expiry, {@code iat}, and that the key
 * still verifies. Revocation is not a property of the token: the per-request database check
 * (security.AccessCheck) runs whatever this cache says.
 */
@ApplicationScoped
public class AccessTokens {

    /** The claims of a verified access token that the service relies on. */
    public record Claims(UUID userId, UUID tenantId, UUID sessionId, String jti, String clientId, String scope,
            long issuedAt, long expiresAt) {}

    /**
     * The claims of a verified client-credentials access token: {@code sub} = {@code client_id},
     * no session, no user.
     */
    public record ClientClaims(UUID clientId, UUID tenantId, String tenantSlug, UUID jti, String scope, long issuedAt,
            long expiresAt) {}

    /** A freshly signed token. */
    public record Signed(String token, long expiresIn) {}

    private static final Set<String> REQUIRED = Set.of("sub", "tid", "tenant", "role", "sid", "jti", "iat", "exp");
    private static final Set<String> REQUIRED_CLIENT = Set.of("sub", "tid", "tenant", "client_id", "jti", "iat", "exp");

    private final SigningKeys keys;
    private final AuthConfig config;
    private final Map<String, DefaultJWTParser> parsers = new ConcurrentHashMap<>();
    private final Map<String, DefaultJWTParser> clientParsers = new ConcurrentHashMap<>();
    private final Cache<String, Verified> verified;

    /** A token whose signature and static claims verified, with what must be rechecked per use. */
    private record Verified(Claims claims, String kid, long issuedAt, long expiresAt) {}

    AccessTokens(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
        int size = config.token().verifiedCacheSize();
        this.verified = size <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterWrite(config.token().accessTtl().plus(config.token().clockSkew()))
                .build();
    }

    /** The configured issuer: the {@code iss} of every token. */
    public String issuer() {
        return config.issuer();
    }

    /** @param amr the session's authentication methods (RFC 8176): {@code ["pwd"]} or {@code ["pwd","otp"]} */
    public Signed sign(UUID userId, UUID tenantId, String tenantSlug, Role role, UUID sessionId, boolean emailVerified,
            java.util.List<String> amr, Instant now) {
        return sign(userId, tenantId, tenantSlug, role, sessionId, emailVerified, amr, null, null, now);
    }

    /**
     * As {@link #sign(UUID, UUID, String, Role, UUID, boolean, java.util.List, Instant)}, for a session
     * issued to an OAuth client: the token also names {@code client_id} and the granted {@code scope}
     * (RFC 9068 §2.2), so the same resource servers accept it and introspection can tell whose it is.
     */
    public Signed sign(UUID userId, UUID tenantId, String tenantSlug, Role role, UUID sessionId, boolean emailVerified,
            java.util.List<String> amr, UUID clientId, String scope, Instant now) {
        SigningKey key = keys.signingKey();
        long ttl = config.token().accessTtl().toSeconds();
        var builder = Jwt.issuer(config.issuer());
        if (clientId != null) {
            builder.claim("client_id", clientId.toString()).claim("scope", scope == null ? "" : scope);
        }
        String token = builder
                .subject(userId.toString())
                .audience(config.audience())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.getEpochSecond() + ttl)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tid", tenantId.toString())
                .claim("tenant", tenantSlug)
                .claim("role", role.wire())
                .claim("sid", sessionId.toString())
                .claim("email_verified", emailVerified)
                .claim("amr", amr)
                .jws()
                .keyId(key.kid())
                .algorithm(key.algorithm())
                .sign(key.privateKey());
        return new Signed(token, ttl);
    }

    /**
     * Verifies signature (by {@code kid}, with that key's algorithm only), issuer, audience,
     * expiry and the presence of every claim the service needs; empty when anything is off.
     */
    public Optional<Claims> verify(String token, Instant now) {
        long skew = config.token().clockSkew().toSeconds();
        Verified known = verified == null ? null : verified.getIfPresent(token);
        if (known != null) {
            boolean live = now.getEpochSecond() - skew < known.expiresAt()
                    && known.issuedAt() <= now.getEpochSecond() + skew
                    && keys.verificationKey(known.kid(), now).isPresent();
            return live ? Optional.of(known.claims()) : Optional.empty();
        }
        Optional<String> kid = kid(token);
        if (kid.isEmpty()) {
            return Optional.empty();
        }
        Optional<SigningKey> key = keys.verificationKey(kid.get(), now);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parsers.computeIfAbsent(key.get().kid(), k -> parser(key.get())).parse(token);
            if (jwt.getIssuedAtTime() > now.getEpochSecond() + skew) {
                return Optional.empty(); // issued in the future: not yet valid (not remembered)
            }
            Object clientId = jwt.getClaim("client_id");
            Object scope = jwt.getClaim("scope");
            Claims claims = new Claims(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaim("tid").toString()),
                    UUID.fromString(jwt.getClaim("sid").toString()),
                    jwt.getTokenID(), clientId == null ? null : clientId.toString(),
                    scope == null ? null : scope.toString(), jwt.getIssuedAtTime(), jwt.getExpirationTime());
            if (verified != null) {
                verified.put(token, new Verified(claims, key.get().kid(), jwt.getIssuedAtTime(), jwt.getExpirationTime()));
            }
            return Optional.of(claims);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A client-credentials access token ({@code sub} = {@code client_id}, no {@code sid}) for
     * {@code scope}: no session stands behind it, so the client check (enabled, not deleted, jti not
     * revoked) is what cuts it off before its expiry.
     */
    public Signed signClient(UUID clientId, UUID tenantId, String tenantSlug, String scope, Instant now) {
        SigningKey key = keys.signingKey();
        long ttl = config.token().accessTtl().toSeconds();
        String token = Jwt.issuer(config.issuer())
                .subject(clientId.toString())
                .audience(config.audience())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.getEpochSecond() + ttl)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tid", tenantId.toString())
                .claim("tenant", tenantSlug)
                .claim("client_id", clientId.toString())
                .claim("scope", scope)
                .jws()
                .keyId(key.kid())
                .algorithm(key.algorithm())
                .sign(key.privateKey());
        return new Signed(token, ttl);
    }

    /** What an ID token says (OpenID Connect Core §2), besides iss, iat and exp. */
    public record IdTokenClaims(UUID userId, UUID clientId, UUID tenantId, String tenantSlug, UUID sessionId,
            String email, boolean emailVerified, java.util.List<String> amr, Instant authTime, String nonce) {}

    /** An ID token for the client ({@code aud} = {@code azp} = client_id), signed like the access tokens. */
    public String signIdToken(IdTokenClaims c, Instant now) {
        SigningKey key = keys.signingKey();
        var b = Jwt.issuer(config.issuer())
                .subject(c.userId().toString())
                .audience(c.clientId().toString())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.getEpochSecond() + config.token().accessTtl().toSeconds())
                .claim("azp", c.clientId().toString())
                .claim("auth_time", c.authTime().getEpochSecond())
                .claim("amr", c.amr())
                .claim("tid", c.tenantId().toString())
                .claim("tenant", c.tenantSlug())
                .claim("sid", c.sessionId().toString());
        if (c.nonce() != null) {
            b.claim("nonce", c.nonce());
        }
        if (c.email() != null) { // the email scope was granted
            b.claim("email", c.email()).claim("email_verified", c.emailVerified());
        }
        return b.jws().keyId(key.kid()).algorithm(key.algorithm()).sign(key.privateKey());
    }

    /** Verifies a client-credentials access token as {@link #verify} does a user's; empty for anything else. */
    public Optional<ClientClaims> verifyClient(String token, Instant now) {
        long skew = config.token().clockSkew().toSeconds();
        Optional<String> kid = kid(token);
        if (kid.isEmpty()) {
            return Optional.empty();
        }
        Optional<SigningKey> key = keys.verificationKey(kid.get(), now);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = clientParsers.computeIfAbsent(key.get().kid(), k -> parser(key.get(), REQUIRED_CLIENT))
                    .parse(token);
            Object clientId = jwt.getClaim("client_id"); // as Object: String.valueOf(T) would pick valueOf(char[])
            if (jwt.getIssuedAtTime() > now.getEpochSecond() + skew || jwt.containsClaim("sid")
                    || clientId == null || !jwt.getSubject().equals(clientId.toString())) {
                return Optional.empty();
            }
            Object scope = jwt.getClaim("scope");
            return Optional.of(new ClientClaims(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaim("tid").toString()), jwt.getClaim("tenant").toString(),
                    UUID.fromString(jwt.getTokenID()), scope == null ? "" : scope.toString(), jwt.getIssuedAtTime(),
                    jwt.getExpirationTime()));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private DefaultJWTParser parser(SigningKey key) {
        return parser(key, REQUIRED);
    }

    private DefaultJWTParser parser(SigningKey key, Set<String> required) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key.publicKey(), config.issuer());
        info.setExpectedAudience(Set.of(config.audience()));
        info.setSignatureAlgorithm(Set.of(key.algorithm()));
        info.setTokenKeyId(key.kid());
        info.setClockSkew((int) config.token().clockSkew().toSeconds());
        info.setRequiredClaims(required);
        info.setMaxTimeToLiveSecs(config.token().accessTtl().toSeconds() + config.token().clockSkew().toSeconds());
        return new DefaultJWTParser(info);
    }

    /** The {@code kid} of the JOSE header, read without trusting anything else of the token. */
    private static Optional<String> kid(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 2048) {
            return Optional.empty();
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            Object kid = JsonUtil.parseJson(header).get("kid");
            return kid instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
