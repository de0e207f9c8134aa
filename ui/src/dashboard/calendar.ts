// The dashboard's 90-day calendar as week rows (Monday first), and day arithmetic on the
// backend's calendar days (YYYY-MM-DD). Days are computed in UTC so a daylight-saving change
// never shifts a date.

/** One cell of the grid. */
export type CalendarDay = {
  date: string;
  /** Day of the month, 1–31. */
  day: number;
  /** Inside the shown period (cells before it or after it only complete the weeks). */
  inRange: boolean;
  /** The first day of a month, or the first cell shown: the cell names its month. */
  showsMonth: boolean;
  /** 1–12. */
  month: number;
  isToday: boolean;
  weekend: boolean;
};

const DAY_MS = 86_400_000;

function toUtc(day: string): number {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` plus `n` days (n may be negative). */
export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/**
 * Week rows covering `from` to `from + days` inclusive (the backend's horizon), each of seven
 * days from Monday to Sunday.
 */
export function calendarWeeks(from: string, days: number): CalendarDay[][] {
  const start = toUtc(from);
  const end = start + days * DAY_MS;
  const weekday = (new Date(start).getUTCDay() + 6) % 7; // Monday = 0
  const weeks: CalendarDay[][] = [];
  for (let ms = start - weekday * DAY_MS; ms <= end; ms += 7 * DAY_MS) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      const at = ms + i * DAY_MS;
      const d = new Date(at);
      const inRange = at >= start && at <= end;
      week.push({
        date: fromUtc(at),
        day: d.getUTCDate(),
        month: d.getUTCMonth() + 1,
        inRange,
        showsMonth: inRange && (d.getUTCDate() === 1 || at === start),
        isToday: at === start,
        weekend: i >= 5,
      });
    }
    weeks.push(week);
  }
  return weeks;
}

/** Items by their day, keeping the order they came in. */
export function byDay<T>(items: readonly T[], dayOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = dayOf(item).slice(0, 10);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}
