package dev.tenantauth.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired (synchronously, inside the changing transaction) when an admin deactivates or removes a
 * member, or the member leaves (adding someone is an invitation, so it fires nothing). Features above this package observe it without this package knowing them:
 * invitation.InvitationService revokes the member's open invitations, so a stale invitation can
 * neither reactivate nor escalate them later.
 */
public record MembershipChanged(UUID tenantId, UUID userId, String email, Kind kind, Instant at) {

    public enum Kind { DEACTIVATED, REMOVED }
}
