-- V21: client addresses from which a user's password login succeeded, per email key (the same
-- SHA-256 key as login_failures). When failures from elsewhere have locked the email, an attempt
-- from a known address is still evaluated, against a budget of its own: anyone can lock an
-- account for unknown addresses with ten wrong passwords, nobody can lock its owner out at home.
-- Rows older than tenant-auth.login.known-address-ttl are ignored and cleaned. A new, empty table.
CREATE TABLE login_known_addresses (
    email_key        text        NOT NULL,
    client_addr      text        NOT NULL,
    last_success_at  timestamptz NOT NULL,
    CONSTRAINT pk_login_known_addresses PRIMARY KEY (email_key, client_addr)
);
