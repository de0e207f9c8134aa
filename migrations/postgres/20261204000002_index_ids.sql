-- The row's id in the people indexes, as SQLite has it (issue 16, measured at 200,000 people):
-- every SQLite index ends with the rowid, so the search's arms, their count and the sorted pages
-- (`ORDER BY …, id`) are answered from an index alone there. A PostgreSQL index holds only the
-- columns it names: without the id each match read its table row (a heap block per person found,
-- 460 for "zs") and each sorted page sorted again by id. The same indexes, the id appended.
DROP INDEX person_name_folded;
CREATE INDEX person_name_folded ON person (name_folded, name_pinyin, archived_on, id);
DROP INDEX person_name_initials;
CREATE INDEX person_name_initials ON person (name_initials, name_pinyin, archived_on, id);
DROP INDEX person_id_reversed;
CREATE INDEX person_id_reversed ON person (id_reversed, name_pinyin, archived_on, id);
DROP INDEX person_name_pinyin_search;
CREATE INDEX person_name_pinyin_search ON person (name_pinyin, archived_on, id);
DROP INDEX person_staff_no_search;
CREATE INDEX person_staff_no_search ON person (staff_no, name_pinyin, archived_on, id);
DROP INDEX person_id_number_search;
CREATE INDEX person_id_number_search ON person (id_number, name_pinyin, archived_on, id);

DROP INDEX person_name_pinyin;
CREATE INDEX person_name_pinyin ON person (name_pinyin, id);
DROP INDEX person_level_unit;
CREATE INDEX person_level_unit ON person (level, unit, archived_on, name_pinyin, id);
DROP INDEX person_stage_rank;
CREATE INDEX person_stage_rank ON person (stage_rank, name_pinyin, id);
DROP INDEX person_due_date;
CREATE INDEX person_due_date ON person ((coalesce(due_date, DATE '9999-12-31')), name_pinyin, id);
DROP INDEX person_start_date;
CREATE INDEX person_start_date ON person (start_date, name_pinyin, id);
