// A hint of how hard a new passphrase is to guess, shown while it is typed. Only a hint: the
// backend's rule (its minimum length, office/passphrase.rs) decides what is accepted.

export type Strength = 'short' | 'weak' | 'fair' | 'strong';

/** `min`: the backend's minimum length in characters (RegisterView.min_passphrase_chars). */
export function passphraseStrength(passphrase: string, min: number): Strength {
  const chars = [...passphrase];
  if (chars.length < min) return 'short';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9\s]/, /\s/].filter((re) => re.test(passphrase)).length;
  const distinct = new Set(chars).size;
  // Han characters are each worth several Latin letters to a guesser.
  const han = chars.filter((c) => /\p{Script=Han}/u.test(c)).length;
  const score = chars.length + han * 2 + kinds * 2 + Math.min(distinct, 16) / 2;
  if (distinct < 5 || score < min + 8) return 'weak';
  if (score < min + 16) return 'fair';
  return 'strong';
}
