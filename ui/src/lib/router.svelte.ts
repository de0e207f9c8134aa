// Which screen the window shows, and the way back. An in-memory route, no URL: a desktop window
// has no address bar. To add a screen: add its route here and its entry in shell/screens.ts.
//
// Going to a screen puts the one left on a history stack with what it asked to keep (its
// filters, say: `router.keep`) and where its lists were scrolled; `router.back()` returns to it
// as it was. Alt+←, the mouse's back button and the back button of a page all go back
// (shell/Shell.svelte listens for them).
import type { PersonId } from '../bindings/PersonId';
import type { TripId } from '../bindings/TripId';

export type Route =
  | { screen: 'dashboard' }
  | { screen: 'people' }
  | { screen: 'import' }
  | { screen: 'person'; id: PersonId }
  | { screen: 'audit' }
  | { screen: 'training' }
  | { screen: 'forms' }
  | { screen: 'travel'; tab?: 'trips' | 'custody' }
  | { screen: 'trip'; id: TripId }
  | { screen: 'settings' };

export type ScreenName = Route['screen'];

/** Where an element that scrolls sat: its path of child positions under the screen, and how far. */
type ScrollMark = { path: number[]; top: number; left: number };

/** A screen left behind: its route, what it kept and its scroll positions. */
type Entry = { route: Route; kept: unknown; scroll: ScrollMark[] };

/** Screens kept to go back to; older ones are dropped. */
const DEPTH = 50;

// The dashboard is the home screen: what falls due is the first thing the office sees.
let current = $state<Route>({ screen: 'dashboard' });
let stack = $state.raw<Entry[]>([]);
/** The state the screen now shown kept when it was left, when it was gone back to. */
let returning: Entry | null = null;
/** What the screen now shown keeps when it is left. */
let keeper: (() => unknown) | null = null;
/** The element the screens are mounted in (set by the shell). */
let root: HTMLElement | null = null;

function pathOf(el: Element, top: Element): number[] {
  const path: number[] = [];
  for (let e: Element | null = el; e && e !== top; e = e.parentElement) {
    const parent: Element | null = e.parentElement;
    if (!parent) break;
    path.unshift(Array.prototype.indexOf.call(parent.children, e));
  }
  return path;
}

function atPath(top: Element, path: number[]): Element | null {
  let e: Element | undefined = top;
  for (const i of path) {
    e = e?.children[i];
    if (!e) return null;
  }
  return e ?? null;
}

function scrollMarks(): ScrollMark[] {
  if (!root) return [];
  const marks: ScrollMark[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.scrollTop > 0 || el.scrollLeft > 0) marks.push({ path: pathOf(el, root), top: el.scrollTop, left: el.scrollLeft });
  }
  return marks;
}

/** Scrolls back to the marks once the screen's lists are long enough again (they may still be
 * loading), for at most two seconds, and never against the clerk's own scrolling. */
function restoreScroll(marks: ScrollMark[]) {
  if (marks.length === 0 || typeof window === 'undefined') return;
  const until = performance.now() + 2000;
  let left = [...marks];
  let stopped = false;
  const stop = () => (stopped = true);
  const events = ['wheel', 'mousedown', 'keydown', 'touchstart'] as const;
  for (const e of events) window.addEventListener(e, stop, { once: true, capture: true });
  const step = () => {
    if (stopped || !root) return done();
    const last = performance.now() > until;
    left = left.filter((m) => {
      const el = root && atPath(root, m.path);
      if (!el) return !last;
      const room = el.scrollHeight - el.clientHeight;
      if (room >= m.top || last) {
        el.scrollTop = m.top;
        el.scrollLeft = m.left;
        return false;
      }
      return true;
    });
    if (left.length === 0 || last) return done();
    requestAnimationFrame(step);
  };
  const done = () => {
    for (const e of events) window.removeEventListener(e, stop, { capture: true });
  };
  requestAnimationFrame(step);
}

export const router = {
  get route(): Route {
    return current;
  },

  /** Shows `route`; the screen left goes on the history stack. */
  go(route: Route): void {
    const left: Entry = { route: current, kept: keeper?.() ?? null, scroll: scrollMarks() };
    stack = [...stack.slice(-(DEPTH - 1)), left];
    keeper = null;
    returning = null;
    current = route;
  },

  /** Returns to the screen before, as it was left; false when there is none. */
  back(): boolean {
    const entry = stack.at(-1);
    if (!entry) return false;
    stack = stack.slice(0, -1);
    keeper = null;
    returning = entry;
    // A new object: the shell remounts the screen even when the route looks the same.
    current = { ...entry.route };
    restoreScroll(entry.scroll);
    return true;
  },

  /** Goes back, or to `fallback` when nothing is behind (a page opened from a notification). */
  backOr(fallback: Route): void {
    if (!router.back()) router.go(fallback);
  },

  /** The screen `back()` returns to. */
  get previous(): Route | null {
    return stack.at(-1)?.route ?? null;
  },

  /**
   * Called by a screen as it starts: `snapshot` is what it keeps when it is left (its filters,
   * the list it showed). Returns what it kept last time when the window came back to it, else
   * null (a fresh visit starts fresh).
   */
  keep<T>(snapshot: () => T): T | null {
    keeper = snapshot;
    const kept = returning?.kept ?? null;
    returning = null;
    return kept as T | null;
  },

  /** The element the screens are mounted in, for their scroll positions. */
  setRoot(el: HTMLElement | null): void {
    root = el;
  },

  /** Forgets the history (tests, a restored register). */
  reset(route: Route = { screen: 'dashboard' }): void {
    stack = [];
    keeper = null;
    returning = null;
    current = route;
  },
};
