// A phone number as the register stores it (`010-6512 3456 ext. 8012`: the backend brings every
// way of typing an extension — 转 8012, x8012, 分机 8012 — to that one form) in the reader's
// words: `010-6512 3456 转 8012` in Chinese.
import { t } from '../i18n/i18n.svelte';

const STORED_EXTENSION = ' ext. ';

export function phoneText(stored: string): string {
  const at = stored.indexOf(STORED_EXTENSION);
  if (at < 0) return stored;
  return t('phone.withExtension', { number: stored.slice(0, at), extension: stored.slice(at + STORED_EXTENSION.length) });
}
