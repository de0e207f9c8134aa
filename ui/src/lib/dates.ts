// Dates as the office reads them: calendar days as YYYY-MM-DD, instants in local time.

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An RFC 3339 instant from the audit trail (UTC, often with microseconds) as local
 * `YYYY-MM-DD HH:mm:ss`. The fraction is cut to milliseconds first: not every engine parses more.
 */
export function formatInstant(at: string): string {
  const normalised = at.replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(normalised);
  if (Number.isNaN(d.getTime())) return at;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A calendar day from the backend (already YYYY-MM-DD), or a dash when there is none. */
export function formatDay(day: string | null | undefined): string {
  return day ? day.slice(0, 10) : '—';
}
