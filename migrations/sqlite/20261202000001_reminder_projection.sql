-- The reminders' projection (issue 15): every supervised person's open obligations with their due
-- dates, so the dashboard is an indexed range read instead of deriving 200,000 people's
-- reminders on every call. A projection, never the truth: the office layer rewrites a person's
-- rows in the same transaction as every write that touches them (office::projection), and
-- `reminders check` compares it with a full recomputation from the records.
--
-- One row per open obligation, as `reminders::Obligation` has it, with what the dashboard filters
-- and sorts by copied beside it (the person's unit; the kind's position in the dashboard's order).
CREATE TABLE reminder_projection (
    key TEXT NOT NULL PRIMARY KEY,
    -- reminders::handle(key): what the CLI prints and takes back.
    handle TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    -- ReminderKind in snake_case, and its position in ReminderKind::ALL (ties sort by it).
    kind TEXT NOT NULL,
    kind_rank INTEGER NOT NULL,
    -- Subject: 'person' | 'trip' | 'document', and the record's id.
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    step_id TEXT,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    due_date TEXT NOT NULL,
    lead_days INTEGER NOT NULL,
    -- due_date − lead_days: the first day the reminder is listed (upcoming).
    starts_on TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    citation_zh TEXT NOT NULL,
    citation_en TEXT NOT NULL,
    beyond_calendar INTEGER NOT NULL,
    unit TEXT NOT NULL
);
-- The dashboard's order: overdue first (earliest due), then due, then upcoming; then person, kind, key.
CREATE INDEX reminder_projection_order ON reminder_projection (due_date, person_id, kind_rank, key);
-- What is listed on a day (starts_on ≤ day), counted by kind and unit without reading the rows.
CREATE INDEX reminder_projection_listed ON reminder_projection (starts_on, due_date, kind_rank, unit);
-- (Named apart from the table below: SQLite keeps tables and indexes in one namespace.)
CREATE INDEX reminder_projection_by_person ON reminder_projection (person_id);
CREATE INDEX reminder_projection_handle ON reminder_projection (handle);

-- For each person, the days the stored rows hold for: derived from the records with the rules
-- of the day they were computed, they are the same for every day in [valid_from, valid_until)
-- (no dated record, year's end or due date of theirs falls between). A person whose interval
-- has ended is computed again (office::projection); a person without a row was never computed.
CREATE TABLE reminder_projection_person (
    person_id INTEGER NOT NULL PRIMARY KEY,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL
);
CREATE INDEX reminder_projection_person_until ON reminder_projection_person (valid_until);
-- People whose interval starts after a day (an as-of day in the past): counted with the index.
CREATE INDEX reminder_projection_person_from ON reminder_projection_person (valid_from);
