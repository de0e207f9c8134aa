-- The issued-forms register (issue 6): every form the office prints, numbered per year, with the
-- content it printed (so its hash can be checked again later) and whether the signed copy came back.

CREATE TABLE issued_form (
    id                  INTEGER PRIMARY KEY,
    -- `2026-0001`: the year of issue and a sequence that restarts each year.
    number              TEXT NOT NULL UNIQUE,
    year                INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('review', 'commitment', 'departure', 'travel-approval',
                                                      'travel-report', 'document-receipt', 'register-list')),
    -- NULL for the register list, which is about many people.
    person_id           INTEGER REFERENCES person (id),
    -- The trip a travel form is about (no foreign key: trips are stored by the travel module).
    trip_id             INTEGER,
    template_version    TEXT NOT NULL,
    issued_on           TEXT NOT NULL,
    operator            TEXT NOT NULL,
    -- Lowercase hex SHA-256 of the form's canonical content, and the code printed from it.
    content_hash        TEXT NOT NULL,
    verification_code   TEXT NOT NULL,
    -- The form's data as rendered (clearance_forms::FormData as JSON): re-hashed by `form verify`.
    content             TEXT NOT NULL,
    received_on         TEXT,
    -- The signed copy's scan, relative to the database's folder, and its SHA-256.
    scan_path           TEXT,
    scan_sha256         TEXT,
    UNIQUE (year, seq)
) STRICT;

CREATE INDEX issued_form_code ON issued_form (verification_code);
CREATE INDEX issued_form_person ON issued_form (person_id, id);
CREATE INDEX issued_form_open ON issued_form (received_on, id);
