package dev.tenantauth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDistinctCodesOf80Bits() {
        List<String> codes = RecoveryCodes.generate();
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        for (String c : codes) {
            assertTrue(c.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"), c); // 16 x 5 bits = 80 bits
        }
    }

    @Test
    void inputIsReadWithoutCaseSpacesOrDashes() {
        assertEquals(Optional.of("abcdefghijklmnop"), RecoveryCodes.normalize("ABCD-efgh ijkl-MNOP"));
        assertEquals(Optional.empty(), RecoveryCodes.normalize("abcd-efgh-ijkl-mno"));
        assertEquals(Optional.empty(), RecoveryCodes.normalize("abcd-efgh-ijkl-mno1"));
        assertEquals(Optional.empty(), RecoveryCodes.normalize(null));
        assertEquals(Optional.empty(), RecoveryCodes.normalize("a".repeat(100)));
    }
}
