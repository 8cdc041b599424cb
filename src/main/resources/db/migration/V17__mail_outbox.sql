-- V17: the mail outbox. A row is written in the same transaction as the change that causes the
-- mail and says only what to send and to whom; it holds no token. The sender (mail.OutboxSender)
-- claims due rows with FOR UPDATE SKIP LOCKED (instances share the work), mints the mail's token
-- then (its hash goes to the flow's own table), delivers over SMTP and marks the row sent; a
-- failure is retried at next_attempt_at with exponential back-off, and parked (failed_at,
-- last_error) after the last attempt. A claim moves next_attempt_at past the lease, so a row
-- whose instance died mid-delivery becomes due again.
CREATE TABLE mail_outbox (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL,
    recipient       text,
    subject_id      uuid,
    new_address     text,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text,
    CONSTRAINT ck_mail_outbox_kind CHECK (kind IN ('verify', 'reset', 'reset_notice', 'change_confirm',
                                                   'change_notice', 'invitation')),
    CONSTRAINT ck_mail_outbox_target CHECK (recipient IS NOT NULL OR subject_id IS NOT NULL)
);
-- The sender's claim and the backlog gauge: only unsent, unparked rows, in due order.
CREATE INDEX ix_mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
