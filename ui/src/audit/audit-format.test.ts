import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n/i18n.svelte';
import { entityLabel, shortHash } from './audit-format';

describe('audit formatting', () => {
  it('shortens a hash', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

  it('names what an entry changed, in the current language', () => {
    setLang('en');
    expect(entityLabel('person', '12')).toBe('Person #12');
    expect(entityLabel('setting', 'operator')).toBe('Setting · Operator');
    expect(entityLabel('register', '')).toBe('Register');
    expect(entityLabel('gadget', 'x')).toBe('gadget · x');
    setLang('zh-CN');
    expect(entityLabel('person', '12')).toBe('人员 #12');
    expect(entityLabel('setting', 'language')).toBe('设置 · 语言');
  });
});
