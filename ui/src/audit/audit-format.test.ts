import { describe, expect, it } from 'vitest';
import { shortHash } from './audit-format';

describe('audit formatting', () => {
  it('shortens a hash', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

});
