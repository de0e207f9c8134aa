// What the whole window knows about the app: the operator, the language, the policy's levels.
// Loaded once from `app_info` and replaced by every command that returns a new AppInfo.
import type { AppInfo } from '../bindings/AppInfo';
import type { FirstStart } from '../bindings/FirstStart';
import type { Lang } from '../bindings/Lang';
import type { LevelDef } from '../bindings/LevelDef';
import { lang, setLang } from '../i18n/i18n.svelte';
import { api } from './api';
import { levelName, levelTone, type LevelTone } from './levels';
import type { AccountView } from '../session/types';

let info = $state<AppInfo | null>(null);

const accountOf = (i: AppInfo | null): AccountView | null => i?.account ?? null;
/** What a role that only reads may do (`access::Operation`): an account allowed nothing else. */
const READING = new Set(['read', 'preferences', 'export', 'audit']);
/**
 * The account's role may only read (the auditor): every write is hidden. Read from what it may
 * do (`AppInfo.allowed`), which is empty while the session is locked: the screens then stay as
 * they were.
 */
const readsOnly = (i: AppInfo | null): boolean => {
  const allowed = i?.allowed;
  return !!accountOf(i) && !!allowed && allowed.length > 0 && allowed.every((op) => READING.has(op));
};

export const app = {
  get info(): AppInfo | null {
    return info;
  },
  get levels(): LevelDef[] {
    return info?.levels ?? [];
  },
  get operator(): string | null {
    return accountOf(info)?.name ?? info?.operator ?? null;
  },
  /** The signed-in account (issue 14), or null before sign-in. */
  get account(): AccountView | null {
    return accountOf(info);
  },
  /**
   * Nothing on screen may change the register: it is open for reading only (the backend refuses
   * any change), or the signed-in account's role may only read (an auditor). No screen then
   * offers a change.
   */
  get readOnly(): boolean {
    return (info?.read_only ?? false) || readsOnly(info);
  },
  /** The backend's today (YYYY-MM-DD): the default date of a level change. */
  get today(): string {
    return info?.today ?? '';
  },
};

/** Takes a new AppInfo from any command that returns one (the session's commands too). */
export function applyInfo(next: AppInfo): AppInfo {
  return apply(next);
}

function apply(next: AppInfo): AppInfo {
  info = next;
  setLang(next.lang);
  return next;
}

export async function loadAppInfo(): Promise<AppInfo> {
  return apply(await api.appInfo());
}

/** Keeps the first-start answers (office, operator, policy, print language); the window then opens. */
export async function firstStart(input: FirstStart): Promise<AppInfo> {
  return apply(await api.setupFirstStart(input));
}

/** Switches the labels at once, then has the backend remember the choice and translate its messages. */
export async function changeLanguage(next: Lang): Promise<void> {
  const before = lang();
  setLang(next);
  try {
    apply(await api.setLanguage(next));
  } catch (e) {
    setLang(before);
    throw e;
  }
}

/** Whether closing the window keeps the app in the system tray (the backend creates the tray). */
export async function setKeepInTray(on: boolean): Promise<AppInfo> {
  return apply(await api.setKeepInTray(on));
}

export function levelLabel(id: string): string {
  return levelName(app.levels, id, lang());
}

export function levelToneOf(id: string): LevelTone {
  return levelTone(app.levels, id);
}
