-- V6: the audit trail. One row per security-relevant event: membership changes, logins (and
-- their failures and lockouts), logouts, refresh-token reuse. No foreign key on the user
-- columns: the trail outlives the accounts it mentions. Emails never appear, only ids.
CREATE TABLE audit_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    tenant_id       uuid        REFERENCES tenants (id) ON DELETE CASCADE,
    actor_user_id   uuid,
    action          text        NOT NULL,
    target_user_id  uuid,
    client_addr     text,
    details         jsonb
);
-- A tenant's trail, newest first, in keyset pages.
CREATE INDEX ix_audit_events_tenant ON audit_events (tenant_id, id);
