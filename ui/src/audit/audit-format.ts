import { tDynamic } from '../i18n/i18n.svelte';

/** The first characters of a SHA-256 hash: enough to tell entries apart at a glance. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** What an entry changed: a person by number ("Person #12"), a setting by what it sets. */
export function entityLabel(entity: string, entityId: string): string {
  const kind = tDynamic(`entity.${entity}`, entity);
  if (!entityId) return kind;
  return /^\d+$/.test(entityId) ? `${kind} #${entityId}` : `${kind} · ${tDynamic(`field.${entityId}`, entityId)}`;
}
