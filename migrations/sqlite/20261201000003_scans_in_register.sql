-- The scans of signed copies kept inside the register (issue 14, "Encrypted at rest"): with an
-- encrypted register they are encrypted with it, and every backup carries them. One scan per
-- issued form (a later one replaces it); `issued_form.scan_path` keeps the scan's name
-- (`scans/NAME`) and `scan_sha256` its hash, as before.
--
-- `IF NOT EXISTS`: a restore of a backup taken before this migration makes the table in its
-- working copy (with the same definition) to carry the backup's scans over, then migrates.
CREATE TABLE IF NOT EXISTS form_scan (
    form_id  INTEGER PRIMARY KEY REFERENCES issued_form (id),
    -- What the content is (by its first bytes, whatever the file was called).
    kind     TEXT NOT NULL CHECK (kind IN ('pdf', 'jpg', 'png')),
    -- In bytes; 50 MiB at most (office/scans.rs MAX_SCAN_BYTES).
    size     INTEGER NOT NULL CHECK (size > 0 AND size <= 52428800),
    -- Lowercase hex SHA-256 of the bytes (the same as issued_form.scan_sha256).
    sha256   TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes    BLOB NOT NULL,
    CHECK (length(bytes) = size)
) STRICT;
