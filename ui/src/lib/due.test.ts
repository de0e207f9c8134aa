import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n/i18n.svelte';
import { daysFrom, dueText } from './due';

describe('dueText', () => {
  it('reads a state the same way the dashboard does', () => {
    setLang('zh-CN');
    expect(dueText('overdue', 12, '2026-11-15', '2026-11-27')).toBe('逾期 12 天');
    expect(dueText('overdue', 1n, '2026-11-26', '2026-11-27')).toBe('逾期 1 天');
    expect(dueText('due', 0, '2026-11-27', '2026-11-27')).toBe('今日到期');
    expect(dueText('upcoming', 0, '2026-12-02', '2026-11-27')).toBe('还有 5 天');
    expect(dueText(null, 0, '2027-01-30', '2026-11-27')).toBeNull();
    setLang('en');
    expect(dueText('due', 0, '2026-11-27', '2026-11-27')).toBe('Due today');
  });

  it('counts days across months and years', () => {
    expect(daysFrom('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysFrom('2026-03-01', '2026-02-27')).toBe(-2);
  });
});
