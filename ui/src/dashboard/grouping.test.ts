import { describe, expect, it } from 'vitest';
import { groupRows } from './grouping';

const rows = [
  { id: 'a', state: 'overdue', kind: 're_review', unit: '机要室' },
  { id: 'b', state: 'overdue', kind: 'onboarding_step', unit: '档案室' },
  { id: 'c', state: 'due', kind: 're_review', unit: '机要室' },
  { id: 'd', state: 'upcoming', kind: 'onboarding_step', unit: '机要室' },
];

describe('groupRows', () => {
  it('cuts the list by state without reordering it', () => {
    const groups = groupRows(rows, 'state');
    expect(groups.map((g) => g.key)).toEqual(['overdue', 'due', 'upcoming']);
    expect(groups.flatMap((g) => g.rows.map((r) => r.id))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders kinds and units by their most urgent row, keeping overdue first inside each', () => {
    expect(groupRows(rows, 'kind').map((g) => [g.key, g.rows.map((r) => r.id)])).toEqual([
      ['re_review', ['a', 'c']],
      ['onboarding_step', ['b', 'd']],
    ]);
    expect(groupRows(rows, 'unit').map((g) => g.key)).toEqual(['机要室', '档案室']);
  });

  it('has no section for nothing', () => {
    expect(groupRows([], 'kind')).toEqual([]);
  });
});
