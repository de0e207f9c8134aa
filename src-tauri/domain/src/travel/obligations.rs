//! Every open travel obligation of a person, with its deadline, for the reminders engine.
//!
//! An obligation is derived from the trip and document records as they stand; nothing here is
//! stored. Each carries its [`Deadline`] (date, rule id, citation) and its own lead time, so the
//! reminders engine can merge it with the lifecycle's obligations and compute the state the same
//! way: [`TravelObligation::state`] is [`due_state`] with that lead.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{DocumentId, TravelDocument};
use super::rules::TravelRules;
use super::trip::{Trip, TripId};
use crate::calendar::HolidayCalendar;
use crate::deadline::{due_state, Deadline, DueState};
use crate::person::PersonId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// A requested trip awaits its decision, due by the planned departure.
    Approval,
    /// An approved trip awaits its pre-trip briefing, due by the planned departure.
    Briefing,
    /// A new or renewed document is due in custody.
    DocumentHandIn,
    /// A checked-out document is due back after the trip's actual return.
    DocumentReturn,
    /// The post-trip report is due after the actual return.
    Report,
    /// A supervised document expires (due = the expiry date; lead = the warning period).
    DocumentExpiry,
    /// The traveller is due back by the (extended) planned return.
    TripReturn,
}

/// One open travel obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TravelObligation {
    pub kind: ObligationKind,
    pub person: PersonId,
    pub trip: Option<TripId>,
    pub document: Option<DocumentId>,
    pub deadline: Deadline,
    /// Days before `deadline.date` that the reminder starts.
    pub lead_days: u32,
}

impl TravelObligation {
    /// Upcoming, due or overdue on `as_of` (with the days overdue); `None` before the lead time.
    pub fn state(&self, as_of: NaiveDate) -> Option<(DueState, i64)> {
        due_state(self.deadline.date, self.lead_days, as_of)
    }

    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        matches!(self.state(as_of), Some((DueState::Overdue, _)))
    }
}

/// Every open travel obligation of `person` on `as_of`, by due date (then kind). `trips` and
/// `documents` may hold other people's records: they are skipped. All open obligations are
/// listed, however far off; [`TravelObligation::state`] tells which are to be shown.
pub fn obligations(
    person: PersonId,
    trips: &[Trip],
    documents: &[TravelDocument],
    rules: &TravelRules,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
) -> Vec<TravelObligation> {
    let mut out = Vec::new();
    let mut push = |kind,
                    trip: Option<TripId>,
                    document: Option<DocumentId>,
                    deadline: Deadline,
                    lead_days| {
        out.push(TravelObligation {
            kind,
            person,
            trip,
            document,
            deadline,
            lead_days,
        });
    };
    let lead = rules.lead_days;
    for trip in trips.iter().filter(|t| t.person == person) {
        if let Some(d) = trip.approval_deadline(rules) {
            push(
                ObligationKind::Approval,
                Some(trip.id),
                trip.document,
                d,
                lead,
            );
        }
        if let Some(d) = trip.briefing_deadline(rules) {
            push(
                ObligationKind::Briefing,
                Some(trip.id),
                trip.document,
                d,
                lead,
            );
        }
        if let Some(d) = trip.return_deadline(rules, as_of) {
            push(
                ObligationKind::TripReturn,
                Some(trip.id),
                trip.checkout.map(|c| c.document),
                d,
                lead,
            );
        }
        if let Some(d) = trip.report_deadline(rules, cal) {
            push(ObligationKind::Report, Some(trip.id), None, d, lead);
        }
    }
    for doc in documents.iter().filter(|d| d.person == person) {
        if let Some(d) = doc.handin_deadline(rules, cal) {
            push(ObligationKind::DocumentHandIn, None, Some(doc.id), d, lead);
        }
        if let Some(trip) = doc.trip.and_then(|id| trips.iter().find(|t| t.id == id)) {
            if let Some(d) = doc.return_deadline(trip, rules, cal) {
                push(
                    ObligationKind::DocumentReturn,
                    Some(trip.id),
                    Some(doc.id),
                    d,
                    lead,
                );
            }
        }
        if let Some((d, warn)) = doc.expiry_deadline(rules, cal) {
            push(ObligationKind::DocumentExpiry, None, Some(doc.id), d, warn);
        }
    }
    out.sort_by(|a, b| {
        a.deadline
            .date
            .cmp(&b.deadline.date)
            .then(a.kind.cmp(&b.kind))
    });
    out
}
