//! The approver's view: what stands against a trip when it is reviewed.
//!
//! Flags, never refusals: the approver decides. Each flag has a code and a message in both
//! languages ([`TravelConflict::to_message`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::document::{DocumentId, DocumentStatus, TravelDocument};
use super::obligations::{obligations, TravelObligationKind};
use super::rules::TravelRules;
use super::trip::{ApprovalLevel, Trip, TripId};
use super::Traveller;
use crate::calendar::HolidayCalendar;
use crate::error::FieldError;
use crate::i18n::Lang;
use crate::level::LevelId;

/// Everything the review looks at besides the trip.
#[derive(Debug, Clone, Copy)]
pub struct ReviewContext<'a> {
    pub traveller: Traveller<'a>,
    /// The traveller's documents (others' are skipped, except the one the trip names).
    pub documents: &'a [TravelDocument],
    /// The traveller's trips; the trip under review may be among them (it is skipped).
    pub trips: &'a [Trip],
    pub rules: &'a TravelRules,
    pub cal: &'a HolidayCalendar,
    /// The day of the review.
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TravelConflict {
    /// The trip needs the higher approval level.
    HigherApprovalRequired { person_level: Option<LevelId>, in_decommissioning: bool },
    /// The trip falls (partly) within the decommissioning period.
    InDecommissioning { start: NaiveDate, end: NaiveDate },
    /// No document is chosen for the trip (with custody).
    NoDocument,
    /// The chosen document is another person's.
    DocumentOfOtherPerson { document: DocumentId },
    /// The chosen document is not in the safe (out, never handed in, given back, cancelled ...).
    DocumentNotInCustody { document: DocumentId, status: DocumentStatus },
    /// The chosen document expires before the planned return.
    DocumentExpiresBeforeReturn { document: DocumentId, expires: NaiveDate },
    /// An earlier trip's report is overdue.
    OverdueReport { trip: TripId, due: NaiveDate },
    /// A document is overdue: back from an earlier trip, or a new one never handed in.
    OverdueDocument { trip: Option<TripId>, document: DocumentId, due: NaiveDate },
    /// The holder refused to hand a document back.
    DocumentRefusedToReturn { document: DocumentId },
    /// An earlier trip is past its return date with no return recorded.
    OverdueReturn { trip: TripId, due: NaiveDate },
    /// Another trip of the person overlaps this one.
    OverlappingTrip { trip: TripId, start: NaiveDate, end: NaiveDate },
}

impl TravelConflict {
    /// The flag as a coded message (`conflict.*`) with its values.
    pub fn to_message(&self) -> FieldError {
        match self {
            TravelConflict::HigherApprovalRequired { person_level, in_decommissioning } => {
                let code = if *in_decommissioning { "conflict.higher_approval_decommissioning" } else { "conflict.higher_approval_level" };
                FieldError::general(code).with("level", person_level.as_ref().map(|l| l.as_str()).unwrap_or(""))
            }
            TravelConflict::InDecommissioning { start, end } => {
                FieldError::general("conflict.in_decommissioning").with("start", start).with("end", end)
            }
            TravelConflict::NoDocument => FieldError::general("conflict.no_document"),
            TravelConflict::DocumentOfOtherPerson { document } => {
                FieldError::general("conflict.document_other_person").with("document", document)
            }
            TravelConflict::DocumentNotInCustody { document, .. } => {
                FieldError::general("conflict.document_not_in_custody").with("document", document)
            }
            TravelConflict::DocumentExpiresBeforeReturn { document, expires } => {
                FieldError::general("conflict.document_expires").with("document", document).with("expires", expires)
            }
            TravelConflict::OverdueReport { trip, due } => {
                FieldError::general("conflict.overdue_report").with("trip", trip).with("due", due)
            }
            TravelConflict::OverdueDocument { document, due, .. } => {
                FieldError::general("conflict.overdue_document").with("document", document).with("due", due)
            }
            TravelConflict::DocumentRefusedToReturn { document } => {
                FieldError::general("conflict.document_refused").with("document", document)
            }
            TravelConflict::OverdueReturn { trip, due } => {
                FieldError::general("conflict.overdue_return").with("trip", trip).with("due", due)
            }
            TravelConflict::OverlappingTrip { trip, start, end } => {
                FieldError::general("conflict.overlapping_trip").with("trip", trip).with("start", start).with("end", end)
            }
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.to_message().message(lang)
    }
}

/// What the approver should see about `trip` on `ctx.as_of`, most serious first.
pub fn conflicts(trip: &Trip, ctx: &ReviewContext) -> Vec<TravelConflict> {
    let mut out = Vec::new();
    let rules = ctx.rules;

    let required = trip.required_approval(&ctx.traveller, rules);
    if required.level == ApprovalLevel::Higher {
        out.push(TravelConflict::HigherApprovalRequired {
            person_level: required.person_level.filter(|_| required.level_requires_higher),
            in_decommissioning: required.in_decommissioning && rules.higher_approval_in_decommissioning,
        });
    }
    if let Some(period) = ctx.traveller.decommissioning.filter(|d| d.overlaps(&trip.planned_span())) {
        out.push(TravelConflict::InDecommissioning { start: period.start, end: period.end });
    }

    match trip.document.map(|id| ctx.documents.iter().find(|d| d.id == id)) {
        None if rules.custody => out.push(TravelConflict::NoDocument),
        None => {}
        // The trip names a document the records do not hold: nothing is known of it.
        Some(None) => out.push(TravelConflict::NoDocument),
        Some(Some(doc)) => {
            if doc.person != trip.person {
                out.push(TravelConflict::DocumentOfOtherPerson { document: doc.id });
            }
            let out_for_this_trip = doc.status == DocumentStatus::CheckedOut && doc.trip == Some(trip.id);
            if rules.custody && doc.status != DocumentStatus::InCustody && !out_for_this_trip {
                out.push(TravelConflict::DocumentNotInCustody { document: doc.id, status: doc.status });
            }
            if doc.expires < trip.current_return() {
                out.push(TravelConflict::DocumentExpiresBeforeReturn { document: doc.id, expires: doc.expires });
            }
        }
    }

    let others: Vec<Trip> = ctx.trips.iter().filter(|t| t.id != trip.id && t.person == trip.person).cloned().collect();
    for o in obligations(trip.person, &others, ctx.documents, rules, ctx.cal, ctx.as_of) {
        if !o.is_overdue() {
            continue;
        }
        match (o.kind, o.trip, o.document) {
            (TravelObligationKind::Report, Some(t), _) => out.push(TravelConflict::OverdueReport { trip: t, due: o.due.date }),
            (TravelObligationKind::TripReturn, Some(t), _) => out.push(TravelConflict::OverdueReturn { trip: t, due: o.due.date }),
            (TravelObligationKind::DocumentReturn | TravelObligationKind::DocumentHandIn, t, Some(d)) => {
                out.push(TravelConflict::OverdueDocument { trip: t, document: d, due: o.due.date })
            }
            _ => {}
        }
    }
    for doc in ctx.documents.iter().filter(|d| d.person == trip.person && d.status == DocumentStatus::RefusedToReturn) {
        out.push(TravelConflict::DocumentRefusedToReturn { document: doc.id });
    }

    let span = trip.span();
    for other in others.iter().filter(|o| o.is_live()) {
        let theirs = other.span();
        if theirs.overlaps(&span) {
            out.push(TravelConflict::OverlappingTrip { trip: other.id, start: theirs.start, end: theirs.end });
        }
    }
    out
}
