// Small display helpers for audit lines. The words themselves (what was done, to what, each
// field's label and values) come from the backend; nothing here turns a code into a word.

/** The first characters of a SHA-256 hash: enough to tell entries apart at a glance. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/**
 * On a person's own page, what an entry's subject adds to the person: nothing when the entry is
 * about the person ("张三(S0001)"), the record when it is about one of theirs ("张三(S0001) ·
 * 行程 3" → "行程 3"). A subject in any other form is shown whole.
 */
export function recordOf(subject: string, person: { name: string; staff_no: string }): string | null {
  const names = [`${person.name}(${person.staff_no})`, `${person.name} (${person.staff_no})`];
  if (names.includes(subject)) return null;
  for (const name of names) {
    if (subject.startsWith(`${name} · `)) return subject.slice(name.length + 3);
  }
  return subject;
}
