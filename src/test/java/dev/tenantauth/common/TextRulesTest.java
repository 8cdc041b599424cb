package dev.tenantauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tenantauth.common.TextRules.Kind;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What addresses, slugs and names may contain (plain JUnit: pure rules). */
class TextRulesTest {

    private static final List<String> INVISIBLE = List.of(
            "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", // zero-width, word joiner, BOM, soft hyphen
            "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", // bidi
            "\u200E", "\u200F", "\u061C", // bidi marks
            "\u034F", "\u115F", "\u3164", "\uFFA0", "\uFE0F", "\u180E", "\u2800", // other ignorables, braille blank
            "\uDB40\uDC41", // TAG LATIN CAPITAL LETTER A
            "\u0007", "\u0085", "\u2028", "\u2029", "\t", "\u00A0", "\u3000", "\uE000", "\u0378");

    @Test
    void invisibleAndBidiControlCharactersAreRefusedEverywhere() {
        for (String c : INVISIBLE) {
            for (Kind kind : Kind.values()) {
                String value = kind == Kind.EMAIL ? "ka" + c + "te@acme.test" : "ka" + c + "te";
                assertTrue(TextRules.problem(value, kind).isPresent(), kind + " with " + hex(c));
            }
        }
    }

    @Test
    void compatibilityCharactersThatNfkcWouldChangeAreRefused() {
        for (String c : List.of("\u212A", "\u2126", "\u212B", "\uFF4B", "\uFB01", "\u00B2", "\u2122", "\u2460", "\u017F")) {
            assertEquals(Optional.of(true), TextRules.problem(c + "ate@acme.test", Kind.EMAIL).map(m -> m.contains("NFKC")),
                    hex(c));
            assertTrue(TextRules.problem("Acme " + c, Kind.NAME).isPresent(), hex(c));
        }
        assertTrue(TextRules.problem("\u212Aate@acme.test", Kind.EMAIL).get().contains("U+212A"));
        // a decomposed accent: write it as one code point
        assertTrue(TextRules.problem("Rene\u0301@acme.test", Kind.EMAIL).isPresent());
    }

    @Test
    void lettersOfTwoScriptsInOnePartOfAnAddressAreRefused() {
        assertTrue(TextRules.problem("k\u0430te@acme.test", Kind.EMAIL).isPresent()); // Cyrillic a
        assertTrue(TextRules.problem("kate@\u0430cme.test", Kind.EMAIL).isPresent());
        assertTrue(TextRules.problem("\u03BAate@acme.test", Kind.EMAIL).isPresent()); // Greek kappa
        assertEquals(Optional.empty(), TextRules.problem("\u043A\u0430\u0442\u044F@acme.test", Kind.EMAIL)); // all Cyrillic
        assertEquals(Optional.empty(), TextRules.problem("\u5C71\u7530taro@example.jp", Kind.EMAIL)); // Han + Latin
    }

    @Test
    void ordinaryValuesPass() {
        for (String email : List.of("kate@acme.test", "Kate.Smith+tag@Acme.Test", " kate@acme.test ", "m\u0130ke@x.test",
                "j\u00fcrgen@m\u00fcller.de", "\u00e9lodie@exemple.fr", "o'brien@x.ie", "user-1_2@sub.example.com")) {
            assertEquals(Optional.empty(), TextRules.problem(email, Kind.EMAIL), email);
        }
        for (String name : List.of("Acme", "M\u00fcller GmbH", "\u682A\u5F0F\u4F1A\u793E\u30C6\u30B9\u30C8", "O'Brien & Sons",
                "Caf\u00e9 \u00e0 la carte", "\u0410\u043A\u043C\u0435 Corp", "\uD83D\uDE00 emoji")) {
            assertEquals(Optional.empty(), TextRules.problem(name, Kind.NAME), name);
        }
        assertEquals(Optional.empty(), TextRules.problem("acme-corp", Kind.SLUG));
    }

    @Test
    void anAddressWhoseKeyDiffersBeyondLetterCaseIsRefused() {
        // İ + combining acute is NFKC; its key is i + acute, which NFKC composes into one í
        String v = "m\u0130\u0301ke@x.test";
        assertEquals(Optional.of("must not change beyond letter case when normalised"), TextRules.problem(v, Kind.EMAIL));
        assertEquals(Optional.empty(), TextRules.problem("m\u0130ke@x.test", Kind.EMAIL));
    }

    @Test
    void namesHaveNoLeadingTrailingOrDoubledSpaces() {
        for (String name : List.of(" Acme", "Acme ", "Ac  me")) {
            assertTrue(TextRules.problem(name, Kind.NAME).isPresent(), "[" + name + "]");
        }
        assertTrue(TextRules.problem("ka te@acme.test", Kind.EMAIL).isPresent());
    }

    @Test
    void messagesNameTheCodePointNotTheCharacter() {
        String m = TextRules.problem("ka\u202Ete@acme.test", Kind.EMAIL).orElseThrow();
        assertTrue(m.contains("U+202E"), m);
        assertTrue(!m.contains("\u202E"), m);
    }

    /** Every request body field that carries an address, a slug or a name is checked by the one validator. */
    @Test
    void everyRequestFieldWithAnEmailSlugOrNameIsUnambiguous() throws Exception {
        Set<String> carriers = Set.of("email", "newEmail", "slug", "name", "tenant");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (JavaClass jc : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tenantauth")) {
            if (!jc.getSimpleName().endsWith("Request")) {
                continue;
            }
            Class<?> type = Class.forName(jc.getName());
            if (!type.isRecord()) {
                continue;
            }
            for (RecordComponent rc : type.getRecordComponents()) {
                if (rc.getType() == String.class && carriers.contains(rc.getName())) {
                    checked++;
                    if (type.getDeclaredField(rc.getName()).getAnnotation(Unambiguous.class) == null
                            && rc.getAccessor().getAnnotation(Unambiguous.class) == null
                            && !hasOnParameter(type, rc)) {
                        missing.add(type.getSimpleName() + "." + rc.getName());
                    }
                }
            }
        }
        assertTrue(checked >= 10, "found only " + checked + " fields");
        assertTrue(missing.isEmpty(), "without @Unambiguous: " + missing);
    }

    private static boolean hasOnParameter(Class<?> type, RecordComponent rc) throws NoSuchMethodException {
        Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        var ctor = type.getDeclaredConstructor(types);
        int i = java.util.Arrays.asList(type.getRecordComponents()).indexOf(rc);
        return ctor.getParameters()[i].getAnnotation(Unambiguous.class) != null;
    }

    private static String hex(String s) {
        return String.format("U+%04X", s.codePointAt(0));
    }
}
