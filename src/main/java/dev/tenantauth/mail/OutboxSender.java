package dev.tenantauth.mail;

import dev.tenantauth.config.AuthConfig;
import dev.tenantauth.observability.AuthMetrics;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox, on every instance at once: each poll claims a batch of due rows (SKIP
 * LOCKED, so instances take different rows), and for each row composes the mail in a committed
 * transaction of its own (minting its token, see {@link LetterSource}), sends it over SMTP, and
 * marks the row sent. A failure leaves the row due again after {@code retry-base} x 2^(attempt-1),
 * at most {@code retry-cap}; after {@code max-attempts} the row is parked as failed with its
 * error. At least once: a row is marked sent only after the SMTP server accepted the mail, and a
 * row claimed by an instance that died comes due again when its lease ends. The one duplicate
 * left is a crash between the server's acceptance and the mark (SMTP has no idempotency key).
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final int MAX_ERROR = 500;

    private final OutboxRepository rows;
    private final Mailer mailer;
    private final AuthConfig.Mail config;
    private final AuthMetrics metrics;
    private final Map<MailKind, LetterSource> sources = new EnumMap<>(MailKind.class);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<OutboxRepository.Backlog> backlog =
            new AtomicReference<>(new OutboxRepository.Backlog(0, null));
    private volatile long backlogReadAt;

    OutboxSender(OutboxRepository rows, Mailer mailer, AuthConfig config, AuthMetrics metrics,
            Instance<LetterSource> letterSources) {
        this.rows = rows;
        this.mailer = mailer;
        this.config = config.mail();
        this.metrics = metrics;
        for (LetterSource s : letterSources) {
            s.kinds().forEach(k -> sources.put(k, s));
        }
    }

    void onStart(@Observes StartupEvent event) {
        for (MailKind k : MailKind.values()) {
            if (!sources.containsKey(k)) {
                throw new IllegalStateException("no LetterSource composes mail of kind " + k.wire());
            }
        }
        metrics.mailBacklog(() -> backlog.get().unsent(), () -> {
            Instant oldest = backlog.get().oldest();
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
        });
    }

    @Scheduled(every = "${tenant-auth.mail.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warnf("Mail outbox poll failed: %s", e.getMessage());
        }
    }

    /** One pass: claims and delivers batches until nothing is due; returns how many rows it handled. */
    public int poll() {
        if (!running.compareAndSet(false, true)) {
            return 0;
        }
        try {
            int handled = 0;
            List<OutboxRow> batch;
            do {
                Instant now = Instant.now();
                batch = QuarkusTransaction.requiringNew().call(() -> rows.claim(now, config.batchSize(), config.lease()));
                batch.forEach(this::deliver);
                handled += batch.size();
            } while (batch.size() == config.batchSize());
            readBacklog();
            return handled;
        } finally {
            running.set(false);
        }
    }

    private void deliver(OutboxRow row) {
        Optional<Letter> letter;
        try {
            letter = QuarkusTransaction.requiringNew().call(() -> sources.get(row.kind()).compose(row, Instant.now()));
        } catch (RuntimeException e) {
            failed(row, e);
            return;
        }
        if (letter.isPresent()) {
            Letter l = letter.get();
            try {
                mailer.send(Mail.withText(l.to(), l.subject(), l.text()).setHtml(l.html()));
            } catch (RuntimeException e) {
                failed(row, e);
                return;
            }
        }
        QuarkusTransaction.requiringNew().run(() -> rows.markSent(row.id(), Instant.now()));
        metrics.mail(letter.isPresent() ? "sent" : "skipped");
    }

    private void failed(OutboxRow row, RuntimeException e) {
        String error = describe(e);
        Instant now = Instant.now();
        if (row.attempts() >= config.maxAttempts()) {
            QuarkusTransaction.requiringNew().run(() -> rows.markFailed(row.id(), now, error));
            metrics.mail("failed");
            LOG.errorf("Mail %s (%s) parked as failed after %d attempts: %s", row.id(), row.kind().wire(),
                    row.attempts(), error);
        } else {
            Duration wait = backoff(row.attempts());
            QuarkusTransaction.requiringNew().run(() -> rows.markRetry(row.id(), now.plus(wait), error));
            metrics.mail("retried");
            LOG.warnf("Mail %s (%s) attempt %d failed, next in %s: %s", row.id(), row.kind().wire(), row.attempts(),
                    wait, error);
        }
    }

    /** {@code retry-base} x 2^(attempt-1), at most {@code retry-cap}. */
    Duration backoff(int attempt) {
        Duration d = config.retryBase();
        for (int i = 1; i < attempt && d.compareTo(config.retryCap()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.retryCap()) > 0 ? config.retryCap() : d;
    }

    private void readBacklog() {
        long now = System.nanoTime();
        if (now - backlogReadAt < 1_000_000_000L) {
            return;
        }
        backlogReadAt = now;
        backlog.set(QuarkusTransaction.requiringNew().call(rows::backlog));
    }

    /** The exception chain's messages (SMTP replies, connection errors): they never hold a mail's body. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < MAX_ERROR; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.length() > MAX_ERROR ? sb.substring(0, MAX_ERROR) : sb.toString();
    }
}
