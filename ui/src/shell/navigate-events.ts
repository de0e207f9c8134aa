// The backend asks the window to show a screen: a click on the reminder notification or the
// tray's "Open dashboard" emits `navigate` with "dashboard" (src-tauri/window.rs).
import { listen } from '@tauri-apps/api/event';
import { router } from '../lib/router.svelte';

/** Listens for `navigate`; resolves to the function that stops listening. */
export async function followNavigateEvents(): Promise<() => void> {
  // `vite --mode mock` runs in a plain browser: there is no Tauri to listen to.
  if (import.meta.env.MODE === 'mock') return () => {};
  return listen<string>('navigate', (event) => {
    // A new route object even when already there: the dashboard reloads with today's reminders.
    if (event.payload === 'dashboard') router.go({ screen: 'dashboard' });
  });
}
