//! Errors the rules report. Each carries a stable `code` (the UI and tests branch on it), the field
//! at fault when there is one, and the values its message needs; the text itself comes from
//! [`crate::i18n`] so the same error reads right in Chinese and in English.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::i18n::{self, Lang};

/// One reason an input was refused, tied to the field that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The input field at fault, as the UI names it (`name`, `id_number`, ...); `None` when the
    /// error is about the request as a whole.
    pub field: Option<String>,
    pub code: String,
    /// Values substituted into the message (`{value}`, `{min}` ...).
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        FieldError { field: Some(field.into()), code: code.into(), params: BTreeMap::new() }
    }

    pub fn general(code: impl Into<String>) -> Self {
        FieldError { field: None, code: code.into(), params: BTreeMap::new() }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }

    pub fn message(&self, lang: Lang) -> String {
        i18n::message(&self.code, &self.params, lang)
    }
}

/// A refusal by the rules: one or more field errors. Nothing has been written when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .errors.iter().map(|e| e.message(Lang::En)).collect::<Vec<_>>().join("; "))]
pub struct DomainError {
    pub errors: Vec<FieldError>,
}

impl DomainError {
    pub fn one(error: FieldError) -> Self {
        DomainError { errors: vec![error] }
    }

    /// The code of the first error: what a caller branches on.
    pub fn code(&self) -> &str {
        self.errors.first().map(|e| e.code.as_str()).unwrap_or("invalid")
    }

    pub fn message(&self, lang: Lang) -> String {
        self.errors.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join(if lang == Lang::ZhCn { ";" } else { "; " })
    }

    pub fn has(&self, code: &str) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }
}

impl From<FieldError> for DomainError {
    fn from(e: FieldError) -> Self {
        DomainError::one(e)
    }
}

/// Collects field errors so a form can show all of them at once, not one per attempt.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Extend<FieldError> for Errors {
    fn extend<I: IntoIterator<Item = FieldError>>(&mut self, errors: I) {
        self.0.extend(errors);
    }
}

impl Errors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Pushes `e` unless the same error is already there: an input check that repeats a
    /// precondition already reported (a date outside a window that is shut today) says it once.
    pub fn push_new(&mut self, e: FieldError) {
        if !self.0.contains(&e) {
            self.0.push(e);
        }
    }

    /// Keeps the value of `r` when it is Ok, records the error otherwise.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, DomainError> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(DomainError { errors: self.0 })
        }
    }
}
