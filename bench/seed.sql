-- Bulk seed for the benchmarks (set-based: generate_series, no row-by-row inserts).
-- Run by bench/seed with psql variables:
--   n      target number of memberships (also the number of seeded refresh tokens/sessions)
--   phc    one real Argon2id PHC string of the bench password (copied to every user)
--   rpool  live refresh tokens for the refresh scenario (extra sessions, plaintext known)
--   lpool  live refresh tokens in the largest tenant, used to mint access tokens for logout-all
--   outdir where the token/pool files are written
--   restore_only (optional) only repair what an interrupted seed left behind (section 0), then stop
-- Shape: users have 1..5 memberships (60/20/10/6/4 %), ~10 % of memberships inactive; tenant
-- bt-0 is the largest (90 % of users when n >= 1M, capped at 1,000,000; 20 % below); the other
-- tenants (n/20 of them) get members with a cubic skew: a few large, most small. Every seeded
-- refresh token has its own session; ~75 % are expired (created up to 120 days ago, 30-day life)
-- and a third of them revoked.
--
-- Speed: inserting through the primary keys, unique constraints, secondary indexes and foreign
-- keys row by row is what made large seeds slow (10M memberships: ~10 min for the memberships
-- alone, the refresh tokens did not finish). So the seed records the definition of every index
-- and constraint that an insert would maintain or check (primary keys, unique constraints and
-- indexes of the five loaded tables, and every foreign key on or to them, which includes those of
-- invitations and audit_events), drops them, loads the bare tables, and then recreates every one
-- from its recorded definition (sorted index builds; a foreign key is validated by one join
-- instead of one lookup per row). CHECK and NOT NULL constraints stay (cheap, per row).
-- The record is kept in the table bench_seed_ddl until everything is back, so an interrupted seed
-- is repaired by the next one (section 0). bench/seed compares pg_dump --schema-only before and
-- after to prove the schema is unchanged. Staging tables are TEMP: nothing else is left behind.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';       -- index builds sort in memory; FK validation (RI_Initial_Check) uses it as work_mem
SET max_parallel_maintenance_workers = 1;  -- leader + 1 worker per index build: the machine has 2 cores
SET work_mem = '64MB';
SET temp_buffers = '256MB';             -- the TEMP staging tables (before the first use of one)

-- per-step wall clock: SELECT pg_temp.lap('step') prints the time since the previous lap
CREATE FUNCTION pg_temp.lap(step text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  t1 timestamptz := clock_timestamp();
  t0 timestamptz := coalesce(nullif(current_setting('bench.lap', true), '')::timestamptz, t1);
BEGIN
  PERFORM set_config('bench.lap', t1::text, false);
  RETURN rpad(step, greatest(52, length(step))) || to_char(extract(epoch FROM t1 - t0), '99990.00') || ' s';
END $$;
SELECT set_config('bench.lap', clock_timestamp()::text, false) AS lap_start,
       clock_timestamp() AS seed_start \gset

-- 0. What an interrupted seed left behind: the staging tables of older versions of this script
--    (they were UNLOGGED tables in public), and the record of the indexes and constraints it had
--    dropped. The tables are emptied (this seed does it anyway) and everything missing is rebuilt
--    on them, so the schema is complete again before anything else happens.
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.bench_m, public.bench_pool, public.bench_logins, public.bench_cursor;
RESET client_min_messages;
SELECT to_regclass('bench_seed_ddl') IS NOT NULL AS interrupted \gset
\if :interrupted
\echo 'a previous seed was interrupted: emptying its tables and rebuilding the indexes and constraints it had dropped'
-- CASCADE: every table that references users or tenants goes too (the MFA tables, and whatever a
-- later migration adds), so a new feature's table can no longer break the seed
TRUNCATE refresh_tokens, sessions, user_tenant_membership, invitations, audit_events,
         login_failures, login_known_addresses, email_verifications, password_resets, mail_outbox,
         rate_limit_hits, users, tenants CASCADE;
SELECT def FROM bench_seed_ddl d
WHERE CASE WHEN kind = 'i' THEN to_regclass(name) IS NULL
           ELSE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = to_regclass(d.tbl) AND c.conname = d.name) END
ORDER BY kind = 'f', ord \gexec
DROP TABLE bench_seed_ddl;
\endif
\if :{?restore_only}
\quit
\endif

-- CASCADE: every table that references users or tenants goes too (the MFA tables, and whatever a
-- later migration adds), so a new feature's table can no longer break the seed
TRUNCATE refresh_tokens, sessions, user_tenant_membership, invitations, audit_events,
         login_failures, login_known_addresses, email_verifications, password_resets, mail_outbox,
         rate_limit_hits, users, tenants CASCADE;

-- 1. Record, then drop, every index and constraint an insert into the five tables would maintain
--    or check. kind: c = primary key / unique / exclusion constraint (with its index),
--    i = index that backs no constraint, f = foreign key on or referencing one of the tables.
--    One transaction: either nothing is dropped or the record of everything dropped is committed.
BEGIN;
CREATE TABLE bench_seed_ddl (ord int PRIMARY KEY, kind text NOT NULL, tbl text NOT NULL,
                             name text NOT NULL, def text NOT NULL);
WITH t(rel) AS (SELECT unnest(ARRAY['tenants', 'users', 'user_tenant_membership', 'sessions',
                                    'refresh_tokens']::regclass[])),
obj AS (
  SELECT CASE WHEN c.contype = 'f' THEN 'f' ELSE 'c' END AS kind, c.conrelid::regclass::text AS tbl,
         c.conname::text AS name,
         format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS def
  FROM pg_constraint c
  WHERE (c.contype IN ('p', 'u', 'x') AND c.conrelid IN (SELECT rel FROM t))
     OR (c.contype = 'f' AND (c.conrelid IN (SELECT rel FROM t) OR c.confrelid IN (SELECT rel FROM t)))
  UNION ALL
  SELECT 'i', x.indrelid::regclass::text, x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid)
  FROM pg_index x
  WHERE x.indrelid IN (SELECT rel FROM t)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                    WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')))
INSERT INTO bench_seed_ddl
SELECT row_number() OVER (ORDER BY kind = 'f', tbl, name), kind, tbl, name, def FROM obj;
SELECT CASE WHEN kind = 'i' THEN format('DROP INDEX %s', name)
            ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, name) END
FROM bench_seed_ddl ORDER BY kind <> 'f', ord \gexec
COMMIT;
SELECT pg_temp.lap('truncate, record and drop ' || count(*) || ' indexes/constraints') FROM bench_seed_ddl;

-- 2. The data
SELECT greatest(1, ceil(:n / 1.74))::bigint AS nu,
       greatest(50, :n / 20)::bigint AS nt \gset
SELECT CASE WHEN :n >= 1000000 THEN least(1000000, (:nu * 0.9)::bigint) ELSE (:nu / 5) END AS big,
       CASE WHEN :nt > 500 THEN 97 ELSE 1 END AS stride \gset
\echo users=:nu tenants=:nt big_tenant_members~:big

INSERT INTO tenants (id, slug, name, created_at)
SELECT md5('t' || g)::uuid, 'bt-' || g, 'Bench tenant ' || g, now() - interval '500 days'
FROM generate_series(0, :nt - 1) g;
SELECT pg_temp.lap('tenants');

-- email_norm (V25) is the address's EmailKey, computed in Java by the service; for these
-- lower-case ASCII addresses that is the address itself
INSERT INTO users (id, email, email_norm, password_hash, created_at, updated_at)
SELECT md5('u' || g)::uuid, 'u' || g || '@bench.test', 'u' || g || '@bench.test', :'phc',
       now() - interval '450 days', now() - interval '450 days'
FROM generate_series(0, :nu - 1) g;
SELECT pg_temp.lap('users');

-- staging: one row per membership. Each md5 is computed once: the user id per user (the LATERAL
-- with OFFSET 0 is evaluated once per g, not per membership), the tenant ids once per tenant (an
-- array, indexed by tenant number), the session id here for both the session and its token.
CREATE TEMP TABLE bench_m AS
SELECT g, j,
       md5('m' || g || ':' || j)::uuid AS id,
       user_id,
       t AS tn,
       (SELECT array_agg(md5('t' || i)::uuid ORDER BY i) FROM generate_series(0, :nt - 1) i)[t + 1] AS tenant_id,
       CASE WHEN j = 0 AND g % 40 = 0 THEN 'owner' WHEN g % 9 = 0 THEN 'admin' ELSE 'member' END AS role,
       (g = 0 OR (g + j) % 10 <> 0) AS is_active,
       now() - ((g * 13 + j * 7) % 400) * interval '1 day' - ((g * 31 + j) % 86400) * interval '1 second' AS ts,
       md5('s' || g || ':' || j)::uuid AS sid,
       rh, now() - (rh % (120 * 24)) * interval '1 hour' AS rts  -- the membership's session and token
FROM generate_series(0, :nu - 1) g
CROSS JOIN LATERAL (SELECT (hashint4(g::int)::bigint + 2147483648) AS h, md5('u' || g)::uuid AS user_id OFFSET 0) hh
CROSS JOIN LATERAL generate_series(0, CASE WHEN h % 100 < 60 THEN 0 WHEN h % 100 < 80 THEN 1
                                           WHEN h % 100 < 90 THEN 2 WHEN h % 100 < 96 THEN 3 ELSE 4 END) j
CROSS JOIN LATERAL (SELECT floor((:nt - 1) * power(((hashint4((g * 7 + 3)::int)::bigint + 2147483648) / 4294967296.0), 3))::bigint AS base) b
CROSS JOIN LATERAL (SELECT CASE WHEN j = 0 AND g < :big THEN 0
                                ELSE 1 + (base + j * :stride) % (:nt - 1) END AS t) tt
CROSS JOIN LATERAL (SELECT (hashint4((g * 5 + j)::int)::bigint + 2147483648) AS rh) r;
SELECT pg_temp.lap('staging (bench_m)');

INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
SELECT id, user_id, tenant_id, role, is_active, ts, ts FROM bench_m;
SELECT pg_temp.lap('memberships');

-- one session and one refresh token per membership, mostly dead
INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason)
SELECT sid, user_id, tenant_id, rts, rts, rts + interval '90 days',
       CASE WHEN rh % 3 = 0 THEN rts + interval '1 hour' END,
       CASE WHEN rh % 3 = 0 THEN 'logout' END
FROM bench_m;
SELECT pg_temp.lap('sessions');

INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, parent_id, token_hash,
                            created_at, expires_at, rotated_at, revoked_at, revoked_reason)
SELECT md5('r' || g || ':' || j)::uuid, user_id, tenant_id, sid, NULL,
       decode(md5('rt' || g || ':' || j) || md5(j || ':rt:' || g), 'hex'),
       rts, rts + interval '30 days',
       CASE WHEN rh % 4 = 1 THEN rts + interval '10 minutes' END,
       CASE WHEN rh % 3 = 0 THEN rts + interval '1 hour' END,
       CASE WHEN rh % 3 = 0 THEN 'logout' END
FROM bench_m;
SELECT pg_temp.lap('refresh tokens');

-- live bench pools with known plaintext tokens (SHA-256 of the string, as the service stores them)
CREATE TEMP TABLE bench_pool (kind text, i bigint, plain text, user_id uuid, tenant_id uuid);
-- The refresh pool and the login pool both take active memberships (of users g % 5 <> 3) in
-- md5(id::text) order: one bounded top-N sort keeps the first greatest(rpool, 5005) of them (the
-- login pool skips u0's at most 5 memberships), instead of sorting them all (for row_number) and
-- then again (for the logins).
CREATE TEMP TABLE bench_top AS
SELECT md5(id::text) AS mk, g, tn, user_id, tenant_id
FROM bench_m WHERE is_active AND g % 5 <> 3 ORDER BY 1 LIMIT greatest(:rpool, 5005);
-- refresh pool: active memberships spread over users and tenants, cycled when fewer than rpool.
-- Row i takes the (i mod c)-th candidate, c = their number: as i < rpool, only the first
-- min(c, rpool) can be taken, and i mod c = i mod min(c, rpool).
WITH act AS (SELECT row_number() OVER (ORDER BY mk) - 1 AS k, user_id, tenant_id
             FROM (SELECT * FROM bench_top ORDER BY mk LIMIT :rpool) t),
     cnt AS (SELECT count(*) AS c FROM act)
INSERT INTO bench_pool
SELECT 'r', i, 'bench-r-' || i || '-' || md5('rp' || i) || md5('rq' || i), a.user_id, a.tenant_id
FROM generate_series(0, :rpool - 1) i, cnt
JOIN act a ON true
WHERE a.k = i % cnt.c
ORDER BY i;
-- logout-all pool: distinct active (user, tenant) pairs of users g % 5 = 3 (no other pool or login
-- uses those users, so a logout-all never ends a session another scenario needs), members of the
-- largest tenant first (top-N sort, then numbered; plaintext computed here, not by an UPDATE)
INSERT INTO bench_pool
SELECT 'l', i, 'bench-l-' || i || '-' || md5('lp' || i) || md5('lq' || i), user_id, tenant_id
FROM (SELECT row_number() OVER (ORDER BY big DESC, mk) AS i, user_id, tenant_id
      FROM (SELECT tn = 0 AS big, md5(id::text) AS mk, user_id, tenant_id
            FROM bench_m WHERE is_active AND g % 5 = 3
            ORDER BY 1 DESC, 2 LIMIT :lpool) s) n
ORDER BY i;
SELECT pg_temp.lap('pools (refresh, logout-all)');

INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at)
SELECT md5('ps' || kind || i)::uuid, user_id, tenant_id, now() - interval '1 hour', now() - interval '1 hour', now() + interval '89 days'
FROM bench_pool;
INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, token_hash, created_at, expires_at)
SELECT md5('pr' || kind || i)::uuid, user_id, tenant_id, md5('ps' || kind || i)::uuid,
       sha256(convert_to(plain, 'UTF8')), now() - interval '1 hour', now() + interval '29 days'
FROM bench_pool;
SELECT pg_temp.lap('pool sessions and refresh tokens');

-- the login pool: distinct (email, slug) of active memberships over many tenants
CREATE TEMP TABLE bench_logins AS
SELECT 'u' || g || '@bench.test' AS email, 'bt-' || tn AS slug
FROM bench_top WHERE g > 0 ORDER BY mk LIMIT 5000;

-- the largest tenant's owner (u0) and a cursor ~90 % into its active member list
CREATE TEMP TABLE bench_cursor AS
WITH o AS (SELECT ts, id, row_number() OVER (ORDER BY ts, id) AS rn, count(*) OVER () AS c
           FROM bench_m WHERE tn = 0 AND is_active)
SELECT translate(rtrim(replace(encode(convert_to(
         extract(epoch FROM date_trunc('second', ts))::bigint || '.' ||
         (extract(microseconds FROM ts)::bigint % 1000000) * 1000 || '.' || id, 'SQL_ASCII'), 'base64'), E'\n', ''), '='), '+/', '-_') AS cursor,
       rn, c
FROM o WHERE rn = greatest(1, (c * 0.9)::bigint);

DROP TABLE bench_m, bench_top;
SELECT pg_temp.lap('logins and cursor');

-- 3. VACUUM (hint bits, visibility map) before the index builds, so each heap page is written
--    once more, not twice (by the first index build's scan, then by VACUUM)
VACUUM tenants, users, user_tenant_membership, sessions, refresh_tokens;
SELECT pg_temp.lap('vacuum');

-- 4. Rebuild what was dropped: primary keys, unique constraints and indexes, then (with the
--    statistics the planner needs for the validating joins) the foreign keys
SELECT def, format('SELECT pg_temp.lap(%L)', '  ' || CASE kind WHEN 'i' THEN 'index ' WHEN 'c' THEN 'constraint ' ELSE 'foreign key ' END || name)
FROM bench_seed_ddl WHERE kind <> 'f' ORDER BY ord \gexec
ANALYZE tenants, users, user_tenant_membership, sessions, refresh_tokens;
SELECT pg_temp.lap('analyze');
SELECT def, format('SELECT pg_temp.lap(%L)', '  foreign key ' || name)
FROM bench_seed_ddl WHERE kind = 'f' ORDER BY ord \gexec
DROP TABLE bench_seed_ddl;

\o :outdir/refresh-tokens.txt
SELECT plain FROM bench_pool WHERE kind = 'r' ORDER BY i;
\o :outdir/logout-refresh-tokens.txt
SELECT plain FROM bench_pool WHERE kind = 'l' ORDER BY i;
\o :outdir/logins.txt
SELECT email || ' ' || slug FROM bench_logins;
\o :outdir/late-cursor.txt
SELECT cursor FROM bench_cursor;
\o
SELECT rpad('total', 52) || to_char(extract(epoch FROM clock_timestamp() - :'seed_start'::timestamptz), '99990.00') || ' s';
SELECT (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM user_tenant_membership) AS memberships,
       (SELECT count(*) FROM user_tenant_membership WHERE NOT is_active) AS inactive,
       (SELECT count(*) FROM user_tenant_membership WHERE tenant_id = md5('t0')::uuid) AS largest_tenant,
       (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM refresh_tokens) AS refresh_tokens,
       (SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL AND expires_at > now()) AS live_tokens;
