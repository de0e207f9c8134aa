// The one door to the Rust backend: every Tauri command the UI uses, typed with the bindings
// ts-rs generates from the Rust types. Nothing else in the UI calls `invoke`.
//
// Every function rejects with an ApiError (see errors.ts), never with a bare string.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from '../bindings/AppInfo';
import type { AuditPage } from '../bindings/AuditPage';
import type { Lang } from '../bindings/Lang';
import type { LevelId } from '../bindings/LevelId';
import type { PeoplePage } from '../bindings/PeoplePage';
import type { PeopleQuery } from '../bindings/PeopleQuery';
import type { Person } from '../bindings/Person';
import type { PersonDetail } from '../bindings/PersonDetail';
import type { PersonId } from '../bindings/PersonId';
import type { PersonInput } from '../bindings/PersonInput';
import type { Verification } from '../bindings/Verification';
import { toApiError } from './errors';

type Args = Record<string, unknown>;

async function call<T>(command: string, args: Args = {}): Promise<T> {
  try {
    // `vite --mode mock` only: an in-memory register for looking at the screens in a browser.
    // In every other build this branch is constant-false and the mock is not bundled.
    if (import.meta.env.MODE === 'mock') {
      const { mockInvoke } = await import('./mock-backend');
      return (await mockInvoke(command, args)) as T;
    }
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  setOperator: (name: string) => call<AppInfo>('set_operator', { name }),
  setLanguage: (lang: Lang) => call<AppInfo>('set_language', { lang }),

  peopleList: (query: PeopleQuery) => call<PeoplePage>('people_list', { query }),
  unitsList: () => call<string[]>('units_list'),
  personGet: (id: PersonId) => call<PersonDetail>('person_get', { id }),
  personAdd: (input: PersonInput) => call<Person>('person_add', { input }),
  personUpdate: (id: PersonId, input: PersonInput) => call<Person>('person_update', { id, input }),
  personSetLevel: (id: PersonId, level: LevelId, effective: string, reason: string) =>
    call<Person>('person_set_level', { id, level, effective, reason }),
  personArchive: (id: PersonId, reason: string) => call<Person>('person_archive', { id, reason }),
  personUnarchive: (id: PersonId) => call<Person>('person_unarchive', { id }),
  personRevealId: (id: PersonId) => call<string>('person_reveal_id', { id }),

  auditList: (offset: number, limit: number) => call<AuditPage>('audit_list', { offset, limit }),
  auditVerify: () => call<Verification>('audit_verify'),

  sampleLoad: () => call<number>('sample_load'),
};
