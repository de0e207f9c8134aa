// Small display helpers for audit lines. The words themselves (what was done, to what, each
// field's label and values) come from the backend; nothing here turns a code into a word.

/** The first characters of a SHA-256 hash: enough to tell entries apart at a glance. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/**
 * The families of actions, in the order the action filter lists them: the part of an action's
 * code before its dot (`trip.request` is a `trip` action). A family not named here (a newer
 * version's) is listed last, under "other".
 */
export const ACTION_GROUPS = ['person', 'lifecycle', 'trip', 'document', 'form', 'reminder', 'settings', 'register', 'sample'] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number] | 'other';

export function groupOf(code: string): ActionGroup {
  const head = code.split('.')[0];
  return (ACTION_GROUPS as readonly string[]).includes(head) ? (head as ActionGroup) : 'other';
}

/** Every action the trail records, by the keys of the terms catalogue (`action.trip.request`). */
export function actionCodes(catalog: Record<string, string>): string[] {
  return Object.keys(catalog)
    .filter((k) => k.startsWith('action.'))
    .map((k) => k.slice('action.'.length));
}

/** The actions grouped by family, in the filter's order; each group's actions in catalogue order. */
export function actionGroups(codes: string[]): { group: ActionGroup; codes: string[] }[] {
  const order: ActionGroup[] = [...ACTION_GROUPS, 'other'];
  return order.map((group) => ({ group, codes: codes.filter((c) => groupOf(c) === group) })).filter((g) => g.codes.length > 0);
}

/**
 * The action filter's choice as the codes the backend filters by: '' for every action, `group:x`
 * for every action of family x, else one action's code.
 */
export function actionsFor(choice: string, codes: string[]): string[] {
  if (choice === '') return [];
  if (choice.startsWith('group:')) {
    const group = choice.slice('group:'.length);
    return codes.filter((c) => groupOf(c) === group);
  }
  return [choice];
}

/** A file name for an export of the trail on `today` (`审计记录-2026-11-30.xlsx`). */
export function exportName(listName: string, today: string, extension: 'xlsx' | 'csv'): string {
  const safe = listName.replace(/[\\/:*?"<>|]/g, '-');
  return `${safe}-${today}.${extension}`;
}

/** The format a chosen path names by its extension, else the one asked for. */
export function formatOfPath(path: string, asked: 'xlsx' | 'csv'): 'xlsx' | 'csv' {
  const ext = path.split('.').pop()?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' ? ext : asked;
}
