-- V19: password reset tokens (30 minutes by default; a newer one voids the older). 256-bit
-- tokens, only SHA-256 stored; spent by one conditional UPDATE.
CREATE TABLE password_resets (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    voided_at   timestamptz,
    CONSTRAINT uq_password_resets_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_password_resets_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_password_resets_expiry CHECK (expires_at > created_at)
);
CREATE INDEX ix_password_resets_user_open ON password_resets (user_id) WHERE used_at IS NULL AND voided_at IS NULL;
