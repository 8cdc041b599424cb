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
    public record Claims(UUID userId, UUID tenantId, UUID sessionId, String jti) {}

    /** A freshly signed token. */
    public record Signed(String token, long expiresIn) {}

    private static final Set<String> REQUIRED = Set.of("sub", "tid", "tenant", "role", "sid", "jti", "iat", "exp");

    private final SigningKeys keys;
    private final AuthConfig config;
    private final Map<String, DefaultJWTParser> parsers = new ConcurrentHashMap<>();
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

    /** @param amr the session's authentication methods (RFC 8176): {@code ["pwd"]} or {@code ["pwd","otp"]} */
    public Signed sign(UUID userId, UUID tenantId, String tenantSlug, Role role, UUID sessionId, boolean emailVerified,
            java.util.List<String> amr, Instant now) {
        SigningKey key = keys.signingKey();
        long ttl = config.token().accessTtl().toSeconds();
        String token = Jwt.issuer(config.issuer())
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
            Claims claims = new Claims(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaim("tid").toString()),
                    UUID.fromString(jwt.getClaim("sid").toString()),
                    jwt.getTokenID());
            if (verified != null) {
                verified.put(token, new Verified(claims, key.get().kid(), jwt.getIssuedAtTime(), jwt.getExpirationTime()));
            }
            return Optional.of(claims);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private DefaultJWTParser parser(SigningKey key) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key.publicKey(), config.issuer());
        info.setExpectedAudience(Set.of(config.audience()));
        info.setSignatureAlgorithm(Set.of(key.algorithm()));
        info.setTokenKeyId(key.kid());
        info.setClockSkew((int) config.token().clockSkew().toSeconds());
        info.setRequiredClaims(REQUIRED);
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
