-- The lifecycle of each person (domain::lifecycle): stage, steps done, training sessions,
-- reportable personal events. Calendar dates are ISO 8601 text (YYYY-MM-DD).

-- One row per person who has left onboarding (no row: onboarding). `stage` is kept for filters;
-- `state` is the domain's LifecycleState as JSON (departure, returned items, decommissioning
-- period with its rule and citation, override), written whole on every transition. Dates fixed
-- by a transition are stored here and never recomputed when the policy changes.
CREATE TABLE lifecycle (
    person_id   INTEGER PRIMARY KEY REFERENCES person (id),
    stage       TEXT NOT NULL CHECK (stage IN ('onboarding', 'on_duty', 'departing', 'decommissioning', 'released')),
    state       TEXT NOT NULL
) STRICT;

CREATE INDEX lifecycle_stage ON lifecycle (stage, person_id);

CREATE TABLE step_record (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    step_id     TEXT NOT NULL,
    done_on     TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX step_record_person ON step_record (person_id, done_on);

CREATE TABLE training_session (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours >= 0),
    category    TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;

CREATE TABLE training_attendance (
    session_id  INTEGER NOT NULL REFERENCES training_session (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    PRIMARY KEY (session_id, person_id)
) STRICT;

CREATE INDEX training_attendance_person ON training_attendance (person_id);

CREATE TABLE personal_event (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person (id),
    kind         TEXT NOT NULL,
    date         TEXT NOT NULL,
    action_taken TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL
) STRICT;

CREATE INDEX personal_event_person ON personal_event (person_id, date);
