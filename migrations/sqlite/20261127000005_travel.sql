-- Foreign travel and travel-document custody (domain::travel). Calendar dates are ISO 8601 text
-- (YYYY-MM-DD). The rules live in the domain; these tables hold its records, and the CHECKs only
-- refuse what no rule could ever produce.

-- A passport or Hong Kong/Macao/Taiwan permit of a person. `status`, `location` and `trip_id`
-- are the document's state after its last movement (document_movement holds every one).
CREATE TABLE travel_document (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    kind        TEXT NOT NULL CHECK (kind IN ('passport', 'hk_macao_permit', 'taiwan_permit', 'other')),
    number      TEXT NOT NULL CHECK (number <> '' AND number = upper(number)),
    issued      TEXT NOT NULL,
    expires     TEXT NOT NULL CHECK (expires > issued),
    registered  TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('awaiting_hand_in', 'in_custody', 'checked_out', 'returned',
                                                'refused_to_return', 'expired', 'cancelled')),
    -- The trip it is out for, while checked out.
    trip_id     INTEGER REFERENCES trip (id),
    notes       TEXT NOT NULL DEFAULT '',
    CHECK (status <> 'checked_out' OR trip_id IS NOT NULL),
    CHECK (status NOT IN ('awaiting_hand_in', 'in_custody') OR trip_id IS NULL),
    UNIQUE (kind, number)
) STRICT;

CREATE INDEX travel_document_person ON travel_document (person_id, id);
-- The custody register: what is in the safe, what is out (and for which trip).
CREATE INDEX travel_document_status ON travel_document (status, person_id);

-- Every movement of a document, in order: who handled it, who handed it over or received it.
-- Append-only, like the audit trail.
CREATE TABLE document_movement (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES travel_document (id),
    date         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('registered', 'handed_in', 'checked_out', 'returned_to_custody',
                                               'returned_to_holder', 'refused_to_return', 'marked_expired', 'cancelled')),
    handled_by   TEXT NOT NULL CHECK (handled_by <> ''),
    counterpart  TEXT NOT NULL DEFAULT '',
    trip_id      INTEGER REFERENCES trip (id),
    location     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX document_movement_document ON document_movement (document_id, id);
CREATE INDEX document_movement_trip ON document_movement (trip_id) WHERE trip_id IS NOT NULL;

CREATE TRIGGER document_movement_no_update BEFORE UPDATE ON document_movement
BEGIN
    SELECT RAISE(ABORT, 'the custody log is append-only');
END;

CREATE TRIGGER document_movement_no_delete BEFORE DELETE ON document_movement
BEGIN
    SELECT RAISE(ABORT, 'the custody log is append-only');
END;

-- A trip abroad. The state follows from which steps are recorded (domain::travel::trip); the
-- `state` column is kept in step on every write, for the lists. Refused and withdrawn trips are
-- kept.
CREATE TABLE trip (
    id                      INTEGER PRIMARY KEY,
    person_id               INTEGER NOT NULL REFERENCES person (id),
    -- ISO 3166-1 alpha-2 codes, comma-separated, in the order given.
    destinations            TEXT NOT NULL CHECK (destinations GLOB '[A-Z][A-Z]*'),
    purpose                 TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('official', 'private')),
    requested               TEXT NOT NULL,
    planned_departure       TEXT NOT NULL,
    planned_return          TEXT NOT NULL CHECK (planned_return >= planned_departure),
    -- The planned return as extended (the last extension's new return), for the overdue list.
    current_return          TEXT NOT NULL CHECK (current_return >= planned_return),
    document_id             INTEGER REFERENCES travel_document (id),
    notes                   TEXT NOT NULL DEFAULT '',
    state                   TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'refused', 'briefed', 'document_out',
                                                           'departed', 'returned', 'reported', 'closed', 'withdrawn')),
    -- The decision: 1 approved, 0 refused, NULL none yet.
    approved                INTEGER CHECK (approved IN (0, 1)),
    decided_by              TEXT,
    decided_on              TEXT,
    approval_level          TEXT CHECK (approval_level IN ('standard', 'higher')),
    personnel_opinion       TEXT,
    secrecy_office_opinion  TEXT,
    refusal_reason          TEXT,
    briefed_on              TEXT,
    briefed_by              TEXT,
    briefing_note           TEXT,
    checked_out_on          TEXT,
    checked_out_document    INTEGER REFERENCES travel_document (id),
    departed_on             TEXT,
    returned_on             TEXT CHECK (returned_on >= departed_on),
    reported_on             TEXT,
    report_received_by      TEXT,
    report_summary          TEXT,
    closed_on               TEXT,
    closed_by               TEXT,
    closing_note            TEXT,
    withdrawn_on            TEXT,
    withdrawn_by            TEXT,
    withdrawal_reason       TEXT,
    CHECK ((approved IS NULL) = (decided_on IS NULL)),
    CHECK ((checked_out_on IS NULL) = (checked_out_document IS NULL)),
    CHECK (returned_on IS NULL OR departed_on IS NOT NULL),
    CHECK (departed_on IS NULL OR approved = 1)
) STRICT;

CREATE INDEX trip_person ON trip (person_id, planned_departure);
-- The Travel screen: trips by state, overdue ones (past current_return, not back) first.
CREATE INDEX trip_state ON trip (state, current_return);

-- Extensions of a trip: new return date, reason, approver. Oldest first.
CREATE TABLE trip_extension (
    id               INTEGER PRIMARY KEY,
    trip_id          INTEGER NOT NULL REFERENCES trip (id),
    date             TEXT NOT NULL,
    previous_return  TEXT NOT NULL,
    new_return       TEXT NOT NULL CHECK (new_return > previous_return),
    reason           TEXT NOT NULL CHECK (reason <> ''),
    approver         TEXT NOT NULL CHECK (approver <> '')
) STRICT;

CREATE INDEX trip_extension_trip ON trip_extension (trip_id, id);
