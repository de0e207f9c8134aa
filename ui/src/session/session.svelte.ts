// The window's side of the session (issue 14): who signed in, what their role lets them do, and
// the idle lock. The backend holds the session itself (every command checks it); the window
// follows AppInfo, which every session command returns.
import type { AppInfo } from '../bindings/AppInfo';
import { api } from '../lib/api';
import { app, applyInfo, loadAppInfo } from '../lib/app-state.svelte';
import type { Operation, SessionInfo } from './types';

let locked = $state(false);

const sessionInfo = (): SessionInfo | null => app.info as SessionInfo | null;

export const session = {
  /** The window is locked: the content is blurred and kept, the lock card asks for the password. */
  get locked(): boolean {
    return locked;
  },
  /** No account exists yet: the first one (an admin) is to be created. */
  get needsAccount(): boolean {
    return sessionInfo()?.needs_account ?? false;
  },
  /** Nobody is signed in (and an account exists): the sign-in screen. */
  get signedOut(): boolean {
    const i = sessionInfo();
    return !!i && !i.needs_account && !i.account;
  },
  /** Minutes without keyboard or mouse before the window locks; 0 = never. */
  get idleMinutes(): number {
    return sessionInfo()?.idle_lock_minutes ?? 10;
  },
};

/**
 * Whether the signed-in account may do `op` (a domain `access::Operation` code, as in
 * `AppInfo.allowed`). The screens hide what it may not; the backend refuses it anyway.
 */
export function can(op: Operation): boolean {
  return sessionInfo()?.allowed.includes(op) ?? false;
}

/** A window opened (or reloaded) on a locked session shows the lock at once. */
export function followLocked(info: AppInfo): void {
  if (info.locked) locked = true;
}

export async function signIn(name: string, password: string): Promise<AppInfo> {
  const info = applyInfo(await api.sessionSignIn(name, password));
  locked = false;
  return info;
}

export async function createFirstAccount(name: string, password: string): Promise<AppInfo> {
  return applyInfo(await api.accountCreateFirst(name, password));
}

/** Signs out: the window goes back to the sign-in screen (what was on screen is gone). */
export async function signOut(): Promise<void> {
  try {
    await api.sessionSignOut();
  } finally {
    locked = false;
    await loadAppInfo();
  }
}

/** Locks the window (idle, or asked for): the backend refuses every command until unlocked. */
export async function lock(): Promise<void> {
  if (locked) return;
  locked = true;
  try {
    await api.sessionLock();
  } catch (e) {
    // The window stays locked even if the backend could not be told: the password opens it.
    console.error('session_lock', e);
  }
}

export async function unlock(password: string): Promise<void> {
  applyInfo(await api.sessionUnlock(password));
  locked = false;
}

// The last account signed in on this computer: the sign-in screen offers its name (the password
// is never kept). "Sign in as someone else" forgets it for the next screen.
const LAST = 'clearance-tracker.last-account';
let skipLast = false;

export function lastName(): string {
  if (skipLast) {
    skipLast = false;
    return '';
  }
  try {
    return localStorage.getItem(LAST) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(LAST, name);
  } catch {
    // A window without storage just asks for the name each time.
  }
}

/** The next sign-in screen starts with an empty name (someone else signs in). */
export function forgetNameOnce(): void {
  skipLast = true;
}

/**
 * The idle time before the window locks, in milliseconds (0 = never). The e2e tests shorten it
 * to seconds (the backend answers `session_idle_test_seconds` only under their environment).
 */
export function idleLimitMs(): number {
  if (testSeconds) return testSeconds * 1000;
  return session.idleMinutes * 60_000;
}

let testSeconds: number | null = null;

/** The tests shortened the idle lock: the lock card names no minutes. */
export function idleTestActive(): boolean {
  return testSeconds !== null;
}

/** Asks once whether the tests shortened the idle lock (`session_idle_test_seconds`). */
export async function readIdleTestSeconds(): Promise<void> {
  try {
    testSeconds = await api.sessionIdleTestSeconds();
  } catch {
    testSeconds = null;
  }
}
