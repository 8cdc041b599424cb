-- V5: what the auth core needs beyond V1: sessions (one per login or switch), the service's
-- own signing keys, and failed-login counters shared by every instance. All three tables are
-- new and empty, so their indexes are built inline.

-- A session is one login (or switch) of a user into a tenant; its refresh tokens rotate within
-- it and its id is the access token's `sid`. Revoking the session cuts off every token of it.
CREATE TABLE sessions (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  text,
    CONSTRAINT ck_sessions_expiry CHECK (expires_at > created_at),
    CONSTRAINT ck_sessions_revoked CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
-- Listing a user's sessions in a tenant, logout-all and deactivation.
CREATE INDEX ix_sessions_user_tenant ON sessions (user_id, tenant_id);

ALTER TABLE refresh_tokens
    ADD CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE;

-- Signing keys. The newest key without retired_at signs; every key whose verify_until is null
-- or in the future is published in the JWKS. The private key is PKCS#8 DER, base64.
CREATE TABLE signing_keys (
    kid             text        PRIMARY KEY,
    algorithm       text        NOT NULL,
    public_key      text        NOT NULL,
    private_key     text        NOT NULL,
    created_at      timestamptz NOT NULL,
    retired_at      timestamptz,
    verify_until    timestamptz,
    CONSTRAINT ck_signing_keys_alg CHECK (algorithm IN ('ES256', 'RS256'))
);

-- Failed logins, one row per failure, counted over a sliding window per email and per address.
CREATE TABLE login_failures (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_key     text        NOT NULL,
    client_addr   text        NOT NULL,
    failed_at     timestamptz NOT NULL
);
CREATE INDEX ix_login_failures_email ON login_failures (email_key, failed_at);
CREATE INDEX ix_login_failures_addr ON login_failures (client_addr, failed_at);
