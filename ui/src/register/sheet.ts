// The recovery sheet: saved as PDF where the save dialog answers (null: cancelled), then opened
// in the system's viewer to be printed. The backend renders it (office/recovery_sheet.rs): right
// after the first start's passphrase, or for an administrator from Settings → Encryption.
import { t } from '../i18n/i18n.svelte';
import { api } from '../lib/api';
import { chooseSaveFile, openInViewer } from '../lib/files';

export async function saveRecoverySheet(): Promise<string | null> {
  const out = await chooseSaveFile('recovery_sheet', t('encryption.sheet.fileName'));
  if (out === null) return null;
  const saved = await api.recoverySheetSave(out);
  await openInViewer(saved);
  return saved;
}
