//! The window's commands for sign-off forms. A PDF never crosses IPC: the preview is page
//! images (SVG `data:` URLs, which the CSP's `img-src data:` allows), and "save" writes the PDF
//! where the user typed, or into their Documents folder, and returns the path written.

use std::path::{Path, PathBuf};

use base64::Engine;
use chrono::NaiveDate;
use clearance_domain::form::{FormKind, FormNumber};
use clearance_domain::person::PersonId;
use clearance_domain::register::PeopleQuery;
use clearance_domain::travel::TripId;

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::{reply, Reply};
use crate::error::{AppError, AppResult};
use crate::office::{check_target, render_error, save_failed, FormSettings, FormVerification, IssuedPdf, Office};
use crate::store::files::PendingFile;
use crate::store::{FormsPage, FormsQuery, IssuedForm};

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

/// Where to write: the path typed (a folder gets `name` inside it), else the Documents folder.
pub(super) fn target(path: Option<String>, name: &str) -> PathBuf {
    match path.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()) {
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_dir() {
                p.join(name)
            } else {
                p
            }
        }
        None => directories::UserDirs::new()
            .and_then(|d| d.document_dir().map(|p| p.to_path_buf()))
            .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("."))
            .join(name),
    }
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

/// `commitment-2026-11-30.pdf`: a batch's file is named before its numbers are known.
fn batch_name(stem: &str, office: &Office) -> String {
    format!("{stem}-{}.pdf", office.today())
}

async fn issue(office: &Office, kind: FormKind, person: PersonId, trip: Option<TripId>) -> AppResult<FormIssued> {
    let issued = office.issue_form(kind, person, trip, None).await?;
    let form = issued.forms.into_iter().next().ok_or_else(|| AppError::Render("no form issued".into()))?;
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

#[tauri::command]
pub async fn form_save(office: State<'_, Office>, number: FormNumber, path: Option<String>) -> Reply<FormSaved> {
    let result: AppResult<FormSaved> = async {
        let (form, pdf) = office.form_pdf(number).await?;
        let name = format!("{}-{}.pdf", form.number, form.kind.id());
        let written = write_file(target(path, &name), pdf).await?;
        Ok(FormSaved { path: written, numbers: vec![form.number], count: 1 })
    }
    .await;
    reply(&office, result).await
}

#[tauri::command]
pub async fn forms_list(office: State<'_, Office>, query: FormsQuery) -> Reply<FormsPage> {
    reply(&office, office.issued_forms(&query).await).await
}

#[tauri::command]
pub async fn form_verify(office: State<'_, Office>, code: String) -> Reply<FormVerification> {
    reply(&office, office.verify_form(&code).await).await
}

#[tauri::command]
pub async fn form_received(office: State<'_, Office>, number: FormNumber, on: NaiveDate, scan: Option<String>) -> Reply<IssuedForm> {
    let scan = scan.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).map(PathBuf::from);
    reply(&office, office.form_received(number, on, scan.as_deref()).await).await
}

#[tauri::command]
pub async fn form_batch(office: State<'_, Office>, kind: FormKind, unit: String, path: Option<String>) -> Reply<FormSaved> {
    let to = target(path, &batch_name(kind.id(), &office));
    let result: AppResult<FormSaved> = async { saved(&office.issue_batch(kind, &unit, Some(&to)).await?, &to) }.await;
    reply(&office, result).await
}

#[tauri::command]
pub async fn form_register_list(
    office: State<'_, Office>,
    query: PeopleQuery,
    filter: Option<String>,
    path: Option<String>,
) -> Reply<FormSaved> {
    let to = target(path, &batch_name("register-list", &office));
    let result: AppResult<FormSaved> = async { saved(&office.issue_register_list(&query, filter, Some(&to)).await?, &to) }.await;
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
