package dev.tenantauth.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantauth.support.Api;
import dev.tenantauth.support.Api.Account;
import dev.tenantauth.support.Db;
import dev.tenantauth.support.Mailbox;
import dev.tenantauth.support.Mails;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An SMTP outage: while the server is down the mails wait in the outbox and are retried with
 * back-off; once it is back every one of them arrives, none twice.
 */
@QuarkusTest
class OutboxOutageTest {

    static final int MAILS = 20;

    @Test
    void whileSmtpIsDownMailsWaitThenAllArriveOnce() throws Exception {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < MAILS; i++) {
            accounts.add(Api.newOwner());
        }
        for (Account a : accounts) {
            Mailbox.latest(a.email(), Mails.VERIFY); // the signup mails are out before the outage
        }
        Mailbox.stopServer();
        long queued;
        try {
            for (Account a : accounts) {
                Mails.requestReset(a.email()).then().statusCode(202);
            }
            Thread.sleep(3000);
            queued = (Long) Db.scalar("SELECT count(*) FROM mail_outbox WHERE kind = 'reset' AND sent_at IS NULL"
                    + " AND recipient = ANY (?)", (Object) accounts.stream().map(Account::email).toArray(String[]::new));
            assertEquals(MAILS, queued, "every reset mail waits");
            long retried = (Long) Db.scalar("SELECT count(*) FROM mail_outbox WHERE kind = 'reset' AND attempts > 1"
                    + " AND last_error IS NOT NULL AND recipient = ANY (?)",
                    (Object) accounts.stream().map(Account::email).toArray(String[]::new));
            assertTrue(retried > 0, "retried with back-off while down");
            for (Account a : accounts) {
                assertEquals(0, Mailbox.count(a.email(), Mails.RESET));
            }
            String metrics = RestAssured.get("/q/metrics").asString();
            assertTrue(metrics.contains("tenant_auth_mail_unsent"), "backlog gauge");
        } finally {
            Mailbox.startServer();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int delivered = 0;
        while (System.nanoTime() < deadline) {
            delivered = (int) accounts.stream().filter(a -> Mailbox.count(a.email(), Mails.RESET) > 0).count();
            if (delivered == MAILS) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(MAILS, delivered, "every waiting mail arrives once the server is back");
        Thread.sleep(2000); // time for a duplicate to show up, if there were one
        long duplicates = accounts.stream().mapToLong(a -> Mailbox.count(a.email(), Mails.RESET) - 1).sum();
        System.out.printf("OutboxOutageTest: queued %d while SMTP was down, delivered %d after, duplicates %d%n",
                queued, delivered, duplicates);
        assertEquals(0, duplicates);
        // each delivered link works
        Mails.confirmReset(Mailbox.tokenFor(accounts.get(0).email(), Mails.RESET), "brand new password 1").then()
                .statusCode(204);
    }
}
