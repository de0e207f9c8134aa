// How the dashboard groups the backend's list. The backend sorts (overdue first, most days
// overdue first); grouping here only cuts that order into sections and never reorders within one.

export type GroupBy = 'state' | 'kind' | 'unit';

export type Group<T> = { key: string; rows: T[] };

type Groupable = { state: string; kind: string; unit: string };

/** The rows in sections by `by`, sections in the order their first row appears. */
export function groupRows<T extends Groupable>(rows: readonly T[], by: GroupBy): Group<T>[] {
  const groups: Group<T>[] = [];
  const index = new Map<string, Group<T>>();
  for (const row of rows) {
    const key = row[by];
    let group = index.get(key);
    if (!group) {
      group = { key, rows: [] };
      index.set(key, group);
      groups.push(group);
    }
    group.rows.push(row);
  }
  return groups;
}
