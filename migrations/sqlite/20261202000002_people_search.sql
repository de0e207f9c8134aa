-- The people table and its search at any size (issue 15; docs/performance.md, "Search and the
-- people table at 200,000").

-- Sorted by start date: the index on start_date alone left every run of people with the same
-- start date (a whole intake) to be sorted by name for each page; with the name beside it, the
-- first page of that sort is an index walk like the others.
DROP INDEX person_start_date;
CREATE INDEX person_start_date ON person (start_date, name_pinyin);

-- Filtered by level and unit together: the archive date before the name, so the active people of
-- a level and unit are one range in name order (the first page an index walk) and their count up
-- to the pager's threshold reads index entries only, no table row. (The level's and the unit's own
-- indexes keep the name right after their column: they are also the table's sort by level or unit.)
DROP INDEX person_level_unit;
CREATE INDEX person_level_unit ON person (level, unit, archived_on, name_pinyin);

-- Search as you type, sorted by name (issue 15): each way a person is found (name as typed, full
-- pinyin, pinyin initials, staff number, ID number and its reversal) is an index that carries the
-- name's pinyin and the archive date too, so the first page of a broad match (a single letter
-- matches tens of thousands of people) is taken from the indexes alone, without reading each
-- matching row (store/people.rs `name_sorted_search`), and so is their count. (The full pinyin's
-- own index stays as it is: it is the table's name order, which the archive date would
-- interrupt.) Indexes are kept by SQLite on every write of a person row (insert, edit, archive,
-- import, restore): nothing else to keep in step.
DROP INDEX person_name_folded;
CREATE INDEX person_name_folded ON person (name_folded, name_pinyin, archived_on);
DROP INDEX person_name_initials;
CREATE INDEX person_name_initials ON person (name_initials, name_pinyin, archived_on);
DROP INDEX person_id_reversed;
CREATE INDEX person_id_reversed ON person (id_reversed, name_pinyin, archived_on);
CREATE INDEX person_name_pinyin_search ON person (name_pinyin, archived_on);
CREATE INDEX person_staff_no_search ON person (staff_no, name_pinyin, archived_on);
CREATE INDEX person_id_number_search ON person (id_number, name_pinyin, archived_on);
