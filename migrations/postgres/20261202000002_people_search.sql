-- The people table and its search at any size (issue 15). The same indexes as the SQLite step of
-- the same name; the prefix searches read them as ranges (`col COLLATE "C" >= ? AND < ?`,
-- store/people.rs), which every text column's "C" collation lets a btree index serve.
DROP INDEX person_start_date;
CREATE INDEX person_start_date ON person (start_date, name_pinyin);

DROP INDEX person_level_unit;
CREATE INDEX person_level_unit ON person (level, unit, archived_on, name_pinyin);

DROP INDEX person_name_folded;
CREATE INDEX person_name_folded ON person (name_folded, name_pinyin, archived_on);
DROP INDEX person_name_initials;
CREATE INDEX person_name_initials ON person (name_initials, name_pinyin, archived_on);
DROP INDEX person_id_reversed;
CREATE INDEX person_id_reversed ON person (id_reversed, name_pinyin, archived_on);
CREATE INDEX person_name_pinyin_search ON person (name_pinyin, archived_on);
CREATE INDEX person_staff_no_search ON person (staff_no, name_pinyin, archived_on);
CREATE INDEX person_id_number_search ON person (id_number, name_pinyin, archived_on);
