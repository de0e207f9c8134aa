//! The window's export of a list (issue 12): the list as its screen filters it, written where the
//! clerk chose in the save dialog (issue 13).

use clearance_domain::export::ExportFormat;
use tauri::State;

use super::files::chosen_path;
use super::{reply, Reply};
use crate::error::AppResult;
use crate::office::{ExportDone, ExportRequest, Office};

#[tauri::command]
pub async fn export_list(
    office: State<'_, Office>,
    request: ExportRequest,
    format: ExportFormat,
    include_id_numbers: bool,
    path: String,
) -> Reply<ExportDone> {
    let result: AppResult<ExportDone> =
        async { office.export_list(&request, format, include_id_numbers, &chosen_path(&path)?).await }.await;
    reply(&office, result).await
}
