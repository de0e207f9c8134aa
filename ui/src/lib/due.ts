// One reading of a due date everywhere (dashboard, person page, trip page, custody register): the
// backend gives the state (`deadline::due_state`: upcoming within the lead time, due on the day,
// overdue after, with the days overdue); this puts it in the same words on every screen.
import type { DueState } from '../bindings/DueState';
import { t } from '../i18n/i18n.svelte';

const DAY_MS = 86_400_000;

function utc(day: string): number {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/**
 * "逾期 12 天" / "今日到期" / "还有 5 天" ("12 days overdue" / "Due today" / "5 days left") for an
 * obligation in `state` on `asOf`; `null` when it is not within its lead time yet (no state).
 */
export function dueText(state: DueState | null | undefined, daysOverdue: number | bigint, dueDate: string, asOf: string): string | null {
  if (!state) return null;
  if (state === 'overdue') {
    const n = Number(daysOverdue);
    return n === 1 ? t('dashboard.dayOverdue') : t('dashboard.daysOverdue', { n });
  }
  if (state === 'due') return t('dashboard.dueToday');
  const left = daysFrom(asOf, dueDate);
  return left === 1 ? t('dashboard.dayLeft') : t('dashboard.daysLeft', { n: left });
}
