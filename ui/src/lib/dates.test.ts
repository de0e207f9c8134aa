import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant } from './dates';

describe('formatInstant', () => {
  it('shows a UTC instant with microseconds in local time', () => {
    const at = '2026-11-27T08:24:05.123456Z';
    const d = new Date(Date.UTC(2026, 10, 27, 8, 24, 5, 123));
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    expect(formatInstant(at)).toBe(expected);
  });
  it('leaves text it cannot read as it is', () => {
    expect(formatInstant('not a time')).toBe('not a time');
  });
});

describe('formatDay', () => {
  it('keeps YYYY-MM-DD and shows a dash for nothing', () => {
    expect(formatDay('2025-03-10')).toBe('2025-03-10');
    expect(formatDay(null)).toBe('—');
  });
});
