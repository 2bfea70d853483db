-- Register entries (UN documents, questions, recommendations) and submissions: each a sealed JSON document.
-- org_id is '' for what the whole instance shares (sealed with the directory key), else the owning organisation.
CREATE TABLE sealed_documents (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    body BYTEA NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX sealed_documents_by_org ON sealed_documents (kind, org_id);
