package dev.tenantauth.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Test helpers for forging and re-signing access tokens. */
public final class Tokens {

    public static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    public static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    public static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    public static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The private key that signs now, read from the service's table (the service's real key). */
    public static PrivateKey activePrivateKey(String kid) {
        String b64 = (String) Db.scalar("SELECT private_key FROM signing_keys WHERE kid = ?", kid);
        try {
            return KeyFactory.getInstance(keyType(kid))
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm (ES256 or RS256) of a key in the service's table. */
    public static SignatureAlgorithm algorithm(String kid) {
        return SignatureAlgorithm.fromAlgorithm((String) Db.scalar("SELECT algorithm FROM signing_keys WHERE kid = ?", kid));
    }

    /** The JCA key type ("EC" or "RSA") of a key in the service's table. */
    public static String keyType(String kid) {
        return algorithm(kid) == SignatureAlgorithm.ES256 ? "EC" : "RSA";
    }

    private Tokens() {}
}
