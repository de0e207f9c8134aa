// The one door to the Rust backend: every Tauri command the UI uses, typed with the bindings
// ts-rs generates from the Rust types. Nothing else in the UI calls `invoke`.
//
// Every function rejects with an ApiError (see errors.ts), never with a bare string. A command
// refused with `store.busy` (another clerk is writing) is retried a few times first (retry.ts).
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from '../bindings/AppInfo';
import type { KeyStatus } from '../bindings/KeyStatus';
import type { RegisterView } from '../bindings/RegisterView';
import type { RegisterChoice } from '../bindings/RegisterChoice';
import type { RegisterChoiceView } from '../bindings/RegisterChoiceView';
import type { RegisterCheck } from '../bindings/RegisterCheck';
import type { AuditPage } from '../bindings/AuditPage';
import type { AuditDetail } from '../bindings/AuditDetail';
import type { AuditCheck } from '../bindings/AuditCheck';
import type { ChainHead } from '../bindings/ChainHead';
import type { AuditFilter } from '../bindings/AuditFilter';
import type { BackupReport } from '../bindings/BackupReport';
import type { BackupSettings } from '../bindings/BackupSettings';
import type { Lang } from '../bindings/Lang';
import type { LevelId } from '../bindings/LevelId';
import type { PeoplePage } from '../bindings/PeoplePage';
import type { PeopleQuery } from '../bindings/PeopleQuery';
import type { Person } from '../bindings/Person';
import type { PersonDetail } from '../bindings/PersonDetail';
import type { PersonId } from '../bindings/PersonId';
import type { PersonInput } from '../bindings/PersonInput';
import type { PhotoView } from '../bindings/PhotoView';
import type { Verification } from '../bindings/Verification';
import type { ReplayReport } from '../bindings/ReplayReport';
import type { FormIssued } from '../bindings/FormIssued';
import type { FormDraft } from '../bindings/FormDraft';
import type { FirstStart } from '../bindings/FirstStart';
import type { SetupOptions } from '../bindings/SetupOptions';
import type { FormSaved } from '../bindings/FormSaved';
import type { FormSettings } from '../bindings/FormSettings';
import type { FormsPage } from '../bindings/FormsPage';
import type { FormsQuery } from '../bindings/FormsQuery';
import type { FormVerification } from '../bindings/FormVerification';
import type { IssuedForm } from '../bindings/IssuedForm';
import type { LifecycleView } from '../bindings/LifecycleView';
import type { PersonalEvent } from '../bindings/PersonalEvent';
import type { PolicyInfo } from '../bindings/PolicyInfo';
import type { ReminderBoard } from '../bindings/ReminderBoard';
import type { ReminderFilter } from '../bindings/ReminderFilter';
import type { ReminderRow } from '../bindings/ReminderRow';
import type { RemindersDone } from '../bindings/RemindersDone';
import type { RestoreReport } from '../bindings/RestoreReport';
import type { ReturnedItem } from '../bindings/ReturnedItem';
import type { TrainingSession } from '../bindings/TrainingSession';
import type { TrainingSessionsPage } from '../bindings/TrainingSessionsPage';
import type { PersonSummary } from '../bindings/PersonSummary';
import type { Transition } from '../bindings/Transition';
import type { Country } from '../bindings/Country';
import type { DocumentAction } from '../bindings/DocumentAction';
import type { DocumentEntry } from '../bindings/DocumentEntry';
import type { DocumentId } from '../bindings/DocumentId';
import type { EarlyCheckout } from '../bindings/EarlyCheckout';
import type { DocumentInput } from '../bindings/DocumentInput';
import type { DocumentStatus } from '../bindings/DocumentStatus';
import type { ExportDone } from '../bindings/ExportDone';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportRequest } from '../bindings/ExportRequest';
import type { Movement } from '../bindings/Movement';
import type { PersonTravel } from '../bindings/PersonTravel';
import type { TravelDocument } from '../bindings/TravelDocument';
import type { TripAction } from '../bindings/TripAction';
import type { TripId } from '../bindings/TripId';
import type { TripInput } from '../bindings/TripInput';
import type { TripState } from '../bindings/TripState';
import type { TripSummary } from '../bindings/TripSummary';
import type { TripView } from '../bindings/TripView';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportReport } from '../bindings/ImportReport';
import type { DialogMode } from '../bindings/DialogMode';
import type { FilePurpose } from '../bindings/FilePurpose';
import type { AccountRow, Role } from '../session/types';
import { setWaiting } from './busy.svelte';
import { retryWhileBusy } from './retry';
import { reportDrawn, type DrawnEvent } from './trace';

type Args = Record<string, unknown>;

/** One attempt at a command. */
async function once<T>(command: string, args: Args): Promise<T> {
  // `vite --mode mock` only: an in-memory register for looking at the screens in a browser.
  // In every other build this branch is constant-false and the mock is not bundled.
  if (import.meta.env.MODE === 'mock') {
    const { mockInvoke } = await import('./mock-backend');
    return (await mockInvoke(command, args)) as T;
  }
  return await invoke<T>(command, args);
}

/**
 * A command, asked again (with a short, growing wait, the window saying it waits) while the
 * backend refuses it because another clerk is writing: such a refusal wrote nothing.
 */
function call<T>(command: string, args: Args = {}): Promise<T> {
  return retryWhileBusy(() => once<T>(command, args), { onwaiting: setWaiting });
}

/** The start-up trace (lib/trace.ts): a screen first drawn; nothing unless the backend traces. */
const traceMark = (event: DrawnEvent) => call<null>('trace_mark', { event });

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  // Issue 14: the register before it is open (missing: a passphrase is chosen, or no encryption
  // explicitly; encrypted: its passphrase or recovery key), then Settings → Encryption.
  registerState: () => call<RegisterView>('register_state'),
  registerCreate: (passphrase: string | null, repeat: string | null, confirmNoEncryption: boolean) =>
    call<RegisterView>('register_create', { passphrase, repeat, confirmNoEncryption }),
  registerUnlock: (secret: string, recovery: boolean) => call<RegisterView>('register_unlock', { secret, recovery }),
  registerKeyStatus: () => call<KeyStatus>('register_key_status'),
  // Issue 16: the register on the office server: the login role's password at start (never kept),
  // and Settings → Register's choice for the next start.
  registerConnect: (user: string, password: string) => call<RegisterView>('register_connect', { user, password }),
  registerChoiceGet: () => call<RegisterChoiceView>('register_choice_get'),
  registerChoiceSet: (choice: RegisterChoice) => call<RegisterChoiceView>('register_choice_set', { choice }),
  registerFirstServer: (choice: RegisterChoice) => call<RegisterView>('register_first_server', { choice }),
  /** Returns what the office is told (the old passphrase and recovery key no longer open it). */
  registerChangePassphrase: (old: string, passphrase: string, repeat: string) =>
    call<string>('register_change_passphrase', { old, new: passphrase, repeat }),
  registerEncrypt: (passphrase: string, repeat: string) => call<string>('register_encrypt', { passphrase, repeat }),
  /** Writes the recovery sheet (PDF) at `path`, chosen in the save dialog; returns where it went. */
  recoverySheetSave: (path: string) => call<string>('recovery_sheet_save', { path }),
  // Issue 14: who is at the keyboard is an account that signed in with its password; the
  // window locks after idle minutes; an admin keeps the accounts (session/).
  sessionSignIn: (name: string, password: string) => call<AppInfo>('session_sign_in', { name, password }),
  sessionSignOut: () => call<null>('session_sign_out'),
  sessionLock: () => call<null>('session_lock'),
  sessionUnlock: (password: string) => call<AppInfo>('session_unlock', { password }),
  accountCreateFirst: (name: string, password: string) => call<AppInfo>('account_create_first', { name, password }),
  accountsList: () => call<AccountRow[]>('accounts_list'),
  accountCreate: (name: string, role: Role, password: string) => call<AccountRow>('account_create', { name, role, password }),
  accountUpdate: (name: string, role: Role, disabled: boolean) => call<AccountRow>('account_update', { name, role, disabled }),
  accountSetPassword: (name: string, password: string) => call<null>('account_set_password', { name, password }),
  accountChangeOwnPassword: (old: string, password: string) => call<null>('account_change_own_password', { old, new: password }),
  idleLockSet: (minutes: number) => call<AppInfo>('idle_lock_set', { minutes }),
  /** The e2e tests' short idle lock in seconds (null outside the tests). */
  sessionIdleTestSeconds: () => call<number | null>('session_idle_test_seconds'),
  setLanguage: (lang: Lang) => call<AppInfo>('set_language', { lang }),
  setKeepInTray: (on: boolean) => call<AppInfo>('set_keep_in_tray', { on }),
  traceMark,

  peopleList: (query: PeopleQuery) => call<PeoplePage>('people_list', { query }),
  unitsList: () => call<string[]>('units_list'),
  personGet: (id: PersonId) => call<PersonDetail>('person_get', { id }),
  personAdd: (input: PersonInput) => call<Person>('person_add', { input }),
  /** `version`: the person's row version the screen loaded (PersonDetail.version); a stale one is refused. */
  personUpdate: (id: PersonId, input: PersonInput, version: number | null = null) => call<Person>('person_update', { id, input, version }),
  personSetLevel: (id: PersonId, level: LevelId, effective: string, reason: string) =>
    call<Person>('person_set_level', { id, level, effective, reason }),
  personArchive: (id: PersonId, reason: string) => call<Person>('person_archive', { id, reason }),
  personUnarchive: (id: PersonId) => call<Person>('person_unarchive', { id }),
  personRevealId: (id: PersonId) => call<string>('person_reveal_id', { id }),
  // A person's photograph (issue 13): shown, set from a picture file, removed.
  personPhotoGet: (id: PersonId) => call<PhotoView | null>('person_photo_get', { id }),
  personPhotoSet: (id: PersonId, path: string) => call<PhotoView>('person_photo_set', { id, path }),
  personPhotoRemove: (id: PersonId) => call<null>('person_photo_remove', { id }),

  auditList: (offset: number, limit: number) => call<AuditPage>('audit_list', { offset, limit }),
  auditVerify: () => call<Verification>('audit_verify'),
  // The Audit screen: the entries a filter matches (a page), one entry with its place in the
  // chain, the operators to filter by.
  auditSearch: (filter: AuditFilter, offset: number, limit: number) => call<AuditPage>('audit_search', { filter, offset, limit }),
  auditEntry: (seq: number) => call<AuditDetail>('audit_entry', { seq }),
  auditOperators: () => call<string[]>('audit_operators'),
  auditReplay: () => call<ReplayReport>('audit_replay'),
  // The audit chain anchored (issue 14): its head as printed on paper, and the check of the
  // chain, its signatures and a head typed back from a form, an export or a backup.
  auditHead: () => call<ChainHead>('audit_head'),
  auditCheck: (head: string | null) => call<AuditCheck>('audit_check', { head }),
  registerCheck: (full: boolean) => call<RegisterCheck>('register_check', { full }),

  sampleLoad: () => call<number>('sample_load'),

  // Backup and restore of the whole register (the backend writes and reads the files). After a
  // restore the window reloads: every screen then reads the restored register.
  backupSettings: () => call<BackupSettings>('backup_settings_get'),
  backupSettingsSet: (folder: string | null, keep: number) => call<BackupSettings>('backup_settings_set', { folder, keep }),
  backupNow: (path: string | null) => call<BackupReport>('backup_now', { path }),
  backupRestore: (path: string) => call<RestoreReport>('backup_restore', { path }),

  // Lifecycle: stages, steps, departure, training, personal events; the policy in force.
  lifecycleGet: (id: PersonId) => call<LifecycleView>('lifecycle_get', { id }),
  lifecycleRecordStep: (id: PersonId, stepId: string, doneOn: string, note: string) =>
    call<LifecycleView>('lifecycle_record_step', { id, stepId, doneOn, note }),
  lifecycleAdvance: (id: PersonId, request: Transition) => call<LifecycleView>('lifecycle_advance', { id, request }),
  lifecycleSetItems: (id: PersonId, items: ReturnedItem[]) => call<LifecycleView>('lifecycle_set_items', { id, items }),
  lifecycleAddEvent: (id: PersonId, event: PersonalEvent) => call<LifecycleView>('lifecycle_add_event', { id, event }),
  trainingAdd: (session: TrainingSession, attendees: PersonId[]) => call<number>('training_add', { session, attendees }),
  trainingSessions: (offset: number, limit: number) => call<TrainingSessionsPage>('training_sessions', { offset, limit }),
  peoplePick: (query: PeopleQuery) => call<PersonSummary[]>('people_pick', { query }),
  policyInfo: () => call<PolicyInfo>('policy_info'),
  policySelect: (id: string) => call<PolicyInfo>('policy_select', { id }),
  policyLoadFile: (path: string) => call<PolicyInfo>('policy_load_file', { path }),

  // Sign-off forms. A PDF never crosses IPC: previews are page images, saving writes a file.
  formSettings: () => call<FormSettings>('form_settings_get'),
  formSettingsSetHeader: (officeName: string, officeNameEn: string, language: string) =>
    call<FormSettings>('form_settings_set_header', { officeName, officeNameEn, language }),
  formTemplateLoad: (kind: IssuedForm['kind'], path: string, version: string) => call<FormSettings>('form_template_load', { kind, path, version }),
  formTemplateClear: (kind: IssuedForm['kind']) => call<FormSettings>('form_template_clear', { kind }),
  formIssue: (kind: IssuedForm['kind'], person: PersonId, trip: TripId | null = null) =>
    call<FormIssued>('form_issue', { kind, person, trip }),
  formPreview: (number: string) => call<string[]>('form_preview', { number }),
  formSave: (number: string, path: string) => call<FormSaved>('form_save', { number, path }),
  formsList: (query: FormsQuery) => call<FormsPage>('forms_list', { query }),
  formVerify: (code: string) => call<FormVerification>('form_verify', { code }),
  formScanView: (number: string) => call<string>('form_scan_view', { number }),
  formReceived: (number: string, on: string, scan: string | null) => call<IssuedForm>('form_received', { number, on, scan }),
  // Issue 13: a draft before issuing (no number), copies, voiding, several copies received at once.
  formDraft: (kind: IssuedForm['kind'], person: PersonId, trip: TripId | null = null) => call<FormDraft>('form_draft', { kind, person, trip }),
  formDraftSave: (kind: IssuedForm['kind'], person: PersonId, trip: TripId | null, path: string) =>
    call<FormSaved>('form_draft_save', { kind, person, trip, path }),
  formReprint: (number: string, path: string) => call<FormSaved>('form_reprint', { number, path }),
  formVoid: (number: string, reason: string) => call<IssuedForm>('form_void', { number, reason }),
  formsReceived: (numbers: string[], on: string) => call<IssuedForm[]>('forms_received', { numbers, on }),
  // First start: the office, the operator, the policy and the print language, in one go.
  setupOptions: () => call<SetupOptions>('setup_options'),
  setupFirstStart: (input: FirstStart) => call<AppInfo>('setup_first_start', { input }),
  formBatch: (kind: IssuedForm['kind'], unit: string, path: string) => call<FormSaved>('form_batch', { kind, unit, path }),
  formRegisterList: (query: PeopleQuery, filter: string | null, path: string) =>
    call<FormSaved>('form_register_list', { query, filter, path }),

  // Reminders: the dashboard on a day (default the backend's today), acknowledge, snooze, undo,
  // and the calendar export written by the backend (default the Documents folder).
  remindersBoard: (filter: ReminderFilter, asOf: string | null = null) =>
    call<ReminderBoard>('reminders_board', { asOf, filter }).then((board) => (reportDrawn('dashboard-drawn', traceMark), board)),
  reminderAck: (id: string, note: string) => call<ReminderRow>('reminder_ack', { id, note }),
  reminderSnooze: (id: string, until: string) => call<ReminderRow>('reminder_snooze', { id, until }),
  reminderUnack: (id: string) => call<ReminderRow>('reminder_unack', { id }),
  remindersRecordDone: (ids: string[], doneOn: string, note: string) => call<RemindersDone>('reminders_record_done', { ids, doneOn, note }),
  remindersIcsSave: (path: string, names = false) => call<string>('reminders_ics_save', { path, names }),
  // Any list as Excel or CSV, as its screen filters it; the backend writes the file where the
  // clerk chose in the save dialog (lib/files.ts) and records the export.
  exportList: (request: ExportRequest, format: ExportFormat, includeIdNumbers: boolean, path: string) =>
    call<ExportDone>('export_list', { request, format, includeIdNumbers, path }),
  // Foreign travel and travel-document custody.
  tripsList: (state: TripState | null) => call<TripSummary[]>('trips_list', { state }),
  tripGet: (id: TripId) => call<TripView>('trip_get', { id }),
  tripRequest: (person: PersonId, input: TripInput, requested: string) => call<TripView>('trip_request', { person, input, requested }),
  /** `version`: the trip's row version the screen loaded (TripView.version); a stale one is refused. */
  tripAct: (id: TripId, action: TripAction, version: number | null = null) => call<TripView>('trip_act', { id, action, version }),
  documentsList: (status: DocumentStatus | null) => call<DocumentEntry[]>('documents_list', { status }),
  documentAdd: (person: PersonId, input: DocumentInput, registered: string, location: string | null, counterpart: string) =>
    call<TravelDocument>('document_add', { person, input, registered, location, counterpart }),
  documentMove: (id: DocumentId, action: DocumentAction, movement: Movement) =>
    call<TravelDocument>('document_move', { id, action, movement }),
  /** `early`: the reason and approver of a check-out before the policy's lead time (else null). */
  documentCheckout: (id: DocumentId, trip: TripId, movement: Movement, early: EarlyCheckout | null = null) =>
    call<TripView>('document_checkout', { id, trip, movement, early }),
  personTravel: (id: PersonId) => call<PersonTravel>('person_travel', { id }),
  countriesList: () => call<Country[]>('countries_list'),
  // The pickers: what a typed destination or date means, read by the backend as the CLI reads it.
  countriesSuggest: (query: string) => call<Country[]>('countries_suggest', { query }),
  countryResolve: (text: string) => call<Country>('country_resolve', { text }),
  dateRead: (field: string, text: string) => call<string>('date_read', { field, text }),

  // Importing the office's roster: a preview (every row checked, nothing written), the import
  // (all rows or none), the refused rows to fix and the template, written by the backend where the
  // clerk chose in the save dialog (lib/files.ts).
  importPreview: (path: string, options: ImportOptions) => call<ImportReport>('import_preview', { path, options }),
  importRun: (path: string, options: ImportOptions) => call<ImportReport>('import_run', { path, options }),
  importRefusedSave: (path: string, options: ImportOptions, out: string) =>
    call<string>('import_refused_save', { path, options, out }),
  importTemplateSave: (out: string) => call<string>('import_template_save', { out }),

  // Files chosen with the system's dialogs (shown by the backend; null = cancelled), opened in
  // the system's viewer, printed; the shipped form template saved to edit. Use lib/files.ts.
  chooseFile: (purpose: FilePurpose, mode: DialogMode, suggestedName: string | null) =>
    call<string | null>('choose_file', { purpose, mode, suggestedName }),
  openInViewer: (path: string) => call<null>('open_in_viewer', { path }),
  printFile: (path: string) => call<null>('print_file', { path }),
  formTemplateExport: (kind: IssuedForm['kind'], path: string) => call<string>('form_template_export', { kind, path }),
};
