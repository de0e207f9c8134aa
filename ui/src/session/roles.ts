// A role in words: the backend's words when it sent them (AccountView.role_words), else the
// generated term (`role.*`), else the window's own.
import { t, tDynamic, type MessageKey } from '../i18n/i18n.svelte';
import type { Role } from './types';

export function roleName(role: Role, text?: string | null): string {
  if (text) return text;
  return tDynamic(`role.${role}`, t(`session.roleName.${role}` as MessageKey));
}

export function roleHint(role: Role): string {
  return t(`session.roleHint.${role}` as MessageKey);
}
