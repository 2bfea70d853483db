-- The key that seals the record ids of audit entries telling which case was looked into, wrapped under the master key.
ALTER TABLE vault ADD COLUMN wrapped_audit_key BYTEA NULL;
