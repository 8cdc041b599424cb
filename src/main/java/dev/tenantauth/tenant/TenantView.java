package dev.tenantauth.tenant;

import java.util.UUID;

/** A tenant as the API shows it. */
public record TenantView(UUID id, String slug, String name) {
    public static TenantView of(Tenant t) {
        return new TenantView(t.id, t.slug, t.name);
    }
}
