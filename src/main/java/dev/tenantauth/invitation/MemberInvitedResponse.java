package dev.tenantauth.invitation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of POST /v1/tenants/{slug}/members: the invitation that adding someone made. */
@RegisterForReflection
public record MemberInvitedResponse(InvitationResponse invitation) {}
