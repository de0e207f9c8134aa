//! The error of a policy or holiday-calendar file: which line, which field, and why, in both
//! languages. The office edits these files by hand, so the message must point at the fault.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;
use ts_rs::TS;

use crate::error::FieldError;
use crate::i18n::{self, Lang};

/// A policy or calendar file that cannot be used. `line` and `column` are 1-based; `field` is the
/// key path at fault (`levels[1].id`, `decommissioning.core.min`) when it is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{}", self.message(Lang::En))]
pub struct PolicyError {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub field: Option<String>,
    pub code: String,
    pub params: BTreeMap<String, String>,
}

impl PolicyError {
    /// An error at `span` (byte offsets into `text`, as toml reports them).
    pub fn at(text: &str, span: Option<Range<usize>>, field: Option<String>, code: &str) -> Self {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_col(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        PolicyError { line, column, field, code: code.to_owned(), params: BTreeMap::new() }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }

    /// From toml's own error while filling the file's structure: a missing or unknown field,
    /// a value of the wrong type. (Syntax errors are told apart first, by [`read_toml`].)
    pub fn from_toml(text: &str, err: &toml::de::Error) -> Self {
        let first_line = err.message().trim().lines().next().unwrap_or_default().to_owned();
        let quoted = backticked(&first_line);
        let expected =
            first_line.split_once("expected ").map(|(_, e)| e.trim_start_matches("one of ").replace('`', "")).unwrap_or_default();
        let (code, field) = if first_line.starts_with("missing field") {
            ("policy.missing_field", joined(key_path(err), quoted.clone()))
        } else if first_line.starts_with("unknown field") {
            ("policy.unknown_field", joined(key_path(err), quoted.clone()))
        } else if first_line.starts_with("unknown variant") {
            ("policy.unknown_value", key_path(err).or_else(|| key_on_line(text, err.span())))
        } else {
            ("policy.invalid_value", key_path(err).or_else(|| key_on_line(text, err.span())))
        };
        // A missing key of the top-level table has no line of its own: toml spans the whole file.
        let span = err.span().filter(|s| !(code == "policy.missing_field" && s.start == 0));
        let e = PolicyError::at(text, span, field, code);
        match code {
            "policy.missing_field" => e.with("name", quoted.unwrap_or_default()),
            "policy.unknown_field" => e.with("name", quoted.unwrap_or_default()).with("expected", expected),
            "policy.unknown_value" => e.with("value", quoted.unwrap_or_default()).with("expected", expected),
            _ => e.with("detail", first_line),
        }
    }

    fn syntax(text: &str, err: &toml::de::Error) -> Self {
        let first_line = err.message().trim().lines().next().unwrap_or_default().to_owned();
        PolicyError::at(text, err.span(), None, "policy.syntax").with("detail", first_line)
    }

    /// The message alone, without the position.
    pub fn reason(&self, lang: Lang) -> String {
        i18n::message(&self.code, &self.params, lang)
    }

    /// "第 12 行(字段 levels[1].id):..." / "line 12 (field levels[1].id): ...".
    pub fn message(&self, lang: Lang) -> String {
        let mut p = BTreeMap::new();
        let code = match (&self.line, &self.field) {
            (Some(line), Some(field)) => {
                p.insert("line".to_owned(), line.to_string());
                p.insert("key".to_owned(), field.clone());
                "policy.at_line_field"
            }
            (Some(line), None) => {
                p.insert("line".to_owned(), line.to_string());
                "policy.at_line"
            }
            (None, Some(_)) if self.code == "policy.missing_field" => return self.reason(lang),
            (None, Some(field)) => {
                p.insert("key".to_owned(), field.clone());
                "policy.at_field"
            }
            (None, None) => return self.reason(lang),
        };
        p.insert("reason".to_owned(), self.reason(lang));
        i18n::message(code, &p, lang)
    }

    /// As a field error for callers that collect those (the `field` is the key path).
    pub fn to_field_error(&self) -> FieldError {
        let mut e = FieldError { field: self.field.clone(), code: self.code.clone(), params: self.params.clone() };
        if let Some(line) = self.line {
            e.params.insert("line".to_owned(), line.to_string());
        }
        e
    }
}

/// Reads a TOML file into `T`, telling syntax errors apart from errors of structure.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, PolicyError> {
    if let Err(e) = text.parse::<toml::Table>() {
        return Err(PolicyError::syntax(text, &e));
    }
    toml::from_str(text).map_err(|e| PolicyError::from_toml(text, &e))
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text.get(line_start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line as u32, column as u32)
}

/// `a.b` + `c` → `a.b.c`, without repeating a last key the path already ends with.
fn joined(path: Option<String>, key: Option<String>) -> Option<String> {
    match (path, key) {
        (Some(p), Some(k)) if p != k && !p.ends_with(&format!(".{k}")) => Some(format!("{p}.{k}")),
        (Some(p), _) => Some(p),
        (None, k) => k,
    }
}

fn backticked(s: &str) -> Option<String> {
    let mut pieces = s.split('`');
    pieces.next()?;
    let quoted = pieces.next()?;
    // An opening backtick with no closing one quotes nothing.
    pieces.next().map(|_| quoted.to_owned())
}

/// toml keeps the key path of an error but only prints it when it has no input to quote.
fn key_path(err: &toml::de::Error) -> Option<String> {
    let mut bare = err.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    shown.lines().find_map(|l| l.strip_prefix("in `").and_then(|r| r.strip_suffix('`')).map(str::to_owned))
}

/// The `key` of a `key = value` line holding `span`.
fn key_on_line(text: &str, span: Option<Range<usize>>) -> Option<String> {
    let before = text.get(..span?.start)?;
    let line = before.rsplit('\n').next()?;
    let (key, _) = line.rsplit_once('=')?;
    let key = key.rsplit([',', '{']).next()?.trim();
    (!key.is_empty()).then(|| key.to_owned())
}
