-- The scans of signed copies kept inside the register (issue 14): one per issued form (a later one
-- replaces it), so every clerk sees them. PostgreSQL's dialect of the SQLite step of the same
-- name (`bytea`: a scan is 50 MiB at most, within what a value may hold).
CREATE TABLE IF NOT EXISTS form_scan (
    form_id  BIGINT PRIMARY KEY REFERENCES issued_form (id),
    kind     TEXT COLLATE "C" NOT NULL CHECK (kind IN ('pdf', 'jpg', 'png')),
    size     BIGINT NOT NULL CHECK (size > 0 AND size <= 52428800),
    sha256   TEXT COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
    bytes    BYTEA NOT NULL,
    CHECK (octet_length(bytes) = size)
);
