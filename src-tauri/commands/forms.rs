//! The window's commands for sign-off forms. A PDF never crosses IPC: the preview is page
//! images (SVG `data:` URLs, which the CSP's `img-src data:` allows), and "save" writes the PDF
//! where the user chose (the system's save dialog), or into their Documents folder, and returns
//! the path written.
//!
//! Generating a form first shows a draft (样稿 / DRAFT, no number: nothing registered or
//! written); *Issue* numbers and registers it. The original's PDF is kept in memory for the
//! window that issued it, which saves, opens or prints it; later the register prints copies
//! (副本 / COPY), never a second original.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use base64::Engine;
use chrono::NaiveDate;
use clearance_domain::form::{FormKind, FormNumber};
use clearance_domain::person::PersonId;
use clearance_domain::register::PeopleQuery;
use clearance_domain::travel::TripId;
use clearance_domain::FieldError;

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::files::chosen_path;
use super::{reply, Reply};
use crate::error::{AppError, AppResult};
use crate::office::{check_target, render_error, save_failed, FormSettings, FormVerification, IssuedPdf, Office};
use crate::store::files::PendingFile;
use crate::store::{FormsPage, FormsQuery, IssuedForm};

/// The originals issued by this window, newest last: saving one writes the very PDF that was
/// registered. A handful is kept (one dialog works with one form).
type Originals = VecDeque<(FormNumber, Vec<u8>)>;
static ORIGINALS: LazyLock<Mutex<Originals>> = LazyLock::new(|| Mutex::new(VecDeque::new()));
const ORIGINALS_KEPT: usize = 8;

fn keep_original(number: FormNumber, pdf: Vec<u8>) {
    if let Ok(mut kept) = ORIGINALS.lock() {
        kept.retain(|(n, _)| *n != number);
        kept.push_back((number, pdf));
        while kept.len() > ORIGINALS_KEPT {
            kept.pop_front();
        }
    }
}

fn original(number: FormNumber) -> Option<Vec<u8>> {
    ORIGINALS.lock().ok()?.iter().find(|(n, _)| *n == number).map(|(_, pdf)| pdf.clone())
}

/// A draft shown before issuing: its pages, marked 样稿 / DRAFT, with no number.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormDraft {
    /// One `data:image/svg+xml;base64,…` URL per page.
    pub pages: Vec<String>,
}

/// A form just issued from the window: its register entry and its pages to preview.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormIssued {
    pub form: IssuedForm,
    /// One `data:image/svg+xml;base64,…` URL per page.
    pub pages: Vec<String>,
    /// The office's template failed and the shipped one was used: why.
    pub template_warning: Option<String>,
}

/// A PDF written to disk.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormSaved {
    pub path: String,
    /// The numbers of the forms in it (first and last for a batch).
    pub numbers: Vec<FormNumber>,
    pub count: u32,
}

fn data_urls(pages: Vec<String>) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    pages.into_iter().map(|svg| format!("data:image/svg+xml;base64,{}", b64.encode(svg))).collect()
}

/// Writes a PDF the register already holds (a reprint) whole or not at all.
pub(super) async fn write_file(path: PathBuf, bytes: Vec<u8>) -> AppResult<String> {
    check_target(&path)?;
    let written =
        tokio::task::spawn_blocking(move || PendingFile::write(&path, &bytes).and_then(PendingFile::commit).map_err(|e| (path, e)))
            .await
            .map_err(render_error)?;
    match written {
        Ok(path) => Ok(path.display().to_string()),
        Err((path, e)) => Err(save_failed(&path, &e)),
    }
}

/// What the window is told of a batch or list saved to `target` while it was issued.
fn saved(issued: &IssuedPdf, target: &Path) -> AppResult<FormSaved> {
    let numbers: Vec<FormNumber> = match issued.forms.as_slice() {
        [] => vec![],
        [one] => vec![one.number],
        [first, .., last] => vec![first.number, last.number],
    };
    let path = issued.saved_file(target)?;
    Ok(FormSaved { path: path.display().to_string(), numbers, count: issued.forms.len() as u32 })
}

async fn issue(office: &Office, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<FormIssued> {
    let issued = office.issue_form(kind, person, trip, None).await?;
    let form = issued.forms.into_iter().next().ok_or_else(|| AppError::Render("no form issued".into()))?;
    keep_original(form.number, issued.pdf);
    let pages = data_urls(office.form_preview_svg(form.number).await?);
    Ok(FormIssued { form, pages, template_warning: issued.template_warning })
}

#[tauri::command]
pub async fn form_issue(office: State<'_, Office>, kind: FormKind, person: PersonId, trip: Option<TripId>) -> Reply<FormIssued> {
    reply(&office, issue(&office, kind, person, trip).await).await
}

#[tauri::command]
pub async fn form_preview(office: State<'_, Office>, number: FormNumber) -> Reply<Vec<String>> {
    reply(&office, office.form_preview_svg(number).await.map(data_urls)).await
}

/// The draft of a form before it is issued: nothing is numbered, registered, audited or written.
#[tauri::command]
pub async fn form_draft(office: State<'_, Office>, kind: FormKind, person: PersonId, trip: Option<TripId>) -> Reply<FormDraft> {
    reply(&office, office.preview_form(kind, person, trip).await.map(|pages| FormDraft { pages: data_urls(pages) })).await
}

/// Writes the draft's PDF where the clerk chose (to print it for checking): still no number,
/// nothing registered.
#[tauri::command]
pub async fn form_draft_save(
    office: State<'_, Office>,
    kind: FormKind,
    person: PersonId,
    trip: Option<TripId>,
    path: String,
) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let pdf = office.draft_pdf(kind, person, trip).await?;
        let written = write_file(chosen_path(&path)?, pdf).await?;
        Ok(FormSaved { path: written, numbers: vec![], count: 0 })
    }
    .await;
    reply(&office, result).await
}

/// Writes the original of a form this window just issued. A form issued earlier (or elsewhere)
/// is printed again as a copy from the Forms screen: there is one original.
#[tauri::command]
pub async fn form_save(office: State<'_, Office>, number: FormNumber, path: String) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let pdf = original(number).ok_or_else(|| FieldError::general("form.original_delivered").with("value", number))?;
        let form =
            office.store().issued_form(number).await?.ok_or_else(|| FieldError::new("number", "form.not_found").with("value", number))?;
        let written = write_file(chosen_path(&path)?, pdf).await?;
        Ok(FormSaved { path: written, numbers: vec![form.number], count: 1 })
    }
    .await;
    reply(&office, result).await
}

/// Prints a copy of an issued form (副本 / COPY, the same number and code; 已作废 / VOID with the
/// reason when voided) to the file chosen; the copy is recorded in the audit trail.
#[tauri::command]
pub async fn form_reprint(office: State<'_, Office>, number: FormNumber, path: String) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let to = chosen_path(&path)?;
        let form = office.reprint_form(number, &to).await?;
        Ok(FormSaved { path: to.display().to_string(), numbers: vec![form.number], count: 1 })
    }
    .await;
    reply(&office, result).await
}

/// Voids an issued form with its reason (kept in the register and the audit trail).
#[tauri::command]
pub async fn form_void(office: State<'_, Office>, number: FormNumber, reason: String) -> Reply<IssuedForm> {
    reply(&office, office.void_form(number, &reason).await).await
}

/// Marks several signed copies received on one day: each its own entry, all or none.
#[tauri::command]
pub async fn forms_received(office: State<'_, Office>, numbers: Vec<FormNumber>, on: NaiveDate) -> Reply<Vec<IssuedForm>> {
    reply(&office, office.forms_received(&numbers, on).await).await
}

#[tauri::command]
pub async fn forms_list(office: State<'_, Office>, query: FormsQuery) -> Reply<FormsPage> {
    reply(&office, office.issued_forms(&query).await).await
}

#[tauri::command]
pub async fn form_verify(office: State<'_, Office>, code: String) -> Reply<FormVerification> {
    reply(&office, office.verify_form(&code).await).await
}

/// The scan attached to a form, written decrypted into this run's private temporary folder for
/// the system's viewer (`open_in_viewer` with the path returned); removed when the window closes.
#[tauri::command]
pub async fn form_scan_view(office: State<'_, Office>, number: FormNumber) -> Reply<String> {
    reply(&office, office.form_scan_view(number).await.map(|p| p.display().to_string())).await
}

#[tauri::command]
pub async fn form_received(office: State<'_, Office>, number: FormNumber, on: NaiveDate, scan: Option<String>) -> Reply<IssuedForm> {
    let scan = scan.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).map(PathBuf::from);
    reply(&office, office.form_received(number, on, scan.as_deref()).await).await
}

#[tauri::command]
pub async fn form_batch(office: State<'_, Office>, kind: FormKind, unit: String, path: String) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let to = chosen_path(&path)?;
        saved(&office.issue_batch(kind, &unit, Some(&to)).await?, &to)
    }
    .await;
    reply(&office, result).await
}

#[tauri::command]
pub async fn form_register_list(office: State<'_, Office>, query: PeopleQuery, filter: Option<String>, path: String) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let to = chosen_path(&path)?;
        saved(&office.issue_register_list(&query, filter, Some(&to)).await?, &to)
    }
    .await;
    reply(&office, result).await
}

#[tauri::command]
pub async fn form_settings_get(office: State<'_, Office>) -> Reply<FormSettings> {
    reply(&office, office.form_settings().await).await
}

#[tauri::command]
pub async fn form_settings_set_header(
    office: State<'_, Office>,
    office_name: String,
    office_name_en: String,
    language: String,
) -> Reply<FormSettings> {
    reply(&office, office.set_form_header(&office_name, &office_name_en, &language).await).await
}

#[tauri::command]
pub async fn form_template_load(office: State<'_, Office>, kind: FormKind, path: String, version: String) -> Reply<FormSettings> {
    reply(&office, office.load_form_template(kind, &path, &version).await).await
}

#[tauri::command]
pub async fn form_template_clear(office: State<'_, Office>, kind: FormKind) -> Reply<FormSettings> {
    reply(&office, office.clear_form_template(kind).await).await
}
