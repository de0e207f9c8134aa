//! The register before the `Office` exists (issue 14): the window starts without it when the
//! register is encrypted (it asks for the passphrase or the recovery key) or missing (it asks for
//! a passphrase, or for "no encryption" chosen explicitly), then opens it here, builds the Office
//! exactly as the command line does and hands it to Tauri (`app.manage`): from then on every
//! other command finds it. A plain register opens at once, before the window, as it always did.
//!
//! Encryption in the open window (Settings → Encryption, administrators only): the state, a new
//! passphrase, encrypting an unencrypted register in place, and the recovery sheet.
//!
//! The CLI's `--key-file` and its environment variable are never read here: the window asks.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use clearance_domain::{FieldError, Lang};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::files::chosen_path;
use super::{reply, Reply};
use crate::error::{ApiError, AppError, AppResult};
use crate::office::{new_passphrase, KeyStatus, Office, MIN_PASSPHRASE_CHARS};
use crate::store::{self, Key, OpenOptions, RegisterState, Store, StoreError};

/// What the window needs to open the register itself (main.rs fills it from the command line).
pub struct WindowStart {
    pub db: PathBuf,
    /// The office server instead of a file (issue 16): the window asks the login role's password
    /// at every start (commands/server.rs) and never keeps it.
    pub server: Option<store::ServerOptions>,
    pub read_only: bool,
    pub busy_timeout: Duration,
    /// The language of what is said before the register is open (`--lang`, else the OS's).
    pub lang: Lang,
    /// Builds the Office on the opened store, as the command line does (main.rs: `--today` …).
    pub office: Box<dyn Fn(Store) -> Office + Send + Sync>,
}

impl WindowStart {
    /// Opens the register with `key` (`None`: a plain one) and builds the Office; what an
    /// interrupted scan left behind is put right before anything else.
    pub async fn open(&self, key: Option<Key>) -> Result<Office, StoreError> {
        if self.server.is_some() {
            // The office server is opened with its password (commands/server.rs), never as a file.
            return Err(StoreError::NotOnServer);
        }
        let options = OpenOptions::new(&self.db).read_only(self.read_only).busy_timeout(self.busy_timeout).key(key);
        let office = (self.office)(store::open(options).await?);
        if !office.store().is_read_only() {
            let _ = office.sweep_scans().await;
        }
        crate::trace::mark("register-opened");
        Ok(office)
    }

    /// A refusal of the file itself (another program's database, a newer version, a damaged
    /// file …), in the language of the start, with the file's path heading the message: the
    /// window cannot show a path it was not told.
    pub fn refusal(&self, e: StoreError) -> ApiError {
        let mut error = AppError::from(e).to_api(self.lang);
        error.message = format!("{}\n{}", self.db.display(), error.message);
        error
    }

    fn state(&self) -> RegisterState {
        if self.server.is_some() {
            return RegisterState::Plain;
        }
        // A file that cannot even be looked at is left to the open, which says why.
        store::register_state(&self.db).unwrap_or(RegisterState::Plain)
    }
}

/// The window's hold on the register before (and around) the Office: managed from the start.
pub struct RegisterWindow {
    start: WindowStart,
    /// The office server chosen on the first-start screen of a computer with no register yet
    /// (commands/server.rs `register_first_server`): from then on the window goes on as if it
    /// had started on it.
    chosen_server: Mutex<Option<store::ServerOptions>>,
    /// One open at a time (a double Enter must not open the register twice).
    pub(super) opening: tokio::sync::Mutex<()>,
    /// The recovery key of the register created at this first start, for the sheet offered right
    /// after (no account exists yet to ask `recovery_key`); forgotten once a sheet is saved.
    fresh_key: Mutex<Option<Zeroizing<String>>>,
}

impl RegisterWindow {
    pub fn new(start: WindowStart) -> RegisterWindow {
        RegisterWindow { start, chosen_server: Mutex::new(None), opening: tokio::sync::Mutex::new(()), fresh_key: Mutex::new(None) }
    }

    pub fn start(&self) -> &WindowStart {
        &self.start
    }

    /// The office server the register is on: named at start, or chosen at the first start.
    pub fn server(&self) -> Option<store::ServerOptions> {
        self.start.server.clone().or_else(|| self.chosen_server.lock().ok().and_then(|s| s.clone()))
    }

    /// No register on this computer, none open and no server named: the first start, where the
    /// office's server may be chosen instead of a new file.
    pub(super) fn is_first_start(&self, app: &AppHandle) -> bool {
        app.try_state::<Office>().is_none() && self.server().is_none() && self.start.state() == RegisterState::Missing
    }

    pub(super) fn choose_server(&self, options: store::ServerOptions) {
        if let Ok(mut chosen) = self.chosen_server.lock() {
            *chosen = Some(options);
        }
    }

    fn view(&self, app: &AppHandle) -> RegisterView {
        let state = self.start.state();
        let open = app.try_state::<Office>().is_some();
        let server = self.server();
        RegisterView {
            state: match state {
                _ if open => RegisterStatus::Open,
                _ if server.is_some() => RegisterStatus::Server,
                RegisterState::Missing => RegisterStatus::Missing,
                RegisterState::Plain => RegisterStatus::Plain,
                RegisterState::Encrypted => RegisterStatus::Encrypted,
            },
            path: match &server {
                Some(server) => server.display(),
                None => self.start.db.display().to_string(),
            },
            server: server.as_ref().map(super::server::choice_of),
            encrypted: server.is_none() && state == RegisterState::Encrypted,
            read_only: self.start.read_only,
            lang: self.start.lang,
            min_passphrase_chars: MIN_PASSPHRASE_CHARS as u32,
            recovery_sheet_offered: self.fresh_key.lock().map(|k| k.is_some()).unwrap_or(false),
        }
    }

    /// Opens with `key`, builds the Office and starts what runs beside the window.
    async fn open(&self, app: &AppHandle, key: Option<Key>) -> Result<(), Failure> {
        let office = self.start.open(key).await.map_err(|e| self.refused(e))?;
        crate::window::office_ready(app, office);
        Ok(())
    }

    /// A wrong key is the person's to retry; anything else is about the file (said as at start).
    fn refused(&self, e: StoreError) -> Failure {
        match e {
            StoreError::WrongKey | StoreError::Locked => Failure::WrongKey,
            other => Failure::File(self.start.refusal(other)),
        }
    }
}

/// Why the register was not opened.
enum Failure {
    /// The key did not open the file: nothing changed, try again.
    WrongKey,
    /// The file itself was refused (the start's message, with its path).
    File(ApiError),
    Other(AppError),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Other(e)
    }
}

impl From<FieldError> for Failure {
    fn from(e: FieldError) -> Self {
        Failure::Other(e.into())
    }
}

/// Where the register stands, as the window's start screens need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RegisterStatus {
    /// No register at this path yet: the first start.
    Missing,
    /// An unencrypted register not opened yet (another program made it meanwhile).
    Plain,
    /// An encrypted register waiting for its passphrase or recovery key.
    Encrypted,
    /// The register is open: the Office exists.
    Open,
    /// The register is on the office server: the login role's password is asked (issue 16).
    Server,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RegisterView {
    pub state: RegisterStatus,
    /// The register file's full path.
    pub path: String,
    /// The file is encrypted (also when it is open).
    pub encrypted: bool,
    pub read_only: bool,
    /// The language to speak before the register (and its language setting) is open.
    pub lang: Lang,
    /// The shortest passphrase accepted.
    pub min_passphrase_chars: u32,
    /// A register was just created with a passphrase in this window: its recovery sheet can be
    /// saved now, before any account exists.
    pub recovery_sheet_offered: bool,
    /// The office server the register is on (its address, the login role; never the password).
    pub server: Option<crate::paths::RegisterChoice>,
}

fn answer<T>(window: &RegisterWindow, result: Result<T, Failure>) -> Reply<T> {
    result.map_err(|e| match e {
        Failure::WrongKey => AppError::from(FieldError::general("register.wrong_key")).to_api(window.start.lang),
        Failure::File(api) => api,
        Failure::Other(e) => e.to_api(window.start.lang),
    })
}

#[tauri::command]
pub async fn register_state(app: AppHandle, window: State<'_, RegisterWindow>) -> Reply<RegisterView> {
    Ok(window.view(&app))
}

/// First start: creates the register with a passphrase typed twice, or unencrypted when
/// `confirm_no_encryption` says the office chose so (with the warning in front of it).
#[tauri::command]
pub async fn register_create(
    app: AppHandle,
    window: State<'_, RegisterWindow>,
    passphrase: Option<String>,
    repeat: Option<String>,
    confirm_no_encryption: bool,
) -> Reply<RegisterView> {
    let result: Result<(), Failure> = async {
        let _opening = window.opening.lock().await;
        if app.try_state::<Office>().is_some() || window.start.state() != RegisterState::Missing {
            return Err(FieldError::general("register.exists").with("path", window.start.db.display()).into());
        }
        match passphrase.filter(|p| !p.is_empty()) {
            Some(passphrase) => {
                let key = new_passphrase(&passphrase, repeat.as_deref().unwrap_or_default())?;
                window.open(&app, Some(key)).await?;
                // The sheet offered next needs the raw key: derived again with the new file's salt.
                if let Ok(recovery) = Key::passphrase(passphrase).recovery_text(&window.start.db) {
                    if let Ok(mut fresh) = window.fresh_key.lock() {
                        *fresh = Some(Zeroizing::new(recovery));
                    }
                }
                Ok(())
            }
            None if confirm_no_encryption => window.open(&app, None).await,
            None => Err(FieldError::new("encryption", "register.choose_encryption").into()),
        }
    }
    .await;
    answer(&window, result.map(|()| window.view(&app)))
}

/// Opens an encrypted register with its passphrase, or with the recovery key of its sheet
/// (`recovery`). A wrong one is refused with nothing changed; the person tries again.
#[tauri::command]
pub async fn register_unlock(app: AppHandle, window: State<'_, RegisterWindow>, secret: String, recovery: bool) -> Reply<RegisterView> {
    let secret = Zeroizing::new(secret);
    let result: Result<(), Failure> = async {
        let _opening = window.opening.lock().await;
        if app.try_state::<Office>().is_some() {
            return Ok(());
        }
        match window.start.state() {
            RegisterState::Encrypted => {}
            // Plain (made meanwhile by the command line) opens as at start; missing is the
            // first start's, and the window asks again.
            RegisterState::Plain => return window.open(&app, None).await,
            RegisterState::Missing => return Err(FieldError::general("register.missing").with("path", window.start.db.display()).into()),
        }
        let field = if recovery { "recovery_key" } else { "passphrase" };
        if secret.trim().is_empty() {
            return Err(FieldError::new(field, format!("register.{field}_required")).into());
        }
        crate::trace::mark("unlock-received");
        let key = if recovery {
            Key::parse_recovery(&secret).map_err(|_| FieldError::new(field, "key.recovery_malformed"))?
        } else {
            Key::passphrase(secret.to_string())
        };
        match window.open(&app, Some(key)).await {
            Err(Failure::WrongKey) => Err(FieldError::new(field, format!("register.wrong_{field}")).into()),
            other => other,
        }
    }
    .await;
    answer(&window, result.map(|()| window.view(&app)))
}

/// Settings → Encryption: whether the register is encrypted, in the office's words.
#[tauri::command]
pub async fn register_key_status(office: State<'_, Office>) -> Reply<KeyStatus> {
    reply(&office, office.key_status().await).await
}

/// Settings → Encryption: a new passphrase for the open register, the current one typed first;
/// returns what the office is told (print a new recovery sheet).
#[tauri::command]
pub async fn register_change_passphrase(
    office: State<'_, Office>,
    window: State<'_, RegisterWindow>,
    old: String,
    new: String,
    repeat: String,
) -> Reply<String> {
    let (old, new, repeat) = (Zeroizing::new(old), Zeroizing::new(new), Zeroizing::new(repeat));
    let result: AppResult<_> = async {
        office.allow(clearance_domain::access::Operation::Encryption).await?;
        if old.is_empty() {
            return Err(FieldError::new("old", "register.passphrase_required").into());
        }
        let key = new_passphrase(&new, &repeat)?;
        check_current(&window.start.db, Key::passphrase(old.to_string())).await?;
        office.change_key(Some(key)).await
    }
    .await;
    reply(&office, result).await
}

/// The passphrase typed as the current one opens the register (read-only, nothing changed).
async fn check_current(db: &Path, key: Key) -> AppResult<()> {
    match store::open(OpenOptions::new(db).read_only(true).key(Some(key))).await {
        Ok(store) => {
            store.close().await;
            Ok(())
        }
        Err(StoreError::WrongKey | StoreError::Locked) => Err(FieldError::new("old", "register.wrong_passphrase").into()),
        Err(e) => Err(e.into()),
    }
}

/// Settings → Encryption: encrypts the open, unencrypted register in place with a passphrase
/// typed twice (a copy aside, encryption, verification, then the copy shredded); returns what the
/// office is told.
#[tauri::command]
pub async fn register_encrypt(office: State<'_, Office>, passphrase: String, repeat: String) -> Reply<String> {
    let (passphrase, repeat) = (Zeroizing::new(passphrase), Zeroizing::new(repeat));
    let result: AppResult<_> = async {
        office.allow(clearance_domain::access::Operation::Encryption).await?;
        let key = new_passphrase(&passphrase, &repeat)?;
        office.encrypt_in_place(key).await
    }
    .await;
    reply(&office, result).await
}

/// Saves the recovery sheet (PDF) where the save dialog answered: right after the first start's
/// passphrase (before any account), or from Settings (administrators; recorded in the trail).
#[tauri::command]
pub async fn recovery_sheet_save(office: State<'_, Office>, window: State<'_, RegisterWindow>, path: String) -> Reply<String> {
    let result: AppResult<String> = async {
        let target = chosen_path(&path)?;
        // The first start's key only while no account exists; then the administrator's way.
        let fresh = match office.needs_account().await? {
            true => window.fresh_key.lock().ok().and_then(|k| k.as_ref().map(|k| k.to_string())),
            false => None,
        };
        let saved = office.save_recovery_sheet(&target, fresh.clone()).await?;
        if fresh.is_some() {
            if let Ok(mut k) = window.fresh_key.lock() {
                *k = None;
            }
        }
        Ok(saved)
    }
    .await;
    reply(&office, result).await
}
