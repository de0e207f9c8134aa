// The operations the window asks `can()` about: the domain's `access::Operation` codes as
// AppInfo.allowed lists them (one table in the domain decides; the screens only hide).
import type { Operation } from './types';

export const OP = {
  /** Approve or refuse a trip (approver). */
  approveTrip: 'approve_trip',
  /** Change the policy in force (approver, admin). */
  changePolicy: 'change_policy',
  /** Back up the register (admin). */
  backup: 'backup',
  /** Restore a backup over the register (admin). */
  restore: 'restore',
  /** Add accounts, change roles, disable, reset passwords (admin). */
  accounts: 'accounts',
  /** The register's encryption (admin). */
  encryption: 'encryption',
  /** The office's settings: the idle lock's minutes, the office's name, the forms' language and templates (admin). */
  officeSettings: 'settings',
} as const satisfies Record<string, Operation>;
