// A suggestion list or calendar shown under the field it belongs to. It is `position: fixed` at
// the field's place on screen, so a dialog's scrolling body does not clip it; it opens above the
// field when there is more room there, and follows the field while anything scrolls.

const GAP = 4;

/** Places `pop` under (or above) `anchor`, as wide as the field at least. */
export function place(anchor: HTMLElement, pop: HTMLElement): void {
  const r = anchor.getBoundingClientRect();
  const height = pop.offsetHeight;
  const below = window.innerHeight - r.bottom - GAP;
  const above = r.top - GAP;
  const up = height > below && above > below;
  pop.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - pop.offsetWidth - 4))}px`;
  pop.style.top = `${up ? Math.max(4, r.top - GAP - height) : r.bottom + GAP}px`;
  pop.style.minWidth = `${r.width}px`;
  pop.style.maxHeight = `${Math.max(120, (up ? above : below) - 8)}px`;
}

/**
 * Attaches `pop` to `anchor` while it is mounted: `{@attach anchoredTo(fieldEl)}`. Returns the
 * attachment (it stops following when the element goes).
 */
export function anchoredTo(anchor: HTMLElement | undefined) {
  return (pop: HTMLElement) => {
    if (!anchor) return;
    const follow = () => place(anchor, pop);
    follow();
    // Once more after the list has its rows (its height decides above or below).
    const frame = requestAnimationFrame(follow);
    const observer = new ResizeObserver(follow);
    observer.observe(pop);
    window.addEventListener('scroll', follow, true);
    window.addEventListener('resize', follow);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('scroll', follow, true);
      window.removeEventListener('resize', follow);
    };
  };
}

/**
 * Keys a picker handles itself, before the form (Enter submits it) and the dialog (Escape closes
 * it) see them. Svelte delegates `onkeydown` to the document, after the form's own listener; a
 * listener on the field itself runs first. Returns the attachment.
 */
export function ownKeys(handler: (e: KeyboardEvent) => boolean) {
  return (el: HTMLElement) => {
    const listener = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229) return; // an input method's own Enter / Escape
      if (handler(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    el.addEventListener('keydown', listener);
    return () => el.removeEventListener('keydown', listener);
  };
}
