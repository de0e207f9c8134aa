// The idle timer (issue 14): the window locks after some time without keyboard or mouse. Any
// key, click, wheel or movement of the mouse over the window counts as activity.

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;

/**
 * Calls `onidle` once `limitMs()` has passed without activity (re-armed by the next activity
 * after it). `limitMs() <= 0` means never. Returns the function that stops watching.
 */
export function watchIdle(limitMs: () => number, onidle: () => void, now: () => number = Date.now): () => void {
  let last = now();
  let fired = false;
  const active = () => {
    last = now();
    fired = false;
  };
  for (const kind of ACTIVITY) window.addEventListener(kind, active, { capture: true, passive: true });
  const timer = setInterval(() => {
    const limit = limitMs();
    if (limit <= 0 || fired) return;
    if (now() - last >= limit) {
      fired = true;
      onidle();
    }
  }, 250);
  return () => {
    clearInterval(timer);
    for (const kind of ACTIVITY) window.removeEventListener(kind, active, { capture: true });
  };
}
