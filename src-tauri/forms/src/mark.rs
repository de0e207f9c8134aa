//! What is printed across a form that is not the issued original: a draft shown before issuing,
//! or a copy printed again from the register (and whether that form was voided).
//!
//! A mark is handed to the template beside the form's data (`f.mark`), never inside it: the
//! content hash and verification code are those of the form itself, so a copy carries the same
//! code as the original and a draft's code is never printed.

use chrono::NaiveDate;
use serde::Serialize;

/// How a form that is not the issued original is marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mark {
    /// A preview before issuing: no number, no verification code, "样稿 / DRAFT" across each
    /// page and a line saying it is not to be signed.
    Draft,
    /// A reprint of an issued form: "副本 / COPY" across each page, the original's number and
    /// code kept, the day it was printed again; a voided form also says so, with why.
    Copy { printed_on: NaiveDate, void: Option<VoidMark> },
}

/// A voided form's record, printed on its copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoidMark {
    pub on: NaiveDate,
    pub reason: String,
}

impl Mark {
    /// The words a mark prints across the page, in both languages (a stamp reads the same
    /// whatever the form's print language).
    pub fn stamp(&self) -> &'static str {
        match self {
            Mark::Draft => "样稿 DRAFT",
            Mark::Copy { void: None, .. } => "副本 COPY",
            Mark::Copy { void: Some(_), .. } => "已作废 VOID",
        }
    }
}
