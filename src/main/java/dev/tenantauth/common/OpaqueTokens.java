package dev.tenantauth.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Opaque bearer secrets (refresh and invitation tokens): 256 random bits, stored only as SHA-256. */
public final class OpaqueTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new token: 32 random bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** SHA-256 of the token string as sent; any string hashes, so garbage is simply unknown. */
    public static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OpaqueTokens() {}
}
