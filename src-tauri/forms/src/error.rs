//! What can go wrong when a form is rendered.

use std::fmt;

use serde::Serialize;

use clearance_domain::form::FormKind;

/// Why a form could not be rendered at all. A failing office template is *not* one of these: it
/// falls back to the shipped template and is reported in [`crate::Rendered::fallback_error`].
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("a batch needs at least one form")]
    EmptyBatch,
    #[error("form {index} of the batch is a {found} form, not a {expected} form")]
    KindMismatch { expected: FormKind, found: FormKind, index: usize },
    /// The shipped template failed: a bug in this crate, or data it cannot print.
    #[error("the shipped {kind} template failed: {error}")]
    ShippedTemplate { kind: FormKind, error: TemplateError },
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// A template that did not compile, located in the template's source: `file` is the template's
/// file name (`commitment.typ`, or `common.typ` when a shared helper failed), `line` and `column`
/// are 1-based, as an editor shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hints: Vec<String>,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{}:{line}:{column}: ", self.file)?,
            (Some(line), None) => write!(f, "{}:{line}: ", self.file)?,
            _ => write!(f, "{}: ", self.file)?,
        }
        f.write_str(&self.message)?;
        for hint in &self.hints {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {}
