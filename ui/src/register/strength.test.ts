import { describe, expect, it } from 'vitest';
import { passphraseStrength } from './strength';

describe('passphraseStrength', () => {
  it('is short below the minimum', () => {
    expect(passphraseStrength('abc', 12)).toBe('short');
  });
  it('is weak for a long repetition', () => {
    expect(passphraseStrength('aaaaaaaaaaaaaaaa', 12)).toBe('weak');
  });
  it('grows with length and variety', () => {
    expect(passphraseStrength('correct horse battery staple 42', 12)).toBe('strong');
    expect(passphraseStrength('保密办公室的登记册口令二〇二六', 12)).toBe('strong');
  });
});
