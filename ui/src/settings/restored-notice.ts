// What a restore did, carried over the reload that follows it (the window reloads so that every
// screen reads the restored register) and shown once, on the dashboard.
const KEY = 'clearance-tracker.restored';

export function rememberRestore(message: string): void {
  try {
    sessionStorage.setItem(KEY, message);
  } catch {
    // No storage: the restore is done all the same, only its message is not shown again.
  }
}

/** The message of a restore just done, once; `null` afterwards. */
export function takeRestoreNotice(): string | null {
  try {
    const message = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return message;
  } catch {
    return null;
  }
}
