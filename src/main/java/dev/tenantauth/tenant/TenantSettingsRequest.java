package dev.tenantauth.tenant;

/** Body of PATCH /v1/tenants/{slug}/settings: every field optional, absent = unchanged. */
public record TenantSettingsRequest(Boolean mfaRequired, Boolean requireVerifiedEmail) {}
