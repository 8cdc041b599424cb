package dev.tenantauth.mail;

import dev.tenantauth.common.Instants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code mail_outbox} table (V17). Every statement runs in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OutboxRepository {

    /** Unsent rows and the creation time of the oldest, for the backlog gauges. */
    public record Backlog(long unsent, Instant oldest) {}

    private final EntityManager em;

    OutboxRepository(EntityManager em) {
        this.em = em;
    }

    public void insert(MailKind kind, String recipient, UUID subjectId, String newAddress, Instant now) {
        OutboxMail m = new OutboxMail();
        m.id = UUID.randomUUID();
        m.kind = kind.wire();
        m.recipient = recipient;
        m.subjectId = subjectId;
        m.newAddress = newAddress;
        m.createdAt = now;
        m.nextAttemptAt = now;
        em.persist(m);
    }

    /**
     * Claims up to {@code limit} due rows: locks them with {@code FOR UPDATE SKIP LOCKED} (rows
     * another instance is claiming right now are skipped, not waited for), counts the attempt and
     * moves {@code next_attempt_at} to the end of the lease, in one statement. Once committed the
     * rows are this instance's until the lease ends. Index: ix_mail_outbox_due (next_attempt_at,
     * partial on unsent and unparked rows).
     */
    public List<OutboxRow> claim(Instant now, int limit, Duration lease) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        UPDATE mail_outbox o SET attempts = o.attempts + 1, next_attempt_at = ?1
                        FROM (SELECT id FROM mail_outbox
                              WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?2
                              ORDER BY next_attempt_at LIMIT ?3
                              FOR UPDATE SKIP LOCKED) due
                        WHERE o.id = due.id
                        RETURNING o.id, o.kind, o.recipient, o.subject_id, o.new_address, o.attempts, o.created_at""")
                .setParameter(1, now.plus(lease))
                .setParameter(2, now)
                .setParameter(3, limit)
                .getResultList();
        return rows.stream()
                .map(r -> new OutboxRow((UUID) r[0], MailKind.parse((String) r[1]).orElseThrow(), (String) r[2],
                        (UUID) r[3], (String) r[4], ((Number) r[5]).intValue(), Instants.of(r[6])))
                .toList();
    }

    /** Delivered (or nothing to deliver): the row is done. Index: mail_outbox_pkey. */
    public void markSent(UUID id, Instant now) {
        em.createNativeQuery("UPDATE mail_outbox SET sent_at = ?1, last_error = NULL WHERE id = ?2 AND sent_at IS NULL")
                .setParameter(1, now)
                .setParameter(2, id)
                .executeUpdate();
    }

    /** A failed attempt: due again at {@code retryAt}. Index: mail_outbox_pkey. */
    public void markRetry(UUID id, Instant retryAt, String error) {
        em.createNativeQuery("UPDATE mail_outbox SET next_attempt_at = ?1, last_error = ?2 WHERE id = ?3 AND sent_at IS NULL")
                .setParameter(1, retryAt)
                .setParameter(2, error)
                .setParameter(3, id)
                .executeUpdate();
    }

    /** The last attempt failed: parked with its error, never tried again by itself. Index: mail_outbox_pkey. */
    public void markFailed(UUID id, Instant now, String error) {
        em.createNativeQuery("UPDATE mail_outbox SET failed_at = ?1, last_error = ?2 WHERE id = ?3 AND sent_at IS NULL")
                .setParameter(1, now)
                .setParameter(2, error)
                .setParameter(3, id)
                .executeUpdate();
    }

    /** Index: ix_mail_outbox_due (its partial predicate is exactly "unsent"). */
    public Backlog backlog() {
        Object[] r = (Object[]) em.createNativeQuery(
                        "SELECT count(*), min(created_at) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
                .getSingleResult();
        return new Backlog(((Number) r[0]).longValue(), r[1] == null ? null : Instants.of(r[1]));
    }
}
