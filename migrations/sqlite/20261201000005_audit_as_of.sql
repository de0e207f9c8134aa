-- An entry made while "today" was shifted (the hidden `--today`, administrators only) records
-- the day it was made as of beside the real instant in `at`. Sealed into the entry's hash only
-- when present, so every chain written before this column still verifies.

ALTER TABLE audit_log ADD COLUMN as_of TEXT;
