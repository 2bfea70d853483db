-- A seized database must not confirm that a name has an account, nor where or with what role. The sign-in lookup
-- is made from the name and the password together, memberships are sealed per member under the directory key, and
-- each member keeps an own copy of them under their password (for signing in while sealed). Failed sign-ins are
-- counted in memory per name, so the per-member counters go. Members stored before keep their old name hash until
-- their next sign-in replaces it, and plain memberships are sealed at the next unsealing.
ALTER TABLE members ADD COLUMN sign_in_lookup TEXT NULL;
ALTER TABLE members ADD COLUMN sign_in_kdf TEXT NULL;
ALTER TABLE members ADD COLUMN sign_in_sealed BYTEA NULL;
ALTER TABLE members ADD COLUMN memberships_sealed BYTEA NULL;
CREATE UNIQUE INDEX members_by_sign_in ON members (sign_in_lookup);
UPDATE members SET failed_sign_ins = 0, locked_until = NULL;
