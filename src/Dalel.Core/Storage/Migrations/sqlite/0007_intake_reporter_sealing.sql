-- What a reporter sends is sealed to the organisation's public key alone (scheme 2). The key reachable from the
-- receipt opens only the organisation's replies and, per reporter message, a note of when it was sent. Reports of
-- scheme 1 (everything under one key the receipt opened) are re-sealed the next time the instance is unsealed.
ALTER TABLE intake_reports ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1;
ALTER TABLE intake_messages ADD COLUMN sealed_for_reporter BLOB NULL;
