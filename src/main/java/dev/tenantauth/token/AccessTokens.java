package dev.tenantauth.token;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.tenant.Role;
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

/** Signs access tokens with the current signing key and verifies them against the published keys (smallrye-jwt). */
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

    AccessTokens(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public Signed sign(UUID userId, UUID tenantId, String tenantSlug, Role role, UUID sessionId, Instant now) {
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
            long skew = config.token().clockSkew().toSeconds();
            if (jwt.getIssuedAtTime() > now.getEpochSecond() + skew) {
                return Optional.empty(); // issued in the future: not yet valid
            }
            return Optional.of(new Claims(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaim("tid").toString()),
                    UUID.fromString(jwt.getClaim("sid").toString()),
                    jwt.getTokenID()));
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
