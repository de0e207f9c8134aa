import { describe, expect, it } from 'vitest';
import { maskForDisplay } from './mask';

describe('maskForDisplay', () => {
  it('keeps the last four characters, like the lists', () => {
    expect(maskForDisplay('440304198506171238')).toBe('**************1238');
    expect(maskForDisplay('11010519491231002X')).toBe('**************002X');
    expect(maskForDisplay('ABC')).toBe('ABC');
    expect(maskForDisplay('')).toBe('');
  });
});
