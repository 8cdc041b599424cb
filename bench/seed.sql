-- Bulk seed for the benchmarks (set-based: generate_series, no row-by-row inserts).
-- Run by bench/seed with psql variables:
--   n      target number of memberships (also the number of seeded refresh tokens/sessions)
--   phc    one real Argon2id PHC string of the bench password (copied to every user)
--   rpool  live refresh tokens for the refresh scenario (extra sessions, plaintext known)
--   lpool  live refresh tokens in the largest tenant, used to mint access tokens for logout-all
--   outdir where the token/pool files are written
-- Shape: users have 1..5 memberships (60/20/10/6/4 %), ~10 % of memberships inactive; tenant
-- bt-0 is the largest (90 % of users when n >= 1M, capped at 1,000,000; 20 % below); the other
-- tenants (n/20 of them) get members with a cubic skew: a few large, most small. Every seeded
-- refresh token has its own session; ~75 % are expired (created up to 120 days ago, 30-day life)
-- and a third of them revoked.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

TRUNCATE refresh_tokens, sessions, user_tenant_membership, invitations, audit_events,
         login_failures, users, tenants;

SELECT greatest(1, ceil(:n / 1.74))::bigint AS nu,
       greatest(50, :n / 20)::bigint AS nt \gset
SELECT CASE WHEN :n >= 1000000 THEN least(1000000, (:nu * 0.9)::bigint) ELSE (:nu / 5) END AS big,
       CASE WHEN :nt > 500 THEN 97 ELSE 1 END AS stride \gset
\echo users=:nu tenants=:nt big_tenant_members~:big

INSERT INTO tenants (id, slug, name, created_at)
SELECT md5('t' || g)::uuid, 'bt-' || g, 'Bench tenant ' || g, now() - interval '500 days'
FROM generate_series(0, :nt - 1) g;

INSERT INTO users (id, email, password_hash, created_at, updated_at)
SELECT md5('u' || g)::uuid, 'u' || g || '@bench.test', :'phc',
       now() - interval '450 days', now() - interval '450 days'
FROM generate_series(0, :nu - 1) g;

-- staging: one row per membership
DROP TABLE IF EXISTS bench_m;
CREATE UNLOGGED TABLE bench_m AS
SELECT g, j,
       md5('m' || g || ':' || j)::uuid AS id,
       md5('u' || g)::uuid AS user_id,
       t AS tn,
       md5('t' || t)::uuid AS tenant_id,
       CASE WHEN j = 0 AND g % 40 = 0 THEN 'owner' WHEN g % 9 = 0 THEN 'admin' ELSE 'member' END AS role,
       (g = 0 OR (g + j) % 10 <> 0) AS is_active,
       now() - ((g * 13 + j * 7) % 400) * interval '1 day' - ((g * 31 + j) % 86400) * interval '1 second' AS ts
FROM generate_series(0, :nu - 1) g
CROSS JOIN LATERAL (SELECT (hashint4(g::int)::bigint + 2147483648) AS h) hh
CROSS JOIN LATERAL generate_series(0, CASE WHEN h % 100 < 60 THEN 0 WHEN h % 100 < 80 THEN 1
                                           WHEN h % 100 < 90 THEN 2 WHEN h % 100 < 96 THEN 3 ELSE 4 END) j
CROSS JOIN LATERAL (SELECT floor((:nt - 1) * power(((hashint4((g * 7 + 3)::int)::bigint + 2147483648) / 4294967296.0), 3))::bigint AS base) b
CROSS JOIN LATERAL (SELECT CASE WHEN j = 0 AND g < :big THEN 0
                                ELSE 1 + (base + j * :stride) % (:nt - 1) END AS t) tt;

INSERT INTO user_tenant_membership (id, user_id, tenant_id, role, is_active, created_at, updated_at)
SELECT id, user_id, tenant_id, role, is_active, ts, ts FROM bench_m;

-- one session and one refresh token per membership, mostly dead
INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason)
SELECT md5('s' || g || ':' || j)::uuid, user_id, tenant_id, rts, rts, rts + interval '90 days',
       CASE WHEN rh % 3 = 0 THEN rts + interval '1 hour' END,
       CASE WHEN rh % 3 = 0 THEN 'logout' END
FROM bench_m
CROSS JOIN LATERAL (SELECT (hashint4((g * 5 + j)::int)::bigint + 2147483648) AS rh) r
CROSS JOIN LATERAL (SELECT now() - (rh % (120 * 24)) * interval '1 hour' AS rts) x;

INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, parent_id, token_hash,
                            created_at, expires_at, rotated_at, revoked_at, revoked_reason)
SELECT md5('r' || g || ':' || j)::uuid, user_id, tenant_id, md5('s' || g || ':' || j)::uuid, NULL,
       decode(md5('rt' || g || ':' || j) || md5(j || ':rt:' || g), 'hex'),
       rts, rts + interval '30 days',
       CASE WHEN rh % 4 = 1 THEN rts + interval '10 minutes' END,
       CASE WHEN rh % 3 = 0 THEN rts + interval '1 hour' END,
       CASE WHEN rh % 3 = 0 THEN 'logout' END
FROM bench_m
CROSS JOIN LATERAL (SELECT (hashint4((g * 5 + j)::int)::bigint + 2147483648) AS rh) r
CROSS JOIN LATERAL (SELECT now() - (rh % (120 * 24)) * interval '1 hour' AS rts) x;

-- live bench pools with known plaintext tokens (SHA-256 of the string, as the service stores them)
DROP TABLE IF EXISTS bench_pool;
CREATE UNLOGGED TABLE bench_pool (kind text, i bigint, plain text, user_id uuid, tenant_id uuid);
-- refresh pool: active memberships spread over users and tenants (cycled when fewer than rpool)
WITH act AS (SELECT row_number() OVER (ORDER BY md5(id::text)) - 1 AS k, user_id, tenant_id
             FROM bench_m WHERE is_active AND g % 5 <> 3),
     cnt AS (SELECT count(*) AS c FROM act)
INSERT INTO bench_pool
SELECT 'r', i, 'bench-r-' || i || '-' || md5('rp' || i) || md5('rq' || i), a.user_id, a.tenant_id
FROM generate_series(0, :rpool - 1) i, cnt
JOIN act a ON true
WHERE a.k = i % cnt.c;
-- logout-all pool: distinct active (user, tenant) pairs of users g % 5 = 3 (no other pool or login
-- uses those users, so a logout-all never ends a session another scenario needs), members of the
-- largest tenant first
INSERT INTO bench_pool
SELECT 'l', row_number() OVER (ORDER BY (tn = 0) DESC, md5(id::text)), '', user_id, tenant_id
FROM bench_m WHERE is_active AND g % 5 = 3
ORDER BY (tn = 0) DESC, md5(id::text) LIMIT :lpool;
UPDATE bench_pool SET plain = 'bench-l-' || i || '-' || md5('lp' || i) || md5('lq' || i) WHERE kind = 'l';

INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at)
SELECT md5('ps' || kind || i)::uuid, user_id, tenant_id, now() - interval '1 hour', now() - interval '1 hour', now() + interval '89 days'
FROM bench_pool;
INSERT INTO refresh_tokens (id, user_id, tenant_id, session_id, token_hash, created_at, expires_at)
SELECT md5('pr' || kind || i)::uuid, user_id, tenant_id, md5('ps' || kind || i)::uuid,
       sha256(convert_to(plain, 'UTF8')), now() - interval '1 hour', now() + interval '29 days'
FROM bench_pool;

-- the login pool: distinct (email, slug) of active memberships over many tenants
DROP TABLE IF EXISTS bench_logins;
CREATE UNLOGGED TABLE bench_logins AS
SELECT 'u' || g || '@bench.test' AS email, 'bt-' || tn AS slug
FROM bench_m WHERE is_active AND g > 0 AND g % 5 <> 3 ORDER BY md5(id::text) LIMIT 5000;

-- the largest tenant's owner (u0) and a cursor ~90 % into its active member list
DROP TABLE IF EXISTS bench_cursor;
CREATE UNLOGGED TABLE bench_cursor AS
WITH o AS (SELECT ts, id, row_number() OVER (ORDER BY ts, id) AS rn, count(*) OVER () AS c
           FROM bench_m WHERE tn = 0 AND is_active)
SELECT translate(rtrim(replace(encode(convert_to(
         extract(epoch FROM date_trunc('second', ts))::bigint || '.' ||
         (extract(microseconds FROM ts)::bigint % 1000000) * 1000 || '.' || id, 'SQL_ASCII'), 'base64'), E'\n', ''), '='), '+/', '-_') AS cursor,
       rn, c
FROM o WHERE rn = greatest(1, (c * 0.9)::bigint);

DROP TABLE bench_m;
VACUUM ANALYZE tenants, users, user_tenant_membership, sessions, refresh_tokens;

\o :outdir/refresh-tokens.txt
SELECT plain FROM bench_pool WHERE kind = 'r' ORDER BY i;
\o :outdir/logout-refresh-tokens.txt
SELECT plain FROM bench_pool WHERE kind = 'l' ORDER BY i;
\o :outdir/logins.txt
SELECT email || ' ' || slug FROM bench_logins;
\o :outdir/late-cursor.txt
SELECT cursor FROM bench_cursor;
\o
SELECT (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM user_tenant_membership) AS memberships,
       (SELECT count(*) FROM user_tenant_membership WHERE NOT is_active) AS inactive,
       (SELECT count(*) FROM user_tenant_membership WHERE tenant_id = md5('t0')::uuid) AS largest_tenant,
       (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM refresh_tokens) AS refresh_tokens,
       (SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL AND expires_at > now()) AS live_tokens;
