package dev.tenantauth.account;

import dev.tenantauth.mfa.MfaStatusResponse;
import dev.tenantauth.tenant.TenantResponse;
import dev.tenantauth.user.UserResponse;
import java.util.UUID;

/** Body of GET /v1/me. */
public record MeResponse(UserResponse user, TenantResponse tenant, String role, UUID sessionId, MfaStatusResponse mfa) {}
