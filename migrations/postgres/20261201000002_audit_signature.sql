-- The audit chain anchored (issue 14): every entry carries an Ed25519 signature over its hash,
-- made with the register's own signing key (one row). PostgreSQL's dialect of the SQLite step of
-- the same name.
ALTER TABLE audit_log ADD COLUMN signature TEXT COLLATE "C";

CREATE TABLE audit_key (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    secret      BYTEA NOT NULL,
    public      TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);

CREATE TRIGGER audit_key_no_update BEFORE UPDATE ON audit_key
    FOR EACH ROW EXECUTE FUNCTION ct_append_only('the audit signing key is never replaced');
CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key
    FOR EACH ROW EXECUTE FUNCTION ct_append_only('the audit signing key is never replaced');
CREATE TRIGGER audit_key_no_truncate BEFORE TRUNCATE ON audit_key
    FOR EACH STATEMENT EXECUTE FUNCTION ct_append_only('the audit signing key is never replaced');
