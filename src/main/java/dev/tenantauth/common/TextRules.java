package dev.tenantauth.common;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an email address, a slug or a display name may contain, so that two values that look the
 * same are the same value (docs/API.md, "Text fields"). Every rule answers a message naming the
 * first offending code point as {@code U+XXXX}, never the character itself.
 *
 * <ul>
 *   <li>No invisible or formatting code point: control (Cc), format (Cf: zero-width space and
 *       joiners, bidi marks, embeddings, overrides and isolates, soft hyphen, BOM …), surrogate
 *       (Cs), private use (Co), unassigned (Cn), line and paragraph separators, any space but
 *       U+0020, and the other default-ignorable code points (combining grapheme joiner, Hangul
 *       fillers, Khmer inherent vowels, Mongolian and other variation selectors, tags).
 *   <li>Already in NFKC: no compatibility character that NFKC would replace (U+212A KELVIN SIGN,
 *       U+2126 OHM SIGN, fullwidth forms, ligatures, superscripts, NBSP …) and no decomposed
 *       accent (write é as one code point).
 *   <li>Email addresses: their {@link EmailKey} differs from them by letter case only (one code
 *       point for one, and itself passes these rules), no space at all, and each side of the {@code @} in one script (Common and
 *       Inherited characters such as digits and punctuation go with any), or Latin with Han and
 *       Hiragana/Katakana, Bopomofo or Hangul (the "highly restrictive" level of Unicode TR39):
 *       {@code kаte} with a Cyrillic {@code а} is refused.
 *   <li>Names: no leading, trailing or doubled space.
 * </ul>
 */
public final class TextRules {

    /** The kind of field a value is checked as. */
    public enum Kind { EMAIL, SLUG, NAME }

    /** Script sets allowed together in one part of an address, besides a single script (TR39 §5.2). */
    private static final List<Set<UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private TextRules() {}

    /** Why {@code value} is refused as a {@code kind}, or empty if it is accepted. */
    public static Optional<String> problem(String value, Kind kind) {
        String v = kind == Kind.EMAIL ? value.strip() : value; // emails are trimmed before use
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (invisible(cp) || (cp != ' ' && Character.isWhitespace(cp)) || (kind == Kind.EMAIL && cp == ' ')) {
                return Optional.of("must not contain invisible, formatting or bidirectional control characters ("
                        + hex(cp) + ")");
            }
            i += Character.charCount(cp);
        }
        if (!Normalizer.isNormalized(v, Normalizer.Form.NFKC)) {
            return Optional.of("must be in Unicode normal form NFKC: no compatibility characters such as"
                    + " U+212A KELVIN SIGN, no decomposed accents (" + hex(firstChangedByNfkc(v)) + ")");
        }
        if (kind == Kind.NAME && (v.startsWith(" ") || v.endsWith(" ") || v.contains("  "))) {
            return Optional.of("must not start or end with a space or contain two spaces in a row");
        }
        if (kind == Kind.EMAIL) {
            // what is compared is EmailKey.of(v): it may differ from v by case only, one code point for one
            String key = EmailKey.of(v);
            if (key.codePointCount(0, key.length()) != v.codePointCount(0, v.length())
                    || problem(key, Kind.NAME).isPresent()) {
                return Optional.of("must not change beyond letter case when normalised");
            }
            int at = v.lastIndexOf('@');
            if (at >= 0 && (mixedScripts(v.substring(0, at)) || mixedScripts(v.substring(at + 1)))) {
                return Optional.of("must not mix scripts within the part before or after the @"
                        + " (such as Latin with Cyrillic or Greek letters)");
            }
        }
        return Optional.empty();
    }

    /** Invisible, formatting or non-character code points (see the class comment). */
    static boolean invisible(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return true;
            }
            case Character.SPACE_SEPARATOR -> {
                return cp != ' ';
            }
            default -> {
                return otherDefaultIgnorable(cp);
            }
        }
    }

    /**
     * Default_Ignorable_Code_Point (DerivedCoreProperties.txt) that are not Cf or Cn: combining
     * grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free variation selectors,
     * variation selectors and their supplement; plus U+2800 BRAILLE PATTERN BLANK, which renders
     * as nothing.
     */
    private static boolean otherDefaultIgnorable(int cp) {
        return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || cp == 0xFFA0
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE0FFF) || cp == 0x2800;
    }

    private static boolean mixedScripts(String part) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        part.codePoints().forEach(cp -> {
            UnicodeScript s = UnicodeScript.of(cp);
            if (s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED && s != UnicodeScript.UNKNOWN) {
                scripts.add(s);
            }
        });
        return scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(allowed -> allowed.containsAll(scripts));
    }

    private static int firstChangedByNfkc(String v) {
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            int next = i + Character.charCount(cp);
            // a code point that NFKC changes on its own, or that composes with the marks after it
            int end = next;
            while (end < v.length() && Character.getType(v.codePointAt(end)) == Character.NON_SPACING_MARK) {
                end += Character.charCount(v.codePointAt(end));
            }
            String chunk = v.substring(i, end);
            if (!Normalizer.isNormalized(chunk, Normalizer.Form.NFKC)) {
                return cp;
            }
            i = next;
        }
        return v.isEmpty() ? 0 : v.codePointAt(0);
    }

    private static String hex(int cp) {
        return String.format("U+%04X", cp);
    }
}
