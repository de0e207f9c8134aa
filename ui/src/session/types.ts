// The session's shapes (issue 14), as the generated bindings give them (bindings/Role.ts,
// Operation.ts, AccountView.ts, AppInfo.ts); written here too so the window builds on either
// side of the ACCOUNTS commit that adds those bindings. The administrator's list's row (office
// `AccountSummary`) has no binding yet.
import type { AppInfo } from '../bindings/AppInfo';

/** A role's code (domain `access::Role`). */
export type Role = 'clerk' | 'approver' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['clerk', 'approver', 'auditor', 'admin'];

/** What a role may or may not do (domain `access::Operation`). */
export type Operation =
  | 'read'
  | 'preferences'
  | 'edit_people'
  | 'reveal_id'
  | 'record_steps'
  | 'record_travel'
  | 'approve_trip'
  | 'override_onboarding'
  | 'change_policy'
  | 'issue_forms'
  | 'reminders'
  | 'import'
  | 'export'
  | 'audit'
  | 'backup'
  | 'restore'
  | 'encryption'
  | 'accounts'
  | 'settings'
  | 'shift_today';

/** The signed-in account as AppInfo shows it. */
export type AccountView = { name: string; role: Role; role_words: string };

/** One account in Settings → Accounts (office `AccountSummary`). */
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

/** AppInfo with the session's fields. */
export type SessionInfo = AppInfo & {
  account?: AccountView | null;
  allowed?: Operation[];
  needs_account?: boolean;
  idle_lock_minutes?: number;
  locked?: boolean;
};
