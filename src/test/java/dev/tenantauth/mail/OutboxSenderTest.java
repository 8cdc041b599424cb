package dev.tenantauth.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outbox's own rules: back-off, parking after the last attempt, claims that skip locked rows. */
@QuarkusTest
class OutboxSenderTest {

    @Inject
    OutboxSender sender;

    @Inject
    OutboxRepository rows;

    @Test
    void backoffDoublesUpToTheCap() {
        // test profile: base 0.2 s, cap 1 s
        assertEquals(Duration.ofMillis(200), sender.backoff(1));
        assertEquals(Duration.ofMillis(400), sender.backoff(2));
        assertEquals(Duration.ofMillis(800), sender.backoff(3));
        assertEquals(Duration.ofSeconds(1), sender.backoff(4));
        assertEquals(Duration.ofSeconds(1), sender.backoff(60));
    }

    @Test
    void aRowOnItsLastAttemptIsParkedWithItsError() {
        UUID id = UUID.randomUUID();
        // a reset row without an address: its letter source throws, so every attempt fails
        Db.exec("INSERT INTO mail_outbox (id, kind, recipient, subject_id, created_at, next_attempt_at, attempts)"
                + " VALUES (?::uuid, 'reset', NULL, ?::uuid, now(), now(), 999)", id, UUID.randomUUID());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Db.scalar("SELECT failed_at FROM mail_outbox WHERE id = ?::uuid", id) == null && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertNotNull(Db.scalar("SELECT failed_at FROM mail_outbox WHERE id = ?::uuid", id), "parked");
        assertNotNull(Db.scalar("SELECT last_error FROM mail_outbox WHERE id = ?::uuid", id));
        assertEquals(null, Db.scalar("SELECT sent_at FROM mail_outbox WHERE id = ?::uuid", id));
    }

    @Test
    void aClaimSkipsRowsThatAnotherClaimHoldsAndLeasesWhatItTakes() throws Exception {
        UUID id = UUID.randomUUID();
        Instant future = Instant.now().plus(Duration.ofDays(1)); // due only for a claim that looks a day ahead
        try (var c = Db.open()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO mail_outbox (id, kind, recipient, created_at, next_attempt_at)"
                    + " VALUES (?, 'reset', 'nobody@example.invalid', now(), ?)")) {
                ps.setObject(1, id);
                ps.setTimestamp(2, java.sql.Timestamp.from(future));
                ps.executeUpdate();
            }
            c.commit();
            // another instance holds the row locked
            try (var ps = c.prepareStatement("SELECT 1 FROM mail_outbox WHERE id = ? FOR UPDATE")) {
                ps.setObject(1, id);
                ps.executeQuery();
            }
            Instant later = future.plusSeconds(1);
            List<OutboxRow> claimed = QuarkusTransaction.requiringNew().call(() -> rows.claim(later, 1000, Duration.ofMinutes(2)));
            assertTrue(claimed.stream().noneMatch(r -> r.id().equals(id)), "a locked row is skipped, not waited for");
            c.rollback();
            List<OutboxRow> mine = QuarkusTransaction.requiringNew().call(() -> rows.claim(later, 1000, Duration.ofMinutes(2)));
            assertTrue(mine.stream().anyMatch(r -> r.id().equals(id) && r.attempts() == 1), "claimed once free");
            List<OutboxRow> again = QuarkusTransaction.requiringNew().call(() -> rows.claim(later, 1000, Duration.ofMinutes(2)));
            assertTrue(again.stream().noneMatch(r -> r.id().equals(id)), "leased: not claimed twice");
        } finally {
            Db.exec("DELETE FROM mail_outbox WHERE id = ?::uuid", id);
            // other tests' rows this test's day-ahead claims may have leased: due again now
            Db.exec("UPDATE mail_outbox SET next_attempt_at = now() WHERE sent_at IS NULL AND failed_at IS NULL"
                    + " AND next_attempt_at > now() + interval '1 hour'");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
