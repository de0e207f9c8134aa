//! The one error type at the app's edges, and its `{code, message}` form for the UI and the CLI.

use clearance_domain::{DomainError, FieldError, Lang};
use serde::Serialize;
use ts_rs::TS;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The rules refused the request; nothing was written.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error(transparent)]
    Store(StoreError),
    /// A form could not be rendered (the shipped template failed, or the PDF export).
    #[error("{0}")]
    Render(String),
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(e.into())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            // A constraint the database caught is as much the user's to fix as any other rule.
            StoreError::Duplicate { field, value } => {
                AppError::Invalid(FieldError::new(field, format!("{field}.duplicate")).with("value", value).into())
            }
            StoreError::NotFound(key) => AppError::Invalid(FieldError::general("person.not_found").with("value", key).into()),
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    pub fn code(&self) -> String {
        match self {
            AppError::Invalid(e) => e.code().to_owned(),
            AppError::Store(e) => store_message(e).code,
            AppError::Render(_) => "form.render_failed".to_owned(),
        }
    }

    /// Whether the user can fix it by changing the input (CLI exit code 2) or it is a failure
    /// of the machine (exit code 1).
    pub fn is_user_error(&self) -> bool {
        matches!(self, AppError::Invalid(_))
    }

    pub fn to_api(&self, lang: Lang) -> ApiError {
        match self {
            AppError::Invalid(e) => ApiError {
                code: e.code().to_owned(),
                message: e.message(lang),
                errors: e
                    .errors
                    .iter()
                    .map(|f| FieldErrorView { field: f.field.clone(), code: f.code.clone(), message: f.message(lang) })
                    .collect(),
            },
            AppError::Store(e) => {
                let m = store_message(e);
                ApiError { message: m.message(lang), code: m.code, errors: vec![] }
            }
            AppError::Render(e) => {
                let detail = FieldError::general("form.render_failed").with("detail", e);
                ApiError { code: "form.render_failed".into(), message: detail.message(lang), errors: vec![] }
            }
        }
    }
}

/// A failure below the rules in the office's words, with what to do about it: never the
/// driver's own English text.
fn store_message(e: &StoreError) -> FieldError {
    let io = |e: &std::io::Error| match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => FieldError::general("store.full"),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => FieldError::general("store.permission"),
        std::io::ErrorKind::NotFound => FieldError::general("store.cannot_open"),
        _ => FieldError::general("store.io").with("detail", e.raw_os_error().map(|c| c.to_string()).unwrap_or_else(|| "—".into())),
    };
    match e {
        StoreError::NotARegister => FieldError::general("store.not_a_register"),
        StoreError::Foreign => FieldError::general("store.foreign"),
        StoreError::Newer { schema, app_version } => {
            FieldError::general("store.newer").with("version", app_version.clone().unwrap_or_else(|| schema.to_string()))
        }
        StoreError::Damaged(_) | StoreError::Corrupt(_) => FieldError::general("store.damaged"),
        StoreError::ReadOnlyNeedsUpgrade => FieldError::general("store.read_only_upgrade"),
        StoreError::ReadOnly => FieldError::general("store.read_only"),
        StoreError::Locked => FieldError::general("key.locked"),
        StoreError::WrongKey => FieldError::general("key.wrong"),
        StoreError::RecoveryKeyMalformed => FieldError::general("key.recovery_malformed"),
        StoreError::NotEncrypted => FieldError::general("key.not_encrypted"),
        StoreError::NotOnServer => FieldError::general("store.not_on_server"),
        StoreError::ServerUnreachable { server } => FieldError::general("server.unreachable").with("server", server.clone()),
        StoreError::ServerAddress(address) => FieldError::general("server.bad_address").with("address", address.clone()),
        StoreError::ServerNeedsUpgrade => FieldError::general("server.needs_upgrade"),
        StoreError::ServerNoDatabase { server, database } => {
            FieldError::general("server.no_database").with("server", server.clone()).with("database", database.clone())
        }
        StoreError::ServerForeign { database } => FieldError::general("server.foreign").with("database", database.clone()),
        StoreError::Io(e) => io(e),
        StoreError::Database(sqlx::Error::Io(e)) => io(e),
        StoreError::Database(sqlx::Error::PoolTimedOut) => FieldError::general("store.busy"),
        StoreError::Database(sqlx::Error::Tls(_)) => FieldError::general("server.tls"),
        StoreError::Database(sqlx::Error::Database(db)) if db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().is_some() => {
            server_message(db.code().as_deref().unwrap_or_default())
        }
        StoreError::Database(sqlx::Error::Database(db)) => {
            let code = db.code().and_then(|c| c.parse::<i32>().ok()).unwrap_or(1);
            match code & 0xff {
                5 | 6 => FieldError::general("store.busy"),
                8 => FieldError::general("store.read_only"),
                10 => FieldError::general("store.io").with("detail", code),
                13 => FieldError::general("store.full"),
                11 | 26 => FieldError::general("store.damaged"),
                14 => FieldError::general("store.cannot_open"),
                _ => FieldError::general("storage").with("detail", code),
            }
        }
        StoreError::Migrate(_) => FieldError::general("store.migrate"),
        StoreError::Database(_) | StoreError::Duplicate { .. } | StoreError::NotFound(_) => {
            FieldError::general("storage").with("detail", "—")
        }
    }
}

/// A refusal from the office server (PostgreSQL's SQLSTATE) in the office's words (issue 16).
fn server_message(sqlstate: &str) -> FieldError {
    match sqlstate {
        // insufficient_privilege: the role's GRANTs do not allow it (the same refusal as the app's).
        "42501" => FieldError::general("access.server_refused"),
        "28P01" => FieldError::general("server.wrong_password").with("name", "—"),
        "28000" => FieldError::general("server.login_refused").with("name", "—"),
        // serialization failure, deadlock, lock not available: another clerk's write; try again.
        "40001" | "40P01" | "55P03" => FieldError::general("store.busy"),
        "53300" | "57P03" => FieldError::general("server.busy"),
        "3D000" => FieldError::general("server.no_database").with("server", "—").with("database", "—"),
        s if s.starts_with("08") || s.starts_with("57P") => FieldError::general("server.lost"),
        s if s.starts_with("53") => FieldError::general("store.full"),
        other => FieldError::general("storage").with("detail", other.to_owned()),
    }
}

/// What a failed command returns over IPC: the UI branches on `code` and shows `message`, which
/// is already in the office's language; `errors` carries each field's own message for inline display.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub errors: Vec<FieldErrorView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FieldErrorView {
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

pub type AppResult<T> = Result<T, AppError>;
