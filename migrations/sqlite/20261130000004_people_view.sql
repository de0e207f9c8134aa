-- What the people table shows beside each person's details (issue 13): the lifecycle stage, the
-- day they went on duty, and their next due item (the earliest open obligation the reminders
-- derive: its date, lead time, kind, key and words). A projection, never the truth: the office
-- layer rewrites a person's columns in the same transaction as every write that touches them
-- (office::people_view), and rewrites every person's when the day or the policy changed since
-- the last full pass (the setting `people_view.basis`). Sorting and paging then read indexes
-- instead of deriving 200,000 people's reminders per page.
ALTER TABLE person ADD COLUMN stage_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN on_duty_since TEXT;
ALTER TABLE person ADD COLUMN due_date TEXT;
ALTER TABLE person ADD COLUMN due_lead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN due_kind TEXT;
ALTER TABLE person ADD COLUMN due_key TEXT;
ALTER TABLE person ADD COLUMN due_zh TEXT;
ALTER TABLE person ADD COLUMN due_en TEXT;

-- The stage in lifecycle order (onboarding 0 … released 4), from the lifecycle table.
UPDATE person SET stage_rank = (
    SELECT CASE l.stage WHEN 'onboarding' THEN 0 WHEN 'on_duty' THEN 1 WHEN 'departing' THEN 2
        WHEN 'decommissioning' THEN 3 ELSE 4 END
    FROM lifecycle l WHERE l.person_id = person.id
) WHERE id IN (SELECT person_id FROM lifecycle);
UPDATE person SET on_duty_since = (
    SELECT json_extract(l.state, '$.on_duty_since') FROM lifecycle l WHERE l.person_id = person.id
) WHERE id IN (SELECT person_id FROM lifecycle);

-- Sorting by stage or by next due (nothing due sorts last: the expression is the ORDER BY's).
CREATE INDEX person_stage_rank ON person (stage_rank, name_pinyin);
CREATE INDEX person_due_date ON person (coalesce(due_date, '9999-12-31'), name_pinyin);

-- The Training screen lists past sessions newest first.
CREATE INDEX training_session_date ON training_session (date, id);
