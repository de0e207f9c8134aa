//! Travel documents in the office's custody (因私出入境证件集中保管): passports and the
//! Hong Kong/Macao and Taiwan permits, where they are kept, and every movement in or out.
//!
//! A document is registered when the office learns of it (`awaiting_hand_in`), handed in to the
//! safe (`in_custody`), checked out for an approved and briefed trip (`checked_out`), returned to
//! custody after the trip, and at the end given back to the holder (`returned`), cancelled, or
//! marked expired. A holder who will not hand it back has a status of their own
//! (`refused_to_return`). Each step appends a [`DocumentMovement`]; a refused step changes nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::TravelRules;
use super::trip::{Trip, TripCheckout, TripId};
use super::{not_before, not_future};
use crate::calendar::HolidayCalendar;
use crate::date::check_date;
use crate::deadline::Deadline;
use crate::error::{DomainError, Errors, FieldError};
use crate::identifiers::document_number;
use crate::limits::{APPROVER, COUNTERPART, LOCATION, NOTE, NOTES, REASON};
use crate::person::PersonId;
use crate::text;

crate::ids::record_id! {
    /// A travel document (passport, permit) registered for a person.
    DocumentId
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 护照
    Passport,
    /// 往来港澳通行证
    HkMacaoPermit,
    /// 往来台湾通行证
    TaiwanPermit,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Registered, still with the holder, due in custody.
    AwaitingHandIn,
    /// In the safe.
    InCustody,
    /// Out for a trip (see [`TravelDocument::trip`]).
    CheckedOut,
    /// Given back to the holder for good (leaving the organisation, end of supervision).
    Returned,
    /// The holder will not hand it in or back.
    RefusedToReturn,
    /// Recorded as past its expiry date.
    Expired,
    /// Cancelled, lost, or replaced.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    Registered,
    HandedIn,
    CheckedOut,
    ReturnedToCustody,
    ReturnedToHolder,
    RefusedToReturn,
    MarkedExpired,
    Cancelled,
}

/// One line of a document's custody log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentMovement {
    pub date: NaiveDate,
    pub kind: MovementKind,
    /// The office operator who handled it.
    pub by: String,
    /// The other side: who handed the document over or received it (the holder, or someone on
    /// their behalf); empty when nobody did (registration, cancellation).
    pub counterpart: String,
    /// The trip a check-out or return was for.
    pub trip: Option<TripId>,
    /// Where the document is kept after this movement (safe / box), when in custody.
    pub location: String,
    pub note: String,
    /// A check-out earlier than the policy's lead time before departure: why, and who allowed it.
    #[serde(default)]
    pub early: Option<EarlyCheckout>,
}

/// Why a document leaves the safe earlier than the policy's lead time before the departure (a
/// visa appointment, say), and who allowed it. Recorded on the check-out, shown in the custody
/// register and the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EarlyCheckout {
    pub reason: String,
    /// Who allowed the early check-out.
    pub approver: String,
}

/// A document as typed into the form or given to the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentInput {
    pub kind: DocumentKind,
    pub number: String,
    pub issued: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub notes: String,
}

/// A registered document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TravelDocument {
    pub id: DocumentId,
    pub person: PersonId,
    pub kind: DocumentKind,
    /// Upper case, no spaces.
    pub number: String,
    pub issued: NaiveDate,
    /// The last day the document is valid.
    pub expires: NaiveDate,
    /// The day the office learned of the document.
    pub registered: NaiveDate,
    /// Safe / box number while in custody (the last one known otherwise).
    pub location: String,
    pub status: DocumentStatus,
    /// The trip it is out for, while `checked_out`.
    pub trip: Option<TripId>,
    pub notes: String,
    /// Every movement, oldest first.
    pub movements: Vec<DocumentMovement>,
}

/// Who handles a movement and when: the office operator, the other side, the day it happened,
/// and today's date (a movement cannot be recorded ahead of time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handling<'a> {
    pub date: NaiveDate,
    pub by: &'a str,
    pub counterpart: &'a str,
    pub today: NaiveDate,
}

impl TravelDocument {
    /// Checks a new document and registers it for `person` as awaiting hand-in. `registered` is
    /// the day the office learned of it. The id is the one storage gives it.
    pub fn register(
        id: DocumentId,
        person: PersonId,
        input: &DocumentInput,
        registered: NaiveDate,
        by: &str,
        today: NaiveDate,
    ) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        let number = errors.take(document_number(&input.number));
        let notes = errors.take(text::optional(NOTES, &input.notes));
        let by = errors.take(text::operator_name(by));
        errors.take(not_future("registered", registered, today));
        let issued = input.issued.and_then(|d| errors.take(check_date("issued", d)));
        let expires = input.expires.and_then(|d| errors.take(check_date("expires", d)));
        if input.issued.is_none() {
            errors.push(FieldError::new("issued", "required").with("field", "issued"));
        }
        if input.expires.is_none() {
            errors.push(FieldError::new("expires", "required").with("field", "expires"));
        }
        if let (Some(issued), Some(expires)) = (issued, expires) {
            if expires <= issued {
                errors.push(FieldError::new("expires", "document.expires_before_issue").with("issued", issued));
            } else if expires < registered {
                errors.push(FieldError::new("expires", "document.expired").with("expires", expires));
            }
        }
        if let Some(issued) = issued {
            if issued > registered {
                errors.push(FieldError::new("issued", "document.issued_after_registration").with("date", registered));
            }
        }
        errors.finish(|| {
            let by = by.unwrap_or_default();
            TravelDocument {
                id,
                person,
                kind: input.kind,
                number: number.unwrap_or_default(),
                issued: issued.unwrap_or(registered),
                expires: expires.unwrap_or(registered),
                registered,
                location: String::new(),
                status: DocumentStatus::AwaitingHandIn,
                trip: None,
                notes: notes.unwrap_or_default(),
                movements: vec![DocumentMovement {
                    date: registered,
                    kind: MovementKind::Registered,
                    by,
                    counterpart: String::new(),
                    trip: None,
                    location: String::new(),
                    note: String::new(),
                    early: None,
                }],
            }
        })
    }

    /// Whether the document is past its last valid day on `date`.
    pub fn is_expired_on(&self, date: NaiveDate) -> bool {
        date > self.expires
    }

    fn last_movement_date(&self) -> NaiveDate {
        self.movements.last().map(|m| m.date).unwrap_or(self.registered)
    }

    /// The checks every movement passes: an operator, a date not ahead of today nor before the
    /// previous movement.
    fn check_handling(&self, h: &Handling, errors: &mut Errors) -> (String, String) {
        let by = errors.take(text::operator_name(h.by)).unwrap_or_default();
        let counterpart = errors.take(text::optional(COUNTERPART, h.counterpart)).unwrap_or_default();
        errors.take(not_future("date", h.date, h.today));
        errors.take(not_before("date", h.date, self.last_movement_date()));
        (by, counterpart)
    }

    fn moved(&self, h: &Handling, kind: MovementKind, by: String, counterpart: String, note: String) -> TravelDocument {
        let mut next = self.clone();
        next.movements.push(DocumentMovement {
            date: h.date,
            kind,
            by,
            counterpart,
            trip: self.trip,
            location: String::new(),
            note,
            early: None,
        });
        next
    }

    /// The refusal for a document that is not in the safe, by its status.
    pub(crate) fn not_in_custody(&self) -> FieldError {
        match self.status {
            DocumentStatus::CheckedOut => FieldError::new("document", "document.already_out"),
            DocumentStatus::Expired => FieldError::new("document", "document.expired").with("expires", self.expires),
            DocumentStatus::Cancelled => FieldError::new("document", "document.cancelled"),
            _ => FieldError::new("document", "document.not_in_custody"),
        }
    }

    /// The holder hands the document in; it goes to the safe at `location`. Allowed while
    /// awaiting hand-in, after it was given back to the holder, or after a refusal to return.
    pub fn hand_in(&self, h: &Handling, location: &str, rules: &TravelRules) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        if !rules.custody {
            errors.push(FieldError::general("document.custody_off"));
        }
        match self.status {
            DocumentStatus::AwaitingHandIn | DocumentStatus::Returned | DocumentStatus::RefusedToReturn => {}
            DocumentStatus::InCustody => errors.push(FieldError::new("document", "document.already_in_custody")),
            DocumentStatus::CheckedOut => errors.push(FieldError::new("document", "document.return_not_hand_in")),
            _ => errors.push(self.not_in_custody()),
        }
        if self.is_expired_on(h.date) && !matches!(self.status, DocumentStatus::Expired) {
            errors.push(FieldError::new("document", "document.expired").with("expires", self.expires));
        }
        let location = errors.take(text::required(LOCATION, location));
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let location = location.unwrap_or_default();
            let mut next = self.moved(h, MovementKind::HandedIn, by, counterpart, String::new());
            next.status = DocumentStatus::InCustody;
            next.location = location.clone();
            if let Some(m) = next.movements.last_mut() {
                m.location = location;
            }
            next
        })
    }

    /// Checks the document out for `trip` within the policy's lead time before the departure;
    /// see [`TravelDocument::check_out_with`] for a check-out earlier than that.
    pub fn check_out(
        &self,
        trip: &Trip,
        h: &Handling,
        rules: &TravelRules,
        cal: &HolidayCalendar,
    ) -> Result<(TravelDocument, Trip), DomainError> {
        self.check_out_with(trip, h, None, rules, cal)
    }

    /// Checks the document out for `trip` and records the check-out on the trip; both are
    /// returned, to be written together. Refused when the document belongs to someone else, is
    /// not the trip's document, is not in the safe (already out, expired, cancelled ...), expires
    /// before the planned return, or when the trip is not approved and briefed.
    ///
    /// A check-out earlier than `checkout_lead` before the planned departure (a visa
    /// appointment) needs `early`: the reason and the approver's name, both required; it is
    /// recorded on the movement and on the trip. Without it such a check-out is refused. `early`
    /// given for a check-out within the lead time is not recorded: nothing was early.
    pub fn check_out_with(
        &self,
        trip: &Trip,
        h: &Handling,
        early: Option<&EarlyCheckout>,
        rules: &TravelRules,
        cal: &HolidayCalendar,
    ) -> Result<(TravelDocument, Trip), DomainError> {
        let mut errors = Errors::default();
        trip.check_check_out(Some(self), rules, h.date).report(&mut errors);
        let earliest = trip.checkout_from(rules, cal).date;
        let early = if h.date < earliest {
            match early {
                None => {
                    errors.push(
                        FieldError::new("date", "document.checkout_too_early")
                            .with("earliest", earliest)
                            .with("departure", trip.planned_departure),
                    );
                    None
                }
                Some(e) => {
                    let reason = errors.take(text::required(REASON, &e.reason));
                    let approver = errors.take(text::required(APPROVER, &e.approver));
                    Some(EarlyCheckout { reason: reason.unwrap_or_default(), approver: approver.unwrap_or_default() })
                }
            }
        } else {
            None
        };
        if self.person != trip.person {
            errors.push(FieldError::new("document", "document.other_person"));
        }
        if trip.document.is_some_and(|d| d != self.id) {
            errors.push(FieldError::new("document", "document.not_for_trip"));
        }
        if let Some(briefing) = &trip.briefing {
            errors.take(not_before("date", h.date, briefing.date));
        }
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let mut doc = self.clone();
            doc.trip = Some(trip.id);
            let mut doc = doc.moved(h, MovementKind::CheckedOut, by, counterpart, String::new());
            doc.status = DocumentStatus::CheckedOut;
            if let Some(m) = doc.movements.last_mut() {
                m.early = early.clone();
            }
            let mut trip = trip.clone();
            trip.document = Some(self.id);
            trip.checkout = Some(TripCheckout { date: h.date, document: self.id });
            trip.checkout_early = early;
            (doc, trip)
        })
    }

    /// The early check-out of the document's current trip (why and who allowed it), while it
    /// is out on one.
    pub fn out_early(&self) -> Option<&EarlyCheckout> {
        if self.status != DocumentStatus::CheckedOut {
            return None;
        }
        self.movements.iter().rev().find(|m| m.kind == MovementKind::CheckedOut).and_then(|m| m.early.as_ref())
    }

    /// The document comes back to the safe after its trip (`location` empty: the place it had).
    /// `trip` is the trip it is out for ([`TravelDocument::trip`]): the trip must be over
    /// (returned or withdrawn) first.
    pub fn return_to_custody(&self, trip: Option<&Trip>, h: &Handling, location: &str) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        match trip {
            Some(trip) => trip.check_document_return(Some(self)).report(&mut errors),
            None if self.status != DocumentStatus::CheckedOut => errors.push(FieldError::new("document", "document.not_out")),
            None => errors.push(FieldError::new("document", "document.not_for_trip")),
        }
        let location = errors.take(text::optional(LOCATION, location)).unwrap_or_default();
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let location = if location.is_empty() { self.location.clone() } else { location };
            let mut next = self.moved(h, MovementKind::ReturnedToCustody, by, counterpart, String::new());
            next.status = DocumentStatus::InCustody;
            next.trip = None;
            next.location = location.clone();
            if let Some(m) = next.movements.last_mut() {
                m.location = location;
            }
            next
        })
    }

    /// The document leaves custody for good, given to the holder (on leaving the organisation or
    /// at the end of supervision); `reason` is required.
    pub fn return_to_holder(&self, h: &Handling, reason: &str) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        if !matches!(self.status, DocumentStatus::InCustody | DocumentStatus::Expired) {
            errors.push(self.not_in_custody());
        }
        let reason = errors.take(text::required(REASON, reason)).unwrap_or_default();
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let mut next = self.moved(h, MovementKind::ReturnedToHolder, by, counterpart, reason);
            next.status = DocumentStatus::Returned;
            next
        })
    }

    /// The holder will not hand in (a new document) or hand back (after a trip) the document.
    pub fn refuse_to_return(&self, h: &Handling, note: &str) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        if !matches!(self.status, DocumentStatus::AwaitingHandIn | DocumentStatus::CheckedOut) {
            errors.push(FieldError::new("document", "document.not_with_holder"));
        }
        let note = errors.take(text::optional(NOTE, note)).unwrap_or_default();
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let mut next = self.moved(h, MovementKind::RefusedToReturn, by, counterpart, note);
            next.status = DocumentStatus::RefusedToReturn;
            next
        })
    }

    /// The document is cancelled (lost, replaced, invalidated); `reason` is required.
    pub fn cancel(&self, h: &Handling, reason: &str) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        if self.status == DocumentStatus::Cancelled {
            errors.push(FieldError::new("document", "document.cancelled"));
        }
        let reason = errors.take(text::required(REASON, reason)).unwrap_or_default();
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let mut next = self.moved(h, MovementKind::Cancelled, by, counterpart, reason);
            next.status = DocumentStatus::Cancelled;
            next.trip = None;
            next
        })
    }

    /// Records that a document in custody (or never handed in) has passed its expiry date.
    pub fn mark_expired(&self, h: &Handling) -> Result<TravelDocument, DomainError> {
        let mut errors = Errors::default();
        if !matches!(self.status, DocumentStatus::InCustody | DocumentStatus::AwaitingHandIn) {
            errors.push(self.not_in_custody());
        }
        if !self.is_expired_on(h.date) {
            errors.push(FieldError::new("date", "document.not_expired").with("expires", self.expires));
        }
        let (by, counterpart) = self.check_handling(h, &mut errors);
        errors.finish(|| {
            let mut next = self.moved(h, MovementKind::MarkedExpired, by, counterpart, String::new());
            next.status = DocumentStatus::Expired;
            next
        })
    }

    /// When a document awaiting hand-in is due in the safe: `document_handin` from the later of
    /// its issue and its registration (the office can ask for a document only once it knows of
    /// it). `None` once handed in, or without custody.
    pub fn handin_deadline(&self, rules: &TravelRules, cal: &HolidayCalendar) -> Option<Deadline> {
        if !rules.custody || self.status != DocumentStatus::AwaitingHandIn {
            return None;
        }
        Some(rules.document_handin.due_from(self.issued.max(self.registered), cal))
    }

    /// When a document out for `trip` is due back: `document_return` from the trip's ACTUAL
    /// return (or from its withdrawal, when it never left). `None` when it is not out for this
    /// trip or the trip has not ended.
    pub fn return_deadline(&self, trip: &Trip, rules: &TravelRules, cal: &HolidayCalendar) -> Option<Deadline> {
        if !rules.custody || self.status != DocumentStatus::CheckedOut || self.trip != Some(trip.id) {
            return None;
        }
        let ended = trip.returned.or(trip.withdrawal.as_ref().map(|w| w.date))?;
        Some(rules.document_return.due_from(ended, cal))
    }

    /// Since when the document is out for its trip (the day of the check-out), while out.
    pub fn out_since(&self) -> Option<NaiveDate> {
        if self.status != DocumentStatus::CheckedOut {
            return None;
        }
        self.movements.iter().rev().find(|m| m.kind == MovementKind::CheckedOut).map(|m| m.date)
    }

    /// Whether the document is overdue on `as_of`: never handed in past its hand-in date, or out
    /// for a trip that is overdue for return, or past its return date after the trip. `trip` is
    /// the trip it is out for (see [`TravelDocument::trip`]), when it is out.
    pub fn is_overdue(&self, trip: Option<&Trip>, rules: &TravelRules, cal: &HolidayCalendar, as_of: NaiveDate) -> bool {
        if let Some(due) = self.handin_deadline(rules, cal) {
            return as_of > due.date;
        }
        let Some(trip) = trip.filter(|t| self.status == DocumentStatus::CheckedOut && self.trip == Some(t.id)) else {
            return false;
        };
        trip.is_overdue(as_of) || self.return_deadline(trip, rules, cal).is_some_and(|due| as_of > due.date)
    }

    /// The expiry of a document the office still supervises, as a deadline on the expiry date
    /// itself, with the number of days before it that the warning starts (the `expiry_warning`
    /// period counted back from the expiry). `None` for documents no longer supervised.
    pub fn expiry_deadline(&self, rules: &TravelRules, cal: &HolidayCalendar) -> Option<(Deadline, u32)> {
        if !matches!(
            self.status,
            DocumentStatus::AwaitingHandIn | DocumentStatus::InCustody | DocumentStatus::CheckedOut | DocumentStatus::RefusedToReturn
        ) {
            return None;
        }
        let warn_from = rules.expiry_warning.earliest_before(self.expires, cal);
        let lead = (self.expires - warn_from.date).num_days().max(0) as u32;
        let deadline = Deadline {
            date: self.expires,
            rule_id: rules.expiry_warning.id.clone(),
            citation: rules.expiry_warning.citation.clone(),
            beyond_calendar: warn_from.beyond_calendar,
        };
        Some((deadline, lead))
    }
}
