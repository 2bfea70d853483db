-- Everything that could identify a person or tell a case's content is in the *_sealed / body / content columns,
-- encrypted by Dalel before it reaches the database. Plain columns hold only ids, roles, counters and hashes.
CREATE TABLE vault (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kdf_salt BLOB NOT NULL,
    kdf_memory_kib INTEGER NOT NULL,
    kdf_iterations INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    wrapped_master BLOB NOT NULL,
    login_salt BLOB NOT NULL
);
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO counters (name, value) VALUES ('change', 0), ('audit', 0);
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    wrapped_data_key BLOB NOT NULL,
    profile_sealed BLOB NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE members (
    id TEXT PRIMARY KEY,
    login_hash TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    profile_sealed BLOB NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NULL
);
CREATE TABLE memberships (
    member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    PRIMARY KEY (member_id, org_id)
);
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    body BLOB NULL,
    identities_sealed BLOB NULL
);
CREATE INDEX cases_by_seq ON cases (seq);
CREATE TABLE evidence_files (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    case_id TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX evidence_files_by_case ON evidence_files (case_id);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    org_id TEXT NULL,
    record_id TEXT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)
