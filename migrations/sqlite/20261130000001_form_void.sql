-- Issue 13: an issued form can be voided (its number stays used, the paper is no longer valid):
-- the day, why, and who voided it, kept in the register beside the form. A voided form is not
-- outstanding (no reminder that its signed copy is due) and cannot be marked received.

ALTER TABLE issued_form ADD COLUMN voided_on TEXT;
ALTER TABLE issued_form ADD COLUMN void_reason TEXT;
ALTER TABLE issued_form ADD COLUMN voided_by TEXT;
