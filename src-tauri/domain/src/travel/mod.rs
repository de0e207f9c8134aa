//! Foreign travel (出国(境)) and travel-document custody (因私出入境证件集中保管): DOMAIN.md §4.
//!
//! - [`document`]: the documents the office holds, their movements and deadlines;
//! - [`trip`]: a trip from request to closed, with its refusals;
//! - [`conflicts`]: what an approver must see before deciding;
//! - [`obligations`]: every open travel obligation of a person on a date, for reminders;
//! - [`countries`]: the destinations (ISO 3166-1 codes with zh-CN and English names);
//! - [`rules`]: the numbers, as the policy states them.
//!
//! Every function here takes its records and dates as arguments and returns new values; a refusal
//! is a [`DomainError`](crate::DomainError) and leaves the records as they were.

pub mod conflicts;
pub mod countries;
pub mod document;
pub mod obligations;
pub mod rules;
pub mod trip;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::check_date;
use crate::error::FieldError;
use crate::level::LevelChange;
use crate::person::PersonId;

pub use conflicts::{conflicts, TravelConflict};
pub use document::{
    DocumentId, DocumentInput, DocumentKind, DocumentMovement, DocumentStatus, EarlyCheckout, MovementKind, TravelDocument,
};
pub use obligations::{obligations, TravelObligation, TravelObligationKind};
pub use rules::TravelRules;
pub use trip::{ApprovalLevel, Trip, TripId, TripInput, TripKind, TripState};

/// An inclusive span of days (`start..=end`), such as a decommissioning period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateSpan {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateSpan {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the two spans share at least one day.
    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// What the travel rules need to know of the traveller.
#[derive(Debug, Clone, Copy)]
pub struct Traveller<'a> {
    pub person: PersonId,
    /// The level history, in recording order (see [`crate::level::level_at`]).
    pub levels: &'a [LevelChange],
    /// The decommissioning period (脱密期), when one is fixed (past, current or coming).
    pub decommissioning: Option<DateSpan>,
}

/// Refuses a date outside the register's range or after today: the register records what
/// happened.
fn not_future(field: &str, date: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    check_date(field, date)?;
    if date > today {
        return Err(FieldError::new(field, "date.future").with("field", field).with("today", today));
    }
    Ok(())
}

/// Refuses a date before an earlier step of the same record.
fn not_before(field: &str, date: NaiveDate, earlier: NaiveDate) -> Result<(), FieldError> {
    if date < earlier {
        return Err(FieldError::new(field, "travel.date_before_previous").with("field", field).with("date", earlier));
    }
    Ok(())
}
