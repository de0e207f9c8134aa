-- The register of cleared people, their level history, the audit trail and settings.
-- Calendar dates are ISO 8601 text (YYYY-MM-DD); instants are RFC 3339 UTC text.

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    -- Search keys derived from the name (see domain::search): indexed prefix lookups.
    name_folded     TEXT NOT NULL,
    name_pinyin     TEXT NOT NULL,
    name_initials   TEXT NOT NULL,
    staff_no        TEXT NOT NULL UNIQUE,
    id_number       TEXT NOT NULL UNIQUE,
    -- The ID number reversed, so "ends with the last four digits" is an indexed prefix lookup.
    id_reversed     TEXT NOT NULL,
    sex             TEXT CHECK (sex IN ('male', 'female')),
    birth_date      TEXT,
    unit            TEXT NOT NULL,
    post            TEXT NOT NULL DEFAULT '',
    -- The level in force today, kept in step with level_change on every write.
    level           TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    registered_on   TEXT NOT NULL,
    archived_on     TEXT,
    archive_reason  TEXT
) STRICT;

CREATE INDEX person_name_folded ON person (name_folded);
CREATE INDEX person_name_pinyin ON person (name_pinyin);
CREATE INDEX person_name_initials ON person (name_initials);
CREATE INDEX person_id_reversed ON person (id_reversed);
CREATE INDEX person_unit ON person (unit, name_pinyin);
CREATE INDEX person_level ON person (level, name_pinyin);
CREATE INDEX person_start_date ON person (start_date);

CREATE TABLE level_change (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    level       TEXT NOT NULL,
    effective   TEXT NOT NULL,
    reason      TEXT NOT NULL
) STRICT;

CREATE INDEX level_change_person ON level_change (person_id, id);

-- Append-only and hash-chained (domain::audit): each row's hash covers its content and the
-- previous row's hash.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    person_id   INTEGER,
    old         TEXT,
    new         TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_person ON audit_log (person_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TABLE setting (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) STRICT;
