-- Operators' acknowledgements and snoozes of reminders (domain::reminders::Acknowledgement).
-- Reminders themselves are derived from the records and never stored; what an operator did about
-- one is, append-only: a cancellation is a new row, so the trail of who saw what stays whole.

CREATE TABLE reminder_ack (
    id          INTEGER PRIMARY KEY,
    -- The obligation's stable key (`person:42:on_duty:re_review`, `trip:7:report`).
    key         TEXT NOT NULL,
    -- The due date the operator saw: the acknowledgement lapses when the due date changes.
    due_date    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('acknowledged', 'snoozed', 'cancelled')),
    note        TEXT NOT NULL DEFAULT '',
    -- For a snooze: the day the reminder comes back.
    until       TEXT,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    CHECK ((kind = 'snoozed') = (until IS NOT NULL))
) STRICT;

CREATE INDEX reminder_ack_key ON reminder_ack (key, at);

CREATE TRIGGER reminder_ack_no_update BEFORE UPDATE ON reminder_ack
BEGIN
    SELECT RAISE(ABORT, 'reminder acknowledgements are append-only');
END;

CREATE TRIGGER reminder_ack_no_delete BEFORE DELETE ON reminder_ack
BEGIN
    SELECT RAISE(ABORT, 'reminder acknowledgements are append-only');
END;
