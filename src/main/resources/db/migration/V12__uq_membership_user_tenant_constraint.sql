-- The unique index of V11 becomes the constraint of the same name (catalog only: no table scan,
-- a brief lock), so INSERT ... ON CONFLICT (user_id, tenant_id) can name it.
ALTER TABLE user_tenant_membership
    ADD CONSTRAINT uq_membership_user_tenant UNIQUE USING INDEX uq_membership_user_tenant;
