-- A person's photograph (issue 13): the 一寸 photo the review form prints in its photo box and
-- the person page shows. One per person, replaced whole; the image is already scaled and
-- cropped to the photo's size by the office layer (office/photo.rs), so the register holds a few
-- tens of kilobytes a person, and a backup of the register carries the photos with it.

CREATE TABLE person_photo (
    person_id   INTEGER PRIMARY KEY REFERENCES person (id),
    -- The encoded image (JPEG), as printed.
    image       BLOB NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('jpeg', 'png')),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    -- Lowercase hex SHA-256 of `image`: what the audit trail names.
    sha256      TEXT NOT NULL,
    -- When it was set, RFC 3339 UTC.
    updated_at  TEXT NOT NULL
) STRICT;
