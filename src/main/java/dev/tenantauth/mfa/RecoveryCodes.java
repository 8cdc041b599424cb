package dev.tenantauth.mfa;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.binary.Base32;

/**
 * Recovery codes: ten per set, 80 random bits each (16 base32 characters, shown as four groups of
 * four, {@code abcd-efgh-ijkl-mnop}). Input is read leniently: case, spaces and dashes do not
 * matter. Plain Java, no state.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final int BYTES = 10; // 80 bits = 16 base32 characters, no padding
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new set of {@link #COUNT} codes, in the form shown to the user. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] raw = new byte[BYTES];
            RANDOM.nextBytes(raw);
            String c = new Base32().encodeToString(raw).toLowerCase(Locale.ROOT);
            codes.add(c.substring(0, 4) + "-" + c.substring(4, 8) + "-" + c.substring(8, 12) + "-" + c.substring(12, 16));
        }
        return codes;
    }

    /** The canonical form that is hashed (16 lower-case base32 characters), or empty for anything else. */
    public static Optional<String> normalize(String input) {
        if (input == null || input.length() > 64) {
            return Optional.empty();
        }
        String c = input.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        return c.matches("[a-z2-7]{16}") ? Optional.of(c) : Optional.empty();
    }

    private RecoveryCodes() {}
}
