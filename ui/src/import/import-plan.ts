// What the Import screen works out itself from the backend's report: the clerk's corrections of
// the column matching (sent as `map`), the columns as the clerk chose them, the required fields
// no column fills, the faults in the order the clerk fixes them, and the counts.
//
// The backend stays the authority: every change is previewed by `import_preview`, which checks
// every row exactly as the import would. This module only keeps the screen honest between the
// clerk's choice and the next report (and when the matching is refused, the report's columns are
// the file's own matching, without the corrections: the screen shows the corrections over them).
import type { ColumnChoice } from '../bindings/ColumnChoice';
import type { ColumnMatch } from '../bindings/ColumnMatch';
import type { ImportFault } from '../bindings/ImportFault';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportReport } from '../bindings/ImportReport';
import type { RosterField } from '../bindings/RosterField';

/** Every field a roster column can fill, in the order the template lists them. */
export const ROSTER_FIELDS = [
  'name',
  'staff_no',
  'id_number',
  'sex',
  'birth_date',
  'unit',
  'post',
  'level',
  'phone',
  'start_date',
  'notes',
  'stage',
  'onboarding_done',
  'last_training',
  'last_review',
  'last_commitment',
  'departure_date',
  'decommissioning_end',
] as const satisfies readonly RosterField[];

// A field added in Rust (and so in the bindings) but not here fails the type check.
type Unlisted = Exclude<RosterField, (typeof ROSTER_FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : never = true;
void everyFieldListed;

/** The fields a roster must have a column for (as the backend's `REQUIRED`). */
export const REQUIRED_FIELDS: readonly RosterField[] = ['name', 'staff_no', 'id_number', 'unit', 'level'];

export function isRequired(field: RosterField): boolean {
  return REQUIRED_FIELDS.includes(field);
}

/** A select's value for a field, and back: '' is "not imported". */
export function fieldValue(field: RosterField | null): string {
  return field ?? '';
}

export function fieldOf(value: string): RosterField | null {
  return (ROSTER_FIELDS as readonly string[]).includes(value) ? (value as RosterField) : null;
}

/**
 * The corrections after the clerk set the column `letter` to `field`: one correction per column,
 * the latest last (the backend applies them in order, a field moving to the column it is chosen
 * for last).
 */
export function correct(corrections: readonly ColumnChoice[], letter: string, field: RosterField | null): ColumnChoice[] {
  return [...corrections.filter((c) => c.column !== letter), { column: letter, field }];
}

/**
 * The columns with the corrections applied as the backend applies them: each sets its column's
 * field, and a field moves — no other column keeps it. Applying them to columns that already
 * carry them changes nothing. A correction naming no column of the file is left out.
 */
export function applyCorrections(columns: readonly ColumnMatch[], corrections: readonly ColumnChoice[]): ColumnMatch[] {
  const out = columns.map((c) => ({ ...c }));
  for (const choice of corrections) {
    const at = out.findIndex((c) => c.letter === choice.column);
    if (at < 0) continue;
    if (choice.field !== null) {
      for (const c of out) if (c.field === choice.field) c.field = null;
    }
    out[at].field = choice.field;
  }
  return out;
}

/** The corrections that name a column of the file: what to send as `map`. */
export function mapFor(columns: readonly ColumnMatch[], corrections: readonly ColumnChoice[]): ColumnChoice[] {
  const letters = new Set(columns.map((c) => c.letter));
  return corrections.filter((c) => letters.has(c.column)).map((c) => ({ column: c.column, field: c.field }));
}

/** The required fields no column fills, in the template's order. */
export function missingRequired(columns: readonly ColumnMatch[]): RosterField[] {
  const filled = new Set(columns.map((c) => c.field));
  return REQUIRED_FIELDS.filter((f) => !filled.has(f));
}

/** The letters of the columns that fill a field another column fills too. */
export function repeatedColumns(columns: readonly ColumnMatch[]): Set<string> {
  const by = new Map<RosterField, string[]>();
  for (const c of columns) if (c.field !== null) by.set(c.field, [...(by.get(c.field) ?? []), c.letter]);
  return new Set([...by.values()].filter((letters) => letters.length > 1).flat());
}

/** What the screen sends: the file's sheet and encoding, the corrections, update or not. */
export type ImportChoices = {
  sheet: string | null;
  encoding: string | null;
  corrections: ColumnChoice[];
  update: boolean;
};

export function freshChoices(): ImportChoices {
  return { sheet: null, encoding: null, corrections: [], update: false };
}

/**
 * The options of a preview or an import. `columns` are the file's columns as last reported (the
 * corrections naming none of them are not sent); before any report, every correction is.
 */
export function optionsFor(choices: ImportChoices, columns: readonly ColumnMatch[] | null): ImportOptions {
  return {
    sheet: choices.sheet,
    map: columns ? mapFor(columns, choices.corrections) : choices.corrections.map((c) => ({ ...c })),
    encoding: choices.encoding,
    dry_run: true,
    update: choices.update,
  };
}

/** The column a fault names, as the spreadsheet shows it: "C 身份证号" (its letter and header). */
export function faultColumn(fault: ImportFault, columns: readonly ColumnMatch[]): { letter: string | null; header: string | null } {
  if (fault.column === null) return { letter: null, header: null };
  const named = fault.column.trim();
  const found = columns.find((c) => c.header === named) ?? columns.find((c) => c.letter === named);
  return found ? { letter: found.letter, header: found.header } : { letter: null, header: named };
}

/**
 * The faults in the order the clerk works through the spreadsheet: the file as a whole first
 * (row 0), then by row, and within a row from the left; otherwise as the backend listed them.
 */
export function sortFaults(faults: readonly ImportFault[], columns: readonly ColumnMatch[]): ImportFault[] {
  const position = (f: ImportFault) => {
    const { letter } = faultColumn(f, columns);
    return letter === null ? -1 : columns.findIndex((c) => c.letter === letter);
  };
  return faults
    .map((f, i) => ({ f, i, at: position(f) }))
    .sort((a, b) => a.f.row - b.f.row || a.at - b.at || a.i - b.i)
    .map((x) => x.f);
}

/** The rows of the file with at least one fault (the file as a whole not counted). */
export function faultyRows(faults: readonly ImportFault[]): number {
  return new Set(faults.filter((f) => f.row > 0).map((f) => f.row)).size;
}

export type ImportCounts = {
  /** People in the file. */
  rows: number;
  /** New people the import adds. */
  add: number;
  /** People already in the register whose details the import updates where the file differs. */
  update: number;
  /** Rows refused (each needs fixing before anything is written). */
  refused: number;
};

/**
 * The counts of a preview. The backend's dry run counts the people it would add; the people it
 * would update are the rows that passed (every row but the refused ones) less those — with
 * "update" off, people already in the register are themselves refused.
 */
export function countsOf(report: ImportReport, update: boolean): ImportCounts {
  const refused = faultyRows(report.faults);
  if (report.written) return { rows: report.rows, add: report.added, update: report.updated, refused: 0 };
  const passed = Math.max(0, report.rows - refused);
  return { rows: report.rows, add: report.added, update: update ? Math.max(0, passed - report.added) : 0, refused };
}

/** Whether the report lets the import run: read, matched, at least one person, no fault. */
export function canImport(report: ImportReport | null): boolean {
  return report !== null && !report.written && report.faults.length === 0 && report.rows > 0;
}
