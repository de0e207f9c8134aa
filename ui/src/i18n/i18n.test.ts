import { describe, expect, it } from 'vitest';
import en from './en.json';
import termsEn from './terms.en.json';
import termsZhCN from './terms.zh-CN.json';
import zhCN from './zh-CN.json';
import { catalogs, format, languageOf } from './i18n.svelte';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const PAIRS: [string, Record<string, string>, Record<string, string>][] = [
  ['UI labels', en, zhCN],
  ['generated terms', termsEn, termsZhCN],
];

describe('translation files', () => {
  for (const [name, english, chinese] of PAIRS) {
    it(`${name}: zh-CN and en have exactly the same keys`, () => {
      expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    });

    it(`${name}: the same placeholders for every key`, () => {
      for (const [key, text] of Object.entries(english)) {
        expect(holes(chinese[key]), key).toEqual(holes(text));
      }
    });

    it(`${name}: no empty text`, () => {
      for (const catalog of [english, chinese]) {
        for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('');
      }
    });
  }

  it('say each word once: no UI key is also a generated term', () => {
    const terms = new Set(Object.keys(termsEn));
    expect(Object.keys(en).filter((k) => terms.has(k))).toEqual([]);
    expect(Object.keys(zhCN).filter((k) => terms.has(k))).toEqual([]);
  });

  it('merge into one dictionary per language', () => {
    const size = Object.keys(en).length + Object.keys(termsEn).length;
    expect(Object.keys(catalogs.en)).toHaveLength(size);
    expect(Object.keys(catalogs['zh-CN'])).toHaveLength(size);
    expect(catalogs['zh-CN']['stage.on_duty']).toBe(termsZhCN['stage.on_duty']);
    expect(catalogs.en['common.save']).toBe(en['common.save']);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{from}–{to} of {total}', { from: 1, to: 50, total: '1,234' })).toBe('1–50 of 1,234');
    expect(format('Entry {seq}', {})).toBe('Entry {seq}');
    expect(format('plain')).toBe('plain');
  });
});

describe('languageOf', () => {
  it('tells the language of a message from the backend by its script', () => {
    expect(languageOf('该文件是其他程序的数据库,不是 Clearance Tracker 登记册,未作任何更改。请选择登记册文件')).toBe('zh-CN');
    expect(languageOf("This file is another program's database, not a Clearance Tracker register; nothing was changed.")).toBe('en');
    expect(languageOf('404')).toBeNull();
  });
});
