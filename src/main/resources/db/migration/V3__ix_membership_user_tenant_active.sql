-- Composite index 2 of 3: serves the per-request check (active membership of user, tenant).
-- See V2 for why CONCURRENTLY and how a failed build is repaired.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_membership_user_tenant_active
    ON user_tenant_membership (user_id, tenant_id, is_active);
