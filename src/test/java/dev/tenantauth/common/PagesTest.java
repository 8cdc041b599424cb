package dev.tenantauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantauth.error.ProblemException;
import org.junit.jupiter.api.Test;

class PagesTest {

    @Test
    void limitFromOneToTwoHundred() {
        assertEquals(1, Pages.limit("1"));
        assertEquals(200, Pages.limit("200"));
        for (String bad : new String[] {"0", "201", "-1", "1.5", "", "ten", "99999999999"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> Pages.limit(bad), bad);
            assertEquals("validation_failed", e.code());
            assertEquals(400, e.status());
        }
    }
}
