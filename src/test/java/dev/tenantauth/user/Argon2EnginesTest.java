package dev.tenantauth.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.support.Races;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libargon2 through the foreign-function API against BouncyCastle: the same bytes on every vector,
 * under concurrency too, and the choice between them at start. Needs libargon2 (Debian
 * {@code libargon2-1}; .ci/run installs it): the native engine is asserted to load, not assumed.
 */
class Argon2EnginesTest {

    static NativeArgon2 nat;
    static final BouncyCastleArgon2 BC = new BouncyCastleArgon2();

    @BeforeAll
    static void load() throws Exception {
        nat = NativeArgon2.load("libargon2.so.1");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theReferenceTestVector() {
        // argon2's own test: argon2id, "password", "somesalt", m=2^16 KiB, t=2, p=1 (also printed by
        // Debian's `echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1`)
        String expected = "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7";
        assertEquals(expected, HexFormat.of().formatHex(nat.hash(b("password"), b("somesalt"), 65536, 2, 1, 32)));
        assertEquals(expected, HexFormat.of().formatHex(BC.hash(b("password"), b("somesalt"), 65536, 2, 1, 32)));
    }

    @Test
    void theSameBytesAsBouncyCastle() {
        record V(String password, String salt, int m, int t, int p, int length) {}
        for (V v : List.of(
                new V("correct horse battery staple", "0123456789abcdef", 19456, 2, 1, 32), // the service's defaults
                new V("", "0123456789abcdef", 1024, 2, 1, 32),
                new V("pässwörd ✓ 密码", "saltsaltsaltsalt", 2048, 3, 1, 64),
                new V("p".repeat(200), "8bytes!!", 1024, 1, 1, 16),
                new V("lanes", "0123456789abcdef", 4096, 2, 4, 32))) {
            assertArrayEquals(BC.hash(b(v.password), b(v.salt), v.m, v.t, v.p, v.length),
                    nat.hash(b(v.password), b(v.salt), v.m, v.t, v.p, v.length), v.toString());
        }
    }

    @Test
    void concurrentHashesEachGetTheirOwnMemory() throws Exception {
        byte[] salt = b("0123456789abcdef");
        AtomicInteger n = new AtomicInteger();
        List<Boolean> same = Races.parallel(6, () -> {
            byte[] pw = b("user-" + n.incrementAndGet());
            return java.util.Arrays.equals(BC.hash(pw, salt, 8192, 2, 1, 32), nat.hash(pw, salt, 8192, 2, 1, 32));
        });
        assertEquals(List.of(true, true, true, true, true, true), same);
        assertTrue(nat.pooled() <= 6, "segments pooled: " + nat.pooled()); // one per hash in flight at most
    }

    @Test
    void aSmallerHashAfterALargerOneReusesItsMemory() {
        nat.hash(b("a"), b("0123456789abcdef"), 16384, 1, 1, 32);
        assertArrayEquals(BC.hash(b("b"), b("0123456789abcdef"), 1024, 1, 1, 32),
                nat.hash(b("b"), b("0123456789abcdef"), 1024, 1, 1, 32));
    }

    @Test
    void autoPicksLibargon2HereAndFallsBackWithoutIt() {
        assertInstanceOf(NativeArgon2.class, PasswordHasher.engine(implementation("auto"), "libargon2.so.1"));
        assertNull(PasswordHasher.selfTest(nat));
        assertInstanceOf(BouncyCastleArgon2.class, PasswordHasher.engine(implementation("auto"), "libno-such-argon2.so.9"));
        assertInstanceOf(BouncyCastleArgon2.class, PasswordHasher.engine(implementation("java"), "libargon2.so.1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PasswordHasher.engine(implementation("native"), "libno-such-argon2.so.9"));
        assertTrue(e.getMessage().contains("libno-such-argon2.so.9"), e.getMessage());
    }

    private static AuthConfig.Password.Implementation implementation(String name) {
        return AuthConfig.Password.Implementation.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
