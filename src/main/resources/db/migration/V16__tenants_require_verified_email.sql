-- V16: tenant setting require_verified_email (GET/PATCH /v1/tenants/{slug}/settings): a correct
-- login or switch of a user whose address is unverified answers 403 email_unverified. A constant
-- default on PostgreSQL 11+ is catalog only, no table rewrite.
ALTER TABLE tenants ADD COLUMN require_verified_email boolean NOT NULL DEFAULT false;
