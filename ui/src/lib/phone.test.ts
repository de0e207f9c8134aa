import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n/i18n.svelte';
import { phoneText } from './phone';

describe('phoneText', () => {
  afterEach(() => setLang('zh-CN'));

  it('shows a stored extension in the reader\'s words', () => {
    setLang('zh-CN');
    expect(phoneText('010-6512 3456 ext. 8012')).toBe('010-6512 3456 转 8012');
    setLang('en');
    expect(phoneText('010-6512 3456 ext. 8012')).toBe('010-6512 3456 ext. 8012');
  });

  it('leaves a number without an extension, and no number, as it is', () => {
    expect(phoneText('138 0013 8000')).toBe('138 0013 8000');
    expect(phoneText('')).toBe('');
  });
});
