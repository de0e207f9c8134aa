/**
 * Hides all but the last four characters, as the backend masks ID numbers in lists. Display only:
 * used where a full number reaches the page inside other data (a person's history) so that the
 * page shows it no sooner than the person's own "show" button would.
 */
export function maskForDisplay(value: string): string {
  const chars = [...value];
  const keep = Math.min(4, chars.length);
  return '*'.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
}
