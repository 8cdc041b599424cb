-- V15: when the user's current address was proven theirs (a verification link followed, or a
-- change of address confirmed from the new mailbox); NULL while unverified. Nullable without a
-- default: catalog only, no table rewrite.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
