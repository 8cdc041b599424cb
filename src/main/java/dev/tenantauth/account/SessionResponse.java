package dev.tenantauth.account;

import java.time.Instant;
import java.util.UUID;

/** One item of GET /v1/me/sessions; {@code current} marks the session of the calling token. */
public record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, boolean current) {}
