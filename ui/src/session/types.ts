// The session's shapes (issue 14): the generated bindings of the domain's roles and operations,
// of the signed-in account and of the administrator's list.
import type { AppInfo } from '../bindings/AppInfo';
import type { Role } from '../bindings/Role';

export type { AccountView } from '../bindings/AccountView';
export type { AccountSummary as AccountRow } from '../bindings/AccountSummary';
export type { Operation } from '../bindings/Operation';
export type { Role } from '../bindings/Role';

export const ROLES: readonly Role[] = ['clerk', 'approver', 'auditor', 'admin'];

/** AppInfo, which carries the session (account, allowed, needs_account, idle lock, locked). */
export type SessionInfo = AppInfo;
