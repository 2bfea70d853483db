-- Files a reporter sends with a report (screenshots of threats, photos): name, type and hash sealed apart from the
-- content, both under the report's key.
CREATE TABLE intake_files (
    report_id TEXT NOT NULL REFERENCES intake_reports (id),
    n INTEGER NOT NULL,
    sealed_info BLOB NOT NULL,
    sealed_content BLOB NOT NULL,
    PRIMARY KEY (report_id, n)
);
