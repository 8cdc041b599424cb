package dev.tenantauth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TOTP rules, in plain JUnit: RFC 6238's vectors, the drift window, replay. */
class TotpTest {

    /** RFC 6238 Appendix B, SHA-1 seed: the ASCII of "12345678901234567890". */
    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
        "2000000000, 69279037", "20000000000, 65353130"})
    void rfc6238AppendixBVectorsWithSha1(long time, String expected) {
        Totp eightDigits = new Totp(8);
        assertEquals(expected, eightDigits.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(time))));
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcValue() {
        // dynamic truncation mod 10^6 instead of 10^8: the same number's last six digits
        assertEquals("287082", new Totp().code(RFC_SEED, Totp.step(Instant.ofEpochSecond(59))));
    }

    @Test
    void oneStepOfDriftEachWayIsAcceptedTwoAreNot() {
        Totp totp = new Totp();
        byte[] secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_015L);
        long step = Totp.step(now);
        for (int d = -1; d <= 1; d++) {
            assertEquals(OptionalLong.of(step + d), totp.match(secret, totp.code(secret, step + d), now, null), "drift " + d);
        }
        for (int d : new int[] {-3, -2, 2, 3}) {
            String code = totp.code(secret, step + d);
            boolean collides = code.equals(totp.code(secret, step - 1)) || code.equals(totp.code(secret, step))
                    || code.equals(totp.code(secret, step + 1));
            if (!collides) { // a 1-in-10^5 chance that another step has the same six digits
                assertTrue(totp.match(secret, code, now, null).isEmpty(), "drift " + d);
            }
        }
    }

    @Test
    void aCodeIsNotAcceptedAgainNorAnyOlderOne() {
        Totp totp = new Totp();
        byte[] secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_015L);
        long step = Totp.step(now);
        String current = totp.code(secret, step);
        assertEquals(OptionalLong.of(step), totp.match(secret, current, now, null));
        assertTrue(totp.match(secret, current, now, step).isEmpty(), "replay of the accepted step");
        assertTrue(totp.match(secret, totp.code(secret, step - 1), now, step).isEmpty(), "an older step");
        assertEquals(OptionalLong.of(step + 1), totp.match(secret, totp.code(secret, step + 1), now, step), "the next one");
    }

    @Test
    void secretsAre160RandomBitsInBase32() {
        byte[] a = Totp.newSecret();
        byte[] b = Totp.newSecret();
        assertEquals(20, a.length);
        assertTrue(!java.util.Arrays.equals(a, b));
        String b32 = Totp.base32(a);
        assertEquals(32, b32.length());
        assertTrue(b32.matches("[A-Z2-7]{32}"), b32);
        assertTrue(java.util.Arrays.equals(a, new Base32().decode(b32)));
    }

    @Test
    void otpauthUriNamesIssuerAccountAndParameters() {
        String uri = Totp.otpauthUri("tenant-auth", "ann+x@example.com", "JBSWY3DPEHPK3PXP");
        assertEquals("otpauth://totp/tenant-auth:ann%2Bx%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=tenant-auth"
                + "&algorithm=SHA1&digits=6&period=30", uri);
    }
}
