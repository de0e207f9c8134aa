import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { format } from './i18n.svelte';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders for every key', () => {
    const zh = zhCN as Record<string, string>;
    for (const [key, text] of Object.entries(en)) {
      expect(holes(zh[key]), key).toEqual(holes(text));
    }
  });

  it('have no empty text', () => {
    for (const catalog of [en, zhCN]) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('translate every audit action code and person field the backend sends', () => {
    const actions = ['person.add', 'person.edit', 'person.level', 'person.archive', 'person.unarchive',
      'operator.set', 'settings.language', 'sample.load'];
    const fields = ['name', 'staff_no', 'id_number', 'sex', 'birth_date', 'unit', 'post', 'level',
      'start_date', 'phone', 'notes', 'effective', 'reason'];
    for (const a of actions) expect(en).toHaveProperty([`action.${a}`]);
    for (const f of fields) expect(en).toHaveProperty([`field.${f}`]);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{from}–{to} of {total}', { from: 1, to: 50, total: '1,234' })).toBe('1–50 of 1,234');
    expect(format('Entry {seq}', {})).toBe('Entry {seq}');
    expect(format('plain')).toBe('plain');
  });
});
