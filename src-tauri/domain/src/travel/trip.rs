//! A trip abroad (出国(境)), from request to closed.
//!
//! ```text
//! requested ─┬─> approved ─> briefed ─> document_out ─> departed ─> returned ─> reported ─> closed
//!            └─> refused          (without custody: briefed ─> departed)
//! requested | approved | briefed | document_out ─> withdrawn
//! ```
//! The state is not stored: it follows from which steps are recorded ([`Trip::state`]). Each
//! step is a function that checks the trip and returns the next one, or refuses with the reason;
//! a refusal changes nothing. An extension (new return date, reason, approver) may be recorded
//! from approval until the return; the planned dates of a trip not yet departed may be corrected
//! ([`Trip::correct_dates`], with its reason, kept in [`Trip::corrections`]). Which steps the trip can take now is
//! [`Trip::available_steps`], from the same preconditions the step functions check first
//! (`steps.rs`).

mod steps;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use steps::{StepAvailability, TripStepKind};

use super::countries;
use super::document::{DocumentId, TravelDocument};
use super::rules::{TravelRules, RULE_APPROVAL, RULE_BRIEFING, RULE_RETURN};
use super::{not_before, not_future, DateSpan, Traveller};
use crate::calendar::HolidayCalendar;
use crate::date::check_date;
use crate::deadline::Deadline;
use crate::error::{DomainError, Errors, FieldError};
use crate::level::{level_at, LevelId};
use crate::limits::{TextField, APPROVER, NOTE, NOTES, PERSONNEL_OPINION, PURPOSE, REASON, SECRECY_OFFICE_OPINION, SUMMARY};
use crate::person::PersonId;
use crate::text;

crate::ids::record_id! {
    /// A trip abroad.
    TripId
}

/// 因公 / 因私.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TripKind {
    Official,
    Private,
}

/// The approval level a decision is taken at. `Higher` satisfies `Standard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalLevel {
    Standard,
    Higher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TripState {
    Requested,
    Approved,
    Refused,
    Briefed,
    /// The travel document is checked out for the trip.
    DocumentOut,
    Departed,
    Returned,
    /// The post-trip report is received.
    Reported,
    Closed,
    /// Called off before departure.
    Withdrawn,
}

/// A trip as typed into the request form or given to the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripInput {
    /// ISO 3166-1 alpha-2 codes, any case.
    pub destinations: Vec<String>,
    pub purpose: String,
    pub kind: Option<TripKind>,
    pub planned_departure: Option<NaiveDate>,
    pub planned_return: Option<NaiveDate>,
    /// The document to travel on; may be chosen later, up to the check-out.
    pub document: Option<DocumentId>,
    pub notes: String,
}

/// An approval or a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripDecision {
    pub approved: bool,
    /// Who decided (the approver).
    pub by: String,
    pub date: NaiveDate,
    pub level: ApprovalLevel,
    /// Opinion of the personnel department (人事部门意见).
    pub personnel_opinion: String,
    /// Opinion of the secrecy office (保密工作机构意见).
    pub secrecy_office_opinion: String,
    /// Why it was refused; empty for an approval.
    pub reason: String,
}

/// A decision as the approver enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripDecisionInput {
    pub by: String,
    pub date: NaiveDate,
    pub level: ApprovalLevel,
    pub personnel_opinion: String,
    pub secrecy_office_opinion: String,
    /// Required for a refusal, ignored for an approval.
    pub reason: String,
}

/// A dated step recorded by someone: the briefing, the post-trip report, the closing, a withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripStep {
    pub date: NaiveDate,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripCheckout {
    pub date: NaiveDate,
    pub document: DocumentId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripExtension {
    /// The day the extension was approved.
    pub date: NaiveDate,
    pub previous_return: NaiveDate,
    pub new_return: NaiveDate,
    pub reason: String,
    pub approver: String,
}

/// A correction of the planned dates of a trip not yet departed (the departure moved, the
/// return typed wrongly ...): what they were, what they are, why and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripCorrection {
    /// The day the correction was recorded.
    pub date: NaiveDate,
    pub by: String,
    pub previous_departure: NaiveDate,
    pub previous_return: NaiveDate,
    pub new_departure: NaiveDate,
    pub new_return: NaiveDate,
    pub reason: String,
}

/// A correction as entered: the planned dates as they should be, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripCorrectionInput {
    pub planned_departure: NaiveDate,
    pub planned_return: NaiveDate,
    pub reason: String,
}

/// An extension as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TripExtensionInput {
    pub date: NaiveDate,
    pub new_return: NaiveDate,
    pub reason: String,
    pub approver: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Trip {
    pub id: TripId,
    pub person: PersonId,
    /// ISO 3166-1 alpha-2 codes, upper case, each once, in the order given.
    pub destinations: Vec<String>,
    pub purpose: String,
    pub kind: TripKind,
    /// The day the request was made.
    pub requested: NaiveDate,
    pub planned_departure: NaiveDate,
    /// The return as requested; extensions move it (see [`Trip::current_return`]).
    pub planned_return: NaiveDate,
    pub document: Option<DocumentId>,
    pub notes: String,
    pub decision: Option<TripDecision>,
    pub briefing: Option<TripStep>,
    pub checkout: Option<TripCheckout>,
    /// The check-out was earlier than the policy's lead time: why, and who allowed it.
    #[serde(default)]
    pub checkout_early: Option<super::document::EarlyCheckout>,
    /// Actual departure.
    pub departed: Option<NaiveDate>,
    /// Actual return.
    pub returned: Option<NaiveDate>,
    pub report: Option<TripStep>,
    pub closure: Option<TripStep>,
    pub withdrawal: Option<TripStep>,
    /// Oldest first.
    pub extensions: Vec<TripExtension>,
    /// Corrections of the planned dates, oldest first.
    #[serde(default)]
    pub corrections: Vec<TripCorrection>,
}

/// The approval level a trip needs and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApprovalRequirement {
    pub level: ApprovalLevel,
    /// The traveller's level in force on the planned departure date.
    pub person_level: Option<LevelId>,
    /// That level is one of the policy's `higher_approval_levels`.
    pub level_requires_higher: bool,
    /// The trip falls (partly) within the decommissioning period.
    pub in_decommissioning: bool,
}

fn destinations(raw: &[String], home: &str) -> Result<Vec<String>, Vec<FieldError>> {
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for code in raw.iter().filter(|c| !c.trim().is_empty()) {
        match countries::resolve(code) {
            Ok(code) if !home.is_empty() && code.eq_ignore_ascii_case(home) => {
                errors.push(FieldError::new("destinations", "trip.destination_home").with("value", code))
            }
            Ok(code) if !out.contains(&code) => out.push(code),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("destinations", "trip.destinations_required"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl Trip {
    /// Checks a request and records it (the id is the one storage gives it). `documents` are
    /// the records the chosen document may be among; it must belong to the traveller.
    pub fn request(
        id: TripId,
        person: PersonId,
        input: &TripInput,
        requested: NaiveDate,
        documents: &[TravelDocument],
        rules: &TravelRules,
        today: NaiveDate,
    ) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        let dest = match destinations(&input.destinations, &rules.home_country) {
            Ok(d) => d,
            Err(list) => {
                list.into_iter().for_each(|e| errors.push(e));
                Vec::new()
            }
        };
        let purpose = errors.take(text::required(PURPOSE, &input.purpose));
        let notes = errors.take(text::optional(NOTES, &input.notes));
        if input.kind.is_none() {
            errors.push(FieldError::new("kind", "required").with("field", "kind"));
        }
        errors.take(not_future("requested", requested, today));
        let planned_departure = input.planned_departure.and_then(|d| errors.take(check_date("planned_departure", d)));
        let planned_return = input.planned_return.and_then(|d| errors.take(check_date("planned_return", d)));
        if input.planned_departure.is_none() {
            errors.push(FieldError::new("planned_departure", "required").with("field", "planned_departure"));
        }
        if input.planned_return.is_none() {
            errors.push(FieldError::new("planned_return", "required").with("field", "planned_return"));
        }
        if let (Some(dep), Some(ret)) = (planned_departure, planned_return) {
            if ret < dep {
                errors.push(FieldError::new("planned_return", "trip.return_before_departure").with("departure", dep));
            }
        }
        if let Some(dep) = planned_departure {
            if dep < requested {
                errors.push(FieldError::new("planned_departure", "trip.departure_before_request").with("date", requested));
            }
        }
        if let Some(doc_id) = input.document {
            match documents.iter().find(|d| d.id == doc_id) {
                None => errors.push(FieldError::new("document", "document.not_found").with("value", doc_id)),
                Some(doc) if doc.person != person => errors.push(FieldError::new("document", "document.other_person")),
                Some(_) => {}
            }
        }
        errors.finish(|| Trip {
            id,
            person,
            destinations: dest,
            purpose: purpose.unwrap_or_default(),
            kind: input.kind.unwrap_or(TripKind::Private),
            requested,
            planned_departure: input.planned_departure.unwrap_or(requested),
            planned_return: input.planned_return.unwrap_or(requested),
            document: input.document,
            notes: notes.unwrap_or_default(),
            decision: None,
            briefing: None,
            checkout: None,
            checkout_early: None,
            departed: None,
            returned: None,
            report: None,
            closure: None,
            withdrawal: None,
            extensions: Vec::new(),
            corrections: Vec::new(),
        })
    }

    pub fn state(&self) -> TripState {
        if self.closure.is_some() {
            TripState::Closed
        } else if self.report.is_some() {
            TripState::Reported
        } else if self.returned.is_some() {
            TripState::Returned
        } else if self.departed.is_some() {
            TripState::Departed
        } else if self.withdrawal.is_some() {
            TripState::Withdrawn
        } else {
            match &self.decision {
                None => TripState::Requested,
                Some(d) if !d.approved => TripState::Refused,
                Some(_) if self.checkout.is_some() => TripState::DocumentOut,
                Some(_) if self.briefing.is_some() => TripState::Briefed,
                Some(_) => TripState::Approved,
            }
        }
    }

    /// The planned return as extended.
    pub fn current_return(&self) -> NaiveDate {
        self.extensions.last().map(|e| e.new_return).unwrap_or(self.planned_return)
    }

    /// The days the trip takes: actual dates where recorded, planned (as extended) otherwise.
    pub fn span(&self) -> DateSpan {
        let start = self.departed.unwrap_or(self.planned_departure);
        let end = self.returned.unwrap_or_else(|| self.current_return()).max(start);
        DateSpan { start, end }
    }

    /// The planned days (departure to the extended return), which an approval covers.
    pub fn planned_span(&self) -> DateSpan {
        DateSpan { start: self.planned_departure, end: self.current_return().max(self.planned_departure) }
    }

    /// Whether the trip was approved, and not refused nor withdrawn before leaving.
    pub fn is_live(&self) -> bool {
        !matches!(self.state(), TripState::Refused | TripState::Withdrawn)
    }

    /// A trip approved (and not withdrawn) whose return date, as extended, has passed on
    /// `as_of` with no return recorded. Its document, when out, is overdue with it.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        matches!(self.state(), TripState::Approved | TripState::Briefed | TripState::DocumentOut | TripState::Departed)
            && as_of > self.current_return()
    }

    /// The refusal of a step that the trip's state does not allow, by that state.
    pub(crate) fn state_refusal(&self, state: TripState) -> FieldError {
        let code = match state {
            TripState::Requested => "trip.not_approved",
            TripState::Refused => "trip.refused",
            TripState::Withdrawn => "trip.withdrawn",
            TripState::Approved => "trip.not_briefed",
            TripState::Briefed => "trip.document_not_out",
            TripState::DocumentOut => "trip.document_already_out",
            TripState::Departed => "trip.already_departed",
            TripState::Returned => "trip.already_returned",
            TripState::Reported => "trip.already_reported",
            TripState::Closed => "trip.closed",
        };
        FieldError::general(code)
    }

    /// The approval level the trip needs: higher when the traveller's level on the planned
    /// departure date is one of the policy's `higher_approval_levels`, or (when the policy says
    /// so) when the trip falls (partly) within the decommissioning period.
    pub fn required_approval(&self, traveller: &Traveller, rules: &TravelRules) -> ApprovalRequirement {
        let person_level = level_at(traveller.levels, self.planned_departure).cloned();
        let level_requires_higher = person_level.as_ref().is_some_and(|l| rules.higher_approval_levels.contains(l));
        let in_decommissioning = traveller.decommissioning.is_some_and(|d| d.overlaps(&self.planned_span()));
        let higher = level_requires_higher || (rules.higher_approval_in_decommissioning && in_decommissioning);
        ApprovalRequirement {
            level: if higher { ApprovalLevel::Higher } else { ApprovalLevel::Standard },
            person_level,
            level_requires_higher,
            in_decommissioning,
        }
    }

    /// The checks an approval and a refusal share.
    fn check_decision(&self, input: &TripDecisionInput, rules: &TravelRules, today: NaiveDate, errors: &mut Errors) -> TripDecision {
        self.check_decide().report(errors);
        let by = errors.take(text::required(APPROVER, &input.by)).unwrap_or_default();
        let personnel_opinion =
            errors.take(text::check(PERSONNEL_OPINION, &input.personnel_opinion, rules.opinions_required)).unwrap_or_default();
        let secrecy_office_opinion =
            errors.take(text::check(SECRECY_OFFICE_OPINION, &input.secrecy_office_opinion, rules.opinions_required)).unwrap_or_default();
        errors.take(not_future("date", input.date, today));
        errors.take(not_before("date", input.date, self.requested));
        TripDecision {
            approved: false,
            by,
            date: input.date,
            level: input.level,
            personnel_opinion,
            secrecy_office_opinion,
            reason: String::new(),
        }
    }

    /// Approves a requested trip. Refused when it was already decided, when the approval is
    /// dated after the planned departure (approval comes before the trip), when an opinion the
    /// policy requires is missing, or when it is taken below the level the trip needs.
    pub fn approve(
        &self,
        input: &TripDecisionInput,
        traveller: &Traveller,
        rules: &TravelRules,
        today: NaiveDate,
    ) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        let mut decision = self.check_decision(input, rules, today, &mut errors);
        if input.date > self.planned_departure {
            errors.push(FieldError::new("date", "trip.approval_after_departure").with("departure", self.planned_departure));
        }
        let required = self.required_approval(traveller, rules);
        if input.level < required.level {
            errors.push(FieldError::new("level", "trip.higher_approval_required"));
        }
        errors.finish(|| {
            decision.approved = true;
            let mut next = self.clone();
            next.decision = Some(decision);
            next
        })
    }

    /// Refuses a requested trip; the reason is required. The trip is kept, refused.
    pub fn refuse(&self, input: &TripDecisionInput, rules: &TravelRules, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        let mut decision = self.check_decision(input, rules, today, &mut errors);
        let reason = errors.take(text::required(REASON, &input.reason)).unwrap_or_default();
        errors.finish(|| {
            decision.reason = reason;
            let mut next = self.clone();
            next.decision = Some(decision);
            next
        })
    }

    fn step(
        field: TextField,
        date: NaiveDate,
        by: &str,
        note: &str,
        note_required: bool,
        today: NaiveDate,
        errors: &mut Errors,
    ) -> TripStep {
        let by = errors.take(text::operator_name(by)).unwrap_or_default();
        let note = errors.take(text::check(field, note, note_required)).unwrap_or_default();
        errors.take(not_future("date", date, today));
        TripStep { date, by, note }
    }

    /// Records the pre-trip briefing (行前保密教育) of an approved trip.
    pub fn brief(&self, date: NaiveDate, by: &str, note: &str, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_brief().report(&mut errors);
        if let Some(d) = &self.decision {
            errors.take(not_before("date", date, d.date));
        }
        let step = Self::step(NOTE, date, by, note, false, today, &mut errors);
        errors.finish(|| {
            let mut next = self.clone();
            next.briefing = Some(step);
            next
        })
    }

    /// Records the actual departure. Needs the approval, the briefing and (with custody) the
    /// document checked out; a departure after the (extended) planned return needs an extension
    /// first.
    pub fn depart(&self, date: NaiveDate, rules: &TravelRules, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_depart(rules).report(&mut errors);
        if let Some(earliest) = self.earliest_departure() {
            errors.take(not_before("date", date, earliest));
        }
        if let Some(e) = self.departure_after_return(date) {
            errors.push_new(e);
        }
        errors.take(not_future("date", date, today));
        errors.finish(|| {
            let mut next = self.clone();
            next.departed = Some(date);
            next
        })
    }

    /// Records the actual return, which may differ from the plan; not before the departure.
    pub fn return_home(&self, date: NaiveDate, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_return().report(&mut errors);
        if let Some(departed) = self.departed {
            if date < departed {
                errors.push(FieldError::new("date", "trip.return_before_departure").with("departure", departed));
            }
        }
        errors.take(not_future("date", date, today));
        errors.finish(|| {
            let mut next = self.clone();
            next.returned = Some(date);
            next
        })
    }

    /// Records the post-trip report (回国(境)报告) as received, on or after the return.
    pub fn receive_report(&self, date: NaiveDate, by: &str, summary: &str, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_report().report(&mut errors);
        if let Some(returned) = self.returned {
            errors.take(not_before("date", date, returned));
        }
        let step = Self::step(SUMMARY, date, by, summary, false, today, &mut errors);
        errors.finish(|| {
            let mut next = self.clone();
            next.report = Some(step);
            next
        })
    }

    /// Closes a reported trip. With custody, the document checked out for it must be back:
    /// `document` is that document's record (`None` when the trip had no check-out).
    pub fn close(
        &self,
        date: NaiveDate,
        by: &str,
        document: Option<&TravelDocument>,
        rules: &TravelRules,
        today: NaiveDate,
    ) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_close(document, rules).report(&mut errors);
        if let Some(report) = &self.report {
            errors.take(not_before("date", date, report.date));
        }
        let step = Self::step(NOTE, date, by, "", false, today, &mut errors);
        errors.finish(|| {
            let mut next = self.clone();
            next.closure = Some(step);
            next
        })
    }

    /// Extends an approved trip not yet back: a later return date, its reason and approver.
    pub fn extend(&self, input: &TripExtensionInput, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_extend().report(&mut errors);
        let previous_return = self.current_return();
        if let Err(e) = check_date("new_return", input.new_return) {
            errors.push(e);
        } else if input.new_return <= previous_return {
            errors.push(FieldError::new("new_return", "trip.extension_not_later").with("date", previous_return));
        }
        let reason = errors.take(text::required(REASON, &input.reason)).unwrap_or_default();
        let approver = errors.take(text::required(APPROVER, &input.approver)).unwrap_or_default();
        errors.take(not_future("date", input.date, today));
        if let Some(d) = &self.decision {
            errors.take(not_before("date", input.date, d.date));
        }
        errors.finish(|| {
            let mut next = self.clone();
            next.extensions.push(TripExtension { date: input.date, previous_return, new_return: input.new_return, reason, approver });
            next
        })
    }

    /// Calls off a trip before departure (the reason is required). A document already checked
    /// out is then due back from the withdrawal date.
    pub fn withdraw(&self, date: NaiveDate, by: &str, reason: &str, today: NaiveDate) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_withdraw().report(&mut errors);
        errors.take(not_before("date", date, self.requested));
        let step = Self::step(REASON, date, by, reason, true, today, &mut errors);
        errors.finish(|| {
            let mut next = self.clone();
            next.withdrawal = Some(step);
            next
        })
    }

    /// The first day the travel document may leave the safe for the trip without a recorded
    /// reason: `checkout_lead` before the planned departure (a boundary: it never moves for a
    /// holiday).
    pub fn checkout_from(&self, rules: &TravelRules, cal: &HolidayCalendar) -> Deadline {
        rules.checkout_lead.earliest_before(self.planned_departure, cal)
    }

    /// Corrects the planned dates of a trip not yet departed (requested, approved, briefed or
    /// with its document out), recorded `today` by `by` with its reason. The deadlines that run
    /// from the planned departure (approval, briefing, the check-out window) follow the new date.
    /// Refused when nothing changes; when the return is before the departure or the departure
    /// before the request; when a step already recorded (the approval, the briefing, the
    /// check-out) would fall after a departure that moves; when the new dates need a higher approval
    /// level than the one given; and when the document, checked out within the lead time, would
    /// then have left the safe too early. An extended trip is not corrected: another extension
    /// moves its return.
    pub fn correct_dates(
        &self,
        input: &TripCorrectionInput,
        by: &str,
        traveller: &Traveller,
        rules: &TravelRules,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> Result<Trip, DomainError> {
        let mut errors = Errors::default();
        self.check_correct().report(&mut errors);
        let by = errors.take(text::operator_name(by)).unwrap_or_default();
        let reason = errors.take(text::required(REASON, &input.reason)).unwrap_or_default();
        let dep = errors.take(check_date("planned_departure", input.planned_departure));
        let ret = errors.take(check_date("planned_return", input.planned_return));
        let mut next = self.clone();
        if let (Some(dep), Some(ret)) = (dep, ret) {
            if ret < dep {
                errors.push(FieldError::new("planned_return", "trip.return_before_departure").with("departure", dep));
            }
            if dep < self.requested {
                errors.push(FieldError::new("planned_departure", "trip.departure_before_request").with("date", self.requested));
            }
            if dep == self.planned_departure && ret == self.planned_return {
                errors.push(FieldError::general("trip.dates_unchanged"));
            }
            // The steps already recorded stay before the departure, when it moves.
            let moved = dep != self.planned_departure;
            if let Some(d) = self.decision.as_ref().filter(|d| d.approved) {
                if moved && d.date > dep {
                    errors.push(FieldError::new("planned_departure", "trip.approval_after_departure").with("departure", dep));
                }
            }
            if let Some(b) = &self.briefing {
                if moved && b.date > dep {
                    errors.push(FieldError::new("planned_departure", "trip.briefing_after_departure").with("date", b.date));
                }
            }
            next.planned_departure = dep;
            next.planned_return = ret;
            if let Some(c) = self.checkout.filter(|_| moved) {
                let earliest = next.checkout_from(rules, cal).date;
                if c.date > dep {
                    errors.push(FieldError::new("planned_departure", "trip.checkout_after_departure").with("date", c.date));
                } else if c.date < earliest && self.checkout_early.is_none() {
                    errors.push(
                        FieldError::new("planned_departure", "trip.correction_makes_checkout_early")
                            .with("date", c.date)
                            .with("earliest", earliest),
                    );
                }
            }
            if let Some(d) = self.decision.as_ref().filter(|d| d.approved) {
                if d.level < next.required_approval(traveller, rules).level {
                    errors.push(FieldError::new("planned_departure", "trip.correction_needs_higher_approval"));
                }
            }
        }
        errors.finish(|| {
            next.corrections.push(TripCorrection {
                date: today,
                by,
                previous_departure: self.planned_departure,
                previous_return: self.planned_return,
                new_departure: next.planned_departure,
                new_return: next.planned_return,
                reason,
            });
            next
        })
    }

    /// Approval is due by the planned departure while the trip awaits a decision.
    pub fn approval_deadline(&self, rules: &TravelRules) -> Option<Deadline> {
        (self.state() == TripState::Requested).then(|| fixed(self.planned_departure, RULE_APPROVAL, &rules.approval_citation))
    }

    /// The briefing is due by the planned departure once the trip is approved.
    pub fn briefing_deadline(&self, rules: &TravelRules) -> Option<Deadline> {
        (self.state() == TripState::Approved).then(|| fixed(self.planned_departure, RULE_BRIEFING, &rules.briefing_citation))
    }

    /// The return is due by the (extended) planned return: listed for a trip under way, and for an
    /// approved trip whose return date has passed with nothing recorded (overdue).
    pub fn return_deadline(&self, rules: &TravelRules, as_of: NaiveDate) -> Option<Deadline> {
        let under_way = self.state() == TripState::Departed;
        (under_way || self.is_overdue(as_of)).then(|| fixed(self.current_return(), RULE_RETURN, &rules.approval_citation))
    }

    /// The post-trip report is due `report` after the ACTUAL return, until it is received.
    pub fn report_deadline(&self, rules: &TravelRules, cal: &HolidayCalendar) -> Option<Deadline> {
        match (self.state(), self.returned) {
            (TripState::Returned, Some(returned)) => Some(rules.report.due_from(returned, cal)),
            _ => None,
        }
    }
}

/// A deadline on a fixed date, which never moves.
fn fixed(date: NaiveDate, rule_id: &str, citation: &crate::deadline::Citation) -> Deadline {
    Deadline { date, rule_id: rule_id.to_owned(), citation: citation.clone(), beyond_calendar: false }
}
