-- V1: the four core tables. Deliberately no composite index on user_tenant_membership or
-- refresh_tokens: those come online in V2..V4 (CREATE INDEX CONCURRENTLY, one per script).

CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_tenants_slug UNIQUE (slug),
    CONSTRAINT ck_tenants_slug CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT ck_tenants_name CHECK (char_length(name) BETWEEN 1 AND 200)
);

CREATE TABLE users (
    id             uuid        PRIMARY KEY,
    email          text        NOT NULL,
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_users_email CHECK (char_length(email) BETWEEN 3 AND 320 AND email = btrim(email)),
    CONSTRAINT ck_users_password_hash CHECK (password_hash LIKE '$argon2id$%')
);
-- Emails are unique case-insensitively; lookups use lower(email) and so this index.
CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));

CREATE TABLE user_tenant_membership (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    role        text        NOT NULL,
    is_active   boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_membership_role CHECK (role IN ('owner', 'admin', 'member'))
);

CREATE TABLE refresh_tokens (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    session_id      uuid        NOT NULL,
    parent_id       uuid        REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    token_hash      bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    rotated_at      timestamptz,
    revoked_at      timestamptz,
    revoked_reason  text,
    CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash),
    CONSTRAINT ck_refresh_tokens_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_refresh_tokens_expiry CHECK (expires_at > created_at),
    CONSTRAINT ck_refresh_tokens_revoked CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
