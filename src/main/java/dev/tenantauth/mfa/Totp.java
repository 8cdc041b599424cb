package dev.tenantauth.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP as RFC 6238 profiles it for authenticator apps: HMAC-SHA-1, 30 s steps, 6 digits, one step
 * of drift each way. The arithmetic is java-otp's; this class adds the acceptance rule: a code is
 * accepted for the first step of the window it matches that is later than the last step accepted
 * (so the same code, or an older one, is never accepted twice). Plain Java, no state.
 */
public final class Totp {

    public static final Duration STEP = TimeBasedOneTimePasswordGenerator.DEFAULT_TIME_STEP;
    /** 160 bits, the size RFC 4226 recommends for the shared secret. */
    public static final int SECRET_BYTES = 20;
    /** Steps of clock drift tolerated on each side. */
    public static final int DRIFT = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeBasedOneTimePasswordGenerator generator;

    public Totp() {
        this(6);
    }

    /** Other lengths exist for RFC 6238's test vectors (8 digits). */
    public Totp(int digits) {
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits,
                TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }

    /** A fresh secret from SecureRandom. */
    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** RFC 4648 base32 without padding, the form authenticator apps take. */
    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** The 30 s step that {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of one step, zero-padded. */
    public String code(byte[] secret, long step) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step that {@code code} is right for, within one step of {@code now} and after
     * {@code lastStep} (null: none accepted yet); empty when none. Every step of the window is
     * computed and compared in constant time, whatever matches.
     */
    public OptionalLong match(byte[] secret, String code, Instant now, Long lastStep) {
        long current = step(now);
        long found = Long.MIN_VALUE;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long s = current - DRIFT; s <= current + DRIFT; s++) {
            boolean same = MessageDigest.isEqual(given, code(secret, s).getBytes(StandardCharsets.US_ASCII));
            if (same && found == Long.MIN_VALUE && (lastStep == null || s > lastStep)) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The Key Uri Format of Google Authenticator, which every authenticator app reads. */
    public static String otpauthUri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP.toSeconds();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
