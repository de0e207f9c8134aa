-- Travel in real life (issue 13): a travel document checked out earlier than the policy's lead
-- time, with the reason and the approver's name; planned dates of a trip corrected before the
-- departure, each correction kept.

-- The early check-out of a movement (empty for every other movement and for a check-out within
-- the lead time).
ALTER TABLE document_movement ADD COLUMN early_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE document_movement ADD COLUMN early_approver TEXT NOT NULL DEFAULT '';

-- The trip's early check-out (both NULL when the check-out was within the lead time or none yet).
ALTER TABLE trip ADD COLUMN checkout_early_reason TEXT;
ALTER TABLE trip ADD COLUMN checkout_early_approver TEXT;

-- Corrections of a trip's planned dates, oldest first. Append-only, like the custody log.
CREATE TABLE trip_correction (
    id                  INTEGER PRIMARY KEY,
    trip_id             INTEGER NOT NULL REFERENCES trip (id),
    date                TEXT NOT NULL,
    corrected_by        TEXT NOT NULL CHECK (corrected_by <> ''),
    previous_departure  TEXT NOT NULL,
    previous_return     TEXT NOT NULL,
    new_departure       TEXT NOT NULL,
    new_return          TEXT NOT NULL CHECK (new_return >= new_departure),
    reason              TEXT NOT NULL CHECK (reason <> '')
) STRICT;

CREATE INDEX trip_correction_trip ON trip_correction (trip_id, id);

CREATE TRIGGER trip_correction_no_update BEFORE UPDATE ON trip_correction
BEGIN
    SELECT RAISE(ABORT, 'trip corrections are append-only');
END;

CREATE TRIGGER trip_correction_no_delete BEFORE DELETE ON trip_correction
BEGIN
    SELECT RAISE(ABORT, 'trip corrections are append-only');
END;
