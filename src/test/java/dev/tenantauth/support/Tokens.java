package dev.tenantauth.support;

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
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Tokens() {}
}
