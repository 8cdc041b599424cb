-- Reverse of V2..V4 (Flyway Community runs no undo scripts). Run it with psql in autocommit
-- mode, never inside a transaction (DROP INDEX CONCURRENTLY refuses one):
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f src/main/resources/db/downgrade/D4__drop_composite_indexes.sql
-- Afterwards the schema is at V1; the next start of the service (or `flyway migrate`) builds
-- the three indexes again, concurrently.
DROP INDEX CONCURRENTLY IF EXISTS ix_membership_tenant_active;
DROP INDEX CONCURRENTLY IF EXISTS ix_membership_user_tenant_active;
DROP INDEX CONCURRENTLY IF EXISTS ix_refresh_tokens_user_tenant;
DELETE FROM flyway_schema_history WHERE version IN ('2', '3', '4');
