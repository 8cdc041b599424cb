-- Composite index 3 of 3: serves a tenant's member listing (tenant, active filter).
-- See V2 for why CONCURRENTLY and how a failed build is repaired.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_membership_tenant_active
    ON user_tenant_membership (tenant_id, is_active);
