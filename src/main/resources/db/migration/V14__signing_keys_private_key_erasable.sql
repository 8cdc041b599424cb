-- A signing key that no longer signs has its private part erased (token.SigningKeys); a key whose
-- tokens have all expired is deleted. Only the public part of a retired key is kept.
ALTER TABLE signing_keys ALTER COLUMN private_key DROP NOT NULL;
