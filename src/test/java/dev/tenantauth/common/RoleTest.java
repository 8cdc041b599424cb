package dev.tenantauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void ownerIsAtLeastAdminIsAtLeastMember() {
        assertTrue(Role.OWNER.atLeast(Role.ADMIN));
        assertTrue(Role.ADMIN.atLeast(Role.MEMBER));
        assertTrue(Role.OWNER.atLeast(Role.MEMBER));
        assertTrue(Role.ADMIN.atLeast(Role.ADMIN));
        assertFalse(Role.MEMBER.atLeast(Role.ADMIN));
        assertFalse(Role.ADMIN.atLeast(Role.OWNER));
    }

    @Test
    void parseAcceptsOnlyTheLowerCaseWireNames() {
        for (Role r : Role.values()) {
            assertEquals(Optional.of(r), Role.parse(r.wire()));
        }
        assertEquals(Optional.empty(), Role.parse("Owner"));
        assertEquals(Optional.empty(), Role.parse("OWNER"));
        assertEquals(Optional.empty(), Role.parse(" owner"));
        assertEquals(Optional.empty(), Role.parse(null));
        assertTrue("owner".matches(Patterns.ROLE) && "member".matches(Patterns.ROLE) && !"root".matches(Patterns.ROLE));
    }
}
