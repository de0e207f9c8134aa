//! Foreign travel and travel-document custody: registering documents and moving them in and out
//! of the safe, trips from request to closed, and what the approver and the Travel screen see.
//! The rules and numbers are the domain's (`clearance_domain::travel`, from the policy in force);
//! each write lands with its audit entries (one per custody movement) or not at all.

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::deadline::{due_state, Deadline, DueState};
use clearance_domain::lifecycle::{PersonRecord, Stage};
use clearance_domain::person::{Person, PersonId, PersonSummary};
use clearance_domain::policy::Policy;
use clearance_domain::sample::SampleTravel;
use clearance_domain::terms::Term;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::travel::conflicts::ReviewContext;
use clearance_domain::travel::countries::{self, Country};
use clearance_domain::travel::document::{
    DocumentId, DocumentInput, DocumentStatus, EarlyCheckout, Handling, MovementKind, TravelDocument,
};
use clearance_domain::travel::trip::{ApprovalRequirement, TripCorrectionInput, TripDecisionInput, TripExtensionInput, TripStepKind};
use clearance_domain::travel::{
    conflicts, obligations, DateSpan, TravelConflict, TravelObligation, TravelObligationKind, Traveller, Trip, TripId, TripInput, TripState,
};
use clearance_domain::{FieldError, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{load_person, not_archived, row_version, Office};
use crate::error::AppResult;
use crate::store::{Tx, Versioned};

/// A flag of the approver's view with its message in the office's language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    pub conflict: TravelConflict,
    pub code: String,
    pub message: String,
}

/// Who travels, as the travel screens show them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Traveler {
    pub person: PersonSummary,
    /// The lifecycle stage today.
    pub stage: Stage,
    /// The decommissioning period, when one is fixed.
    pub decommissioning: Option<DateSpan>,
}

/// A row of the Travel screen's list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TripSummary {
    pub trip: Trip,
    pub state: TripState,
    pub person_name: String,
    pub staff_no: String,
    /// Past its (extended) return date with no return recorded.
    pub overdue: bool,
    /// An obligation of the trip is overdue (report, document back, return).
    pub attention: bool,
    /// The next open obligation of the trip (the earliest due), if any.
    pub next_due: Option<TravelObligation>,
    pub current_return: NaiveDate,
    /// How many flags the approver's view raises.
    pub conflicts: usize,
}

/// A step the trip page (and `trip show`) offers, as the rules allow it now.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepOffer {
    pub step: TripStepKind,
    /// What the button says.
    pub label: String,
    /// The step the office normally takes next.
    pub primary: bool,
    /// Why it cannot be taken now, in the office's language; `None` when it can.
    pub blocked: Option<String>,
}

/// Everything the trip page shows: the trip, its timeline data, the approver's view, deadlines.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TripView {
    pub trip: Trip,
    pub state: TripState,
    pub traveler: Traveler,
    pub destinations: Vec<Country>,
    pub current_return: NaiveDate,
    /// The document named for the trip (or checked out for it).
    pub document: Option<TravelDocument>,
    /// The traveller's documents, to choose one for the check-out.
    pub documents: Vec<TravelDocument>,
    pub required_approval: ApprovalRequirement,
    pub conflicts: Vec<ConflictView>,
    /// The steps the trip can take in its state, from the rules (the page shows these, and only
    /// these, as buttons).
    pub steps: Vec<StepOffer>,
    /// This trip's open obligations with their due dates and rules.
    pub obligations: Vec<TravelObligation>,
    pub overdue: bool,
    /// The earliest check-out day (the policy's lead before the planned departure), with custody.
    pub checkout_from: Option<Deadline>,
    /// When the checked-out document is due back, once the trip has ended.
    pub document_due: Option<Deadline>,
    pub report_due: Option<Deadline>,
    /// Whether the policy holds documents in custody, and asks for the two opinions.
    pub custody: bool,
    pub opinions_required: bool,
    pub today: NaiveDate,
    /// The trip's row version as this page was read: a step taken from the page sends it back,
    /// and is refused if another clerk changed the trip since ([`Office::act_on_trip_at`]).
    pub version: i64,
}

/// A line of the custody register.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentEntry {
    pub document: TravelDocument,
    pub person_name: String,
    pub staff_no: String,
    /// Since when it is out for its trip.
    pub out_since: Option<NaiveDate>,
    /// When it is due in the safe (hand-in of a new document, or back after the trip).
    pub due: Option<Deadline>,
    /// The state of `due` today, read as the dashboard reads it (`None` before its lead time).
    pub due_state: Option<DueState>,
    /// Days past `due` (0 unless overdue).
    pub days_overdue: i64,
    pub overdue: bool,
    /// Out on a check-out earlier than the policy's lead time: why, and who allowed it.
    pub early: Option<EarlyCheckout>,
    /// The document's expiry is within the policy's warning period (or past).
    pub expiring: bool,
}

/// The person page's travel panel.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PersonTravel {
    pub person_id: PersonId,
    pub documents: Vec<DocumentEntry>,
    pub trips: Vec<TripSummary>,
    pub custody: bool,
    pub today: NaiveDate,
}

/// A step on a trip, as the window and the CLI ask for it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TripAction {
    Approve {
        decision: TripDecisionInput,
    },
    Refuse {
        decision: TripDecisionInput,
    },
    Brief {
        date: NaiveDate,
        note: String,
    },
    Depart {
        date: NaiveDate,
    },
    Return {
        date: NaiveDate,
    },
    Report {
        date: NaiveDate,
        summary: String,
    },
    Close {
        date: NaiveDate,
    },
    Extend {
        extension: TripExtensionInput,
    },
    /// The planned dates corrected before the departure (recorded today).
    Correct {
        correction: TripCorrectionInput,
    },
    Withdraw {
        date: NaiveDate,
        reason: String,
    },
}

impl TripAction {
    fn audit_action(&self) -> AuditAction {
        match self {
            TripAction::Approve { .. } => AuditAction::TripApprove,
            TripAction::Refuse { .. } => AuditAction::TripRefuse,
            TripAction::Brief { .. } => AuditAction::TripBrief,
            TripAction::Depart { .. } => AuditAction::TripDepart,
            TripAction::Return { .. } => AuditAction::TripReturn,
            TripAction::Report { .. } => AuditAction::TripReport,
            TripAction::Close { .. } => AuditAction::TripClose,
            TripAction::Extend { .. } => AuditAction::TripExtend,
            TripAction::Correct { .. } => AuditAction::TripCorrect,
            TripAction::Withdraw { .. } => AuditAction::TripWithdraw,
        }
    }
}

/// A custody movement other than the check-out (which needs its trip).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DocumentAction {
    /// Into the safe (a new document, or one given back earlier): `location` is the safe / box.
    HandIn {
        location: String,
    },
    /// Back into the safe after its trip; an empty `location` keeps the place it had.
    Return {
        location: String,
    },
    /// Given back to the holder for good.
    GiveBack {
        reason: String,
    },
    /// The holder refuses to hand it in or back.
    Refused {
        note: String,
    },
    Cancel {
        reason: String,
    },
    MarkExpired,
}

/// Who hands the document over or receives it, and when.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Movement {
    pub date: NaiveDate,
    /// The holder or whoever hands it over / receives it on their behalf.
    pub counterpart: String,
}

/// `{"state": state}` with the fields of `step` (a decision, a dated step, an extension ...) beside it.
fn with_state(state: TripState, step: &impl Serialize) -> serde_json::Value {
    let mut out = json!({ "state": state });
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(step) {
        for (k, v) in fields {
            out[k] = v;
        }
    }
    out
}

fn trip_change(action: AuditAction, trip: &Trip, old_state: Option<TripState>, new: serde_json::Value) -> Change {
    Change {
        action,
        entity: AuditEntity::Trip,
        entity_id: trip.id.to_string(),
        person_id: Some(trip.person),
        old: old_state.map(|s| json!({ "state": s })),
        new: Some(new),
    }
}

/// The audit entry of a document's last movement: every custody movement is in the trail.
fn movement_change(doc: &TravelDocument, old_status: Option<DocumentStatus>) -> Change {
    let m = doc.movements.last();
    let action = match m.map(|m| m.kind) {
        Some(MovementKind::Registered) | None => AuditAction::DocumentRegister,
        Some(MovementKind::HandedIn) => AuditAction::DocumentHandIn,
        Some(MovementKind::CheckedOut) => AuditAction::DocumentCheckOut,
        Some(MovementKind::ReturnedToCustody) => AuditAction::DocumentReturn,
        Some(MovementKind::ReturnedToHolder) => AuditAction::DocumentGiveBack,
        Some(MovementKind::RefusedToReturn) => AuditAction::DocumentRefused,
        Some(MovementKind::MarkedExpired) => AuditAction::DocumentExpired,
        Some(MovementKind::Cancelled) => AuditAction::DocumentCancel,
    };
    let mut new = json!({
        "status": doc.status,
        "movement": m.map(|m| m.kind),
        "date": m.map(|m| m.date),
        "by": m.map(|m| m.by.as_str()),
        "counterpart": m.map(|m| m.counterpart.as_str()),
        "trip": m.and_then(|m| m.trip),
        "location": doc.location,
        "note": m.map(|m| m.note.as_str()),
    });
    if let Some(early) = m.and_then(|m| m.early.as_ref()) {
        new["early_reason"] = json!(early.reason);
        new["early_approver"] = json!(early.approver);
    }
    if old_status.is_none() {
        new["kind"] = json!(doc.kind);
        new["number"] = json!(doc.number);
        new["issued"] = json!(doc.issued);
        new["expires"] = json!(doc.expires);
    }
    Change {
        action,
        entity: AuditEntity::TravelDocument,
        entity_id: doc.id.to_string(),
        person_id: Some(doc.person),
        old: old_status.map(|s| json!({ "status": s })),
        new: Some(new),
    }
}

async fn load_trip(tx: &mut Tx, id: TripId) -> AppResult<Trip> {
    tx.trip(id).await?.ok_or_else(|| FieldError::general("trip.not_found").with("value", id).into())
}

async fn load_document(tx: &mut Tx, id: DocumentId) -> AppResult<TravelDocument> {
    tx.travel_document(id).await?.ok_or_else(|| FieldError::new("document", "document.not_found").with("value", id).into())
}

fn span(record: &PersonRecord) -> Option<DateSpan> {
    record.decommissioning_span().map(|(start, end)| DateSpan { start, end })
}

fn conflict_views(found: Vec<TravelConflict>, lang: Lang) -> Vec<ConflictView> {
    found
        .into_iter()
        .map(|c| {
            let m = c.to_message();
            ConflictView { message: m.message(lang), code: m.code, conflict: c }
        })
        .collect()
}

/// Everything the rules read about one traveller, loaded once for their trips.
struct Context {
    person: Person,
    record: PersonRecord,
    documents: Vec<TravelDocument>,
    trips: Vec<Trip>,
}

impl Context {
    fn traveller(&self) -> Traveller<'_> {
        Traveller { person: self.person.id, levels: &self.person.level_history, decommissioning: span(&self.record) }
    }

    fn conflicts(&self, trip: &Trip, policy: &Policy, cal: &HolidayCalendar, today: NaiveDate) -> Vec<TravelConflict> {
        let ctx = ReviewContext {
            traveller: self.traveller(),
            documents: &self.documents,
            trips: &self.trips,
            rules: &policy.travel,
            cal,
            as_of: today,
        };
        conflicts(trip, &ctx)
    }

    fn obligations(&self, policy: &Policy, cal: &HolidayCalendar, today: NaiveDate) -> Vec<TravelObligation> {
        obligations(self.person.id, &self.trips, &self.documents, &policy.travel, cal, today)
    }

    fn summary(&self, trip: &Trip, open: &[TravelObligation], policy: &Policy, cal: &HolidayCalendar, today: NaiveDate) -> TripSummary {
        let mine: Vec<&TravelObligation> =
            open.iter().filter(|o| o.trip == Some(trip.id) && o.kind != TravelObligationKind::DocumentExpiry).collect();
        // Flags matter while a decision or a departure is still ahead.
        let reviewing = matches!(trip.state(), TripState::Requested | TripState::Approved | TripState::Briefed | TripState::DocumentOut);
        TripSummary {
            trip: trip.clone(),
            state: trip.state(),
            person_name: self.person.name.clone(),
            staff_no: self.person.staff_no.clone(),
            overdue: trip.is_overdue(today),
            attention: mine.iter().any(|o| o.is_overdue()),
            next_due: mine.iter().min_by_key(|o| o.due.date).map(|o| (*o).clone()),
            current_return: trip.current_return(),
            conflicts: if reviewing { self.conflicts(trip, policy, cal, today).len() } else { 0 },
        }
    }

    fn entry(&self, doc: &TravelDocument, policy: &Policy, cal: &HolidayCalendar, today: NaiveDate) -> DocumentEntry {
        document_entry(doc, &self.person, &self.trips, policy, cal, today)
    }
}

fn document_entry(
    doc: &TravelDocument,
    person: &Person,
    trips: &[Trip],
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> DocumentEntry {
    let rules = &policy.travel;
    let trip = doc.trip.and_then(|id| trips.iter().find(|t| t.id == id));
    let due = doc.handin_deadline(rules, cal).or_else(|| trip.and_then(|t| doc.return_deadline(t, rules, cal)));
    let expiring = doc.expiry_deadline(rules, cal).is_some_and(|(d, lead)| due_state(d.date, lead, today).is_some());
    // The same reading of a date as the dashboard's (its lead time, due on the day, overdue after).
    let state = due.as_ref().and_then(|d| due_state(d.date, rules.lead_days, today));
    DocumentEntry {
        document: doc.clone(),
        person_name: person.name.clone(),
        staff_no: person.staff_no.clone(),
        out_since: doc.out_since(),
        due,
        due_state: state.map(|(s, _)| s),
        days_overdue: state.filter(|(s, _)| *s == DueState::Overdue).map_or(0, |(_, n)| n),
        overdue: doc.is_overdue(trip, rules, cal, today),
        early: doc.out_early().cloned(),
        expiring,
    }
}

/// Writes the sample register's travel (`travel`, whose people are indices into `people`, the
/// stored ids of the sample people in order): documents first as registered, then the trips
/// naming them, then each document's movements naming its trips, every provisional id replaced
/// by the one storage gives. Returns how many documents and trips were written.
pub(super) async fn insert_sample_travel(
    tx: &mut Tx,
    travel: &SampleTravel,
    people: &[PersonId],
) -> AppResult<(usize, usize, Vec<Change>)> {
    use std::collections::HashMap;
    let mut docs: HashMap<DocumentId, DocumentId> = HashMap::new();
    let mut trips: HashMap<TripId, TripId> = HashMap::new();
    let mut written = Vec::new();
    let mut changes = Vec::new();
    for (i, doc) in &travel.documents {
        let Some(&person) = people.get(*i) else { continue };
        let first = TravelDocument {
            person,
            status: DocumentStatus::AwaitingHandIn,
            trip: None,
            location: String::new(),
            movements: doc.movements.iter().take(1).cloned().collect(),
            ..doc.clone()
        };
        let stored = tx.insert_travel_document(&first).await?;
        docs.insert(doc.id, stored.id);
        written.push((person, stored.id, doc));
    }
    for (i, trip) in &travel.trips {
        let Some(&person) = people.get(*i) else { continue };
        let mut t = trip.clone();
        t.person = person;
        t.document = t.document.and_then(|d| docs.get(&d).copied());
        if let Some(c) = t.checkout.as_mut() {
            c.document = docs.get(&c.document).copied().unwrap_or(c.document);
        }
        let stored = tx.insert_trip(&t).await?;
        trips.insert(trip.id, stored.id);
        // The trip's entry, as a request that reached its state (the trail replay checks it).
        changes.push(trip_change(
            AuditAction::TripRequest,
            &stored,
            None,
            json!({
                "state": stored.state(),
                "destinations": stored.destinations.join(","),
                "purpose": stored.purpose,
                "kind": stored.kind,
                "requested": stored.requested,
                "planned_departure": stored.planned_departure,
                "planned_return": stored.planned_return,
                "document": stored.document,
            }),
        ));
    }
    for (person, id, doc) in &written {
        let mut d = (*doc).clone();
        d.id = *id;
        d.person = *person;
        d.trip = d.trip.and_then(|t| trips.get(&t).copied());
        for m in d.movements.iter_mut() {
            m.trip = m.trip.and_then(|t| trips.get(&t).copied());
        }
        tx.save_travel_document(&d).await?;
        // The document's entry: registered, with the status and place its movements left it in.
        let mut change = movement_change(&d, None);
        change.action = AuditAction::DocumentRegister;
        changes.push(change);
    }
    Ok((docs.len(), trips.len(), changes))
}

impl Office {
    async fn travel_context(&self, person: &Person) -> AppResult<Context> {
        let record = self.store.lifecycle_record(person).await?;
        let documents = self.store.travel_documents_of(person.id).await?;
        let trips = self.store.trips_of(person.id).await?;
        Ok(Context { person: person.clone(), record, documents, trips })
    }

    fn policy_calendar(&self, policy: &Policy) -> HolidayCalendar {
        self.calendar(policy)
    }

    /// The trip page: the trip, its traveller, the approver's view and the deadlines.
    pub async fn trip_view(&self, id: TripId) -> AppResult<TripView> {
        self.allow(Operation::Read).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let lang = self.lang().await;
        // The version before the data: a write between the two reads makes a step taken from
        // this page refused, never taken on a state the page does not show.
        let version = self
            .store
            .row_version(Versioned::Trip, id.get())
            .await?
            .ok_or_else(|| FieldError::general("trip.not_found").with("value", id))?;
        let trip = self.store.trip(id).await?.ok_or_else(|| FieldError::general("trip.not_found").with("value", id))?;
        let person = self.person(trip.person).await?;
        let ctx = self.travel_context(&person).await?;
        let rules = &policy.travel;
        let document_id = trip.checkout.map(|c| c.document).or(trip.document);
        let document = document_id.and_then(|d| ctx.documents.iter().find(|x| x.id == d)).cloned();
        let open = ctx.obligations(&policy, &cal, today);
        let obligations: Vec<TravelObligation> =
            open.into_iter().filter(|o| o.trip == Some(trip.id) && o.kind != TravelObligationKind::DocumentExpiry).collect();
        let checkout_from =
            (rules.custody && matches!(trip.state(), TripState::Approved | TripState::Briefed)).then(|| trip.checkout_from(rules, &cal));
        let document_due = document.as_ref().and_then(|d| d.return_deadline(&trip, rules, &cal));
        // An archived traveller's trips, or a register open read-only, take no step.
        let frozen = person.archived.is_some() || self.store.is_read_only();
        let steps = trip
            .available_steps(rules, document.as_ref(), &cal, today)
            .into_iter()
            .filter(|_| !frozen)
            .map(|s| StepOffer {
                step: s.step,
                label: s.step.word(lang).to_owned(),
                primary: s.primary,
                blocked: s.blocked.map(|e| e.message(lang)),
            })
            .collect();
        Ok(TripView {
            state: trip.state(),
            traveler: Traveler { person: PersonSummary::from(&person), stage: ctx.record.state.stage, decommissioning: span(&ctx.record) },
            destinations: trip.destinations.iter().filter_map(|c| countries::get(c).cloned()).collect(),
            current_return: trip.current_return(),
            documents: ctx.documents.clone(),
            required_approval: trip.required_approval(&ctx.traveller(), rules),
            conflicts: conflict_views(ctx.conflicts(&trip, &policy, &cal, today), lang),
            steps,
            obligations,
            overdue: trip.is_overdue(today),
            checkout_from,
            document_due,
            report_due: trip.report_deadline(rules, &cal),
            custody: rules.custody,
            opinions_required: rules.opinions_required,
            today,
            version,
            document,
            trip,
        })
    }

    /// Every trip, or those in `state`: overdue first, then the ones needing attention, then by
    /// planned departure (latest first for finished trips).
    pub async fn trips(&self, state: Option<TripState>, person: Option<PersonId>) -> AppResult<Vec<TripSummary>> {
        self.allow(Operation::Read).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let trips = match person {
            Some(id) => self.store.trips_of(id).await?,
            None => self.store.trips().await?,
        };
        let mut people: Vec<PersonId> = trips.iter().map(|t| t.person).collect();
        people.sort();
        people.dedup();
        let mut out = Vec::new();
        for id in people {
            let person = self.person(id).await?;
            let ctx = self.travel_context(&person).await?;
            let open = ctx.obligations(&policy, &cal, today);
            for trip in ctx.trips.iter().filter(|t| state.is_none_or(|s| t.state() == s)) {
                out.push(ctx.summary(trip, &open, &policy, &cal, today));
            }
        }
        out.sort_by(|a, b| {
            let finished = |s: &TripSummary| matches!(s.state, TripState::Closed | TripState::Refused | TripState::Withdrawn);
            (!a.overdue, !a.attention, finished(a))
                .cmp(&(!b.overdue, !b.attention, finished(b)))
                .then_with(|| a.trip.planned_departure.cmp(&b.trip.planned_departure))
                .then_with(|| a.trip.id.cmp(&b.trip.id))
        });
        Ok(out)
    }

    /// The custody register: every document, out ones first (overdue first, then those out
    /// early), then in the safe, then the rest.
    pub async fn documents(&self, status: Option<DocumentStatus>) -> AppResult<Vec<DocumentEntry>> {
        self.allow(Operation::Read).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let docs = self.store.travel_documents().await?;
        let mut people: Vec<PersonId> = docs.iter().map(|d| d.person).collect();
        people.dedup();
        let mut out = Vec::new();
        for id in people {
            let person = self.person(id).await?;
            let trips = self.store.trips_of(id).await?;
            for doc in docs.iter().filter(|d| d.person == id && status.is_none_or(|s| d.status == s)) {
                out.push(document_entry(doc, &person, &trips, &policy, &cal, today));
            }
        }
        let rank = |e: &DocumentEntry| match e.document.status {
            DocumentStatus::CheckedOut | DocumentStatus::RefusedToReturn | DocumentStatus::AwaitingHandIn => 0,
            DocumentStatus::InCustody => 1,
            _ => 2,
        };
        // Overdue first, then those out early (flagged), then by how long they have been out.
        out.sort_by(|a, b| {
            (rank(a), !a.overdue, a.early.is_none(), a.out_since, a.person_name.as_str(), a.document.id).cmp(&(
                rank(b),
                !b.overdue,
                b.early.is_none(),
                b.out_since,
                b.person_name.as_str(),
                b.document.id,
            ))
        });
        Ok(out)
    }

    /// The person page's travel panel: their documents and trips.
    pub async fn person_travel(&self, id: PersonId) -> AppResult<PersonTravel> {
        self.allow(Operation::Read).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let person = self.person(id).await?;
        let ctx = self.travel_context(&person).await?;
        let open = ctx.obligations(&policy, &cal, today);
        let mut trips: Vec<TripSummary> = ctx.trips.iter().map(|t| ctx.summary(t, &open, &policy, &cal, today)).collect();
        trips.sort_by(|a, b| b.trip.planned_departure.cmp(&a.trip.planned_departure).then(b.trip.id.cmp(&a.trip.id)));
        Ok(PersonTravel {
            person_id: person.id,
            documents: ctx.documents.iter().map(|d| ctx.entry(d, &policy, &cal, today)).collect(),
            trips,
            custody: policy.travel.custody,
            today,
        })
    }

    /// Registers a document for a person; with `hand_in`, it goes into the safe at once (two
    /// movements, two audit entries).
    pub async fn add_document(
        &self,
        person: PersonId,
        input: &DocumentInput,
        registered: NaiveDate,
        hand_in: Option<(&str, &str)>,
    ) -> AppResult<TravelDocument> {
        self.allow(Operation::RecordTravel).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        self.write(async |tx| {
            let person = load_person(tx, person, today).await?;
            not_archived(&person)?;
            let doc = TravelDocument::register(DocumentId::NEW, person.id, input, registered, &operator, today)?;
            let doc = match hand_in {
                // Checked whole before anything is written.
                Some((location, counterpart)) => {
                    let h = Handling { date: registered, by: &operator, counterpart, today };
                    let handed = doc.hand_in(&h, location, &policy.travel)?;
                    let stored = tx.insert_travel_document(&doc).await?;
                    let handed = TravelDocument { id: stored.id, ..handed };
                    tx.save_travel_document(&handed).await?;
                    return Ok((handed.clone(), vec![movement_change(&stored, None), movement_change(&handed, Some(stored.status))]));
                }
                None => doc,
            };
            let stored = tx.insert_travel_document(&doc).await?;
            Ok((stored.clone(), vec![movement_change(&stored, None)]))
        })
        .await
    }

    /// A custody movement of a document other than the check-out.
    pub async fn move_document(&self, id: DocumentId, action: &DocumentAction, movement: &Movement) -> AppResult<TravelDocument> {
        self.allow(Operation::RecordTravel).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        self.write(async |tx| {
            let doc = load_document(tx, id).await?;
            // The trip it is out for decides whether it may come back yet.
            let trip = match doc.trip {
                Some(t) => tx.trip(t).await?,
                None => None,
            };
            let h = Handling { date: movement.date, by: &operator, counterpart: &movement.counterpart, today };
            let next = match action {
                DocumentAction::HandIn { location } => doc.hand_in(&h, location, &policy.travel)?,
                DocumentAction::Return { location } => doc.return_to_custody(trip.as_ref(), &h, location)?,
                DocumentAction::GiveBack { reason } => doc.return_to_holder(&h, reason)?,
                DocumentAction::Refused { note } => doc.refuse_to_return(&h, note)?,
                DocumentAction::Cancel { reason } => doc.cancel(&h, reason)?,
                DocumentAction::MarkExpired => doc.mark_expired(&h)?,
            };
            tx.save_travel_document(&next).await?;
            Ok((next.clone(), vec![movement_change(&next, Some(doc.status))]))
        })
        .await
    }

    /// Checks a document out for a trip (approved and briefed, within the policy's lead time).
    pub async fn check_out_document(&self, id: DocumentId, trip_id: TripId, movement: &Movement) -> AppResult<TripView> {
        self.allow(Operation::RecordTravel).await?;
        self.check_out_document_early(id, trip_id, movement, None).await
    }

    /// Checks a document out for a trip; earlier than the policy's lead time only with `early`
    /// (the reason and the approver's name), which the custody log, the trip and the audit trail
    /// keep.
    pub async fn check_out_document_early(
        &self,
        id: DocumentId,
        trip_id: TripId,
        movement: &Movement,
        early: Option<&EarlyCheckout>,
    ) -> AppResult<TripView> {
        self.allow(Operation::RecordTravel).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let operator = self.operator().await?;
        self.write(async |tx| {
            let doc = load_document(tx, id).await?;
            let trip = load_trip(tx, trip_id).await?;
            let h = Handling { date: movement.date, by: &operator, counterpart: &movement.counterpart, today };
            let (next_doc, next_trip) = doc.check_out_with(&trip, &h, early, &policy.travel, &cal)?;
            tx.save_travel_document(&next_doc).await?;
            row_version::claim(tx, Versioned::Trip, trip.person.get(), trip.id.get(), None).await?;
            tx.save_trip(&next_trip).await?;
            let changes = vec![
                movement_change(&next_doc, Some(doc.status)),
                trip_change(AuditAction::TripDocumentOut, &next_trip, Some(trip.state()), {
                    let mut new = with_state(next_trip.state(), &next_trip.checkout);
                    if let Some(early) = &next_trip.checkout_early {
                        new["early_reason"] = json!(early.reason);
                        new["early_approver"] = json!(early.approver);
                    }
                    new
                }),
            ];
            Ok(((), changes))
        })
        .await?;
        self.trip_view(trip_id).await
    }

    /// Records a trip request.
    pub async fn request_trip(&self, person: PersonId, input: &TripInput, requested: NaiveDate) -> AppResult<TripView> {
        self.allow(Operation::RecordTravel).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let id = self
            .write(async |tx| {
                let person = load_person(tx, person, today).await?;
                not_archived(&person)?;
                // The chosen document may be anyone's: the rules refuse another person's.
                let documents = match input.document {
                    Some(d) => tx.travel_document(d).await?.into_iter().collect(),
                    None => Vec::new(),
                };
                let trip = Trip::request(TripId::NEW, person.id, input, requested, &documents, &policy.travel, today)?;
                let stored = tx.insert_trip(&trip).await?;
                let change = trip_change(
                    AuditAction::TripRequest,
                    &stored,
                    None,
                    json!({
                        "state": stored.state(),
                        "destinations": stored.destinations.join(","),
                        "purpose": stored.purpose,
                        "kind": stored.kind,
                        "requested": stored.requested,
                        "planned_departure": stored.planned_departure,
                        "planned_return": stored.planned_return,
                        "document": stored.document,
                    }),
                );
                Ok((stored.id, vec![change]))
            })
            .await?;
        self.trip_view(id).await
    }

    /// One step on a trip: a decision, the briefing, departure, return, report, closing,
    /// an extension or a withdrawal.
    pub async fn act_on_trip(&self, id: TripId, action: &TripAction) -> AppResult<TripView> {
        self.act_on_trip_at(id, action, None).await
    }

    /// [`Office::act_on_trip`] from a screen that loaded the trip at `version`
    /// ([`TripView::version`]): refused, with who changed it and when, if another clerk changed
    /// it since; nothing is written then.
    pub async fn act_on_trip_at(&self, id: TripId, action: &TripAction, version: Option<i64>) -> AppResult<TripView> {
        let op = match action {
            TripAction::Approve { .. } | TripAction::Refuse { .. } => Operation::ApproveTrip,
            _ => Operation::RecordTravel,
        };
        self.allow(op).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.policy_calendar(&policy);
        let operator = self.operator().await?;
        let rules = &policy.travel;
        self.write(async |tx| {
            let trip = load_trip(tx, id).await?;
            // First: a step from a page loaded before another clerk's change is refused as such.
            row_version::claim(tx, Versioned::Trip, trip.person.get(), trip.id.get(), version).await?;
            let next = match action {
                TripAction::Approve { decision } => {
                    let person = load_person(tx, trip.person, today).await?;
                    let record = tx.lifecycle_record(&person).await?;
                    let traveller = Traveller { person: person.id, levels: &person.level_history, decommissioning: span(&record) };
                    trip.approve(decision, &traveller, rules, today)?
                }
                TripAction::Refuse { decision } => trip.refuse(decision, rules, today)?,
                TripAction::Brief { date, note } => trip.brief(*date, &operator, note, today)?,
                TripAction::Depart { date } => trip.depart(*date, rules, today)?,
                TripAction::Return { date } => trip.return_home(*date, today)?,
                TripAction::Report { date, summary } => trip.receive_report(*date, &operator, summary, today)?,
                TripAction::Close { date } => {
                    let doc = match trip.checkout {
                        Some(c) => tx.travel_document(c.document).await?,
                        None => None,
                    };
                    trip.close(*date, &operator, doc.as_ref(), rules, today)?
                }
                TripAction::Extend { extension } => trip.extend(extension, today)?,
                TripAction::Correct { correction } => {
                    let person = load_person(tx, trip.person, today).await?;
                    let record = tx.lifecycle_record(&person).await?;
                    let traveller = Traveller { person: person.id, levels: &person.level_history, decommissioning: span(&record) };
                    trip.correct_dates(correction, &operator, &traveller, rules, &cal, today)?
                }
                TripAction::Withdraw { date, reason } => trip.withdraw(*date, &operator, reason, today)?,
            };
            tx.save_trip(&next).await?;
            // The step's own fields, flat, so the person's history shows each one as a field.
            let state = next.state();
            let new = match action {
                TripAction::Approve { .. } | TripAction::Refuse { .. } => with_state(state, &next.decision),
                TripAction::Brief { .. } => with_state(state, &next.briefing),
                TripAction::Depart { .. } => with_state(state, &json!({ "date": next.departed })),
                TripAction::Return { .. } => with_state(state, &json!({ "date": next.returned })),
                TripAction::Report { .. } => with_state(state, &next.report),
                TripAction::Close { .. } => with_state(state, &next.closure),
                TripAction::Extend { .. } => with_state(state, &next.extensions.last()),
                TripAction::Correct { .. } => with_state(state, &next.corrections.last()),
                TripAction::Withdraw { .. } => with_state(state, &next.withdrawal),
            };
            let mut change = trip_change(action.audit_action(), &next, Some(trip.state()), new);
            if let TripAction::Correct { .. } = action {
                // Old → new, field by field: the planned dates as they were.
                change.old = Some(json!({
                    "state": trip.state(),
                    "planned_departure": trip.planned_departure,
                    "planned_return": trip.planned_return,
                }));
                if let Some(new) = change.new.as_mut() {
                    new["planned_departure"] = json!(next.planned_departure);
                    new["planned_return"] = json!(next.planned_return);
                }
            }
            Ok(((), vec![change]))
        })
        .await?;
        self.trip_view(id).await
    }

    /// The destinations a trip can name, with their names in both languages.
    pub fn countries(&self) -> Vec<Country> {
        countries::all().to_vec()
    }
}
