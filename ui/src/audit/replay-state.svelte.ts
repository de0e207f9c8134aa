// The trail replay's last result (issue 14): run in the background once the window is signed in
// (RegisterStatus shows a banner when the register differs from its trail) and again from the
// Audit screen's check, which shows every difference.
import type { ReplayReport } from '../bindings/ReplayReport';
import { api } from '../lib/api';

export const replay = $state<{ report: ReplayReport | null; running: boolean; atStart: boolean }>({
  report: null,
  running: false,
  atStart: false,
});

/** Runs the replay; `atStart`: the background check at start. A failure (a role that may not
 * read, a locked session) leaves the last result as it was. */
export async function runReplay(atStart = false): Promise<ReplayReport | null> {
  if (replay.running) return replay.report;
  replay.running = true;
  try {
    replay.report = await api.auditReplay();
    replay.atStart = atStart;
  } catch (e) {
    console.error('trail replay failed', e);
    if (!atStart) throw e;
  } finally {
    replay.running = false;
  }
  return replay.report;
}
