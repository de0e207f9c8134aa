import { describe, expect, it } from 'vitest';
import { addDays, destinationNames, splitCodes } from './format';

describe('travel format', () => {
  it('splits destination codes typed with commas, spaces or Chinese punctuation', () => {
    expect(splitCodes(' jp, kr  hk、MO;')).toEqual(['jp', 'kr', 'hk', 'MO']);
    expect(splitCodes('')).toEqual([]);
  });

  it('names destinations in the language shown, keeping unknown codes as typed', () => {
    const list = [{ code: 'HK', name_zh: '中国香港', name_en: 'Hong Kong, China' }, { code: 'JP', name_zh: '日本', name_en: 'Japan' }];
    expect(destinationNames('zh-CN', ['JP', 'HK'], list)).toBe('日本、中国香港');
    expect(destinationNames('en', ['JP', 'XX'], list)).toBe('Japan, XX');
  });

  it('adds calendar days across a month end for form defaults', () => {
    expect(addDays('2026-11-27', 7)).toBe('2026-12-04');
    expect(addDays('not a date', 7)).toBe('not a date');
  });
});
