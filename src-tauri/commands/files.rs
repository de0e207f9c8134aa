//! Files chosen with the operating system's dialogs, and files handed to the system's viewer or
//! printer (issue 13).
//!
//! The dialogs are shown from Rust with `tauri-plugin-dialog`, so the webview needs no dialog or
//! file-system permission: the window asks `choose_file` for a path (or `None`: the person
//! cancelled) and hands that path to the command that reads or writes. That command keeps its own
//! checks (a folder that does not exist is never created silently: `check_target`).
//!
//! Each [`FilePurpose`] has its filters and its title in the office's language, and starts in the
//! folder where the last file of that purpose was chosen, else the user's Documents folder.
//!
//! Test seam: when `CLEARANCE_TRACKER_TEST_DIALOG` names a file, no dialog is shown; the file's
//! current content is the answer (a path; empty = cancelled), and what would have been opened in
//! the viewer or printed is appended to `<that file>.log` instead (`open PATH`, `print PATH`);
//! while `<that file>.no-printer` exists, printing answers as on a computer with none set up.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clearance_domain::form::FormKind;
use clearance_domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::forms::write_file;
use super::{reply, Reply};
use crate::error::{AppError, AppResult};
use crate::office::Office;

/// The test seam's variable: names a file whose content answers every dialog.
pub const TEST_DIALOG_ENV: &str = "CLEARANCE_TRACKER_TEST_DIALOG";

/// What a file is chosen for: its filters, its dialog's title and its remembered folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// A form or a batch of forms as PDF.
    FormPdf,
    /// A list exported to Excel or CSV; refused rows of an import.
    Spreadsheet,
    /// The reminders as an iCalendar file.
    Calendar,
    /// The scan of a signed copy.
    Scan,
    /// A Typst form template.
    Template,
    /// A policy file.
    Policy,
    /// A roster to import.
    Roster,
    /// A backup of the register.
    Backup,
    /// The folder of the automatic backups.
    BackupFolder,
    /// A person's photo.
    Photo,
    /// The register's recovery sheet (PDF, to print and keep in the safe).
    RecoverySheet,
    /// The office server's CA certificate (Settings → Register, issue 16).
    CaCertificate,
}

/// Which dialog: open an existing file, save a new one, or choose a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DialogMode {
    Open,
    Save,
    Folder,
}

const PDF: &[&str] = &["pdf"];
const XLSX: &[&str] = &["xlsx"];
const CSV: &[&str] = &["csv"];
const ICS: &[&str] = &["ics"];
const SCAN: &[&str] = &["pdf", "jpg", "jpeg", "png"];
const TYP: &[&str] = &["typ"];
const TOML: &[&str] = &["toml"];
const ROSTER: &[&str] = &["xlsx", "xls", "ods", "csv"];
const BACKUP: &[&str] = &["db"];
const PHOTO: &[&str] = &["jpg", "jpeg", "png"];
const CERTIFICATE: &[&str] = &["pem", "crt", "cer"];

/// Files the app writes or reads for the office that may be shown in the system's viewer: never
/// a program, a link or the register itself.
const VIEWABLE: &[&str] = &["pdf", "xlsx", "csv", "ics", "typ", "toml", "png", "jpg", "jpeg"];

/// One filter of a dialog: the message code of its name, and its extensions (no dot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

impl FilePurpose {
    pub const ALL: [FilePurpose; 12] = [
        FilePurpose::FormPdf,
        FilePurpose::Spreadsheet,
        FilePurpose::Calendar,
        FilePurpose::Scan,
        FilePurpose::Template,
        FilePurpose::Policy,
        FilePurpose::Roster,
        FilePurpose::Backup,
        FilePurpose::BackupFolder,
        FilePurpose::Photo,
        FilePurpose::RecoverySheet,
        FilePurpose::CaCertificate,
    ];

    /// The stable snake-case id (as serde writes it), which also keys the remembered folder.
    pub fn id(self) -> &'static str {
        match self {
            FilePurpose::FormPdf => "form_pdf",
            FilePurpose::Spreadsheet => "spreadsheet",
            FilePurpose::Calendar => "calendar",
            FilePurpose::Scan => "scan",
            FilePurpose::Template => "template",
            FilePurpose::Policy => "policy",
            FilePurpose::Roster => "roster",
            FilePurpose::Backup => "backup",
            FilePurpose::BackupFolder => "backup_folder",
            FilePurpose::Photo => "photo",
            FilePurpose::RecoverySheet => "recovery_sheet",
            FilePurpose::CaCertificate => "ca_certificate",
        }
    }

    /// Every filter the purpose's dialogs may offer, in order.
    pub fn filters(self) -> &'static [Filter] {
        macro_rules! f {
            ($name:literal, $extensions:expr) => {
                Filter { name: $name, extensions: $extensions }
            };
        }
        match self {
            FilePurpose::FormPdf => &[f!("dialog.filter.pdf", PDF)],
            FilePurpose::Spreadsheet => &[f!("dialog.filter.xlsx", XLSX), f!("dialog.filter.csv", CSV)],
            FilePurpose::Calendar => &[f!("dialog.filter.ics", ICS)],
            FilePurpose::Scan => &[f!("dialog.filter.scan", SCAN)],
            FilePurpose::Template => &[f!("dialog.filter.typ", TYP)],
            FilePurpose::Policy => &[f!("dialog.filter.toml", TOML)],
            FilePurpose::Roster => &[f!("dialog.filter.roster", ROSTER)],
            FilePurpose::Backup => &[f!("dialog.filter.backup", BACKUP)],
            FilePurpose::BackupFolder => &[],
            FilePurpose::Photo => &[f!("dialog.filter.photo", PHOTO)],
            FilePurpose::RecoverySheet => &[f!("dialog.filter.pdf", PDF)],
            FilePurpose::CaCertificate => &[f!("dialog.filter.certificate", CERTIFICATE)],
        }
    }

    /// The filters a dialog shows: a save dialog only those of the suggested name's extension
    /// (an export chosen as CSV is saved as CSV), when one has it; a folder dialog none.
    pub fn filters_for(self, mode: DialogMode, suggested: Option<&str>) -> Vec<Filter> {
        let all = self.filters();
        match mode {
            DialogMode::Folder => vec![],
            DialogMode::Open => all.to_vec(),
            DialogMode::Save => {
                let ext = suggested.and_then(extension_of);
                let matching: Vec<Filter> =
                    all.iter().filter(|f| ext.as_deref().is_some_and(|e| f.extensions.contains(&e))).copied().collect();
                if matching.is_empty() {
                    all.to_vec()
                } else {
                    matching
                }
            }
        }
    }

    /// The message code of the dialog's title: its own for what the window asks, else the
    /// plain "Open a file" / "Save as" / "Choose a folder".
    pub fn title_code(self, mode: DialogMode) -> &'static str {
        use DialogMode::{Folder, Open, Save};
        match (self, mode) {
            (FilePurpose::FormPdf, Save) => "dialog.title.form_pdf.save",
            (FilePurpose::Spreadsheet, Save) => "dialog.title.spreadsheet.save",
            (FilePurpose::Calendar, Save) => "dialog.title.calendar.save",
            (FilePurpose::Scan, Open) => "dialog.title.scan.open",
            (FilePurpose::Template, Open) => "dialog.title.template.open",
            (FilePurpose::Template, Save) => "dialog.title.template.save",
            (FilePurpose::Policy, Open) => "dialog.title.policy.open",
            (FilePurpose::Roster, Open) => "dialog.title.roster.open",
            (FilePurpose::Roster, Save) => "dialog.title.roster.save",
            (FilePurpose::Backup, Save) => "dialog.title.backup.save",
            (FilePurpose::Backup, Open) => "dialog.title.backup.open",
            (FilePurpose::BackupFolder, Folder) => "dialog.title.backup_folder.folder",
            (FilePurpose::Photo, Open) => "dialog.title.photo.open",
            (FilePurpose::RecoverySheet, Save) => "dialog.title.recovery_sheet.save",
            (FilePurpose::CaCertificate, Open) => "dialog.title.ca_certificate.open",
            (_, Open) => "dialog.title.open",
            (_, Save) => "dialog.title.save",
            (_, Folder) => "dialog.title.folder",
        }
    }
}

/// The lower-case extension of a file name or path, without the dot.
fn extension_of(name: &str) -> Option<String> {
    Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).filter(|e| !e.is_empty())
}

fn text(code: &str, lang: Lang) -> String {
    clearance_domain::i18n::message(code, &BTreeMap::new(), lang)
}

/// A chosen file to save with no extension gets the suggested name's (`名册` → `名册.xlsx`).
pub fn with_extension(chosen: PathBuf, mode: DialogMode, suggested: Option<&str>) -> PathBuf {
    if mode != DialogMode::Save || chosen.extension().is_some() {
        return chosen;
    }
    match suggested.and_then(extension_of) {
        Some(ext) => chosen.with_extension(ext),
        None => chosen,
    }
}

/// The seam's answer, when the seam is on: `Some(None)` = cancelled.
fn seam_answer() -> Option<AppResult<Option<PathBuf>>> {
    let file = std::env::var_os(TEST_DIALOG_ENV).filter(|v| !v.is_empty())?;
    Some(read_answer(Path::new(&file)))
}

/// The answer written into the seam's file: its content, trimmed; empty = cancelled.
pub fn read_answer(file: &Path) -> AppResult<Option<PathBuf>> {
    let content = std::fs::read_to_string(file).map_err(|e| dialog_failed(&e))?;
    let answer = content.trim();
    Ok((!answer.is_empty()).then(|| PathBuf::from(answer)))
}

fn dialog_failed(e: &dyn std::fmt::Display) -> AppError {
    FieldError::general("dialog.failed").with("detail", e).into()
}

/// The folders where the last file of each purpose was chosen, kept for this user (not in the
/// register, which other clerks share): a small JSON file in the app's data folder.
fn folders_file() -> PathBuf {
    crate::paths::data_dir().join("dialog-folders.json")
}

fn read_folders(file: &Path) -> BTreeMap<String, PathBuf> {
    std::fs::read_to_string(file).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Remembers `folder` for `purpose`; a failure only means the next dialog starts in Documents.
fn remember_folder(file: &Path, purpose: FilePurpose, folder: &Path) {
    let mut folders = read_folders(file);
    folders.insert(purpose.id().to_owned(), folder.to_path_buf());
    if let (Some(dir), Ok(json)) = (file.parent(), serde_json::to_string_pretty(&folders)) {
        if dir.is_dir() || std::fs::create_dir_all(dir).is_ok() {
            let _ = std::fs::write(file, json);
        }
    }
}

/// The user's Documents folder, else their home folder.
pub fn documents_dir() -> Option<PathBuf> {
    directories::UserDirs::new()
        .and_then(|d| d.document_dir().filter(|p| p.is_dir()).map(Path::to_path_buf))
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()))
}

/// Where a dialog of `purpose` starts: the last folder of that purpose while it exists, else
/// Documents.
pub fn start_folder(file: &Path, purpose: FilePurpose) -> Option<PathBuf> {
    read_folders(file).remove(purpose.id()).filter(|p| p.is_dir()).or_else(documents_dir)
}

/// The folder to remember after a choice: the folder chosen, or the chosen file's.
fn folder_of(chosen: &Path, mode: DialogMode) -> Option<PathBuf> {
    match mode {
        DialogMode::Folder => Some(chosen.to_path_buf()),
        _ => chosen.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf),
    }
}

/// Shows the dialog (on a blocking thread: the plugin waits for the main thread's GTK dialog).
async fn show_dialog(
    app: AppHandle,
    lang: Lang,
    purpose: FilePurpose,
    mode: DialogMode,
    suggested: Option<String>,
) -> AppResult<Option<PathBuf>> {
    let start = start_folder(&folders_file(), purpose);
    tokio::task::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_title(text(purpose.title_code(mode), lang));
        if let Some(window) = app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        for filter in purpose.filters_for(mode, suggested.as_deref()) {
            dialog = dialog.add_filter(text(filter.name, lang), filter.extensions);
        }
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        let chosen = match mode {
            DialogMode::Open => dialog.blocking_pick_file(),
            DialogMode::Folder => dialog.blocking_pick_folder(),
            DialogMode::Save => {
                if let Some(name) = suggested.as_deref().filter(|n| !n.trim().is_empty()) {
                    dialog = dialog.set_file_name(name);
                }
                dialog.blocking_save_file()
            }
        };
        chosen.map(|p| p.into_path().map_err(|e| dialog_failed(&e))).transpose()
    })
    .await
    .map_err(|e| dialog_failed(&e))?
}

async fn choose(
    app: AppHandle,
    lang: Lang,
    purpose: FilePurpose,
    mode: DialogMode,
    suggested: Option<String>,
) -> AppResult<Option<String>> {
    let chosen = match seam_answer() {
        Some(answer) => answer?,
        None => show_dialog(app, lang, purpose, mode, suggested.clone()).await?,
    };
    let Some(chosen) = chosen else { return Ok(None) };
    let chosen = with_extension(chosen, mode, suggested.as_deref());
    if let Some(folder) = folder_of(&chosen, mode).filter(|f| f.is_dir()) {
        remember_folder(&folders_file(), purpose, &folder);
    }
    Ok(Some(chosen.display().to_string()))
}

/// Shows the open, save or folder dialog of `purpose` (a save dialog suggests `suggested_name`)
/// and returns the path chosen, or `None` when the person cancelled.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    office: State<'_, Office>,
    purpose: FilePurpose,
    mode: DialogMode,
    suggested_name: Option<String>,
) -> Reply<Option<String>> {
    let lang = office.lang().await;
    reply(&office, choose(app, lang, purpose, mode, suggested_name).await).await
}

/// Where the person chose to save or read, as the dialog answered: required and a full path (the
/// window never types one, so a relative path would only resolve against wherever the app was
/// started). The folder's existence is checked where the file is written (`check_target`).
pub fn chosen_path(path: &str) -> AppResult<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return Err(FieldError::new("path", "required").with("field", "path").into());
    }
    if !Path::new(path).is_absolute() {
        return Err(FieldError::new("path", "file.relative").with("path", path).into());
    }
    Ok(PathBuf::from(path))
}

/// A path that may be handed to the viewer: an absolute path (never a link) of an existing
/// regular file with one of `allowed`'s extensions; returned resolved.
pub fn checked_file(path: &str, allowed: &[&str]) -> AppResult<PathBuf> {
    let refused = || -> AppError { FieldError::new("path", "file.not_viewable").with("path", path).into() };
    let trimmed = path.trim();
    if trimmed.contains("://") || trimmed.starts_with("file:") || !Path::new(trimmed).is_absolute() {
        return Err(refused());
    }
    let resolved =
        std::fs::canonicalize(trimmed).map_err(|_| -> AppError { FieldError::new("path", "file.missing").with("path", trimmed).into() })?;
    let is_file = std::fs::metadata(&resolved).map(|m| m.is_file()).unwrap_or(false);
    let allowed_ext = extension_of(&resolved.display().to_string()).is_some_and(|e| allowed.contains(&e.as_str()));
    if !is_file || !allowed_ext {
        return Err(refused());
    }
    Ok(resolved)
}

/// The seam's file with `suffix` added to its name (`answer.log`), when the seam is on.
fn seam_file(suffix: &str) -> Option<PathBuf> {
    let file = std::env::var_os(TEST_DIALOG_ENV).filter(|v| !v.is_empty())?;
    Some(PathBuf::from(format!("{}{suffix}", PathBuf::from(file).display())))
}

/// In the seam, what would have been opened or printed is written to `<seam file>.log`.
fn seam_log(what: &str, path: &Path) -> bool {
    let Some(log) = seam_file(".log") else { return false };
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(log) {
        let _ = writeln!(f, "{what} {}", path.display());
    }
    true
}

/// Opens a file the app wrote (a form, an export, a calendar, a template) in the system's
/// default program for it.
#[tauri::command]
pub async fn open_in_viewer(app: AppHandle, office: State<'_, Office>, path: String) -> Reply<()> {
    let result: AppResult<()> = (|| {
        let file = checked_file(&path, VIEWABLE)?;
        if seam_log("open", &file) {
            return Ok(());
        }
        app.opener()
            .open_path(file.display().to_string(), None::<&str>)
            .map_err(|e| -> AppError { FieldError::new("path", "file.open_failed").with("path", file.display()).with("detail", e).into() })
    })();
    reply(&office, result).await
}

/// The CUPS `lp` program on the `PATH`, if any.
fn find_lp() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("lp")).find(|p| p.is_file())
}

/// Sends `file` to the default printer with `lp` (no shell: the path is one argument); printing
/// that is not set up (no `lp`, no default printer) says so in the office's words.
pub fn print_with(lp: Option<&Path>, file: &Path) -> AppResult<()> {
    let not_set_up = || -> AppError { FieldError::general("print.not_set_up").into() };
    let lp = lp.ok_or_else(not_set_up)?;
    let out = std::process::Command::new(lp)
        .arg(file)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| -> AppError { FieldError::general("print.failed").with("path", file.display()).with("detail", e).into() })?;
    if out.status.success() {
        return Ok(());
    }
    let detail = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    if detail.to_ascii_lowercase().contains("no default destination") || detail.contains("scheduler is not running") {
        return Err(not_set_up());
    }
    Err(FieldError::general("print.failed").with("path", file.display()).with("detail", detail).into())
}

/// Prints a PDF the app wrote on the default printer.
#[tauri::command]
pub async fn print_file(office: State<'_, Office>, path: String) -> Reply<()> {
    let result: AppResult<()> = async {
        let file = checked_file(&path, PDF)?;
        if seam_file(".no-printer").is_some_and(|f| f.exists()) {
            return print_with(None, &file);
        }
        if seam_log("print", &file) {
            return Ok(());
        }
        tokio::task::spawn_blocking(move || print_with(find_lp().as_deref(), &file)).await.map_err(|e| dialog_failed(&e))?
    }
    .await;
    reply(&office, result).await
}

/// Writes the shipped template of `kind` to `path` (chosen with the save dialog), to copy and
/// edit: what `form template-export` prints on the command line. Returns the path written.
#[tauri::command]
pub async fn form_template_export(office: State<'_, Office>, kind: FormKind, path: String) -> Reply<String> {
    let text = clearance_forms::shipped_template(kind).to_owned();
    let result = async { write_file(chosen_path(&path)?, text.into_bytes()).await }.await;
    reply(&office, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_extensions(purpose: FilePurpose) -> Vec<&'static str> {
        purpose.filters().iter().flat_map(|f| f.extensions.iter().copied()).collect()
    }

    #[test]
    fn each_purpose_filters_its_own_kinds_of_file() {
        assert_eq!(all_extensions(FilePurpose::FormPdf), ["pdf"]);
        assert_eq!(all_extensions(FilePurpose::Spreadsheet), ["xlsx", "csv"]);
        assert_eq!(all_extensions(FilePurpose::Calendar), ["ics"]);
        assert_eq!(all_extensions(FilePurpose::Scan), ["pdf", "jpg", "jpeg", "png"]);
        assert_eq!(all_extensions(FilePurpose::Template), ["typ"]);
        assert_eq!(all_extensions(FilePurpose::Policy), ["toml"]);
        assert_eq!(all_extensions(FilePurpose::Roster), ["xlsx", "xls", "ods", "csv"]);
        assert_eq!(all_extensions(FilePurpose::Backup), ["db"]);
        assert!(all_extensions(FilePurpose::BackupFolder).is_empty());
        assert_eq!(all_extensions(FilePurpose::Photo), ["jpg", "jpeg", "png"]);
    }

    #[test]
    fn a_save_dialog_offers_the_suggested_names_format_only() {
        let csv = FilePurpose::Spreadsheet.filters_for(DialogMode::Save, Some("人员-2026-11-30.CSV"));
        assert_eq!(csv.iter().map(|f| f.extensions).collect::<Vec<_>>(), [CSV]);
        let xlsx = FilePurpose::Spreadsheet.filters_for(DialogMode::Save, Some("people.xlsx"));
        assert_eq!(xlsx.iter().map(|f| f.extensions).collect::<Vec<_>>(), [XLSX]);
        // No name or an unknown extension: every filter of the purpose.
        assert_eq!(FilePurpose::Spreadsheet.filters_for(DialogMode::Save, None).len(), 2);
        assert_eq!(FilePurpose::Spreadsheet.filters_for(DialogMode::Save, Some("list.txt")).len(), 2);
        assert_eq!(FilePurpose::Roster.filters_for(DialogMode::Open, Some("x.csv")).len(), 1);
        assert!(FilePurpose::BackupFolder.filters_for(DialogMode::Folder, None).is_empty());
        assert!(FilePurpose::Backup.filters_for(DialogMode::Folder, None).is_empty());
    }

    #[test]
    fn every_title_and_filter_name_is_in_both_languages() {
        let no_params = BTreeMap::new();
        for purpose in FilePurpose::ALL {
            let json = serde_json::to_string(&purpose).unwrap();
            assert_eq!(json, format!("\"{}\"", purpose.id()));
            for mode in [DialogMode::Open, DialogMode::Save, DialogMode::Folder] {
                let code = purpose.title_code(mode);
                for lang in [Lang::ZhCn, Lang::En] {
                    let title = clearance_domain::i18n::message(code, &no_params, lang);
                    assert_ne!(title, code, "no title {code}");
                }
            }
            for filter in purpose.filters() {
                for lang in [Lang::ZhCn, Lang::En] {
                    assert_ne!(clearance_domain::i18n::message(filter.name, &no_params, lang), filter.name);
                }
            }
        }
    }

    #[test]
    fn a_saved_name_without_extension_gets_the_suggested_one() {
        let got = with_extension(PathBuf::from("/tmp/名册"), DialogMode::Save, Some("people.xlsx"));
        assert_eq!(got, PathBuf::from("/tmp/名册.xlsx"));
        let kept = with_extension(PathBuf::from("/tmp/a.csv"), DialogMode::Save, Some("people.xlsx"));
        assert_eq!(kept, PathBuf::from("/tmp/a.csv"));
        let opened = with_extension(PathBuf::from("/tmp/roster"), DialogMode::Open, Some("people.xlsx"));
        assert_eq!(opened, PathBuf::from("/tmp/roster"));
    }

    #[test]
    fn the_seam_answers_with_the_files_content_and_empty_is_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let answer = dir.path().join("answer");
        std::fs::write(&answer, "  /tmp/导出/people.xlsx\n").unwrap();
        assert_eq!(read_answer(&answer).unwrap(), Some(PathBuf::from("/tmp/导出/people.xlsx")));
        std::fs::write(&answer, "\n").unwrap();
        assert_eq!(read_answer(&answer).unwrap(), None);
        // A seam file that is not there is a failure, not a silent cancel.
        assert!(read_answer(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn a_dialog_starts_in_the_last_folder_of_its_purpose_while_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state").join("dialog-folders.json");
        let last = dir.path().join("forms");
        std::fs::create_dir(&last).unwrap();
        remember_folder(&file, FilePurpose::FormPdf, &last);
        assert_eq!(start_folder(&file, FilePurpose::FormPdf), Some(last.clone()));
        // Another purpose starts in Documents (or home).
        assert_eq!(start_folder(&file, FilePurpose::Calendar), documents_dir());
        std::fs::remove_dir(&last).unwrap();
        assert_eq!(start_folder(&file, FilePurpose::FormPdf), documents_dir());
    }

    #[test]
    fn a_chosen_path_is_required_and_full() {
        assert_eq!(chosen_path(" /tmp/名单.xlsx ").unwrap(), PathBuf::from("/tmp/名单.xlsx"));
        assert_eq!(chosen_path("  ").unwrap_err().code(), "required");
        let e = chosen_path("名单.xlsx").unwrap_err();
        assert_eq!(e.code(), "file.relative");
        assert!(e.to_api(Lang::ZhCn).message.contains("名单.xlsx"));
    }

    #[test]
    fn only_existing_regular_files_of_allowed_kinds_go_to_the_viewer() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("表.pdf");
        std::fs::write(&pdf, b"%PDF-1.7").unwrap();
        let sh = dir.path().join("run.sh");
        std::fs::write(&sh, b"echo").unwrap();
        assert_eq!(checked_file(&pdf.display().to_string(), VIEWABLE).unwrap(), std::fs::canonicalize(&pdf).unwrap());
        let code = |p: &str| checked_file(p, VIEWABLE).unwrap_err().code();
        assert_eq!(code(&sh.display().to_string()), "file.not_viewable");
        assert_eq!(code("https://example.org/a.pdf"), "file.not_viewable");
        assert_eq!(code("file:///tmp/a.pdf"), "file.not_viewable");
        assert_eq!(code("relative/a.pdf"), "file.not_viewable");
        assert_eq!(code(&dir.path().display().to_string()), "file.not_viewable");
        assert_eq!(code(&dir.path().join("gone.pdf").display().to_string()), "file.missing");
        // Printing takes PDFs only.
        let xlsx = dir.path().join("a.xlsx");
        std::fs::write(&xlsx, b"x").unwrap();
        assert!(checked_file(&xlsx.display().to_string(), PDF).is_err());
    }

    #[test]
    fn printing_without_lp_says_it_is_not_set_up() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&pdf, b"%PDF").unwrap();
        let e = print_with(None, &pdf).unwrap_err();
        assert_eq!(e.code(), "print.not_set_up");
        let zh = e.to_api(Lang::ZhCn).message;
        assert!(zh.contains("打印") && !zh.contains("print."), "{zh}");
        // An lp that refuses (no default printer) is reported the same way.
        let fake = dir.path().join("lp");
        std::fs::write(&fake, "#!/bin/sh\necho 'lp: Error - No default destination.' >&2\nexit 1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert_eq!(print_with(Some(&fake), &pdf).unwrap_err().code(), "print.not_set_up");
        }
    }
}
