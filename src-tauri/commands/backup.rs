//! Settings → Backup and restore, and the window's automatic backup.
//!
//! A restore needs no restart of the window: the backup's pages replace the register's under
//! the open pool (store/backup.rs), so the `Office` every command holds stays valid and the
//! window only reloads its screens to read the restored register.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, State};

use super::{reply, Reply};
use crate::office::{BackupReport, BackupSettings, Office, RestoreReport};

/// Tells the window that the last backup changed (the dashboard's warning may have gone).
const BACKUP_CHANGED: &str = "backup-changed";
/// Time for the window to come up before the day's backup starts reading the register.
const FIRST_AFTER: Duration = Duration::from_secs(10);
/// How often a window left open (in the tray, over midnight) looks whether a new day's is due.
const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);

#[tauri::command]
pub async fn backup_settings_get(office: State<'_, Office>) -> Reply<BackupSettings> {
    reply(&office, office.backup_settings().await).await
}

#[tauri::command]
pub async fn backup_settings_set(office: State<'_, Office>, folder: Option<String>, keep: u32) -> Reply<BackupSettings> {
    reply(&office, office.set_backup_settings(folder.as_deref(), keep).await).await
}

/// Backs up now into `path` (a folder or a new file), else into the backup folder.
#[tauri::command]
pub async fn backup_now(office: State<'_, Office>, path: Option<String>) -> Reply<BackupReport> {
    reply(&office, office.backup(path.as_deref()).await).await
}

/// Restores from the backup at `path`; the window then reloads its screens.
#[tauri::command]
pub async fn backup_restore(office: State<'_, Office>, path: String) -> Reply<RestoreReport> {
    reply(&office, office.restore(&path).await).await
}

/// The day's automatic backup, in the background: shortly after start, then whenever a new day
/// has begun while the window is open. Failures are recorded as the last backup (Settings and
/// the dashboard show them), so here they are only logged.
pub async fn automatic_backups(app: AppHandle) {
    tokio::time::sleep(FIRST_AFTER).await;
    loop {
        let office = app.state::<Office>().inner().clone();
        match office.auto_backup().await {
            Ok(None) => {}
            Ok(Some(_)) => {
                let _ = app.emit(BACKUP_CHANGED, ());
            }
            Err(e) => {
                eprintln!("Clearance Tracker: the automatic backup failed: {e}");
                let _ = app.emit(BACKUP_CHANGED, ());
            }
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}
