// Files chosen with the operating system's dialogs, opened in the system's viewer, printed.
//
// The backend shows the dialogs (src-tauri/commands/files.rs): each purpose has its filters, its
// title in the office's language, and starts in the folder of the last file of that purpose, else
// the Documents folder. A dialog answers with the path chosen, or null when the person cancelled:
// then do nothing, it is not an error. The command that reads or writes the file keeps its own
// checks (a folder that does not exist is never created).
//
// In the end-to-end tests the environment variable CLEARANCE_TRACKER_TEST_DIALOG names a file
// whose content answers every dialog instead (tests/e2e/harness.rs: `desk.answer_dialog`).
import type { ApiError } from '../bindings/ApiError';
import type { FilePurpose } from '../bindings/FilePurpose';
import { api } from './api';

export type { FilePurpose };

/** The save dialog of `purpose`, suggesting `suggestedName` (its extension picks the filter). */
export function chooseSaveFile(purpose: FilePurpose, suggestedName: string): Promise<string | null> {
  return api.chooseFile(purpose, 'save', suggestedName);
}

/** The open dialog of `purpose`: an existing file. */
export function chooseOpenFile(purpose: FilePurpose): Promise<string | null> {
  return api.chooseFile(purpose, 'open', null);
}

/** The folder dialog of `purpose`. */
export function chooseFolder(purpose: FilePurpose): Promise<string | null> {
  return api.chooseFile(purpose, 'folder', null);
}

/** Opens a file the app saved (a form, a list, a calendar, a template) in the system's viewer. */
export async function openInViewer(path: string): Promise<void> {
  await api.openInViewer(path);
}

/**
 * Prints a PDF the app saved on the default printer. Rejects with an ApiError; one whose code is
 * `print.not_set_up` (see isPrintNotSetUp) says printing is not set up on this computer: offer
 * to open the file in the viewer instead (FileActions.svelte does).
 */
export async function printFile(path: string): Promise<void> {
  await api.printFile(path);
}

/** The refusal of printFile when this computer has no printing set up. */
export function isPrintNotSetUp(e: ApiError | null | undefined): boolean {
  return e?.code === 'print.not_set_up';
}

/** The last part of a path, to show which file was chosen (`/a/b/名册.xlsx` → `名册.xlsx`). */
export function fileName(path: string | null | undefined): string {
  if (!path) return '';
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.length ? parts[parts.length - 1] : path;
}
