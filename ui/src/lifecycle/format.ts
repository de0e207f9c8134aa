// How the lifecycle panel names things: policy texts come in both languages, the UI picks one.
import type { Citation } from '../bindings/Citation';
import type { Deadline } from '../bindings/Deadline';
import type { Period } from '../bindings/Period';
import type { Lang } from '../bindings/Lang';

/** A text given by the policy in both languages. */
export function pick(lang: Lang, zh: string, en: string): string {
  return lang === 'zh-CN' ? zh : en;
}

export function citation(lang: Lang, c: Citation): string {
  return pick(lang, c.zh, c.en);
}

/** Where a computed date comes from, as the office reads it: the citation of its rule. */
export function dueCitation(lang: Lang, d: Deadline): string {
  return citation(lang, d.citation);
}

/** A date's tooltip: the citation, and the rule's id for whoever maintains the policy. */
export function ruleText(lang: Lang, d: Pick<Deadline, 'rule_id' | 'citation'>): string {
  return `${citation(lang, d.citation)} (${d.rule_id})`;
}

const UNITS: Record<Period['unit'], [string, string]> = {
  days: ['日', 'days'],
  working_days: ['个工作日', 'working days'],
  months: ['个月', 'months'],
  years: ['年', 'years'],
};

export function periodText(lang: Lang, p: Period): string {
  const [zh, en] = UNITS[p.unit];
  return lang === 'zh-CN' ? `${p.amount} ${zh}` : `${p.amount} ${en}`;
}
