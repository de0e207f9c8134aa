// The Training screen's chosen attendees: one list, whatever the search shows now, added to one
// by one (the person search or a tick) or by a whole unit or level.
import type { PersonSummary } from '../bindings/PersonSummary';

/** Adds `person` when not chosen, removes them when chosen. */
export function toggle(chosen: PersonSummary[], person: PersonSummary): PersonSummary[] {
  return chosen.some((p) => p.id === person.id) ? chosen.filter((p) => p.id !== person.id) : [...chosen, person];
}

/** Everyone in `people` joins the chosen after those already chosen, nobody twice. */
export function addAll(chosen: PersonSummary[], people: PersonSummary[]): PersonSummary[] {
  const have = new Set(chosen.map((p) => String(p.id)));
  return [...chosen, ...people.filter((p) => !have.has(String(p.id)))];
}
