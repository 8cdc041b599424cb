package dev.tenantauth.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An audit event as the API shows it. */
public record AuditEvent(long id, Instant occurredAt, String action, UUID actorUserId, UUID targetUserId,
        String clientAddr, JsonNode details) {

    public record Page(List<AuditEvent> items, String nextCursor) {}
}
