-- TOTP second factor. The secret is sealed under a key derived from the member's password (Argon2id with its own
-- salt, cost kept in totp_kdf), so a copy of the database alone does not give codes. Recovery codes are kept as hashes.
ALTER TABLE members ADD COLUMN totp_sealed BYTEA NULL;
ALTER TABLE members ADD COLUMN totp_kdf TEXT NULL;
ALTER TABLE members ADD COLUMN totp_last_step BIGINT NULL;
ALTER TABLE members ADD COLUMN recovery_codes TEXT NULL;
