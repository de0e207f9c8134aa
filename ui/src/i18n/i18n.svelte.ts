// Every word the window shows, in the two languages of the product. Two sources, each word in
// one of them only:
// - terms.*.json: the words of the backend's codes (stages, states, kinds, audit actions, field
//   labels …), generated from the Rust catalogue by `tests/bindings.rs`; never edited by hand;
// - en.json / zh-CN.json: the UI's own labels (buttons, headings, hints).
// Messages that come from Rust (refusals, audit lines, offered actions) arrive already translated.
import type { Lang } from '../bindings/Lang';
import en from './en.json';
import termsEn from './terms.en.json';
import termsZhCN from './terms.zh-CN.json';
import zhCN from './zh-CN.json';

export type MessageKey = keyof typeof en | keyof typeof termsEn;
export type Params = Record<string, string | number>;

// Typing both catalogues by the English keys makes a key missing from zh-CN a compile error;
// i18n.test.ts checks the reverse (no extra keys), the placeholders, and that no word is in both
// sources. The generated terms come first, the UI's own labels after them.
export const catalogs: Record<Lang, Record<MessageKey, string>> = {
  'zh-CN': { ...termsZhCN, ...zhCN },
  en: { ...termsEn, ...en },
};

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

/** Until the backend says which language the office chose, follow the system's. */
function systemLang(): Lang {
  const tag = typeof navigator === 'undefined' ? 'zh-CN' : navigator.language;
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current = $state<Lang>(systemLang());

/** The language the UI shows now. Reading it inside a template or `$derived` tracks changes. */
export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/**
 * The language a message from the backend is written in, when it must be told from the text:
 * before the register is open the window knows no AppInfo.lang, and the backend chose the
 * language of its refusal itself (`--lang`, else the system's). Han characters mean Chinese.
 */
export function languageOf(text: string): Lang | null {
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  if (/[A-Za-z]/.test(text)) return 'en';
  return null;
}

/** Fills `{name}` placeholders; a placeholder with no value is left visible. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (hole, name: string) =>
    name in params ? String(params[name]) : hole,
  );
}

/** The text of `key` in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return format(catalogs[current][key], params);
}

/**
 * For keys built from a code the backend sends (`stage.${code}`, `tripState.${code}`): the
 * text when the catalogue has it, else `fallback`, so an unknown code shows as itself.
 */
export function tDynamic(key: string, fallback: string, params?: Params): string {
  const catalog = catalogs[current] as Record<string, string>;
  return key in catalog ? format(catalog[key], params) : fallback;
}

/** Numbers as the office reads them: 200,000 with grouping. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current).format(n);
}
