package dev.tenantauth.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A tenant as the API shows it. */
@RegisterForReflection // for Jackson in a native image: the entity of a 201
public record TenantResponse(UUID id, String slug, String name) {
    public static TenantResponse of(Tenant t) {
        return new TenantResponse(t.id, t.slug, t.name);
    }
}
