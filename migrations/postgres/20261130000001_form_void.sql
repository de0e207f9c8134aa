-- Issue 13: an issued form can be voided (its number stays used, the paper is no longer valid):
-- the day, why, and who voided it. (The same step on SQLite.)

ALTER TABLE issued_form ADD COLUMN voided_on DATE;
ALTER TABLE issued_form ADD COLUMN void_reason TEXT COLLATE "C";
ALTER TABLE issued_form ADD COLUMN voided_by TEXT COLLATE "C";
