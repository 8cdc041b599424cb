package dev.tenantauth.tenant;

/**
 * Body of PATCH /v1/tenants/{slug}/settings: every field optional, absent = unchanged. The
 * contract's {@code mfa_required} comes with MFA (it is refused as an unknown field until then).
 */
public record TenantSettingsRequest(Boolean requireVerifiedEmail) {}
