// The session's shapes as the ACCOUNTS contract gives them (issue 14). Until the generated
// bindings carry them (ui/src/bindings/AccountView.ts …), they are written here; once they do,
// these re-export the generated ones.
import type { AppInfo } from '../bindings/AppInfo';

/** A role's code (domain `access::Role`). */
export type Role = 'clerk' | 'approver' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['clerk', 'approver', 'auditor', 'admin'];

/** The signed-in account as AppInfo shows it. */
export type AccountView = { name: string; role: Role; role_words: string };

/** One account in Settings → Accounts. */
export type AccountRow = {
  name: string;
  role: Role;
  role_words: string;
  created_at: string;
  disabled: boolean;
  /** Failed sign-ins in a row since the last success. */
  failed_attempts: number;
  /** Sign-in waits until then (after five failures or more). */
  wait_until: string | null;
};

/** AppInfo with the session's fields (the contract's additions). */
export type SessionInfo = AppInfo & {
  account?: AccountView | null;
  allowed?: string[];
  needs_account?: boolean;
  idle_lock_minutes?: number;
  /** The session is locked (the window was reloaded while locked). */
  locked?: boolean;
};
