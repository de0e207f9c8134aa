//! Which steps a trip can take now, and why the others cannot: the preconditions each step
//! function checks first ([`Trip::approve`], [`Trip::depart`], [`TravelDocument::check_out`] ...)
//! and the list the trip page offers ([`Trip::available_steps`]) are the same functions, so the
//! page never offers a step the rules refuse for the trip's state.
//!
//! The trip's state decides which steps apply; the travel document and the date decide whether
//! an applicable step is blocked (the departure waits for the check-out, the closing for the
//! document back in the safe, the check-out for its window to open).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Trip, TripState};
use crate::availability::Preconditions;
use crate::calendar::HolidayCalendar;
use crate::error::FieldError;
use crate::travel::document::{DocumentStatus, TravelDocument};
use crate::travel::rules::TravelRules;

/// A step of a trip, as the trip page offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TripStepKind {
    Approve,
    Refuse,
    /// The pre-trip briefing (行前保密教育).
    Brief,
    /// The travel document leaves the safe for the trip.
    Checkout,
    Depart,
    Return,
    /// The travel document comes back to the safe after the trip.
    DocReturn,
    /// The post-trip report (回国(境)报告) is received.
    Report,
    Close,
    /// The planned dates corrected before the departure.
    Correct,
    Extend,
    Withdraw,
}

impl TripStepKind {
    /// Every step, in the order the page shows them.
    pub const ALL: [TripStepKind; 12] = [
        TripStepKind::Approve,
        TripStepKind::Refuse,
        TripStepKind::Brief,
        TripStepKind::Checkout,
        TripStepKind::Depart,
        TripStepKind::Return,
        TripStepKind::DocReturn,
        TripStepKind::Report,
        TripStepKind::Close,
        TripStepKind::Correct,
        TripStepKind::Extend,
        TripStepKind::Withdraw,
    ];

    /// The way of a trip that goes as planned: the first of these that applies is the one the
    /// office normally takes next. The report comes before the document's return because it is
    /// due first (7 days against 10).
    const PATH: [TripStepKind; 8] = [
        TripStepKind::Approve,
        TripStepKind::Brief,
        TripStepKind::Checkout,
        TripStepKind::Depart,
        TripStepKind::Return,
        TripStepKind::Report,
        TripStepKind::DocReturn,
        TripStepKind::Close,
    ];
}

/// A step the trip can take in its current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepAvailability {
    pub step: TripStepKind,
    /// The one the office normally takes next (at most one per trip).
    pub primary: bool,
    /// Why it cannot be taken right now (the document still out, the check-out window not open
    /// yet ...); `None` when it can.
    pub blocked: Option<FieldError>,
}

impl Trip {
    /// The steps that apply to the trip in its current state, in page order, each with whether
    /// it is blocked and why. `document` is the trip's travel document (the one checked out for
    /// it, else the one named for it), `today` the day the step would be taken.
    pub fn available_steps(
        &self,
        rules: &TravelRules,
        document: Option<&TravelDocument>,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> Vec<StepAvailability> {
        let applicable: Vec<(TripStepKind, Preconditions)> = TripStepKind::ALL
            .into_iter()
            .map(|step| (step, self.preconditions(step, rules, document, cal, today)))
            .filter(|(_, p)| p.applies())
            .collect();
        let primary = TripStepKind::PATH.into_iter().find(|k| applicable.iter().any(|(s, _)| s == k));
        applicable.into_iter().map(|(step, p)| StepAvailability { step, primary: primary == Some(step), blocked: p.blocker() }).collect()
    }

    /// What stands between the trip and `step` before any input is looked at.
    pub fn preconditions(
        &self,
        step: TripStepKind,
        rules: &TravelRules,
        document: Option<&TravelDocument>,
        _cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> Preconditions {
        match step {
            TripStepKind::Approve | TripStepKind::Refuse => self.check_decide(),
            TripStepKind::Brief => self.check_brief(),
            TripStepKind::Checkout => self.check_check_out(document, rules, today),
            TripStepKind::Depart => self.check_depart(rules),
            TripStepKind::Return => self.check_return(),
            TripStepKind::DocReturn => self.check_document_return(document),
            TripStepKind::Report => self.check_report(),
            TripStepKind::Close => self.check_close(document, rules),
            TripStepKind::Correct => self.check_correct(),
            TripStepKind::Extend => self.check_extend(),
            TripStepKind::Withdraw => self.check_withdraw(),
        }
    }

    fn state_refused(&self) -> Preconditions {
        Preconditions::not_applicable(self.state_refusal(self.state()))
    }

    /// Approval and refusal: a trip is decided once.
    pub(super) fn check_decide(&self) -> Preconditions {
        match self.state() {
            TripState::Requested => Preconditions::met(),
            TripState::Refused => Preconditions::not_applicable(FieldError::general("trip.already_refused")),
            TripState::Withdrawn => Preconditions::not_applicable(FieldError::general("trip.withdrawn")),
            _ => Preconditions::not_applicable(FieldError::general("trip.already_approved")),
        }
    }

    pub(super) fn check_brief(&self) -> Preconditions {
        match self.state() {
            TripState::Approved => Preconditions::met(),
            TripState::Requested | TripState::Refused | TripState::Withdrawn => self.state_refused(),
            _ => Preconditions::not_applicable(FieldError::general("trip.already_briefed")),
        }
    }

    /// The check-out of `document` (when known) for the trip on `on`: custody, an approved and
    /// briefed trip, the document in the safe and valid that day and through the return. A day
    /// before the check-out window (see [`Trip::checkout_from`]) does not block it: such a
    /// check-out asks for its reason and approver instead. A check-out recorded later
    /// keeps the date it happened on, so these are judged on that day, not on the day it is
    /// recorded.
    pub(crate) fn check_check_out(&self, document: Option<&TravelDocument>, rules: &TravelRules, on: NaiveDate) -> Preconditions {
        let mut p = Preconditions::met();
        if !rules.custody {
            p = p.and_not_applicable(FieldError::general("document.custody_off"));
        }
        match self.state() {
            TripState::Briefed => {}
            TripState::Approved => p = p.and_not_applicable(FieldError::general("trip.not_briefed")),
            state => p = p.and_not_applicable(self.state_refusal(state)),
        }
        if let Some(doc) = document {
            if doc.status != DocumentStatus::InCustody {
                p = p.and_waiting(doc.not_in_custody());
            } else if doc.is_expired_on(on) {
                p = p.and_waiting(FieldError::new("document", "document.expired").with("expires", doc.expires));
            } else if doc.expires < self.current_return() {
                p = p.and_waiting(
                    FieldError::new("document", "document.expires_during_trip")
                        .with("expires", doc.expires)
                        .with("return", self.current_return()),
                );
            }
        }
        p
    }

    /// The departure needs the briefing and, with custody, the document out; and a day left
    /// for it: the earliest it can be recorded (the check-out, else the briefing) not after the
    /// (extended) planned return.
    pub(super) fn check_depart(&self, rules: &TravelRules) -> Preconditions {
        let mut p = match self.state() {
            TripState::DocumentOut => Preconditions::met(),
            TripState::Briefed if !rules.custody => Preconditions::met(),
            TripState::Briefed => Preconditions::waiting(FieldError::general("trip.document_not_out")),
            _ => return self.state_refused(),
        };
        if let Some(earliest) = self.earliest_departure() {
            if let Some(e) = self.departure_after_return(earliest) {
                p = p.and_waiting(e);
            }
        }
        p
    }

    /// The first day a departure can be recorded on: not before the check-out, or the briefing.
    pub(super) fn earliest_departure(&self) -> Option<NaiveDate> {
        self.checkout.map(|c| c.date).or(self.briefing.as_ref().map(|b| b.date))
    }

    /// The refusal of a departure on `date`, after the (extended) planned return.
    pub(super) fn departure_after_return(&self, date: NaiveDate) -> Option<FieldError> {
        (date > self.current_return()).then(|| FieldError::new("date", "trip.departure_after_return").with("return", self.current_return()))
    }

    pub(super) fn check_return(&self) -> Preconditions {
        match self.state() {
            TripState::Departed => Preconditions::met(),
            TripState::Returned | TripState::Reported | TripState::Closed => {
                Preconditions::not_applicable(FieldError::general("trip.already_returned"))
            }
            TripState::Requested | TripState::Refused | TripState::Withdrawn => self.state_refused(),
            _ => Preconditions::not_applicable(FieldError::general("trip.not_departed")),
        }
    }

    pub(super) fn check_report(&self) -> Preconditions {
        match self.state() {
            TripState::Returned => Preconditions::met(),
            TripState::Reported | TripState::Closed => Preconditions::not_applicable(FieldError::general("trip.already_reported")),
            TripState::Requested | TripState::Refused | TripState::Withdrawn => self.state_refused(),
            _ => Preconditions::not_applicable(FieldError::general("trip.not_returned")),
        }
    }

    /// Closing needs the report and, with custody, the document checked out for the trip back:
    /// `document` is that document's record (`None` when the trip had no check-out).
    pub(super) fn check_close(&self, document: Option<&TravelDocument>, rules: &TravelRules) -> Preconditions {
        let mut p = match self.state() {
            TripState::Reported => Preconditions::met(),
            TripState::Closed => Preconditions::not_applicable(FieldError::general("trip.closed")),
            TripState::Requested | TripState::Refused | TripState::Withdrawn => self.state_refused(),
            _ => Preconditions::not_applicable(FieldError::general("trip.not_reported")),
        };
        if let (true, Some(checkout)) = (rules.custody, &self.checkout) {
            let back =
                document.is_some_and(|d| d.id == checkout.document && !(d.status == DocumentStatus::CheckedOut && d.trip == Some(self.id)));
            if !back {
                p = p.and_waiting(FieldError::general("trip.document_not_returned"));
            }
        }
        p
    }

    /// The document checked out for the trip comes back once the trip is over: returned,
    /// withdrawn (it never left), or already reported or closed.
    pub(crate) fn check_document_return(&self, document: Option<&TravelDocument>) -> Preconditions {
        let Some(doc) = document.filter(|d| d.status == DocumentStatus::CheckedOut) else {
            return Preconditions::not_applicable(FieldError::new("document", "document.not_out"));
        };
        if doc.trip != Some(self.id) {
            return Preconditions::not_applicable(FieldError::new("document", "document.not_for_trip"));
        }
        match self.state() {
            TripState::Returned | TripState::Reported | TripState::Closed | TripState::Withdrawn => Preconditions::met(),
            _ => Preconditions::not_applicable(FieldError::new("document", "trip.document_still_needed")),
        }
    }

    pub(super) fn check_extend(&self) -> Preconditions {
        match self.state() {
            TripState::Approved | TripState::Briefed | TripState::DocumentOut | TripState::Departed => Preconditions::met(),
            _ => self.state_refused(),
        }
    }

    /// The planned dates can be corrected until the departure, unless the trip was extended
    /// (another extension moves its return).
    pub(super) fn check_correct(&self) -> Preconditions {
        match self.state() {
            TripState::Requested | TripState::Approved | TripState::Briefed | TripState::DocumentOut if self.extensions.is_empty() => {
                Preconditions::met()
            }
            TripState::Requested | TripState::Approved | TripState::Briefed | TripState::DocumentOut => {
                Preconditions::not_applicable(FieldError::general("trip.extended_no_correction"))
            }
            _ => self.state_refused(),
        }
    }

    pub(super) fn check_withdraw(&self) -> Preconditions {
        match self.state() {
            TripState::Requested | TripState::Approved | TripState::Briefed | TripState::DocumentOut => Preconditions::met(),
            _ => self.state_refused(),
        }
    }
}
