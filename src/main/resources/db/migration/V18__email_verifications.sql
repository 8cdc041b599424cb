-- V18: email verification tokens, for the user's current address (is_change false) or for a new
-- address that replaces it once confirmed (is_change true). 256-bit tokens, only SHA-256 stored;
-- spent by one conditional UPDATE (used_at IS NULL AND voided_at IS NULL AND not expired).
CREATE TABLE email_verifications (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       text        NOT NULL,
    is_change   boolean     NOT NULL,
    token_hash  bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    voided_at   timestamptz,
    CONSTRAINT uq_email_verifications_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_email_verifications_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_email_verifications_expiry CHECK (expires_at > created_at)
);
-- A user's open tokens, voided when a newer one is issued or the address changes.
CREATE INDEX ix_email_verifications_user_open ON email_verifications (user_id)
    WHERE used_at IS NULL AND voided_at IS NULL;
