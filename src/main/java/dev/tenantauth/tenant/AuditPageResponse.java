package dev.tenantauth.tenant;

import java.util.List;

/** One page of a tenant's audit trail, newest first; {@code next_cursor} is absent on the last page. */
public record AuditPageResponse(List<AuditEventResponse> items, String nextCursor) {}
