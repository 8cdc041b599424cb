-- V31: OAuth 2.0 / OpenID Connect provider. Clients per tenant, authorization codes, the hosted
-- login page's browser sessions, revoked client-credentials tokens, and the columns that tie a
-- session to the client it was issued to. New tables are empty, so their indexes are built inline;
-- the new session columns are nullable without defaults (catalog only, no rewrite).

-- A registered client of a tenant. client_id is the row's id (a UUID string on the wire).
-- secret_hash: SHA-256 of a 256-bit secret (confidential clients only), compared in constant time.
-- A deleted client keeps its row (deleted_at) so the sessions and audit events that name it stay
-- explainable; every lookup of a usable client filters on enabled AND deleted_at IS NULL.
CREATE TABLE oauth_clients (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    client_type    text        NOT NULL,
    secret_hash    bytea,
    redirect_uris  text[]      NOT NULL,
    grant_types    text[]      NOT NULL,
    scopes         text[]      NOT NULL,
    enabled        boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    deleted_at     timestamptz,
    CONSTRAINT ck_oauth_clients_type CHECK (client_type IN ('confidential', 'public')),
    CONSTRAINT ck_oauth_clients_secret CHECK ((client_type = 'confidential') = (secret_hash IS NOT NULL)),
    CONSTRAINT ck_oauth_clients_secret_len CHECK (secret_hash IS NULL OR octet_length(secret_hash) = 32)
);
-- Listing a tenant's clients, oldest first.
CREATE INDEX ix_oauth_clients_tenant ON oauth_clients (tenant_id, created_at, id) WHERE deleted_at IS NULL;

-- Sessions issued through the token endpoint: the client they belong to (a refresh there must come
-- from the same client; revoking or deleting the client revokes them), the granted scope, and when
-- the user authenticated (the ID token's auth_time; the login page's browser session may be older).
ALTER TABLE sessions ADD COLUMN client_id uuid REFERENCES oauth_clients (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN scope text;
ALTER TABLE sessions ADD COLUMN auth_time timestamptz;
-- Revoking a client's sessions (disable, delete). Partial: JSON-API sessions have no client.
CREATE INDEX ix_sessions_client ON sessions (client_id) WHERE client_id IS NOT NULL;

-- An authorization code: 256 bits, only SHA-256 stored, single use (one conditional UPDATE sets
-- used_at), 60 s. session_id is the session its exchange started, so a replay revokes it.
CREATE TABLE oauth_codes (
    id              uuid        PRIMARY KEY,
    code_hash       bytea       NOT NULL,
    client_id       uuid        NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    redirect_uri    text        NOT NULL,
    scope           text        NOT NULL,
    nonce           text,
    code_challenge  text        NOT NULL,
    amr             text        NOT NULL,
    auth_time       timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    session_id      uuid        REFERENCES sessions (id) ON DELETE SET NULL,
    CONSTRAINT uq_oauth_codes_code_hash UNIQUE (code_hash),
    CONSTRAINT ck_oauth_codes_hash_len CHECK (octet_length(code_hash) = 32),
    CONSTRAINT ck_oauth_codes_amr CHECK (amr IN ('pwd', 'pwd otp')),
    CONSTRAINT ck_oauth_codes_expiry CHECK (expires_at > created_at)
);
CREATE INDEX ix_oauth_codes_expires ON oauth_codes (expires_at);

-- The hosted login page's browser session (cookie): lets the next authorize for the same tenant
-- skip the password. 256 bits, only SHA-256 stored; ended by logout or its expiry.
CREATE TABLE oauth_browser_sessions (
    id          uuid        PRIMARY KEY,
    token_hash  bytea       NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    amr         text        NOT NULL,
    auth_time   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CONSTRAINT uq_oauth_browser_sessions_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_oauth_browser_sessions_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_oauth_browser_sessions_amr CHECK (amr IN ('pwd', 'pwd otp'))
);
CREATE INDEX ix_oauth_browser_sessions_user ON oauth_browser_sessions (user_id);
CREATE INDEX ix_oauth_browser_sessions_expires ON oauth_browser_sessions (expires_at);

-- Client-credentials access tokens have no session: revoking one (RFC 7009) records its jti until
-- it would have expired anyway; introspection and the client-token check look here.
CREATE TABLE oauth_revoked_tokens (
    jti         uuid        PRIMARY KEY,
    client_id   uuid        NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX ix_oauth_revoked_tokens_expires ON oauth_revoked_tokens (expires_at);
