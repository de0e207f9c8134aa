import { describe, expect, it } from 'vitest';
import type { PersonSummary } from '../bindings/PersonSummary';
import type { PersonId } from '../bindings/PersonId';
import { addAll, toggle } from './attendees';

const person = (id: number, name: string, unit = '一室'): PersonSummary => ({
  id: id as unknown as PersonId, name, staff_no: `S${id}`, id_number_masked: '****', unit, post: '', level: 'core',
  start_date: '2026-01-01', archived: false,
});

describe('chosen attendees', () => {
  it('toggles one person in and out', () => {
    const a = person(1, '张三');
    const once = toggle([], a);
    expect(once.map((p) => p.name)).toEqual(['张三']);
    expect(toggle(once, a)).toEqual([]);
  });

  it('adds everyone of a unit after those chosen, without anyone twice', () => {
    const chosen = toggle([], person(2, '李四'));
    const unit = [person(1, '张三'), person(2, '李四'), person(3, '王五')];
    expect(addAll(chosen, unit).map((p) => p.name)).toEqual(['李四', '张三', '王五']);
  });
});
