-- Reverse of V2..V4 (Flyway Community runs no undo scripts). Run it with psql in autocommit
-- mode, never inside a transaction (DROP INDEX CONCURRENTLY refuses one):
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f src/main/resources/db/downgrade/D4__drop_composite_indexes.sql
-- Afterwards the three indexes are gone and Flyway sees V2..V4 as not applied. To migrate
-- forward again, start the service once with QUARKUS_FLYWAY_OUT_OF_ORDER=true (needed because
-- later versions, V5 and up, stay applied): it builds the three indexes again, concurrently.
DROP INDEX CONCURRENTLY IF EXISTS ix_membership_tenant_active;
DROP INDEX CONCURRENTLY IF EXISTS ix_membership_user_tenant_active;
DROP INDEX CONCURRENTLY IF EXISTS ix_refresh_tokens_user_tenant;
DELETE FROM flyway_schema_history WHERE version IN ('2', '3', '4');
