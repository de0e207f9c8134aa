// The Audit screen's filters. The screen keeps them in the window's history (router.keep) when the
// clerk opens a person or a trip, and finds them again on the way back; a fresh visit clears them.
import type { AuditFilter } from '../bindings/AuditFilter';
import type { PersonSummary } from '../bindings/PersonSummary';
import { actionsFor } from './audit-format';

class AuditFilters {
  person = $state<PersonSummary | null>(null);
  /** '' for any operator. */
  operator = $state('');
  /** '' for every action, `group:trip` for a family, else an action's code. */
  action = $state('');
  /** YYYY-MM-DD or ''. */
  from = $state('');
  to = $state('');
  offset = $state(0);

  get active(): boolean {
    return this.person !== null || this.operator !== '' || this.action !== '' || this.from.trim() !== '' || this.to.trim() !== '';
  }

  /** The filter as the backend takes it (it checks the days and the actions). */
  filter(codes: string[]): AuditFilter {
    return {
      person: this.person?.id ?? null,
      operator: this.operator === '' ? null : this.operator,
      actions: actionsFor(this.action, codes),
      from: this.from.trim(),
      to: this.to.trim(),
    };
  }

  clear(): void {
    this.person = null;
    this.operator = '';
    this.action = '';
    this.from = '';
    this.to = '';
    this.offset = 0;
  }
}

export const auditFilters = new AuditFilters();
