//! The window's commands: each parses its arguments, calls the one `Office` operation and maps
//! the error to `{code, message}` in the office's language. No rules live here.

pub mod audit;
pub mod backup;
pub mod lifecycle;

pub mod export;
pub mod files;
pub mod forms;
pub mod import;
pub mod photo;
pub mod pickers;
pub mod register;
pub mod reminders;
pub mod server;
pub mod session;
pub mod setup;

pub mod travel;

use chrono::NaiveDate;
use clearance_domain::audit::Verification;
use clearance_domain::person::{Person, PersonId, PersonInput};
use clearance_domain::register::{PeoplePage, PeopleQuery};
use clearance_domain::Lang;
use tauri::State;

use crate::error::{ApiError, AppError};
use crate::office::{AppInfo, AuditPage, Office, PersonDetail, RegisterCheck};

type Reply<T> = Result<T, ApiError>;

async fn reply<T>(office: &Office, result: Result<T, AppError>) -> Reply<T> {
    match result {
        Ok(v) => Ok(v),
        // The office server out of reach said as such (office/connection.rs).
        Err(e) => Err(office.server_gone(e).to_api(office.lang().await)),
    }
}

#[tauri::command]
pub async fn app_info(office: State<'_, Office>) -> Reply<AppInfo> {
    reply(&office, office.info().await).await
}

#[tauri::command]
pub async fn set_keep_in_tray(app: tauri::AppHandle, office: State<'_, Office>, on: bool) -> Reply<AppInfo> {
    let result = office.set_keep_in_tray(on).await;
    if on && result.is_ok() {
        if let Err(e) = crate::window::ensure_tray(&app) {
            eprintln!("Clearance Tracker: no system tray: {e}");
        }
    }
    reply(&office, result).await
}

#[tauri::command]
pub async fn set_language(office: State<'_, Office>, lang: Lang) -> Reply<AppInfo> {
    reply(&office, office.set_language(lang).await).await
}

#[tauri::command]
pub async fn people_list(office: State<'_, Office>, query: PeopleQuery) -> Reply<PeoplePage> {
    reply(&office, office.people(&query).await).await
}

#[tauri::command]
pub async fn units_list(office: State<'_, Office>) -> Reply<Vec<String>> {
    reply(&office, office.units().await).await
}

#[tauri::command]
pub async fn person_get(office: State<'_, Office>, id: PersonId) -> Reply<PersonDetail> {
    reply(&office, office.person_detail(id).await).await
}

#[tauri::command]
pub async fn person_add(office: State<'_, Office>, input: PersonInput) -> Reply<Person> {
    reply(&office, office.add_person(&input).await).await
}

#[tauri::command]
pub async fn person_update(office: State<'_, Office>, id: PersonId, input: PersonInput, version: Option<i64>) -> Reply<Person> {
    reply(&office, office.update_person_at(id, &input, version).await).await
}

#[tauri::command]
pub async fn person_set_level(
    office: State<'_, Office>,
    id: PersonId,
    level: String,
    effective: NaiveDate,
    reason: String,
) -> Reply<Person> {
    reply(&office, office.set_level(id, &level, effective, &reason).await).await
}

#[tauri::command]
pub async fn person_archive(office: State<'_, Office>, id: PersonId, reason: String) -> Reply<Person> {
    reply(&office, office.archive(id, &reason).await).await
}

#[tauri::command]
pub async fn person_unarchive(office: State<'_, Office>, id: PersonId) -> Reply<Person> {
    reply(&office, office.unarchive(id).await).await
}

#[tauri::command]
pub async fn person_reveal_id(office: State<'_, Office>, id: PersonId) -> Reply<String> {
    reply(&office, office.reveal_id_number(id).await).await
}

#[tauri::command]
pub async fn audit_list(office: State<'_, Office>, offset: u32, limit: u32) -> Reply<AuditPage> {
    reply(&office, office.audit_page(offset, limit).await).await
}

#[tauri::command]
pub async fn audit_verify(office: State<'_, Office>) -> Reply<Verification> {
    reply(&office, office.verify_audit().await).await
}

/// The check the window runs in the background at start (quick) and Settings runs on demand.
#[tauri::command]
pub async fn register_check(office: State<'_, Office>, full: bool) -> Reply<RegisterCheck> {
    crate::trace::mark("register-check-start");
    let checked = office.check_register(full).await;
    crate::memory::release_freed();
    crate::trace::mark("register-check-done");
    reply(&office, checked).await
}

#[tauri::command]
pub async fn sample_load(office: State<'_, Office>) -> Reply<usize> {
    reply(&office, office.load_sample().await).await
}
