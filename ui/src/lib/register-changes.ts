// Several clerks on one register (issue 16): when another clerk, window or process changes the
// register, the backend emits `register-changed` once (src-tauri/register_watch.rs: a
// notification from the office server, or a look at the audit trail's head every 2 s on a file)
// and the screen shown reads its data again. Open dialogs keep what was typed: they work on
// copies taken when they opened.
import { listen } from '@tauri-apps/api/event';

/** Runs `reload` after each change of the register (bursts of changes coalesced) until the
 * returned function is called: `onMount(() => onRegisterChanged(load))`. */
export function onRegisterChanged(reload: () => unknown): () => void {
  // `vite --mode mock` runs in a plain browser: there is no Tauri to listen to.
  if (import.meta.env.MODE === 'mock') return () => {};
  let stop: (() => void) | null = null;
  let gone = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  listen<number>('register-changed', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!gone) void Promise.resolve(reload()).catch(() => {});
    }, 150);
  })
    .then((unlisten) => (gone ? unlisten() : (stop = unlisten)))
    .catch((e: unknown) => console.error('register change events unavailable', e));
  return () => {
    gone = true;
    clearTimeout(timer);
    stop?.();
  };
}
