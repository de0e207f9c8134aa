import { describe, expect, it } from 'vitest';
import { addDays, byDay, calendarWeeks, daysBetween } from './calendar';

describe('day arithmetic', () => {
  it('crosses month and year ends and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-27', '2027-02-25')).toBe(90);
    expect(daysBetween('2026-11-27', '2026-11-20')).toBe(-7);
  });
});

describe('calendarWeeks', () => {
  // 2026-11-27 is a Friday; 90 days later is Thursday 2027-02-25.
  const weeks = calendarWeeks('2026-11-27', 90);

  it('starts on the Monday of the first week and ends with the week of the horizon', () => {
    expect(weeks[0][0].date).toBe('2026-11-23');
    expect(weeks.at(-1)?.[6].date).toBe('2027-02-28');
    expect(weeks).toHaveLength(14);
    for (const w of weeks) expect(w).toHaveLength(7);
  });

  it('marks the days inside the period, today, weekends and month starts', () => {
    const all = weeks.flat();
    const inside = all.filter((d) => d.inRange);
    expect(inside).toHaveLength(91);
    expect(inside[0]).toMatchObject({ date: '2026-11-27', isToday: true, showsMonth: true, month: 11 });
    expect(inside.at(-1)?.date).toBe('2027-02-25');
    expect(all.find((d) => d.date === '2026-11-23')?.inRange).toBe(false);
    expect(all.filter((d) => d.showsMonth).map((d) => d.date)).toEqual(['2026-11-27', '2026-12-01', '2027-01-01', '2027-02-01']);
    expect(all.find((d) => d.date === '2026-11-28')?.weekend).toBe(true);
    expect(all.find((d) => d.date === '2026-11-27')?.weekend).toBe(false);
  });

  it('needs only one week when the period is a day inside it', () => {
    expect(calendarWeeks('2026-11-23', 0)).toHaveLength(1);
  });
});

describe('byDay', () => {
  it('collects items by their day in their order', () => {
    const items = [{ d: '2026-12-01', n: 1 }, { d: '2026-12-03', n: 2 }, { d: '2026-12-01', n: 3 }];
    const map = byDay(items, (i) => i.d);
    expect(map.get('2026-12-01')?.map((i) => i.n)).toEqual([1, 3]);
    expect(map.get('2026-12-03')?.map((i) => i.n)).toEqual([2]);
    expect(map.has('2026-12-02')).toBe(false);
  });
});
