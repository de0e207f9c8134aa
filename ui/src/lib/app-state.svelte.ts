// What the whole window knows about the app: the operator, the language, the policy's levels.
// Loaded once from `app_info` and replaced by every command that returns a new AppInfo.
import type { AppInfo } from '../bindings/AppInfo';
import type { FirstStart } from '../bindings/FirstStart';
import type { Lang } from '../bindings/Lang';
import type { LevelDef } from '../bindings/LevelDef';
import { lang, setLang } from '../i18n/i18n.svelte';
import { api } from './api';
import { levelName, levelTone, type LevelTone } from './levels';

let info = $state<AppInfo | null>(null);

export const app = {
  get info(): AppInfo | null {
    return info;
  },
  get levels(): LevelDef[] {
    return info?.levels ?? [];
  },
  get operator(): string | null {
    return info?.operator ?? null;
  },
  /** The register is open for reading only: no screen offers a change (the backend refuses any). */
  get readOnly(): boolean {
    return info?.read_only ?? false;
  },
  /** The backend's today (YYYY-MM-DD): the default date of a level change. */
  get today(): string {
    return info?.today ?? '';
  },
};

function apply(next: AppInfo): AppInfo {
  info = next;
  setLang(next.lang);
  return next;
}

export async function loadAppInfo(): Promise<AppInfo> {
  return apply(await api.appInfo());
}

export async function setOperator(name: string): Promise<AppInfo> {
  return apply(await api.setOperator(name));
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
