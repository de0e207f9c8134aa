-- An entry made while "today" was shifted records the day it was made as of (a DATE here; read
-- back as text, `CAST(as_of AS TEXT)`, on both backends). PostgreSQL's dialect of the SQLite step
-- of the same name.
ALTER TABLE audit_log ADD COLUMN as_of DATE;
