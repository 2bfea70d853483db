-- The duress passphrase's verifier moves under the directory key, in a slot every instance has (filled with random
-- bytes when no duress passphrase is set): a copy of the data directory no longer shows whether one exists, nor lets
-- anyone check whether a passphrase a person gave is it. The old plain verifier is moved at the next unsealing.
CREATE TABLE duress_slot (
    id TEXT PRIMARY KEY,
    sealed BLOB NOT NULL
);
