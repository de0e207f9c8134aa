// How the travel screens name things. The states, kinds and deadlines come from the backend;
// this only picks labels and colours for them.
import type { Country } from '../bindings/Country';
import type { DocumentStatus } from '../bindings/DocumentStatus';
import type { Lang } from '../bindings/Lang';
import type { TripState } from '../bindings/TripState';

export type Tone = 'neutral' | 'info' | 'ok' | 'warn' | 'danger' | 'done';

export const TRIP_STATES: TripState[] = [
  'requested',
  'approved',
  'briefed',
  'document_out',
  'departed',
  'returned',
  'reported',
  'closed',
  'refused',
  'withdrawn',
];

export function tripTone(state: TripState): Tone {
  switch (state) {
    case 'requested':
      return 'warn';
    case 'approved':
    case 'briefed':
    case 'document_out':
      return 'info';
    case 'departed':
    case 'returned':
      return 'ok';
    case 'refused':
      return 'danger';
    default:
      return 'done';
  }
}

export function documentTone(status: DocumentStatus): Tone {
  switch (status) {
    case 'in_custody':
      return 'ok';
    case 'checked_out':
      return 'info';
    case 'awaiting_hand_in':
      return 'warn';
    case 'refused_to_return':
      return 'danger';
    default:
      return 'done';
  }
}

export function countryName(lang: Lang, c: Country): string {
  return lang === 'zh-CN' ? c.name_zh : c.name_en;
}

/** Destination codes with their names, from a country list (the code itself when unknown). */
export function destinationNames(lang: Lang, codes: string[], countries: Country[]): string {
  return codes
    .map((code) => {
      const c = countries.find((x) => x.code === code);
      return c ? countryName(lang, c) : code;
    })
    .join(lang === 'zh-CN' ? '、' : ', ');
}

/** Splits what was typed into a destinations field ("jp, kr hk") into codes as typed. */
export function splitCodes(text: string): string[] {
  return text
    .split(/[\s,,、;;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** YYYY-MM-DD plus `days` (calendar days), for form defaults only. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
