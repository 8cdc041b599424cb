package dev.tenantauth.mail;

import dev.tenantauth.observability.AuthMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Queues a mail in the caller's transaction ({@code MANDATORY}): the mail exists if and only if the
 * change that causes it commits. The row names what to send, not its body or any token; the
 * sender composes the mail ({@link LetterSource}), so the request costs one INSERT whatever the
 * mail turns out to be (a reset for an unknown address costs the same as one for a known address).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Outbox {

    private final OutboxRepository rows;
    private final TransactionSynchronizationRegistry tx;
    private final AuthMetrics metrics;

    Outbox(OutboxRepository rows, TransactionSynchronizationRegistry tx, AuthMetrics metrics) {
        this.rows = rows;
        this.tx = tx;
        this.metrics = metrics;
    }

    /** A mail to a known address (a reset request, the notice to an old address). */
    public void toAddress(MailKind kind, String recipient, UUID subjectId, String newAddress, Instant now) {
        queue(kind, recipient, subjectId, newAddress, now);
    }

    /** A mail about a user or an invitation, addressed when it is composed. */
    public void about(MailKind kind, UUID subjectId, String newAddress, Instant now) {
        queue(kind, null, subjectId, newAddress, now);
    }

    private void queue(MailKind kind, String recipient, UUID subjectId, String newAddress, Instant now) {
        rows.insert(kind, recipient, subjectId, newAddress, now);
        tx.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    metrics.mail("queued");
                }
            }
        });
    }
}
