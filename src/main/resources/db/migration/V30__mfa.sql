-- V30: multi-factor authentication (TOTP, RFC 6238) with recovery codes, one-time mfa tokens,
-- the tenant policy mfa_required and the session's amr (RFC 8176). New tables are empty, so their
-- indexes are built inline; the two new columns have constant defaults (catalog only, no rewrite).

-- Tenant setting: every login and switch into the tenant needs a second factor.
ALTER TABLE tenants ADD COLUMN mfa_required boolean NOT NULL DEFAULT false;

-- How the session was opened, RFC 8176 values separated by one space: 'pwd' or 'pwd otp'.
-- Kept across refreshes; turning mfa_required on revokes the tenant's sessions without 'otp'.
ALTER TABLE sessions ADD COLUMN amr text NOT NULL DEFAULT 'pwd';
ALTER TABLE sessions ADD CONSTRAINT ck_sessions_amr CHECK (amr IN ('pwd', 'pwd otp'));

-- One TOTP secret per user (it spans the user's tenants). Pending until confirmed_at is set.
-- secret: AES-256-GCM, 12-byte nonce || ciphertext || 16-byte tag, the user id as associated
-- data, under the configured key named by key_id. last_step: the last accepted 30 s time step,
-- advanced by one conditional UPDATE so a code is accepted once.
CREATE TABLE mfa_totp (
    user_id       uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_id        text        NOT NULL,
    secret        bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    confirmed_at  timestamptz,
    last_step     bigint,
    CONSTRAINT ck_mfa_totp_secret_len CHECK (octet_length(secret) >= 12 + 20 + 16)
);

-- Ten recovery codes per user, stored as HMAC-SHA-256 (key derived from the MFA key key_id);
-- each spent by one conditional UPDATE.
CREATE TABLE mfa_recovery_codes (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_id      text        NOT NULL,
    code_hash   bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CONSTRAINT ck_mfa_recovery_codes_hash_len CHECK (octet_length(code_hash) = 32)
);
CREATE INDEX ix_mfa_recovery_codes_user ON mfa_recovery_codes (user_id) WHERE used_at IS NULL;

-- The mfa_token of a login, enrollment or step-up that waits for its second factor: 256 bits,
-- only SHA-256 stored, single use, 5 minutes, at most 5 codes evaluated (attempts).
CREATE TABLE mfa_tokens (
    id          uuid        PRIMARY KEY,
    token_hash  bytea       NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    purpose     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    used_at     timestamptz,
    CONSTRAINT uq_mfa_tokens_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_mfa_tokens_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_mfa_tokens_purpose CHECK (purpose IN ('login', 'enrollment', 'step_up')),
    CONSTRAINT ck_mfa_tokens_expiry CHECK (expires_at > created_at)
);
CREATE INDEX ix_mfa_tokens_user ON mfa_tokens (user_id);
