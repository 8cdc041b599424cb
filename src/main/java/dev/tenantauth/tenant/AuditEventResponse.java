package dev.tenantauth.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** An audit event as the API shows it. */
public record AuditEventResponse(long id, Instant occurredAt, String action, UUID actorUserId, UUID targetUserId,
        String clientAddr, JsonNode details) {}
