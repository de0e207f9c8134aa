import { describe, expect, it } from 'vitest';
import type { ColumnMatch } from '../bindings/ColumnMatch';
import type { ImportFault } from '../bindings/ImportFault';
import type { ImportReport } from '../bindings/ImportReport';
import type { RosterField } from '../bindings/RosterField';
import {
  applyCorrections,
  canImport,
  correct,
  countsOf,
  faultColumn,
  fieldOf,
  fieldValue,
  freshChoices,
  mapFor,
  missingRequired,
  optionsFor,
  repeatedColumns,
  REQUIRED_FIELDS,
  ROSTER_FIELDS,
  sortFaults,
} from './import-plan';

const col = (column: number, header: string, field: RosterField | null): ColumnMatch => ({
  column,
  letter: String.fromCharCode(65 + column),
  header,
  field,
});

// A roster as offices keep it: Chinese and English headers, one column nobody expects.
const COLUMNS: ColumnMatch[] = [
  col(0, '序号', null),
  col(1, '姓名', 'name'),
  col(2, 'Staff No', 'staff_no'),
  col(3, '身份证号', 'id_number'),
  col(4, '部门', 'unit'),
  col(5, '密级', 'level'),
  col(6, '籍贯', null),
  col(7, '上岗日期', 'start_date'),
];

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  file_name: 'roster.xlsx',
  sha256: 'ab',
  sheets: ['Sheet1'],
  sheet: 'Sheet1',
  encoding: null,
  columns: COLUMNS,
  rows: 0,
  preview: [],
  faults: [],
  added: 0,
  updated: 0,
  unchanged: 0,
  written: false,
  ...over,
});

const fault = (row: number, column: string | null, message = 'wrong'): ImportFault => ({ row, who: null, column, message });

describe('the fields', () => {
  it('lists every roster field once, the required ones among them', () => {
    expect(new Set(ROSTER_FIELDS).size).toBe(ROSTER_FIELDS.length);
    expect(ROSTER_FIELDS).toHaveLength(18);
    for (const f of REQUIRED_FIELDS) expect(ROSTER_FIELDS).toContain(f);
  });

  it('turns a select value into a field and back ("" is not imported)', () => {
    expect(fieldValue(null)).toBe('');
    expect(fieldValue('notes')).toBe('notes');
    expect(fieldOf('')).toBeNull();
    expect(fieldOf('notes')).toBe('notes');
    expect(fieldOf('no_such_field')).toBeNull();
  });
});

describe('corrections of the column matching', () => {
  it('keeps one correction per column, the latest last', () => {
    let c = correct([], 'G', 'notes');
    c = correct(c, 'A', null);
    c = correct(c, 'G', null);
    expect(c).toEqual([
      { column: 'A', field: null },
      { column: 'G', field: null },
    ]);
  });

  it('applies a correction as the backend does: the field moves, no other column keeps it', () => {
    const moved = applyCorrections(COLUMNS, correct([], 'A', 'staff_no'));
    expect(moved.find((c) => c.letter === 'A')?.field).toBe('staff_no');
    expect(moved.find((c) => c.letter === 'C')?.field).toBeNull();
    // The report's own columns are left as they were.
    expect(COLUMNS[2].field).toBe('staff_no');
  });

  it('leaves a column out, and fills a column nobody matched', () => {
    const c = correct(correct([], 'G', 'notes'), 'H', null);
    const applied = applyCorrections(COLUMNS, c);
    expect(applied.find((x) => x.letter === 'G')?.field).toBe('notes');
    expect(applied.find((x) => x.letter === 'H')?.field).toBeNull();
  });

  it('changes nothing when applied to columns that already carry the corrections', () => {
    const c = correct(correct(correct([], 'A', 'staff_no'), 'G', 'notes'), 'C', 'post');
    const once = applyCorrections(COLUMNS, c);
    expect(applyCorrections(once, c)).toEqual(once);
  });

  it('sends as map only the corrections naming a column of the file, by letter', () => {
    const c = correct(correct([], 'G', 'notes'), 'Z', 'post');
    expect(mapFor(COLUMNS, c)).toEqual([{ column: 'G', field: 'notes' }]);
  });

  it('names the required fields no column fills', () => {
    expect(missingRequired(COLUMNS)).toEqual([]);
    const without = applyCorrections(COLUMNS, correct(correct([], 'D', null), 'B', 'post'));
    expect(missingRequired(without)).toEqual(['name', 'id_number']);
  });

  it('finds the columns that fill the same field', () => {
    const twice = [...COLUMNS, col(8, '单位', 'unit')];
    expect([...repeatedColumns(twice)].sort()).toEqual(['E', 'I']);
    expect(repeatedColumns(COLUMNS).size).toBe(0);
  });
});

describe('the options of a preview', () => {
  it('carries the sheet, encoding, update and the corrections as map; always a dry run', () => {
    const choices = { ...freshChoices(), sheet: '2024', encoding: 'gb18030', update: true, corrections: correct([], 'G', 'notes') };
    expect(optionsFor(choices, COLUMNS)).toEqual({
      sheet: '2024',
      map: [{ column: 'G', field: 'notes' }],
      encoding: 'gb18030',
      dry_run: true,
      update: true,
    });
  });

  it('starts with the file as it is: first sheet, detected encoding, no corrections, no update', () => {
    expect(optionsFor(freshChoices(), null)).toEqual({ sheet: null, map: [], encoding: null, dry_run: true, update: false });
  });
});

describe('faults', () => {
  it('names the column by its letter and header', () => {
    expect(faultColumn(fault(3, '身份证号'), COLUMNS)).toEqual({ letter: 'D', header: '身份证号' });
    expect(faultColumn(fault(0, 'Q'), COLUMNS)).toEqual({ letter: null, header: 'Q' });
    expect(faultColumn(fault(0, null), COLUMNS)).toEqual({ letter: null, header: null });
  });

  it('sorts them as the clerk works: the file first, then by row, left to right', () => {
    const faults = [fault(7, '身份证号', 'a'), fault(3, '密级', 'b'), fault(3, '姓名', 'c'), fault(0, null, 'd'), fault(3, null, 'e')];
    expect(sortFaults(faults, COLUMNS).map((f) => f.message)).toEqual(['d', 'e', 'c', 'b', 'a']);
  });
});

describe('counts', () => {
  it('counts the people to add and, with update, those already in the register', () => {
    const r = report({ rows: 12, added: 9 });
    expect(countsOf(r, true)).toEqual({ rows: 12, add: 9, update: 3, refused: 0 });
    expect(countsOf(r, false)).toEqual({ rows: 12, add: 9, update: 0, refused: 0 });
  });

  it('does not count refused rows among the updates (a row with two faults is one row)', () => {
    const r = report({ rows: 12, added: 8, faults: [fault(5, '身份证号'), fault(5, '密级'), fault(9, '姓名'), fault(0, null)] });
    expect(countsOf(r, true)).toEqual({ rows: 12, add: 8, update: 2, refused: 2 });
  });

  it('reports what an import did', () => {
    const r = report({ rows: 12, added: 9, updated: 2, unchanged: 1, written: true });
    expect(countsOf(r, true)).toEqual({ rows: 12, add: 9, update: 2, refused: 0 });
  });

  it('lets the import run only on a clean preview with people in it', () => {
    expect(canImport(null)).toBe(false);
    expect(canImport(report({ rows: 3, added: 3 }))).toBe(true);
    expect(canImport(report({ rows: 3, added: 2, faults: [fault(4, '姓名')] }))).toBe(false);
    expect(canImport(report({ rows: 0 }))).toBe(false);
    expect(canImport(report({ rows: 3, added: 3, written: true }))).toBe(false);
  });
});
