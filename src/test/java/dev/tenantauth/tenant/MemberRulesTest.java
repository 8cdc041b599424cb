package dev.tenantauth.tenant;

import static dev.tenantauth.common.Role.ADMIN;
import static dev.tenantauth.common.Role.MEMBER;
import static dev.tenantauth.common.Role.OWNER;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Who may assign which role, and the last-owner rule (plain JUnit). */
class MemberRulesTest {

    @Test
    void onlyAnOwnerGrantsChangesOrRemovesTheOwnerRole() {
        assertTrue(MemberRules.mayAssign(OWNER, null, OWNER));
        assertFalse(MemberRules.mayAssign(ADMIN, null, OWNER));
        assertFalse(MemberRules.mayAssign(ADMIN, OWNER, ADMIN));
        assertFalse(MemberRules.mayAssign(ADMIN, OWNER, null));
        assertTrue(MemberRules.mayAssign(OWNER, OWNER, null));
    }

    @Test
    void adminsManageAdminsAndMembers() {
        assertTrue(MemberRules.mayAssign(ADMIN, null, MEMBER));
        assertTrue(MemberRules.mayAssign(ADMIN, MEMBER, ADMIN));
        assertTrue(MemberRules.mayAssign(ADMIN, ADMIN, MEMBER));
        assertTrue(MemberRules.mayAssign(ADMIN, MEMBER, null));
    }

    @Test
    void demotingDeactivatingOrRemovingAnActiveOwnerTakesAnOwner() {
        assertTrue(MemberRules.takesAnActiveOwner(OWNER, true, ADMIN, true));
        assertTrue(MemberRules.takesAnActiveOwner(OWNER, true, OWNER, false));
        assertTrue(MemberRules.takesAnActiveOwner(OWNER, true, null, false));
        assertFalse(MemberRules.takesAnActiveOwner(OWNER, true, OWNER, true));
        assertFalse(MemberRules.takesAnActiveOwner(OWNER, false, null, false), "an inactive owner is not counted");
        assertFalse(MemberRules.takesAnActiveOwner(ADMIN, true, MEMBER, false));
    }

    @Test
    void theLastActiveOwnerStays() {
        assertFalse(MemberRules.ownerMayGo(1));
        assertFalse(MemberRules.ownerMayGo(0));
        assertTrue(MemberRules.ownerMayGo(2));
    }
}
