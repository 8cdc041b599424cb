-- V7: invitations to join a tenant. The token is single-use and stored only as its SHA-256.
CREATE TABLE invitations (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email        text        NOT NULL,
    role         text        NOT NULL,
    token_hash   bytea       NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    accepted_by  uuid,
    revoked_at   timestamptz,
    CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_invitations_hash_len CHECK (octet_length(token_hash) = 32),
    CONSTRAINT ck_invitations_role CHECK (role IN ('owner', 'admin', 'member')),
    CONSTRAINT ck_invitations_expiry CHECK (expires_at > created_at),
    CONSTRAINT ck_invitations_accepted CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);
-- A tenant's open invitations, newest first.
CREATE INDEX ix_invitations_tenant ON invitations (tenant_id, created_at);
