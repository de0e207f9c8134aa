// How long the text of each field may be: the Rust rules' own numbers (domain/src/limits.rs),
// which the backend sends in AppInfo.limits. The window holds its inputs to them with
// `maxlength={maxLength('notes')}`, and a field of several lines shows "3300/4000" when its text
// nears the limit (`counter` on FormField). The backend stays the authority: it refuses a longer
// text with a translated message; the window just never lets anyone type past it.
//
// A browser's maxlength counts UTF-16 units (𠀀 counts 2), the rules count characters (𠀀 is 1):
// the window is at worst stricter than the rules, never looser. The counter counts as maxlength
// does, so it reads "4000/4000" exactly when typing stops.
import type { TextLimits } from '../bindings/TextLimits';
import { app } from './app-state.svelte';

/** The name of a free-text field, as the backend's limits (and its error messages) name it. */
export type TextField = keyof TextLimits;

/** From this share of its limit on, a field shows how many characters it holds. */
export const COUNT_FROM = 0.8;

/** The most characters `field` may hold; undefined until the backend has said (no limit set). */
export function maxLength(field: TextField): number | undefined {
  return app.info?.limits.text[field];
}

/** The limit of a field named by a string (a FormField's `field`), if it is a text field. */
export function maxLengthOf(field: string): number | undefined {
  const limits = app.info?.limits.text;
  return limits && Object.hasOwn(limits, field) ? limits[field as TextField] : undefined;
}

/** "3300/4000" once `value` holds more than COUNT_FROM of `max`, else null. */
export function lengthCount(value: string, max: number | undefined): string | null {
  if (!max) return null;
  return value.length > max * COUNT_FROM ? `${value.length}/${max}` : null;
}
