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
            AppError::Store(_) => "storage".to_owned(),
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
                let detail = FieldError::general("storage").with("detail", e);
                ApiError { code: "storage".into(), message: detail.message(lang), errors: vec![] }
            }
            AppError::Render(e) => {
                let detail = FieldError::general("form.render_failed").with("detail", e);
                ApiError { code: "form.render_failed".into(), message: detail.message(lang), errors: vec![] }
            }
        }
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
