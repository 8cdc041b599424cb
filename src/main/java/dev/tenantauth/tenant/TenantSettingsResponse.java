package dev.tenantauth.tenant;

/** Body of GET and PATCH /v1/tenants/{slug}/settings: the tenant's settings as stored. */
public record TenantSettingsResponse(boolean mfaRequired, boolean requireVerifiedEmail) {

    static TenantSettingsResponse of(Tenant t) {
        return new TenantSettingsResponse(t.mfaRequired, t.requireVerifiedEmail);
    }
}
