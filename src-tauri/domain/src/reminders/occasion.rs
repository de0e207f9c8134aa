//! What the dashboard does with a reminder: which occasion it belongs to (one person's departure,
//! one trip, one document), so that a departing person's four steps are one group of four items
//! and not four rows that look alike; and which step of the trip's own dialog records it done.
//!
//! The engine sorts reminders worst first (overdue, most days overdue first, then due, then
//! upcoming). [`group`] keeps that order: a group sits where its worst item sits and lists its
//! items worst first, so nothing here sorts.

use std::collections::HashMap;

use super::obligation::{Obligation, ReminderKind, Subject};
use crate::person::PersonId;
use crate::travel::trip::TripStepKind;
use crate::travel::{DocumentId, TripId};

/// The occasion an obligation arises from: one person's stage (onboarding, on duty, departing,
/// decommissioning), one trip (with its document's return after it), one travel document, or a
/// person's unreturned signed copies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Occasion {
    Stage(PersonId, String),
    Trip(TripId),
    Document(DocumentId),
    SignedCopies(PersonId),
}

impl Occasion {
    /// A key that names the occasion in the register (`person:42:departing`, `trip:7`,
    /// `document:3`, `forms:42`): what the window keeps a group apart by.
    pub fn key(&self) -> String {
        match self {
            Occasion::Stage(p, stage) => format!("person:{}:{stage}", p.0),
            Occasion::Trip(t) => format!("trip:{}", t.0),
            Occasion::Document(d) => format!("document:{}", d.0),
            Occasion::SignedCopies(p) => format!("forms:{}", p.0),
        }
    }
}

/// The trip a document's return is for: its key names it (`document:3:return:trip:7`, see
/// [`super::sources`]).
fn return_trip(o: &Obligation) -> Option<TripId> {
    if o.kind != ReminderKind::DocumentReturn {
        return None;
    }
    o.key.rsplit_once(":trip:").and_then(|(_, t)| t.parse::<i64>().ok()).map(TripId)
}

/// The occasion of `o`, from its subject and its key (the keys are documented in
/// [`super::sources`]: `person:{person}:{stage}:{step}`, `form:{number}:signed_copy` ...).
pub fn occasion(o: &Obligation) -> Occasion {
    match o.subject {
        Subject::Trip(t) => Occasion::Trip(t),
        Subject::Document(d) => return_trip(o).map_or(Occasion::Document(d), Occasion::Trip),
        Subject::Person(p) if o.kind == ReminderKind::FormUnreturned => Occasion::SignedCopies(p),
        Subject::Person(p) => {
            // `person:42:departing:reminder_talk` → `departing`
            let stage = o.key.split(':').nth(2).unwrap_or("person");
            Occasion::Stage(p, stage.to_owned())
        }
    }
}

/// The reminders in groups of the same person and occasion: each group the positions of its
/// items in `items`. Groups come in the order of their first item and keep the items' order, so
/// with the engine's order each group stands where its worst item stands, worst item first.
pub fn group<T>(items: &[T], obligation: impl Fn(&T) -> &Obligation) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<(PersonId, Occasion), usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let o = obligation(item);
        let at = *index.entry((o.person, occasion(o))).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(i);
    }
    groups
}

/// The step of the trip page that does what `o` asks: the decision for an approval, the
/// briefing, the return, the report, the document back in the safe after the trip. `None` for
/// what no single trip step does (a document to hand in, an expiry, a lifecycle step).
pub fn trip_step(o: &Obligation) -> Option<(TripId, TripStepKind)> {
    let step = match o.kind {
        ReminderKind::TripApproval => TripStepKind::Approve,
        ReminderKind::TripBriefing => TripStepKind::Brief,
        ReminderKind::TripReturn => TripStepKind::Return,
        ReminderKind::TripReport => TripStepKind::Report,
        ReminderKind::DocumentReturn => return return_trip(o).map(|t| (t, TripStepKind::DocReturn)),
        _ => return None,
    };
    match o.subject {
        Subject::Trip(t) => Some((t, step)),
        _ => None,
    }
}
