-- Row versions (issue 16): an edit made from a screen loaded before another clerk's change is
-- refused instead of silently overwriting it. Every write of a person's or a trip's row raises its
-- version by one; the screen sends back the version it loaded, and the update applies only while
-- the row still has it (`UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`).
-- Adding a column with a constant default rewrites no row.
ALTER TABLE person ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE trip ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
