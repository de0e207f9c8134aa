-- The people table sorted by start date (issue 15): the index on start_date alone left every
-- run of people with the same start date (a whole intake) to be sorted by name for each page;
-- with the name beside it, the first page of that sort is an index walk like the others.
DROP INDEX person_start_date;
CREATE INDEX person_start_date ON person (start_date, name_pinyin);
