-- Evidence files are sealed padded to a size bucket from now on (1). Files stored before keep their exact size (0).
ALTER TABLE evidence_files ADD COLUMN padded INTEGER NOT NULL DEFAULT 0;
