-- k-of-n unseal: the master key split among key holders, each share wrapped by its holder's passphrase.
CREATE TABLE key_shares (
    x INTEGER PRIMARY KEY,
    kdf_salt BYTEA NOT NULL,
    kdf_memory_kib INTEGER NOT NULL,
    kdf_iterations INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    wrapped_share BYTEA NOT NULL
);
CREATE TABLE key_split (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    threshold INTEGER NOT NULL,
    master_check BYTEA NOT NULL
);
-- A passphrase that, typed under duress, seals the instance and looks like a wrong passphrase.
CREATE TABLE duress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kdf_salt BYTEA NOT NULL,
    verifier BYTEA NOT NULL
);
