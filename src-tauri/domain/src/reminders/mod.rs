//! Reminders (DOMAIN.md §5): what is upcoming, due or overdue on a date, derived from the records
//! and never stored as truth, with the operator's acknowledgements and snoozes laid over it, a
//! summary for the dashboard and the daily notification, and the calendar (.ics) export.
//!
//! The pieces, each a pure function of its arguments (dates are passed in, there is no clock):
//!
//! - [`Obligation`] is the one shape every source feeds: a stable key, the person, the subject
//!   (person, trip or document), a [`ReminderKind`], the due [`Deadline`](crate::deadline::Deadline)
//!   with its rule and citation, and the lead time;
//! - [`sources`] turns the lifecycle's and the travel rules' obligations into that shape;
//! - [`reminders`] states each obligation on `as_of` (upcoming / due / overdue), hides those an
//!   operator acknowledged or snoozed, and sorts overdue first; [`became_due_since`] picks what the
//!   once-a-day notification announces;
//! - [`summary`] and [`summary_text`] count them for the dashboard and word the notification;
//! - [`ics`](ics::ics) writes them as an RFC 5545 calendar with UIDs derived from the keys.
//!
//! # Adding a source
//!
//! A source is any function that appends [`Obligation`]s to a `Vec` (see
//! [`sources::lifecycle_obligations`] and [`sources::travel_obligations`]). The engine, the
//! summary and the calendar export read only the fields of [`Obligation`], so a new source (the
//! signed copies of issued forms, say) touches none of them:
//!
//! 1. add its kind(s) to [`ReminderKind`] with their names in both languages
//!    ([`ReminderKind::name`]; `FormUnreturned` is already there for the forms);
//! 2. when its records are a new kind of subject, add a [`Subject`] variant;
//! 3. build each obligation with [`Obligation::new`] and a key that stays the same for as long as
//!    the obligation is the same thing to do (`form:12:signed_copy`): acknowledgements and the
//!    calendar UIDs hang on it. Keys of one source must not collide with another's: start them
//!    with the record type;
//! 4. have the caller append the source's output to the list it gives [`reminders`] and
//!    [`ics::ics`].
//!
//! # Performance
//!
//! The register can hold 200,000 people. [`reminders`] borrows the obligations, looks
//! acknowledgements up in a hash map by key and allocates nothing per obligation but its slot in
//! the result; the sources move the strings the rules produced instead of copying them.

mod ack;
mod engine;
pub mod ics;
mod obligation;
pub mod occasion;
pub mod projection;
pub mod sources;
mod summary;
mod text;

#[cfg(test)]
mod tests;

pub use ack::{AckKind, AckKindTag, Acknowledgement};
pub use engine::{became_due_since, hidden_reminders, reminders, HiddenReminder, Reminder};
pub use obligation::{handle, Obligation, ReminderKind, Subject, HANDLE_LEN};
pub use summary::{summary, summary_text, KindCounts, ReminderSummary, StateCounts, UnitCounts};
