// The start-up trace (issue 15; src-tauri/trace.rs): the window reports when a screen of the
// start was first drawn — the frame after its render has been painted — so
// `cargo bench --bench startup` can time the start to the dashboard. The backend writes it only
// when CLEARANCE_TRACKER_TRACE names a file and answers nothing; nothing here is ever shown.

export type DrawnEvent = 'unlock-drawn' | 'sign-in-drawn' | 'dashboard-drawn';

const reported = new Set<DrawnEvent>();
let dashboardDrawn: () => void = () => {};
const firstDashboard = new Promise<void>((resolve) => (dashboardDrawn = resolve));
/** The longest wait for the first dashboard before work kept off its path goes ahead anyway. */
const FIRST_SCREEN_WAIT_MS = 5000;

/** Reports `event` once per window, after the next paint (`send` is `api.traceMark`). */
export function reportDrawn(event: DrawnEvent, send: (event: DrawnEvent) => Promise<unknown>): void {
  if (reported.has(event) || typeof requestAnimationFrame !== 'function') return;
  reported.add(event);
  // The render is in the DOM before the next frame; the task queued from that frame's callback
  // runs once the frame has been painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (event === 'dashboard-drawn') dashboardDrawn();
      void send(event).catch(() => {});
    }, 0),
  );
}

/**
 * Resolves `ms` after the first dashboard was drawn (or after a few seconds when it is not the
 * first screen): heavy background work of the start (the file's quick check, the trail replay)
 * waits for it rather than competing with the home screen's first render.
 */
export async function afterFirstScreen(ms: number): Promise<void> {
  await Promise.race([firstDashboard, new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]);
  await new Promise((resolve) => setTimeout(resolve, ms));
}
