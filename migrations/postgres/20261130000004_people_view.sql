-- What the people table shows beside each person's details (issue 13): the lifecycle stage, the
-- day they went on duty, and their next due item. A projection, never the truth (office::people_view).
-- PostgreSQL's dialect of the SQLite step of the same name.
ALTER TABLE person ADD COLUMN stage_rank BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN on_duty_since DATE;
ALTER TABLE person ADD COLUMN due_date DATE;
ALTER TABLE person ADD COLUMN due_lead BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN due_kind TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN due_key TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN due_zh TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN due_en TEXT COLLATE "C";

-- The stage in lifecycle order (onboarding 0 … released 4), from the lifecycle table.
UPDATE person SET stage_rank = (
    SELECT CASE l.stage WHEN 'onboarding' THEN 0 WHEN 'on_duty' THEN 1 WHEN 'departing' THEN 2
        WHEN 'decommissioning' THEN 3 ELSE 4 END
    FROM lifecycle l WHERE l.person_id = person.id
) WHERE id IN (SELECT person_id FROM lifecycle);
-- (SQLite: json_extract(l.state, '$.on_duty_since').)
UPDATE person SET on_duty_since = (
    SELECT CAST(l.state::jsonb ->> 'on_duty_since' AS DATE) FROM lifecycle l WHERE l.person_id = person.id
) WHERE id IN (SELECT person_id FROM lifecycle);

-- Sorting by stage or by next due (nothing due sorts last: the expression is the ORDER BY's,
-- `coalesce(due_date, '9999-12-31')`, the literal a DATE here).
CREATE INDEX person_stage_rank ON person (stage_rank, name_pinyin);
CREATE INDEX person_due_date ON person ((coalesce(due_date, DATE '9999-12-31')), name_pinyin);

-- The Training screen lists past sessions newest first.
CREATE INDEX training_session_date ON training_session (date, id);
