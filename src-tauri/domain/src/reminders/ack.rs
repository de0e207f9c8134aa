//! An operator's acknowledgement or snooze of a reminder, and how it holds the reminder back.
//!
//! Reminders are derived, never stored; what IS stored (by the caller, with an audit entry) is
//! each [`Acknowledgement`], append-only. The latest one per key (by `at`, then by position in
//! the list) is the one in force. It holds the reminder back only while the obligation's due date
//! is still the one the operator saw (`due_date_at_ack`): a new due date (a step done again, a
//! trip extended, a level change) is a new thing to remind of.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::obligation::Obligation;
use crate::date::check_date;
use crate::error::{DomainError, Errors, FieldError};
use crate::limits::NOTE;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AckKind {
    /// Seen and being handled: hidden until the due date changes.
    Acknowledged { note: String },
    /// Hidden until `until` (it comes back on that day) or until the due date changes.
    Snoozed { until: NaiveDate },
    /// Undoes the acknowledgement or snooze before it (the trail stays append-only).
    Cancelled,
}

/// Which of the three an [`AckKind`] is, without its data: what the audit trail's words name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AckKindTag {
    Acknowledged,
    Snoozed,
    Cancelled,
}

impl AckKind {
    pub fn tag(&self) -> AckKindTag {
        match self {
            AckKind::Acknowledged { .. } => AckKindTag::Acknowledged,
            AckKind::Snoozed { .. } => AckKindTag::Snoozed,
            AckKind::Cancelled => AckKindTag::Cancelled,
        }
    }
}

/// One acknowledgement, snooze or cancellation, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Acknowledgement {
    /// The [`Obligation::key`] it is about.
    pub key: String,
    /// The due date the operator saw: the acknowledgement lapses when the due date changes.
    pub due_date_at_ack: NaiveDate,
    pub kind: AckKind,
    pub at: DateTime<Utc>,
    pub operator: String,
}

fn operator(errors: &mut Errors, raw: &str) -> String {
    errors.take(text::operator_name(raw)).unwrap_or_default()
}

impl Acknowledgement {
    fn of(o: &Obligation, kind: AckKind, operator: String, at: DateTime<Utc>) -> Acknowledgement {
        Acknowledgement { key: o.key.clone(), due_date_at_ack: o.due.date, kind, at, operator }
    }

    /// Acknowledges `o` with a note (what is being done about it). Refused without a note or an
    /// operator.
    pub fn acknowledge(o: &Obligation, note: &str, op: &str, at: DateTime<Utc>) -> Result<Acknowledgement, DomainError> {
        let mut errors = Errors::default();
        let note = errors.take(text::required(NOTE, note)).unwrap_or_default();
        let op = operator(&mut errors, op);
        errors.finish(|| Acknowledgement::of(o, AckKind::Acknowledged { note }, op, at))
    }

    /// Snoozes `o` until `until`, which must be after `today`.
    pub fn snooze(o: &Obligation, until: NaiveDate, today: NaiveDate, op: &str, at: DateTime<Utc>) -> Result<Acknowledgement, DomainError> {
        let mut errors = Errors::default();
        if let Err(e) = check_date("until", until) {
            errors.push(e);
        } else if until <= today {
            errors.push(FieldError::new("until", "reminder.snooze_not_after_today").with("today", today));
        }
        let op = operator(&mut errors, op);
        errors.finish(|| Acknowledgement::of(o, AckKind::Snoozed { until }, op, at))
    }

    /// Cancels the acknowledgement or snooze in force for `o`.
    pub fn cancel(o: &Obligation, op: &str, at: DateTime<Utc>) -> Result<Acknowledgement, DomainError> {
        let mut errors = Errors::default();
        let op = operator(&mut errors, op);
        errors.finish(|| Acknowledgement::of(o, AckKind::Cancelled, op, at))
    }
}

/// What the acknowledgement in force does to a reminder on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold<'a> {
    /// Nothing holds it back.
    Shown,
    /// A snooze for the same due date ended on this day (on or before `as_of`).
    SnoozeEnded(NaiveDate),
    /// Held back by this acknowledgement or snooze.
    Hidden(&'a Acknowledgement),
}

/// The acknowledgement in force per key: built once per call, looked up once per obligation.
pub(crate) struct AckIndex<'a> {
    latest: HashMap<&'a str, &'a Acknowledgement>,
}

impl<'a> AckIndex<'a> {
    pub(crate) fn new(acks: &'a [Acknowledgement]) -> AckIndex<'a> {
        let mut latest: HashMap<&'a str, &'a Acknowledgement> = HashMap::with_capacity(acks.len());
        for a in acks {
            latest
                .entry(a.key.as_str())
                .and_modify(|held| {
                    if a.at >= held.at {
                        *held = a
                    }
                })
                .or_insert(a);
        }
        AckIndex { latest }
    }

    pub(crate) fn hold(&self, o: &Obligation, as_of: NaiveDate) -> Hold<'a> {
        if self.latest.is_empty() {
            return Hold::Shown;
        }
        let Some(&a) = self.latest.get(o.key.as_str()) else { return Hold::Shown };
        if a.due_date_at_ack != o.due.date {
            return Hold::Shown;
        }
        match a.kind {
            AckKind::Acknowledged { .. } => Hold::Hidden(a),
            AckKind::Snoozed { until } if as_of < until => Hold::Hidden(a),
            AckKind::Snoozed { until } => Hold::SnoozeEnded(until),
            AckKind::Cancelled => Hold::Shown,
        }
    }
}
