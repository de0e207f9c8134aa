-- A person's photograph (issue 13): one per person, replaced whole, already scaled and cropped by
-- the office layer (office/photo.rs). PostgreSQL's dialect of the SQLite step of the same name.

CREATE TABLE person_photo (
    person_id   BIGINT PRIMARY KEY REFERENCES person (id),
    -- The encoded image (JPEG), as printed.
    image       BYTEA NOT NULL,
    format      TEXT COLLATE "C" NOT NULL CHECK (format IN ('jpeg', 'png')),
    width       BIGINT NOT NULL CHECK (width > 0),
    height      BIGINT NOT NULL CHECK (height > 0),
    -- Lowercase hex SHA-256 of `image`: what the audit trail names.
    sha256      TEXT COLLATE "C" NOT NULL,
    -- When it was set, RFC 3339 UTC.
    updated_at  TEXT COLLATE "C" NOT NULL
);
