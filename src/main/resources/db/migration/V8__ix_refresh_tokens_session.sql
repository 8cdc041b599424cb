-- Revoking one session's tokens, and the ON DELETE CASCADE from sessions when old sessions are
-- cleaned up, look refresh tokens up by session. Built concurrently like V2..V4, and repaired
-- by the same callback (schema.CompositeIndexRepair) if the build fails half-way.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_refresh_tokens_session
    ON refresh_tokens (session_id);
