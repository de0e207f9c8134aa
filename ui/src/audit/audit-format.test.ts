import { describe, expect, it } from 'vitest';
import { actionCodes, actionGroups, actionsFor, exportName, formatOfPath, groupOf, shortHash } from './audit-format';

describe('audit formatting', () => {
  it('shortens a hash', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

  const catalog = {
    'action.person.add': '新增人员',
    'action.trip.request': '出国(境)申请',
    'action.trip.approve': '出国(境)批准',
    'action.photo.set': '照片',
    'stage.on_duty': '在岗',
  };

  it('reads the actions from the terms catalogue and groups them by family', () => {
    const codes = actionCodes(catalog);
    expect(codes).toEqual(['person.add', 'trip.request', 'trip.approve', 'photo.set']);
    expect(groupOf('trip.request')).toBe('trip');
    expect(groupOf('photo.set')).toBe('other');
    expect(actionGroups(codes).map((g) => [g.group, g.codes.length])).toEqual([
      ['person', 1],
      ['trip', 2],
      ['other', 1],
    ]);
  });

  it('turns the action choice into the codes to filter by', () => {
    const codes = actionCodes(catalog);
    expect(actionsFor('', codes)).toEqual([]);
    expect(actionsFor('group:trip', codes)).toEqual(['trip.request', 'trip.approve']);
    expect(actionsFor('person.add', codes)).toEqual(['person.add']);
  });

  it('names the export and reads the format from the chosen path', () => {
    expect(exportName('审计记录', '2026-11-30', 'xlsx')).toBe('审计记录-2026-11-30.xlsx');
    expect(exportName('A/B', '2026-11-30', 'csv')).toBe('A-B-2026-11-30.csv');
    expect(formatOfPath('/home/x/trail.CSV', 'xlsx')).toBe('csv');
    expect(formatOfPath('/home/x/trail', 'xlsx')).toBe('xlsx');
  });
});
