//! The first-start screen's commands: what it offers, and its answers kept.

use tauri::State;

use super::{reply, Reply};
use crate::office::{AppInfo, FirstStart, Office, SetupOptions};

#[tauri::command]
pub async fn setup_options(office: State<'_, Office>) -> Reply<SetupOptions> {
    reply(&office, office.setup_options().await).await
}

#[tauri::command]
pub async fn setup_first_start(office: State<'_, Office>, input: FirstStart) -> Reply<AppInfo> {
    reply(&office, office.first_start(&input).await).await
}
