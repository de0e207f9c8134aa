//! The window's roster import: a preview (every row checked, nothing written), the import, the
//! refused rows as a spreadsheet to fix, and the template; each file chosen with the system's
//! dialogs (issue 13).

use std::path::PathBuf;

use tauri::State;

use super::files::chosen_path;
use super::{reply, Reply};
use crate::error::AppResult;
use crate::office::{ImportOptions, ImportReport, Office};

/// Every row checked as the import would, the columns as matched, nothing written.
#[tauri::command]
pub async fn import_preview(office: State<'_, Office>, path: String, options: ImportOptions) -> Reply<ImportReport> {
    let options = ImportOptions { dry_run: true, ..options };
    reply(&office, office.import_roster(&PathBuf::from(path.trim()), &options).await).await
}

/// The import itself: all rows or none.
#[tauri::command]
pub async fn import_run(office: State<'_, Office>, path: String, options: ImportOptions) -> Reply<ImportReport> {
    let options = ImportOptions { dry_run: false, ..options };
    reply(&office, office.import_roster(&PathBuf::from(path.trim()), &options).await).await
}

/// The refused rows of `path`, with what to fix, saved as a spreadsheet at `out`.
#[tauri::command]
pub async fn import_refused_save(office: State<'_, Office>, path: String, options: ImportOptions, out: String) -> Reply<String> {
    let result: AppResult<String> = async {
        let source = PathBuf::from(path.trim());
        let to = chosen_path(&out)?;
        let report = office.import_roster(&source, &ImportOptions { dry_run: true, ..options }).await?;
        office.write_refused_rows(&source, &report, &to).await?;
        Ok(to.display().to_string())
    }
    .await;
    reply(&office, result).await
}

/// A roster template to fill in, saved at `out`.
#[tauri::command]
pub async fn import_template_save(office: State<'_, Office>, out: String) -> Reply<String> {
    let result: AppResult<String> = async {
        let to = chosen_path(&out)?;
        office.write_roster_template(&to).await.map(|()| to.display().to_string())
    }
    .await;
    reply(&office, result).await
}
