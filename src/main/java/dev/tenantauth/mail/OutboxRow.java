package dev.tenantauth.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * One claimed outbox row: what to send and to whom, never a token. {@code recipient} is the
 * address when it was known at the request (a reset request, the old address of a change);
 * {@code subjectId} is the user or invitation the mail is about; {@code newAddress} the pending
 * address of a change.
 */
public record OutboxRow(UUID id, MailKind kind, String recipient, UUID subjectId, String newAddress, int attempts,
        Instant createdAt) {}
