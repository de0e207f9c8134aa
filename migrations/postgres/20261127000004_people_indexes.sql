-- Indexes found by the register benchmark (docs/performance.md): the people table's total counts
-- only active people, and the level + unit filters are used together. (The same step on SQLite.)
CREATE INDEX person_archived ON person (archived_on);
CREATE INDEX person_level_unit ON person (level, unit, name_pinyin);
