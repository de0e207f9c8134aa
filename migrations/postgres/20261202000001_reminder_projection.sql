-- The reminders' projection (issue 15): every supervised person's open obligations with their due
-- dates, so the dashboard is an indexed range read. A projection, never the truth
-- (office::projection). PostgreSQL's dialect of the SQLite step of the same name.
CREATE TABLE reminder_projection (
    key TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    handle TEXT COLLATE "C" NOT NULL,
    person_id BIGINT NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    kind_rank BIGINT NOT NULL,
    subject_type TEXT COLLATE "C" NOT NULL,
    subject_id BIGINT NOT NULL,
    step_id TEXT COLLATE "C",
    name_zh TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C" NOT NULL,
    due_date DATE NOT NULL,
    lead_days BIGINT NOT NULL,
    -- due_date − lead_days: the first day the reminder is listed (upcoming).
    starts_on DATE NOT NULL,
    rule_id TEXT COLLATE "C" NOT NULL,
    citation_zh TEXT COLLATE "C" NOT NULL,
    citation_en TEXT COLLATE "C" NOT NULL,
    -- 0 or 1.
    beyond_calendar BIGINT NOT NULL,
    unit TEXT COLLATE "C" NOT NULL
);
CREATE INDEX reminder_projection_order ON reminder_projection (due_date, person_id, kind_rank, key);
CREATE INDEX reminder_projection_listed ON reminder_projection (starts_on, due_date, kind_rank, unit);
CREATE INDEX reminder_projection_by_person ON reminder_projection (person_id);
CREATE INDEX reminder_projection_handle ON reminder_projection (handle);

CREATE TABLE reminder_projection_person (
    person_id BIGINT NOT NULL PRIMARY KEY,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL
);
CREATE INDEX reminder_projection_person_until ON reminder_projection_person (valid_until);
CREATE INDEX reminder_projection_person_from ON reminder_projection_person (valid_from);
