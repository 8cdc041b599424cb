package dev.tenantauth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MFA keys: AES-256-GCM for TOTP secrets and HMAC-SHA-256 for recovery codes, each key named
 * by an id that is stored next to what it protects, so keys rotate: the current key seals new
 * secrets, every configured key still opens what it sealed.
 *
 * <p>Ciphertext format: 12-byte random nonce || AES-GCM ciphertext || 16-byte tag, with the
 * user id (16 bytes) as associated data, so a secret copied onto another user's row does not
 * open. The recovery-code key is HMAC-SHA-256(aes key, "tenant-auth recovery codes v1"): never
 * the AES key itself. JDK crypto only. Plain Java.
 */
public final class SecretBox {

    /** What {@link #seal} produced: the key id and the nonce || ciphertext || tag. */
    public record Sealed(String keyId, byte[] bytes) {}

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CODE_KEY_LABEL = "tenant-auth recovery codes v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> aes;
    private final Map<String, SecretKeySpec> hmac;

    private SecretBox(String currentId, Map<String, byte[]> keys) {
        this.currentId = currentId;
        Map<String, SecretKeySpec> a = new LinkedHashMap<>();
        Map<String, SecretKeySpec> h = new LinkedHashMap<>();
        keys.forEach((id, raw) -> {
            a.put(id, new SecretKeySpec(raw, "AES"));
            h.put(id, new SecretKeySpec(mac(new SecretKeySpec(raw, "HmacSHA256"), CODE_KEY_LABEL), "HmacSHA256"));
        });
        this.aes = Collections.unmodifiableMap(a);
        this.hmac = Collections.unmodifiableMap(h);
    }

    /**
     * From the configured form {@code <id>:<base64 of 32 bytes>}: the current key first, then the
     * previous ones. Refuses a malformed entry, a key of another size and an id given twice,
     * naming neither the key nor its bytes.
     */
    public static SecretBox of(String current, List<String> previous) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String currentId = parse(current, keys);
        for (String p : previous) {
            parse(p, keys);
        }
        return new SecretBox(currentId, keys);
    }

    private static String parse(String entry, Map<String, byte[]> into) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("tenant-auth.mfa keys must read <key id>:<base64 of 32 bytes>");
        }
        String id = entry.substring(0, colon).strip();
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(entry.substring(colon + 1).strip().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tenant-auth.mfa key " + id + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("tenant-auth.mfa key " + id + " must be 32 bytes (AES-256), not " + raw.length);
        }
        if (into.putIfAbsent(id, raw) != null) {
            throw new IllegalArgumentException("tenant-auth.mfa key id " + id + " is given twice");
        }
        return id;
    }

    public String currentKeyId() {
        return currentId;
    }

    /** Encrypts under the current key, bound to the user. */
    public Sealed seal(UUID userId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, aes.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(userId));
            byte[] ct = c.doFinal(plaintext);
            return new Sealed(currentId, ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decrypts what {@link #seal} produced under any configured key; throws
     * {@link IllegalStateException} when the key id is not configured or the bytes do not
     * authenticate (tampered, or another user's row).
     */
    public byte[] open(UUID userId, String keyId, byte[] sealed) {
        SecretKeySpec key = aes.get(keyId);
        if (key == null) {
            throw new IllegalStateException("MFA key " + keyId + " is not configured (tenant-auth.mfa.previous-keys)");
        }
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new IllegalStateException("MFA secret too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(aad(userId));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MFA secret does not authenticate under key " + keyId);
        }
    }

    /** HMAC-SHA-256 of (user id, canonical code) under the current key's code key. */
    public byte[] codeHash(UUID userId, String canonicalCode) {
        return codeHash(currentId, userId, canonicalCode);
    }

    /** The code's hash under every configured key (to find codes stored before a rotation). */
    public List<byte[]> codeHashes(UUID userId, String canonicalCode) {
        return hmac.keySet().stream().map(id -> codeHash(id, userId, canonicalCode)).toList();
    }

    private byte[] codeHash(String keyId, UUID userId, String canonicalCode) {
        byte[] code = canonicalCode.getBytes(StandardCharsets.US_ASCII);
        return mac(hmac.get(keyId), ByteBuffer.allocate(16 + code.length).put(aad(userId)).put(code).array());
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    private static byte[] aad(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits())
                .array();
    }

    @Override
    public String toString() {
        return "SecretBox[current=" + currentId + ", keys=" + aes.keySet() + "]";
    }
}
