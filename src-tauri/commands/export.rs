//! The window's export of a list (issue 12): the list as its screen filters it, written where
//! the user typed (a folder gets a dated name inside it), or into their Documents folder.

use clearance_domain::export::ExportFormat;
use tauri::State;

use super::forms::target;
use super::{reply, Reply};
use crate::office::{default_file_name, ExportDone, ExportRequest, Office};

#[tauri::command]
pub async fn export_list(
    office: State<'_, Office>,
    request: ExportRequest,
    format: ExportFormat,
    include_id_numbers: bool,
    path: Option<String>,
) -> Reply<ExportDone> {
    let name = default_file_name(request.list(), format, office.today());
    let to = target(path, &name.display().to_string());
    reply(&office, office.export_list(&request, format, include_id_numbers, &to).await).await
}
