// Small display helpers for audit lines. The words themselves (what was done, to what, each
// field's label and values) come from the backend; nothing here turns a code into a word.

/** The first characters of a SHA-256 hash: enough to tell entries apart at a glance. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}
