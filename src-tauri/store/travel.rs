//! Travel documents with their custody log, and trips with their extensions.
//!
//! The domain's records are written whole: a document's row is updated and the movements it has
//! gained are appended (the log is append-only); a trip's row is updated and its new extensions
//! appended, and its new corrections. Nothing here decides anything.

use super::db::{query, Conn};
use super::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use clearance_domain::person::PersonId;
use clearance_domain::travel::document::{DocumentId, DocumentMovement, EarlyCheckout, TravelDocument};
use clearance_domain::travel::trip::{TripCheckout, TripCorrection, TripDecision, TripExtension, TripStep};
use clearance_domain::travel::{Trip, TripId};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The snake_case name serde gives an enum value (`in_custody`, `hk_macao_permit` ...), which is
/// also what the tables' CHECKs list.
fn tag<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn untag<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| StoreError::Corrupt(format!("{what} {text:?}")))
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    person_id: i64,
    kind: String,
    number: String,
    issued: NaiveDate,
    expires: NaiveDate,
    registered: NaiveDate,
    location: String,
    status: String,
    trip_id: Option<i64>,
    notes: String,
}

#[derive(sqlx::FromRow)]
struct MovementRow {
    document_id: i64,
    date: NaiveDate,
    kind: String,
    handled_by: String,
    counterpart: String,
    trip_id: Option<i64>,
    location: String,
    note: String,
    early_reason: String,
    early_approver: String,
}

/// An early check-out as stored: both texts, or neither.
fn early(reason: Option<String>, approver: Option<String>) -> Option<EarlyCheckout> {
    let (reason, approver) = (reason.unwrap_or_default(), approver.unwrap_or_default());
    (!reason.is_empty() || !approver.is_empty()).then_some(EarlyCheckout { reason, approver })
}

impl MovementRow {
    fn into_movement(self) -> Result<DocumentMovement> {
        Ok(DocumentMovement {
            date: self.date,
            kind: untag("movement kind", &self.kind)?,
            by: self.handled_by,
            counterpart: self.counterpart,
            trip: self.trip_id.map(TripId::from_stored),
            location: self.location,
            note: self.note,
            early: early(Some(self.early_reason), Some(self.early_approver)),
        })
    }
}

#[derive(sqlx::FromRow)]
struct TripRow {
    id: i64,
    person_id: i64,
    destinations: String,
    purpose: String,
    kind: String,
    requested: NaiveDate,
    planned_departure: NaiveDate,
    planned_return: NaiveDate,
    document_id: Option<i64>,
    notes: String,
    approved: Option<i64>,
    decided_by: Option<String>,
    decided_on: Option<NaiveDate>,
    approval_level: Option<String>,
    personnel_opinion: Option<String>,
    secrecy_office_opinion: Option<String>,
    refusal_reason: Option<String>,
    briefed_on: Option<NaiveDate>,
    briefed_by: Option<String>,
    briefing_note: Option<String>,
    checked_out_on: Option<NaiveDate>,
    checked_out_document: Option<i64>,
    departed_on: Option<NaiveDate>,
    returned_on: Option<NaiveDate>,
    reported_on: Option<NaiveDate>,
    report_received_by: Option<String>,
    report_summary: Option<String>,
    closed_on: Option<NaiveDate>,
    closed_by: Option<String>,
    closing_note: Option<String>,
    withdrawn_on: Option<NaiveDate>,
    withdrawn_by: Option<String>,
    withdrawal_reason: Option<String>,
    checkout_early_reason: Option<String>,
    checkout_early_approver: Option<String>,
}

const TRIP_COLUMNS: &str = "id, person_id, destinations, purpose, kind, requested, planned_departure, planned_return, document_id, \
     notes, approved, decided_by, decided_on, approval_level, personnel_opinion, secrecy_office_opinion, refusal_reason, \
     briefed_on, briefed_by, briefing_note, checked_out_on, checked_out_document, departed_on, returned_on, reported_on, \
     report_received_by, report_summary, closed_on, closed_by, closing_note, withdrawn_on, withdrawn_by, withdrawal_reason, \
     checkout_early_reason, checkout_early_approver";

fn step(date: Option<NaiveDate>, by: Option<String>, note: Option<String>) -> Option<TripStep> {
    date.map(|date| TripStep { date, by: by.unwrap_or_default(), note: note.unwrap_or_default() })
}

impl TripRow {
    fn into_trip(self, extensions: Vec<TripExtension>, corrections: Vec<TripCorrection>) -> Result<Trip> {
        let decision = match (self.approved, self.decided_on) {
            (Some(approved), Some(date)) => Some(TripDecision {
                approved: approved == 1,
                by: self.decided_by.unwrap_or_default(),
                date,
                level: untag("approval level", self.approval_level.as_deref().unwrap_or("standard"))?,
                personnel_opinion: self.personnel_opinion.unwrap_or_default(),
                secrecy_office_opinion: self.secrecy_office_opinion.unwrap_or_default(),
                reason: self.refusal_reason.unwrap_or_default(),
            }),
            _ => None,
        };
        let checkout = match (self.checked_out_on, self.checked_out_document) {
            (Some(date), Some(doc)) => Some(TripCheckout { date, document: DocumentId::from_stored(doc) }),
            _ => None,
        };
        Ok(Trip {
            id: TripId::from_stored(self.id),
            person: PersonId::from_stored(self.person_id),
            destinations: self.destinations.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
            purpose: self.purpose,
            kind: untag("trip kind", &self.kind)?,
            requested: self.requested,
            planned_departure: self.planned_departure,
            planned_return: self.planned_return,
            document: self.document_id.map(DocumentId::from_stored),
            notes: self.notes,
            decision,
            briefing: step(self.briefed_on, self.briefed_by, self.briefing_note),
            checkout,
            checkout_early: early(self.checkout_early_reason, self.checkout_early_approver),
            departed: self.departed_on,
            returned: self.returned_on,
            report: step(self.reported_on, self.report_received_by, self.report_summary),
            closure: step(self.closed_on, self.closed_by, self.closing_note),
            withdrawal: step(self.withdrawn_on, self.withdrawn_by, self.withdrawal_reason),
            extensions,
            corrections,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CorrectionRow {
    trip_id: i64,
    date: NaiveDate,
    corrected_by: String,
    previous_departure: NaiveDate,
    previous_return: NaiveDate,
    new_departure: NaiveDate,
    new_return: NaiveDate,
    reason: String,
}

#[derive(sqlx::FromRow)]
struct ExtensionRow {
    trip_id: i64,
    date: NaiveDate,
    previous_return: NaiveDate,
    new_return: NaiveDate,
    reason: String,
    approver: String,
}

/// Which documents or trips to load: a `WHERE` clause over the table and its one bound value.
#[derive(Clone, Copy)]
enum Select {
    All,
    Id(i64),
    Person(i64),
}

impl Select {
    fn clause(self) -> &'static str {
        match self {
            Select::All => "?1 IS NULL",
            Select::Id(_) => "id = ?1",
            Select::Person(_) => "person_id = ?1",
        }
    }

    fn value(self) -> Option<i64> {
        match self {
            Select::All => None,
            Select::Id(v) | Select::Person(v) => Some(v),
        }
    }
}

async fn load_documents(conn: &mut Conn<'_>, select: Select) -> Result<Vec<TravelDocument>> {
    let clause = select.clause();
    let rows: Vec<DocumentRow> = conn
        .fetch_all(
            query(format!(
                "SELECT id, person_id, kind, number, issued, expires, registered, location, status, trip_id, notes \
                 FROM travel_document WHERE {clause} ORDER BY person_id, id"
            ))
            .bind(select.value()),
        )
        .await?;
    let movements: Vec<MovementRow> = conn
        .fetch_all(
            query(format!(
                "SELECT document_id, date, kind, handled_by, counterpart, trip_id, location, note, early_reason, early_approver \
                 FROM document_movement \
                 WHERE document_id IN (SELECT id FROM travel_document WHERE {clause}) ORDER BY document_id, id"
            ))
            .bind(select.value()),
        )
        .await?;
    let mut by_doc: std::collections::HashMap<i64, Vec<DocumentMovement>> = std::collections::HashMap::new();
    for m in movements {
        let id = m.document_id;
        by_doc.entry(id).or_default().push(m.into_movement()?);
    }
    rows.into_iter()
        .map(|r| {
            Ok(TravelDocument {
                id: DocumentId::from_stored(r.id),
                person: PersonId::from_stored(r.person_id),
                kind: untag("document kind", &r.kind)?,
                number: r.number,
                issued: r.issued,
                expires: r.expires,
                registered: r.registered,
                location: r.location,
                status: untag("document status", &r.status)?,
                trip: r.trip_id.map(TripId::from_stored),
                notes: r.notes,
                movements: by_doc.remove(&r.id).unwrap_or_default(),
            })
        })
        .collect()
}

async fn load_trips(conn: &mut Conn<'_>, select: Select) -> Result<Vec<Trip>> {
    let clause = select.clause();
    let rows: Vec<TripRow> = conn
        .fetch_all(query(format!("SELECT {TRIP_COLUMNS} FROM trip WHERE {clause} ORDER BY planned_departure, id")).bind(select.value()))
        .await?;
    let extensions: Vec<ExtensionRow> = conn
        .fetch_all(
            query(format!(
                "SELECT trip_id, date, previous_return, new_return, reason, approver FROM trip_extension \
                 WHERE trip_id IN (SELECT id FROM trip WHERE {clause}) ORDER BY trip_id, id"
            ))
            .bind(select.value()),
        )
        .await?;
    let mut by_trip: std::collections::HashMap<i64, Vec<TripExtension>> = std::collections::HashMap::new();
    for e in extensions {
        by_trip.entry(e.trip_id).or_default().push(TripExtension {
            date: e.date,
            previous_return: e.previous_return,
            new_return: e.new_return,
            reason: e.reason,
            approver: e.approver,
        });
    }
    let corrections: Vec<CorrectionRow> = conn
        .fetch_all(
            query(format!(
                "SELECT trip_id, date, corrected_by, previous_departure, previous_return, new_departure, new_return, reason \
                 FROM trip_correction WHERE trip_id IN (SELECT id FROM trip WHERE {clause}) ORDER BY trip_id, id"
            ))
            .bind(select.value()),
        )
        .await?;
    let mut fixes: std::collections::HashMap<i64, Vec<TripCorrection>> = std::collections::HashMap::new();
    for c in corrections {
        fixes.entry(c.trip_id).or_default().push(TripCorrection {
            date: c.date,
            by: c.corrected_by,
            previous_departure: c.previous_departure,
            previous_return: c.previous_return,
            new_departure: c.new_departure,
            new_return: c.new_return,
            reason: c.reason,
        });
    }
    rows.into_iter()
        .map(|r| {
            let ext = by_trip.remove(&r.id).unwrap_or_default();
            let fix = fixes.remove(&r.id).unwrap_or_default();
            r.into_trip(ext, fix)
        })
        .collect()
}

fn map_duplicate(err: sqlx::Error, doc: &TravelDocument) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            return StoreError::Duplicate { field: "document", value: doc.number.clone() };
        }
    }
    StoreError::Database(err)
}

async fn append_movements(conn: &mut Conn<'_>, doc: &TravelDocument) -> Result<()> {
    let stored: i64 = conn.scalar(query("SELECT count(*) FROM document_movement WHERE document_id = ?").bind(doc.id.get())).await?;
    let stored = usize::try_from(stored).unwrap_or(usize::MAX);
    if stored > doc.movements.len() {
        return Err(StoreError::Corrupt(format!("document {}: the custody log cannot lose movements", doc.id)));
    }
    for m in &doc.movements[stored..] {
        conn.execute(
            query(
                "INSERT INTO document_movement (document_id, date, kind, handled_by, counterpart, trip_id, location, note, \
                 early_reason, early_approver) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(doc.id.get())
            .bind(m.date)
            .bind(tag(&m.kind))
            .bind(&m.by)
            .bind(&m.counterpart)
            .bind(m.trip.map(|t| t.get()))
            .bind(&m.location)
            .bind(&m.note)
            .bind(m.early.as_ref().map(|e| e.reason.as_str()).unwrap_or_default())
            .bind(m.early.as_ref().map(|e| e.approver.as_str()).unwrap_or_default()),
        )
        .await?;
    }
    Ok(())
}

async fn append_extensions(conn: &mut Conn<'_>, trip: &Trip) -> Result<()> {
    let stored: i64 = conn.scalar(query("SELECT count(*) FROM trip_extension WHERE trip_id = ?").bind(trip.id.get())).await?;
    let stored = usize::try_from(stored).unwrap_or(usize::MAX);
    if stored > trip.extensions.len() {
        return Err(StoreError::Corrupt(format!("trip {}: extensions cannot be removed", trip.id)));
    }
    for e in &trip.extensions[stored..] {
        conn.execute(
            query("INSERT INTO trip_extension (trip_id, date, previous_return, new_return, reason, approver) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(trip.id.get())
                .bind(e.date)
                .bind(e.previous_return)
                .bind(e.new_return)
                .bind(&e.reason)
                .bind(&e.approver),
        )
        .await?;
    }
    Ok(())
}

async fn append_corrections(conn: &mut Conn<'_>, trip: &Trip) -> Result<()> {
    let stored: i64 = conn.scalar(query("SELECT count(*) FROM trip_correction WHERE trip_id = ?").bind(trip.id.get())).await?;
    let stored = usize::try_from(stored).unwrap_or(usize::MAX);
    if stored > trip.corrections.len() {
        return Err(StoreError::Corrupt(format!("trip {}: corrections cannot be removed", trip.id)));
    }
    for c in &trip.corrections[stored..] {
        conn.execute(
            query(
                "INSERT INTO trip_correction (trip_id, date, corrected_by, previous_departure, previous_return, new_departure, new_return, \
                 reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(trip.id.get())
            .bind(c.date)
            .bind(&c.by)
            .bind(c.previous_departure)
            .bind(c.previous_return)
            .bind(c.new_departure)
            .bind(c.new_return)
            .bind(&c.reason),
        )
        .await?;
    }
    Ok(())
}

impl Store {
    /// Every document in the register (the custody register), by person.
    pub async fn travel_documents(&self) -> Result<Vec<TravelDocument>> {
        let mut c = self.read().await?;
        load_documents(&mut c.conn(), Select::All).await
    }

    pub async fn travel_documents_of(&self, person: PersonId) -> Result<Vec<TravelDocument>> {
        let mut c = self.read().await?;
        load_documents(&mut c.conn(), Select::Person(person.get())).await
    }

    pub async fn travel_document(&self, id: DocumentId) -> Result<Option<TravelDocument>> {
        let mut c = self.read().await?;
        Ok(load_documents(&mut c.conn(), Select::Id(id.get())).await?.pop())
    }

    /// Every trip, by planned departure.
    pub async fn trips(&self) -> Result<Vec<Trip>> {
        let mut c = self.read().await?;
        load_trips(&mut c.conn(), Select::All).await
    }

    pub async fn trips_of(&self, person: PersonId) -> Result<Vec<Trip>> {
        let mut c = self.read().await?;
        load_trips(&mut c.conn(), Select::Person(person.get())).await
    }

    pub async fn trip(&self, id: TripId) -> Result<Option<Trip>> {
        let mut c = self.read().await?;
        Ok(load_trips(&mut c.conn(), Select::Id(id.get())).await?.pop())
    }

    /// Rows in each travel table (for tests and checks that a refusal wrote nothing).
    pub async fn travel_row_count(&self) -> Result<i64> {
        Ok(self
            .db
            .scalar(query(
                "SELECT (SELECT count(*) FROM travel_document) + (SELECT count(*) FROM document_movement) \
                 + (SELECT count(*) FROM trip) + (SELECT count(*) FROM trip_extension) + (SELECT count(*) FROM trip_correction)",
            ))
            .await?)
    }
}

impl Tx {
    pub async fn travel_documents_of(&mut self, person: PersonId) -> Result<Vec<TravelDocument>> {
        load_documents(&mut self.conn(), Select::Person(person.get())).await
    }

    pub async fn travel_document(&mut self, id: DocumentId) -> Result<Option<TravelDocument>> {
        Ok(load_documents(&mut self.conn(), Select::Id(id.get())).await?.pop())
    }

    pub async fn trips_of(&mut self, person: PersonId) -> Result<Vec<Trip>> {
        load_trips(&mut self.conn(), Select::Person(person.get())).await
    }

    pub async fn trip(&mut self, id: TripId) -> Result<Option<Trip>> {
        Ok(load_trips(&mut self.conn(), Select::Id(id.get())).await?.pop())
    }

    /// Stores a newly registered document with its movements; returns it with the id storage gave it.
    pub async fn insert_travel_document(&mut self, doc: &TravelDocument) -> Result<TravelDocument> {
        let q = query(
            "INSERT INTO travel_document (person_id, kind, number, issued, expires, registered, location, status, trip_id, notes) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(doc.person.get())
        .bind(tag(&doc.kind))
        .bind(&doc.number)
        .bind(doc.issued)
        .bind(doc.expires)
        .bind(doc.registered)
        .bind(&doc.location)
        .bind(tag(&doc.status))
        .bind(doc.trip.map(|t| t.get()))
        .bind(&doc.notes);
        let id: i64 = self.conn().scalar(q).await.map_err(|e| map_duplicate(e, doc))?;
        let stored = TravelDocument { id: DocumentId::from_stored(id), ..doc.clone() };
        append_movements(&mut self.conn(), &stored).await?;
        Ok(stored)
    }

    /// Writes a document's state and appends the movements it gained.
    pub async fn save_travel_document(&mut self, doc: &TravelDocument) -> Result<()> {
        let q = query(
            "UPDATE travel_document SET kind = ?, number = ?, issued = ?, expires = ?, location = ?, status = ?, trip_id = ?, notes = ? \
             WHERE id = ? AND person_id = ?",
        )
        .bind(tag(&doc.kind))
        .bind(&doc.number)
        .bind(doc.issued)
        .bind(doc.expires)
        .bind(&doc.location)
        .bind(tag(&doc.status))
        .bind(doc.trip.map(|t| t.get()))
        .bind(&doc.notes)
        .bind(doc.id.get())
        .bind(doc.person.get());
        let updated = self.conn().execute(q).await.map_err(|e| map_duplicate(e, doc))?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Corrupt(format!("document {} is not stored", doc.id)));
        }
        append_movements(&mut self.conn(), doc).await
    }

    /// Stores a new trip request; returns it with the id storage gave it.
    pub async fn insert_trip(&mut self, trip: &Trip) -> Result<Trip> {
        let q = query(
            "INSERT INTO trip (person_id, destinations, purpose, kind, requested, planned_departure, planned_return, current_return, \
             document_id, notes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(trip.person.get())
        .bind(trip.destinations.join(","))
        .bind(&trip.purpose)
        .bind(tag(&trip.kind))
        .bind(trip.requested)
        .bind(trip.planned_departure)
        .bind(trip.planned_return)
        .bind(trip.current_return())
        .bind(trip.document.map(|d| d.get()))
        .bind(&trip.notes)
        .bind(tag(&trip.state()));
        let id: i64 = self.conn().scalar(q).await?;
        let stored = Trip { id: TripId::from_stored(id), ..trip.clone() };
        self.save_trip(&stored).await?;
        Ok(stored)
    }

    /// Writes a trip whole (its state column follows it) and appends its new extensions.
    pub async fn save_trip(&mut self, t: &Trip) -> Result<()> {
        let d = t.decision.as_ref();
        let q = query(
            "UPDATE trip SET destinations = ?, purpose = ?, kind = ?, planned_departure = ?, planned_return = ?, current_return = ?, \
             document_id = ?, notes = ?, state = ?, approved = ?, decided_by = ?, decided_on = ?, approval_level = ?, \
             personnel_opinion = ?, secrecy_office_opinion = ?, refusal_reason = ?, briefed_on = ?, briefed_by = ?, briefing_note = ?, \
             checked_out_on = ?, checked_out_document = ?, departed_on = ?, returned_on = ?, reported_on = ?, report_received_by = ?, \
             report_summary = ?, closed_on = ?, closed_by = ?, closing_note = ?, withdrawn_on = ?, withdrawn_by = ?, \
             withdrawal_reason = ?, checkout_early_reason = ?, checkout_early_approver = ? WHERE id = ? AND person_id = ?",
        )
        .bind(t.destinations.join(","))
        .bind(&t.purpose)
        .bind(tag(&t.kind))
        .bind(t.planned_departure)
        .bind(t.planned_return)
        .bind(t.current_return())
        .bind(t.document.map(|d| d.get()))
        .bind(&t.notes)
        .bind(tag(&t.state()))
        .bind(d.map(|d| i64::from(d.approved)))
        .bind(d.map(|d| d.by.clone()))
        .bind(d.map(|d| d.date))
        .bind(d.map(|d| tag(&d.level)))
        .bind(d.map(|d| d.personnel_opinion.clone()))
        .bind(d.map(|d| d.secrecy_office_opinion.clone()))
        .bind(d.map(|d| d.reason.clone()))
        .bind(t.briefing.as_ref().map(|s| s.date))
        .bind(t.briefing.as_ref().map(|s| s.by.clone()))
        .bind(t.briefing.as_ref().map(|s| s.note.clone()))
        .bind(t.checkout.map(|c| c.date))
        .bind(t.checkout.map(|c| c.document.get()))
        .bind(t.departed)
        .bind(t.returned)
        .bind(t.report.as_ref().map(|s| s.date))
        .bind(t.report.as_ref().map(|s| s.by.clone()))
        .bind(t.report.as_ref().map(|s| s.note.clone()))
        .bind(t.closure.as_ref().map(|s| s.date))
        .bind(t.closure.as_ref().map(|s| s.by.clone()))
        .bind(t.closure.as_ref().map(|s| s.note.clone()))
        .bind(t.withdrawal.as_ref().map(|s| s.date))
        .bind(t.withdrawal.as_ref().map(|s| s.by.clone()))
        .bind(t.withdrawal.as_ref().map(|s| s.note.clone()))
        .bind(t.checkout_early.as_ref().map(|e| e.reason.clone()))
        .bind(t.checkout_early.as_ref().map(|e| e.approver.clone()))
        .bind(t.id.get())
        .bind(t.person.get());
        let updated = self.conn().execute(q).await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Corrupt(format!("trip {} is not stored", t.id)));
        }
        append_extensions(&mut self.conn(), t).await?;
        append_corrections(&mut self.conn(), t).await
    }
}
