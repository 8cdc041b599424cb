package dev.tenantauth.common;

import java.text.Normalizer;

/**
 * The one normalisation of an email address: what is stored in {@code users.email_norm} and
 * {@code invitations.email_norm} (V25), looked up, and hashed into throttle and rate-limit keys.
 * Computed here, in Java, and nowhere else: the database never case-maps an address (its
 * {@code lower()} depends on the collation and disagreed with Java on {@code İ}, U+0130).
 *
 * <p>The key is: trimmed, NFKC, then each code point mapped to
 * {@code Character.toLowerCase(Character.toUpperCase(cp))} (simple, one-to-one and locale-free
 * case mapping, a close relative of Unicode simple case folding), then NFKC again. Unlike
 * {@code String.toLowerCase(Locale.ROOT)}, which maps {@code İ} to {@code i} + U+0307 (a second
 * code point, looking like a plain {@code i}) and a final {@code Σ} to {@code ς}, this maps
 * {@code İ} and {@code ı} to {@code i}, {@code ς} and {@code Σ} to {@code σ}, {@code ſ} to
 * {@code s}: letters that users take for case variants of one another share one key, so they
 * cannot be told apart by the service either. The key is idempotent ({@code of(of(x)).equals(of(x))},
 * pinned for every code point by {@code EmailKeyTest}).
 *
 * <p>It does not validate: addresses with invisible or compatibility characters are refused
 * before they get here ({@link TextRules}); rows stored before V25 keep such characters in their
 * key, so they match no address that passes validation.
 */
public final class EmailKey {

    private EmailKey() {}

    public static String of(String email) {
        String s = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return Normalizer.normalize(out, Normalizer.Form.NFKC);
    }

    /** Whether two addresses are the same account's. */
    public static boolean same(String a, String b) {
        return of(a).equals(of(b));
    }
}
