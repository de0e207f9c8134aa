//! Every open travel obligation of a person, with its deadline, for the reminders engine.
//!
//! An obligation is derived from the trip and document records as they stand; nothing here is
//! stored. It has the shape of the lifecycle's [`crate::lifecycle::obligations::Obligation`]
//! where the two meet (`due`, `lead_days`, `state`, `days_overdue`), so the reminders engine can
//! merge both lists: the state is [`due_state`] of `due.date` with `lead_days` on `as_of`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{DocumentId, TravelDocument};
use super::rules::TravelRules;
use super::trip::{Trip, TripId};
use crate::calendar::HolidayCalendar;
use crate::deadline::{due_state, Deadline, DueState};
use crate::i18n::Lang;
use crate::person::PersonId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TravelObligationKind {
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

impl TravelObligationKind {
    /// What a reminder calls it.
    pub fn name(self, lang: Lang) -> &'static str {
        crate::terms::Term::word(self, lang)
    }
}

/// One open travel obligation, as of the date the list was made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TravelObligation {
    pub kind: TravelObligationKind,
    pub person: PersonId,
    pub trip: Option<TripId>,
    pub document: Option<DocumentId>,
    /// When it is due, and the rule (and its citation) that set the date.
    pub due: Deadline,
    /// Days before `due.date` that the reminder starts.
    pub lead_days: u32,
    /// The state on `as_of`; `None` while it is not yet within the lead time.
    pub state: Option<DueState>,
    /// Days past due on `as_of` (0 unless overdue).
    pub days_overdue: i64,
}

impl TravelObligation {
    fn new(
        kind: TravelObligationKind,
        person: PersonId,
        trip: Option<TripId>,
        document: Option<DocumentId>,
        due: Deadline,
        lead_days: u32,
        as_of: NaiveDate,
    ) -> TravelObligation {
        let (state, days_overdue) = match due_state(due.date, lead_days, as_of) {
            Some((state, days)) => (Some(state), if state == DueState::Overdue { days } else { 0 }),
            None => (None, 0),
        };
        TravelObligation { kind, person, trip, document, due, lead_days, state, days_overdue }
    }

    /// The state on another day than the list was made for.
    pub fn state_on(&self, as_of: NaiveDate) -> Option<(DueState, i64)> {
        due_state(self.due.date, self.lead_days, as_of)
    }

    pub fn is_overdue(&self) -> bool {
        self.state == Some(DueState::Overdue)
    }
}

/// Every open travel obligation of `person` on `as_of`, by due date (then kind). `trips` and
/// `documents` may hold other people's records: they are skipped. All open obligations are
/// listed, however far off (`state` is `None` for those not yet within their lead time).
pub fn obligations(
    person: PersonId,
    trips: &[Trip],
    documents: &[TravelDocument],
    rules: &TravelRules,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
) -> Vec<TravelObligation> {
    use TravelObligationKind as K;
    let mut out = Vec::new();
    let mut push = |kind, trip: Option<TripId>, document: Option<DocumentId>, due: Deadline, lead_days| {
        out.push(TravelObligation::new(kind, person, trip, document, due, lead_days, as_of));
    };
    let lead = rules.lead_days;
    for trip in trips.iter().filter(|t| t.person == person) {
        if let Some(d) = trip.approval_deadline(rules) {
            push(K::Approval, Some(trip.id), trip.document, d, lead);
        }
        if let Some(d) = trip.briefing_deadline(rules) {
            push(K::Briefing, Some(trip.id), trip.document, d, lead);
        }
        if let Some(d) = trip.return_deadline(rules, as_of) {
            push(K::TripReturn, Some(trip.id), trip.checkout.map(|c| c.document), d, lead);
        }
        if let Some(d) = trip.report_deadline(rules, cal) {
            push(K::Report, Some(trip.id), None, d, lead);
        }
    }
    for doc in documents.iter().filter(|d| d.person == person) {
        if let Some(d) = doc.handin_deadline(rules, cal) {
            push(K::DocumentHandIn, None, Some(doc.id), d, lead);
        }
        if let Some(trip) = doc.trip.and_then(|id| trips.iter().find(|t| t.id == id)) {
            if let Some(d) = doc.return_deadline(trip, rules, cal) {
                push(K::DocumentReturn, Some(trip.id), Some(doc.id), d, lead);
            }
        }
        if let Some((d, warn)) = doc.expiry_deadline(rules, cal) {
            push(K::DocumentExpiry, None, Some(doc.id), d, warn);
        }
    }
    out.sort_by(|a, b| a.due.date.cmp(&b.due.date).then(a.kind.cmp(&b.kind)));
    out
}
