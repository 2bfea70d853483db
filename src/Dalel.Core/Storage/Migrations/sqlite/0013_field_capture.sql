-- Field capture (ODK Collect, KoboCollect, Enketo, Tella). The organisation's RSA public key is in clear: every form
-- carries it, and phones encrypt to it. Its private half is wrapped by the organisation's data key. A device's row
-- holds only the SHA-256 of its 256-bit secret, so it can be checked while the instance is sealed, the name of whoever
-- holds it is a sealed document. A received submission, already encrypted on the phone, is sealed again as a whole
-- (manifest included: it names the form, the instance and the files) to the organisation's intake key.
CREATE TABLE field_capture (
    org_id TEXT PRIMARY KEY REFERENCES organisations (id),
    rsa_public_key BLOB NOT NULL,
    countries TEXT NOT NULL,
    wrapped_rsa_private_key BLOB NOT NULL,
    enabled INTEGER NOT NULL
);
CREATE TABLE field_devices (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    secret_sha256 TEXT NOT NULL,
    revoked INTEGER NOT NULL
);
CREATE TABLE field_submissions (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    instance_lookup TEXT NOT NULL,
    sealed_envelope BLOB NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    UNIQUE (org_id, instance_lookup)
);
INSERT INTO counters (name, value) VALUES ('field', 0);
