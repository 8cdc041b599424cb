package dev.tenantauth.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code mail_outbox} as written (V17); the sender reads and updates it by SQL. */
@Entity
@Table(name = "mail_outbox")
class OutboxMail {

    @Id
    UUID id;

    @Column(nullable = false)
    String kind;

    String recipient;

    @Column(name = "subject_id")
    UUID subjectId;

    @Column(name = "new_address")
    String newAddress;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    Instant nextAttemptAt;

    @Column(nullable = false)
    int attempts;

    @Column(name = "sent_at")
    Instant sentAt;

    @Column(name = "failed_at")
    Instant failedAt;

    @Column(name = "last_error")
    String lastError;

    @Override
    public String toString() {
        return "OutboxMail[" + id + "]";
    }
}
