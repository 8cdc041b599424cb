-- Composite index 1 of 3. CONCURRENTLY keeps the table writable while the index builds; Flyway
-- runs this script outside a transaction by itself (one concurrent build per script).
-- A build that failed half-way leaves an INVALID index that IF NOT EXISTS would skip forever:
-- dev.tenantauth.config.CompositeIndexCallback drops such a leftover before this runs again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_refresh_tokens_user_tenant
    ON refresh_tokens (user_id, tenant_id);
