-- Hits counted by ratelimit.RateLimiter over a sliding window (signups per client address, and
-- later reset and verification requests): one row per allowed hit; the cleanup job deletes rows
-- older than a day.
CREATE TABLE rate_limit_hits (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope   text        NOT NULL,
    key     text        NOT NULL,
    hit_at  timestamptz NOT NULL
);
CREATE INDEX ix_rate_limit_hits_key ON rate_limit_hits (scope, key, hit_at);
