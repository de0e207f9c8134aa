-- The audit chain anchored (issue 14): every entry written from now on carries an Ed25519
-- signature over its hash, made with the register's own signing key. The signature is not part
-- of the hash, so every chain written before this column still verifies; its older entries are
-- reported as written "before signing began", not as faults.
ALTER TABLE audit_log ADD COLUMN signature TEXT;

-- The register's signing key: made the first time an entry is written after this migration,
-- kept in the register (so, once the register is encrypted, under its passphrase), one row.
-- `secret` is the 32-byte Ed25519 seed, `public` the verifying key in hex (its fingerprint is
-- shown by `audit verify`), `created_at` when it was made.
CREATE TABLE audit_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL,
    public      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_key_no_update BEFORE UPDATE ON audit_key
BEGIN
    SELECT RAISE(ABORT, 'the audit signing key is never replaced');
END;

CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key
BEGIN
    SELECT RAISE(ABORT, 'the audit signing key is never replaced');
END;
