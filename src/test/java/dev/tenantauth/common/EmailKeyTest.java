package dev.tenantauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one normalisation of addresses (plain JUnit: a pure function). */
class EmailKeyTest {

    @Test
    void caseVariantsOfAnAddressShareOneKey() {
        for (String variant : List.of("mike@x.test", "MIKE@X.TEST", "  Mike@x.Test ", "m\u0130ke@x.test", "M\u0130KE@x.test",
                "m\u0131ke@x.test")) {
            assertEquals("mike@x.test", EmailKey.of(variant), variant);
        }
    }

    @Test
    void dottedCapitalIUsedToGiveTwoKeys() {
        // the bug: Java's full lower-casing adds U+0307, PostgreSQL's lower() (C.UTF-8) does not
        assertEquals("mi\u0307ke@x.test", "m\u0130ke@x.test".toLowerCase(Locale.ROOT));
        assertEquals(EmailKey.of("mike@x.test"), EmailKey.of("m\u0130ke@x.test"));
    }

    @Test
    void compatibilityFormsAndFinalSigmaFold() {
        assertEquals("kate@acme.test", EmailKey.of("\u212Aate@acme.test")); // KELVIN SIGN
        assertEquals("kate@acme.test", EmailKey.of("\uFF4Bate@acme.test")); // FULLWIDTH k
        assertEquals("fish@acme.test", EmailKey.of("\uFB01sh@acme.test")); // LIGATURE fi
        assertEquals(EmailKey.of("οδοσ@x.gr"), EmailKey.of("ΟΔΟΣ@x.gr"));
        assertEquals(EmailKey.of("οδοσ@x.gr"), EmailKey.of("οδος@x.gr"));
        assertEquals("e\u0301", "e\u0301"); // sanity
        assertEquals(EmailKey.of("\u00e9@x.test"), EmailKey.of("e\u0301@x.test")); // canonical equivalents
    }

    @Test
    void differentAddressesKeepDifferentKeys() {
        assertNotEquals(EmailKey.of("kate@acme.test"), EmailKey.of("k\u0430te@acme.test")); // Cyrillic a: refused by TextRules
        assertNotEquals(EmailKey.of("kate@acme.test"), EmailKey.of("ka\u200Bte@acme.test")); // ZWSP: refused by TextRules
        assertNotEquals(EmailKey.of("strasse@x.test"), EmailKey.of("stra\u00dfe@x.test"));
    }

    @Test
    void theKeyIsIdempotentForEveryCodePoint() {
        List<String> broken = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.SURROGATE) {
                continue;
            }
            String s = "a" + Character.toString(cp) + "@x";
            String k = EmailKey.of(s);
            if (!EmailKey.of(k).equals(k)) {
                broken.add(String.format("U+%04X", cp));
            }
        }
        assertTrue(broken.isEmpty(), "not idempotent: " + broken);
    }
}
