//! What the reminders are computed from, read for the whole register at once, and the operators'
//! acknowledgements and snoozes (append-only).
//!
//! The reminders cover every supervised person, so the records are read table by table (a handful
//! of queries ordered by person) instead of person by person: one round trip per table, not per row.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use clearance_domain::level::{LevelChange, LevelId};
use clearance_domain::lifecycle::{LifecycleState, PersonRecord, StepRecord, TrainingAttendance};
use clearance_domain::person::PersonId;
use clearance_domain::reminders::{AckKind, Acknowledgement};

use super::db::query;
use super::{Result, Store, StoreError, Tx};

/// A person the reminders are about: not archived, not released.
#[derive(Debug, Clone)]
pub struct Supervised {
    pub id: PersonId,
    pub name: String,
    pub staff_no: String,
    pub unit: String,
    pub record: PersonRecord,
}

#[derive(sqlx::FromRow)]
struct PersonHead {
    id: i64,
    name: String,
    staff_no: String,
    unit: String,
    registered_on: NaiveDate,
    start_date: NaiveDate,
    state: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AckRow {
    key: String,
    due_date: NaiveDate,
    kind: String,
    note: String,
    until: Option<NaiveDate>,
    /// RFC 3339 text on both databases (see [`at_text`]).
    at: String,
    operator: String,
}

/// The instant an acknowledgement was recorded, as the column keeps it: RFC 3339 with as many
/// fraction digits as it has and `+00:00` (what sqlx wrote for a `DateTime<Utc>` on SQLite, so
/// registers written before and after sort and read alike).
fn at_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Reads [`at_text`] back (and the plain `YYYY-MM-DD HH:MM:SS` forms SQLite's own functions
/// write, taken as UTC, as sqlx read them before).
fn parse_at(key: &str, text: &str) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    ["%F %T%.f", "%FT%T%.f", "%F %R", "%FT%R"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc())
        .ok_or_else(|| StoreError::Corrupt(format!("reminder acknowledgement of {key}: time {text:?}")))
}

const SUPERVISED: &str = "FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id \
     WHERE p.archived_on IS NULL AND coalesce(l.stage, 'onboarding') <> 'released'";

impl Store {
    /// Every supervised person with what the lifecycle rules read about them, by id.
    pub async fn supervised(&self) -> Result<Vec<Supervised>> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let heads: Vec<PersonHead> = conn
            .fetch_all(query(format!(
                "SELECT p.id, p.name, p.staff_no, p.unit, p.registered_on, p.start_date, l.state {SUPERVISED} ORDER BY p.id"
            )))
            .await?;
        let mut index: HashMap<i64, usize> = HashMap::with_capacity(heads.len());
        let mut out = Vec::with_capacity(heads.len());
        for (i, h) in heads.into_iter().enumerate() {
            let state = match h.state {
                None => LifecycleState::onboarding(),
                Some(j) => serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("lifecycle of person {}: {e}", h.id)))?,
            };
            index.insert(h.id, i);
            out.push(Supervised {
                id: PersonId::from_stored(h.id),
                name: h.name,
                staff_no: h.staff_no,
                unit: h.unit,
                record: PersonRecord {
                    registered_on: h.registered_on,
                    planned_start: h.start_date,
                    level_history: Vec::new(),
                    state,
                    steps: Vec::new(),
                    trainings: Vec::new(),
                },
            });
        }

        let levels: Vec<(i64, String, NaiveDate, String)> =
            conn.fetch_all(query("SELECT person_id, level, effective, reason FROM level_change ORDER BY person_id, id")).await?;
        for (pid, level, effective, reason) in levels {
            if let Some(&i) = index.get(&pid) {
                out[i].record.level_history.push(LevelChange { level: LevelId(level), effective, reason });
            }
        }

        let steps: Vec<(i64, String, NaiveDate, String, String)> = conn
            .fetch_all(query("SELECT person_id, step_id, done_on, recorded_by, note FROM step_record ORDER BY person_id, done_on, id"))
            .await?;
        for (pid, step_id, done_on, recorded_by, note) in steps {
            if let Some(&i) = index.get(&pid) {
                out[i].record.steps.push(StepRecord { step_id, done_on, recorded_by, note });
            }
        }

        let trainings: Vec<(i64, NaiveDate, i64, String, String)> = conn
            .fetch_all(query(
                "SELECT a.person_id, s.date, s.hours, s.category, s.topic FROM training_attendance a \
                 JOIN training_session s ON s.id = a.session_id ORDER BY a.person_id, s.date, s.id",
            ))
            .await?;
        for (pid, date, hours, category, topic) in trainings {
            if let Some(&i) = index.get(&pid) {
                out[i].record.trainings.push(TrainingAttendance { date, hours: hours.max(0) as u32, category, topic });
            }
        }
        Ok(out)
    }

    /// Issued forms about a person whose signed copy has not come back (a voided form is not
    /// expected back): `(person, number, issued on)`.
    pub async fn unreturned_forms(&self) -> Result<Vec<(PersonId, String, NaiveDate)>> {
        let rows: Vec<(i64, String, NaiveDate)> = self
            .db
            .fetch_all(query(
                "SELECT person_id, number, issued_on FROM issued_form \
                 WHERE received_on IS NULL AND voided_on IS NULL AND person_id IS NOT NULL ORDER BY id",
            ))
            .await?;
        Ok(rows.into_iter().map(|(p, n, d)| (PersonId::from_stored(p), n, d)).collect())
    }

    /// Every acknowledgement, snooze and cancellation, in recording order.
    pub async fn acknowledgements(&self) -> Result<Vec<Acknowledgement>> {
        let rows: Vec<AckRow> =
            self.db.fetch_all(query("SELECT key, due_date, kind, note, until, at, operator FROM reminder_ack ORDER BY id")).await?;
        rows.into_iter().map(ack_from_row).collect()
    }
}

fn ack_from_row(r: AckRow) -> Result<Acknowledgement> {
    let kind = match (r.kind.as_str(), r.until) {
        ("acknowledged", _) => AckKind::Acknowledged { note: r.note },
        ("snoozed", Some(until)) => AckKind::Snoozed { until },
        ("cancelled", _) => AckKind::Cancelled,
        (other, _) => return Err(StoreError::Corrupt(format!("reminder acknowledgement of {}: kind {other}", r.key))),
    };
    let at = parse_at(&r.key, &r.at)?;
    Ok(Acknowledgement { key: r.key, due_date_at_ack: r.due_date, kind, at, operator: r.operator })
}

impl Tx {
    pub async fn insert_acknowledgement(&mut self, a: &Acknowledgement) -> Result<()> {
        let (kind, note, until) = match &a.kind {
            AckKind::Acknowledged { note } => ("acknowledged", note.as_str(), None),
            AckKind::Snoozed { until } => ("snoozed", "", Some(*until)),
            AckKind::Cancelled => ("cancelled", "", None),
        };
        self.conn()
            .execute(
                query("INSERT INTO reminder_ack (key, due_date, kind, note, until, at, operator) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .bind(&a.key)
                    .bind(a.due_date_at_ack)
                    .bind(kind)
                    .bind(note)
                    .bind(until)
                    .bind(at_text(a.at))
                    .bind(&a.operator),
            )
            .await?;
        Ok(())
    }
}
