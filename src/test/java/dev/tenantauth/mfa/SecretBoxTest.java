package dev.tenantauth.mfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing of TOTP secrets and the recovery-code HMAC, with key rotation, in plain JUnit. */
class SecretBoxTest {

    static String key(String id) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return id + ":" + Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void roundTripUnderTheCurrentKeyAndCiphertextHoldsNoPlaintext() {
        SecretBox box = SecretBox.of(key("k1"), List.of());
        UUID user = UUID.randomUUID();
        byte[] secret = Totp.newSecret();
        SecretBox.Sealed sealed = box.seal(user, secret);
        assertEquals("k1", sealed.keyId());
        assertEquals(12 + 20 + 16, sealed.bytes().length);
        assertFalse(contains(sealed.bytes(), secret));
        assertArrayEquals(secret, box.open(user, "k1", sealed.bytes()));
        assertFalse(Arrays.equals(sealed.bytes(), box.seal(user, secret).bytes()), "a fresh nonce each time");
    }

    @Test
    void tamperedBytesOrAnotherUsersRowDoNotOpen() {
        SecretBox box = SecretBox.of(key("k1"), List.of());
        UUID user = UUID.randomUUID();
        byte[] sealed = box.seal(user, Totp.newSecret()).bytes();
        byte[] flipped = sealed.clone();
        flipped[20] ^= 1;
        assertThrows(IllegalStateException.class, () -> box.open(user, "k1", flipped));
        assertThrows(IllegalStateException.class, () -> box.open(UUID.randomUUID(), "k1", sealed));
        assertThrows(IllegalStateException.class, () -> box.open(user, "k1", Arrays.copyOf(sealed, 10)));
    }

    @Test
    void afterRotationOldSecretsStillOpenAndNewOnesUseTheNewKey() {
        String k1 = key("k1");
        SecretBox before = SecretBox.of(k1, List.of());
        UUID user = UUID.randomUUID();
        byte[] secret = Totp.newSecret();
        SecretBox.Sealed old = before.seal(user, secret);
        byte[] oldCode = before.codeHash(user, "abcdabcdabcdabcd");

        SecretBox after = SecretBox.of(key("k2"), List.of(k1));
        assertEquals("k2", after.currentKeyId());
        assertArrayEquals(secret, after.open(user, "k1", old.bytes()));
        assertEquals("k2", after.seal(user, secret).keyId());
        assertTrue(after.codeHashes(user, "abcdabcdabcdabcd").stream().anyMatch(h -> Arrays.equals(h, oldCode)),
                "a recovery code hashed under k1 is still found");
        assertFalse(Arrays.equals(oldCode, after.codeHash(user, "abcdabcdabcdabcd")), "new codes hash under k2");

        SecretBox dropped = SecretBox.of(key("k3"), List.of());
        assertThrows(IllegalStateException.class, () -> dropped.open(user, "k1", old.bytes()));
    }

    @Test
    void malformedKeysAreRefusedWithoutShowingThem() {
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of("nokeyid", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of("k:" + Base64.getEncoder().encodeToString(new byte[16]), List.of()));
        String k = key("k");
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of(k, List.of(k)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretBox.of("k:%%%", List.of()));
        assertFalse(e.getMessage().contains("%%%"));
    }

    @Test
    void codeHashesDependOnUserAndCode() {
        SecretBox box = SecretBox.of(key("k1"), List.of());
        UUID a = UUID.randomUUID();
        assertEquals(32, box.codeHash(a, "abcdabcdabcdabcd").length);
        assertArrayEquals(box.codeHash(a, "abcdabcdabcdabcd"), box.codeHash(a, "abcdabcdabcdabcd"));
        assertFalse(Arrays.equals(box.codeHash(a, "abcdabcdabcdabcd"), box.codeHash(UUID.randomUUID(), "abcdabcdabcdabcd")));
        assertFalse(Arrays.equals(box.codeHash(a, "abcdabcdabcdabcd"), box.codeHash(a, "abcdabcdabcdabce")));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
