//! The window on the office server (issue 16): the login role's password asked at start (never
//! kept), and Settings → Register — this computer's file or the office server, kept in this
//! computer's config folder for the next start (`paths::RegisterChoice`).

use clearance_domain::access::Operation;
use clearance_domain::FieldError;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::register::{RegisterView, RegisterWindow};
use super::{reply, Reply};
use crate::error::{AppError, AppResult};
use crate::office::{login_refusal, Office, ServerLogin};
use crate::paths::{self, RegisterChoice};
use crate::store::{self, ServerOptions, StoreError, Tls};

/// The server's options as Settings shows them (no password).
pub fn choice_of(options: &ServerOptions) -> RegisterChoice {
    let (tls, ca_file) = match &options.tls {
        Tls::Disable | Tls::Prefer => (false, None),
        Tls::Require { ca_file } | Tls::VerifyFull { ca_file } => (true, ca_file.as_ref().map(|f| f.display().to_string())),
    };
    RegisterChoice {
        server: true,
        host: options.host.clone(),
        port: options.port,
        database: options.database.clone(),
        user: options.user.clone(),
        tls,
        ca_file,
    }
}

/// Connects to the office server as its login role with `password`, builds the Office signed in
/// as that role and starts the window's work. A wrong password is the person's to type again; an
/// unreachable server is said with its address (the window offers to try again).
#[tauri::command]
pub async fn register_connect(
    app: AppHandle,
    window: State<'_, RegisterWindow>,
    user: Option<String>,
    password: String,
) -> Reply<RegisterView> {
    let password = Zeroizing::new(password);
    let lang = window.start().lang;
    let result: AppResult<()> = async {
        let _opening = window.opening.lock().await;
        if app.try_state::<Office>().is_some() {
            return Ok(());
        }
        let Some(mut options) = window.server() else {
            return Err(FieldError::general("register.missing").with("path", window.start().db.display()).into());
        };
        // The role typed on the screen (the address may name none, or another clerk's computer).
        if let Some(user) = user.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            if user != options.user {
                options.user = user.to_owned();
                options.password = None;
            }
        }
        if options.user.is_empty() {
            return Err(FieldError::new("user", "server.role_required").into());
        }
        if password.is_empty() {
            return Err(FieldError::new("password", "server.password_required").into());
        }
        let options = options.read_only(window.start().read_only);
        let opened = store::open_server(options.clone().password(Some(password.clone()))).await;
        let store = match opened {
            Ok(s) => s,
            Err(e) => return Err(login_refusal(e, &options.user)),
        };
        let office = (window.start().office)(store).with_server_login(Some(ServerLogin::for_server(options)));
        if let Err(e) = office.server_sign_in().await {
            office.store().close().await;
            return Err(e);
        }
        crate::trace::mark("register-opened");
        crate::window::office_ready(&app, office);
        Ok(())
    }
    .await;
    match result {
        Ok(()) => super::register::register_state(app, window).await,
        Err(e) => Err(e.to_api(lang)),
    }
}

/// The first start on a computer with no register yet, when the office keeps its register on
/// its server: the address is checked and kept as Settings → Register keeps it, and the window
/// goes on to the server's sign-in. Nothing is created on this computer. Refused (changing
/// nothing) once a register exists here or is open.
#[tauri::command]
pub async fn register_first_server(app: AppHandle, window: State<'_, RegisterWindow>, choice: RegisterChoice) -> Reply<RegisterView> {
    let lang = window.start().lang;
    let result: AppResult<()> = (|| {
        if !window.is_first_start(&app) {
            return Err(FieldError::general("server.first_only").into());
        }
        let choice = checked(RegisterChoice { server: true, ..choice })?;
        paths::save_choice(&choice).map_err(|e| AppError::from(StoreError::Io(e)))?;
        window.choose_server(choice.server_options());
        Ok(())
    })();
    match result {
        Ok(()) => super::register::register_state(app, window).await,
        Err(e) => Err(e.to_api(lang)),
    }
}

/// Settings → Register: what this computer uses now, and what it will use at the next start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RegisterChoiceView {
    /// The choice kept for the next start.
    pub saved: RegisterChoice,
    /// Where the register open now is: the file's path, or the server's address and role.
    pub current: String,
    /// The register open now is on the office server.
    pub on_server: bool,
    /// `--db` or `CLEARANCE_TRACKER_DB` named the register: the saved choice does not apply
    /// while they do.
    pub given_at_start: bool,
    /// The file this computer uses when the choice is "this computer".
    pub default_file: String,
}

async fn choice_view(office: &Office) -> AppResult<RegisterChoiceView> {
    office.allow(Operation::Preferences).await?;
    let info = office.info().await?;
    let mut saved = paths::saved_choice();
    if saved.port == 0 {
        saved.port = 5432;
    }
    if !saved.server && saved.host.is_empty() {
        // A first look: TLS on, as the office server should be reached.
        saved.tls = true;
    }
    Ok(RegisterChoiceView {
        saved,
        current: info.db_path,
        on_server: office.on_server(),
        given_at_start: std::env::var_os(paths::DB_ENV).is_some_and(|v| !v.is_empty())
            || std::env::args().any(|a| a == "--db" || a.starts_with("--db=")),
        default_file: paths::data_dir().join("register.db").display().to_string(),
    })
}

#[tauri::command]
pub async fn register_choice_get(office: State<'_, Office>) -> Reply<RegisterChoiceView> {
    reply(&office, choice_view(&office).await).await
}

/// Keeps the choice for the next start (checked first: a server needs its host, database and
/// role; a CA file, when given, must be a readable file). Nothing changes before the next start.
#[tauri::command]
pub async fn register_choice_set(office: State<'_, Office>, choice: RegisterChoice) -> Reply<RegisterChoiceView> {
    let result: AppResult<RegisterChoiceView> = async {
        office.allow(Operation::Preferences).await?;
        let choice = checked(choice)?;
        paths::save_choice(&choice).map_err(|e| AppError::from(StoreError::Io(e)))?;
        choice_view(&office).await
    }
    .await;
    reply(&office, result).await
}

fn checked(mut c: RegisterChoice) -> AppResult<RegisterChoice> {
    c.host = c.host.trim().to_owned();
    c.database = c.database.trim().to_owned();
    c.user = c.user.trim().to_owned();
    c.ca_file = c.ca_file.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
    if !c.server {
        return Ok(c);
    }
    let mut errors = Vec::new();
    for (field, value) in [("server_host", &c.host), ("server_database", &c.database), ("server_user", &c.user)] {
        if value.is_empty() {
            errors.push(FieldError::new(field, "required").with("field", field));
        } else if value.chars().any(char::is_control) || value.chars().count() > 200 {
            errors.push(FieldError::new(field, "server.field_invalid").with("field", field));
        }
    }
    if c.port == 0 {
        errors.push(FieldError::new("server_port", "server.port_invalid"));
    }
    if let Some(ca) = &c.ca_file {
        let path = std::path::Path::new(ca);
        if !path.is_absolute() || !path.is_file() {
            errors.push(FieldError::new("server_ca_file", "server.ca_missing").with("path", ca));
        }
    }
    if !errors.is_empty() {
        return Err(clearance_domain::DomainError { errors }.into());
    }
    Ok(c)
}
