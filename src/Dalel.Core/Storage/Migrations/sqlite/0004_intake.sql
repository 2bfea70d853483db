-- Public intake. The form's settings are public by design (anyone may open the form) and must be readable while
-- sealed. A report's content is sealed under its own key, which is sealed to the organisation's public key and,
-- separately, under a key derived from the reporter's receipt code. No address, browser or exact time is stored
-- outside the sealed messages.
CREATE TABLE intake_forms (
    org_id TEXT PRIMARY KEY REFERENCES organisations (id),
    slug TEXT NOT NULL UNIQUE,
    settings TEXT NOT NULL,
    public_key BLOB NOT NULL,
    wrapped_private_key BLOB NOT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE intake_reports (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    receipt_lookup TEXT NOT NULL UNIQUE,
    key_for_org BLOB NOT NULL,
    key_for_receipt BLOB NOT NULL,
    status TEXT NOT NULL,
    awaiting_reply INTEGER NOT NULL,
    case_id TEXT NULL
);
CREATE INDEX intake_reports_by_org ON intake_reports (org_id, seq);
CREATE TABLE intake_messages (
    report_id TEXT NOT NULL REFERENCES intake_reports (id),
    n INTEGER NOT NULL,
    from_organisation INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (report_id, n)
);
INSERT INTO counters (name, value) VALUES ('intake', 0);
