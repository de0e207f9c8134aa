// A role in words: the backend's words when it sent them (`role_words`), else the generated
// term (`role.*`); and what the role is for, in the window's words.
import { t, type MessageKey } from '../i18n/i18n.svelte';
import type { Role } from './types';

export function roleName(role: Role, words?: string | null): string {
  return words || t(`role.${role}` as MessageKey);
}

export function roleHint(role: Role): string {
  return t(`session.roleHint.${role}` as MessageKey);
}
