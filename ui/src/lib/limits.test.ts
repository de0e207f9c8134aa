import { describe, expect, it } from 'vitest';
import { COUNT_FROM, lengthCount, maxLengthOf } from './limits';

describe('lengthCount', () => {
  it('stays quiet until the text holds more than 80% of the limit', () => {
    expect(COUNT_FROM).toBe(0.8);
    expect(lengthCount('', 4000)).toBeNull();
    expect(lengthCount('保'.repeat(3200), 4000)).toBeNull();
    expect(lengthCount('保'.repeat(3201), 4000)).toBe('3201/4000');
    expect(lengthCount('保'.repeat(4000), 4000)).toBe('4000/4000');
  });

  it('counts as the browser\'s maxlength does (UTF-16 units), so 4000/4000 is where typing stops', () => {
    // 𠀀 is one character to the rules but two units to maxlength: the window is the stricter.
    expect(lengthCount('𠀀'.repeat(401), 1000)).toBe('802/1000');
  });

  it('shows nothing for a field with no known limit', () => {
    expect(lengthCount('x'.repeat(10_000), undefined)).toBeNull();
  });
});

describe('maxLengthOf', () => {
  it('knows no limit before the backend has sent AppInfo, and none for a name that is not a text field', () => {
    expect(maxLengthOf('notes')).toBeUndefined();
    expect(maxLengthOf('toString')).toBeUndefined();
  });
});
