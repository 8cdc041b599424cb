package dev.tenantauth.user;

import dev.tenantauth.tenant.TenantView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the /v1/me endpoints. */
public final class MeResponse {

    public record Me(UserView user, TenantView tenant, String role, UUID sessionId) {}

    public record TenantRole(TenantView tenant, String role) {}

    public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, boolean current) {}

    public record Items<T>(List<T> items) {}

    private MeResponse() {}
}
