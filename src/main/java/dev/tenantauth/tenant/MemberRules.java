package dev.tenantauth.tenant;

import dev.tenantauth.common.Role;

/**
 * The rules of member administration, without the database (MemberService applies them under
 * the tenant lock; MemberRulesTest checks them in plain JUnit).
 */
final class MemberRules {

    /** Only an owner may grant, change or remove the owner role. {@code current} is null for a newcomer. */
    static boolean mayAssign(Role caller, Role current, Role next) {
        boolean touchesOwner = current == Role.OWNER || next == Role.OWNER;
        return !touchesOwner || caller == Role.OWNER;
    }

    /** True when the change takes an active owner away: demoted, deactivated or (next == null) removed. */
    static boolean takesAnActiveOwner(Role role, boolean active, Role next, boolean nextActive) {
        return active && role == Role.OWNER && (next != Role.OWNER || !nextActive);
    }

    /** The last-owner rule: an active owner may be taken away only while another one remains. */
    static boolean ownerMayGo(long activeOwners) {
        return activeOwners > 1;
    }

    private MemberRules() {}
}
