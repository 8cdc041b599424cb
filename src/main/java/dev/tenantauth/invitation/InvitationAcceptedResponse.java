package dev.tenantauth.invitation;

import dev.tenantauth.tenant.TenantResponse;

/** Answer to an accepted invitation: the tenant joined and the role in it. */
public record InvitationAcceptedResponse(TenantResponse tenant, String role) {}
