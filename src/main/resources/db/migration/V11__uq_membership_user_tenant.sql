-- One membership per (user, tenant), held by the schema, not only by the tenant-row lock that
-- every membership change takes. Built CONCURRENTLY so the table stays writable while it builds
-- (Flyway runs this script outside a transaction; schema.CompositeIndexRepair drops an INVALID
-- leftover of a failed build before it runs again); V12 turns it into the constraint. A build
-- fails on existing duplicates: remove them first (keep the active or newest row of each pair).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_membership_user_tenant
    ON user_tenant_membership (user_id, tenant_id);
