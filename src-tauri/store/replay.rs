//! Reading the trail and the audited tables for the trail replay (domain::replay): the trail in
//! order of the chain, then each table, a page at a time (keyset pages on the primary key, so
//! a 200,000-person register is never held whole), all in one read transaction so every page
//! sees the same register.

use clearance_domain::audit::AuditEntry;
use clearance_domain::replay::{object, Replay, Subject, AUDITED_SETTINGS, PERSON_FIELDS};
use serde_json::{json, Value};

use super::audit::{AuditRow, AUDIT_COLUMNS};
use super::db::{self, Backend, Conn, Record, Sql};
use super::{Result, Store};

/// Rows read per query.
const PAGE: i64 = 5000;

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    name: String,
    staff_no: String,
    id_number: String,
    sex: Option<String>,
    birth_date: Option<String>,
    unit: String,
    post: String,
    start_date: String,
    phone: String,
    notes: String,
    archived_on: Option<String>,
    archive_reason: Option<String>,
    level: String,
    stage: String,
    photo: Option<String>,
}

impl PersonRow {
    fn field(&self, f: &str) -> Value {
        let opt = |v: &Option<String>| v.as_ref().map(|s| json!(s)).unwrap_or(Value::Null);
        match f {
            "name" => json!(self.name),
            "staff_no" => json!(self.staff_no),
            "id_number" => json!(self.id_number),
            "sex" => opt(&self.sex),
            "birth_date" => opt(&self.birth_date),
            "unit" => json!(self.unit),
            "post" => json!(self.post),
            "start_date" => json!(self.start_date),
            "phone" => json!(self.phone),
            "notes" => json!(self.notes),
            "archived_on" => opt(&self.archived_on),
            "archive_reason" => opt(&self.archive_reason),
            _ => Value::Null,
        }
    }
}

fn opt(v: Option<String>) -> Value {
    v.map(Value::String).unwrap_or(Value::Null)
}

/// The person a reminder's key names (`person:42:…`), if it names one.
fn reminder_person(key: &str) -> Option<i64> {
    key.strip_prefix("person:")?.split(':').next()?.parse().ok()
}

impl Store {
    /// Feeds `replay` the whole trail, then every audited table.
    pub async fn replay(&self, replay: &mut Replay) -> Result<()> {
        let mut tx = self.snapshot().await?;
        let mut conn = tx.conn();
        let conn = &mut conn;

        // The trail, in order of the chain.
        let mut after = 0i64;
        loop {
            let rows: Vec<AuditRow> =
                conn.fetch_all(db::query(format!("{AUDIT_COLUMNS} WHERE seq > ? ORDER BY seq LIMIT ?")).bind(after).bind(PAGE)).await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let entry = AuditEntry::try_from(row)?;
                after = entry.seq;
                replay.apply(&entry);
            }
        }

        // The tables' dates are compared as the trail recorded them (`YYYY-MM-DD` text): SQLite
        // keeps them as that text, PostgreSQL's DATE columns are cast to it.

        // People: their details, level, stage and photo.
        let mut after = i64::MIN;
        loop {
            let rows: Vec<PersonRow> = conn
                .fetch_all(
                    db::query(Sql::per(
                        "SELECT p.id, p.name, p.staff_no, p.id_number, p.sex, p.birth_date, p.unit, p.post, p.start_date, p.phone, p.notes, \
                                p.archived_on, p.archive_reason, p.level, coalesce(l.stage, 'onboarding') AS stage, ph.sha256 AS photo \
                         FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id LEFT JOIN person_photo ph ON ph.person_id = p.id \
                         WHERE p.id > ? ORDER BY p.id LIMIT ?",
                        "SELECT p.id, p.name, p.staff_no, p.id_number, p.sex, CAST(p.birth_date AS TEXT) AS birth_date, p.unit, p.post, \
                                CAST(p.start_date AS TEXT) AS start_date, p.phone, p.notes, CAST(p.archived_on AS TEXT) AS archived_on, \
                                p.archive_reason, p.level, coalesce(l.stage, 'onboarding') AS stage, ph.sha256 AS photo \
                         FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id LEFT JOIN person_photo ph ON ph.person_id = p.id \
                         WHERE p.id > ? ORDER BY p.id LIMIT ?",
                    ))
                    .bind(after)
                    .bind(PAGE),
                )
                .await?;
            let Some(last) = rows.last().map(|r| r.id) else { break };
            for p in rows {
                let subject = Subject::Person(p.id);
                if !replay.table_record(&subject, Some(p.id)) {
                    continue;
                }
                for f in PERSON_FIELDS {
                    replay.table_value(&subject, f, p.field(f));
                }
                replay.table_value(&subject, "level", json!(p.level));
                replay.table_value(&subject, "stage", json!(p.stage));
                replay.table_value(&subject, "photo", opt(p.photo));
            }
            after = last;
        }

        // The level history: the first change of each person is the level they were registered
        // with (the trail records no date for it).
        let sql = Sql::per(
            "SELECT id, person_id, level, effective, reason, \
                    id = (SELECT min(f.id) FROM level_change f WHERE f.person_id = level_change.person_id) \
             FROM level_change WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, person_id, level, CAST(effective AS TEXT), reason, \
                    id = (SELECT min(f.id) FROM level_change f WHERE f.person_id = level_change.person_id) \
             FROM level_change WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String, bool)>(conn, &sql, &mut after, |r| r.0).await? {
            for (_, person, level, effective, reason, first) in rows {
                let (identity, value) = if first {
                    ("first".to_owned(), object(&[("level", json!(level))]))
                } else {
                    (effective.clone(), object(&[("level", json!(level)), ("effective", json!(effective)), ("reason", json!(reason))]))
                };
                replay.table_row(&Subject::Person(person), Some(person), "level_history", &identity, value);
            }
        }

        let sql = Sql::per(
            "SELECT id, person_id, step_id, done_on, note FROM step_record WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, person_id, step_id, CAST(done_on AS TEXT), note FROM step_record WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(conn, &sql, &mut after, |r| r.0).await? {
            for (_, person, step, done_on, note) in rows {
                let value = object(&[("step", json!(step)), ("done_on", json!(done_on)), ("note", json!(note))]);
                replay.table_row(&Subject::Person(person), Some(person), "step", &step, value);
            }
        }

        let mut after = TrainingKey::default();
        while let Some(rows) = training_page(conn, &mut after).await? {
            for (person, date, topic, hours, category) in rows {
                let value =
                    object(&[("date", json!(date)), ("topic", json!(topic)), ("hours", json!(hours)), ("category", json!(category))]);
                replay.table_row(&Subject::Person(person), Some(person), "training", &category, value);
            }
        }

        let sql = Sql::per(
            "SELECT id, person_id, kind, date, action_taken FROM personal_event WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, person_id, kind, CAST(date AS TEXT), action_taken FROM personal_event WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(conn, &sql, &mut after, |r| r.0).await? {
            for (_, person, kind, date, action_taken) in rows {
                let value = object(&[("kind", json!(kind)), ("date", json!(date)), ("action_taken", json!(action_taken))]);
                replay.table_row(&Subject::Person(person), Some(person), "event", &kind, value);
            }
        }

        let sql = Sql::per(
            "SELECT id, key, kind, due_date, until, note FROM reminder_ack WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, key, kind, CAST(due_date AS TEXT), CAST(until AS TEXT), note FROM reminder_ack WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, String, String, String, Option<String>, String)>(conn, &sql, &mut after, |r| r.0).await? {
            for (_, key, kind, due_date, until, note) in rows {
                let person = reminder_person(&key);
                let value = object(&[("kind", json!(kind)), ("due_date", json!(due_date)), ("until", opt(until)), ("note", json!(note))]);
                replay.table_row(&Subject::Reminder(key), person, "acknowledgement", &kind, value);
            }
        }

        // Travel documents and their custody status.
        let sql = Sql::per(
            "SELECT id, person_id, kind, number, issued, expires, status, location FROM travel_document WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, person_id, kind, number, CAST(issued AS TEXT), CAST(expires AS TEXT), status, location \
             FROM travel_document WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String, String, String, String)>(conn, &sql, &mut after, |r| r.0).await? {
            for (id, person, kind, number, issued, expires, status, location) in rows {
                let subject = Subject::Document(id);
                if !replay.table_record(&subject, Some(person)) {
                    continue;
                }
                for (f, v) in [
                    ("kind", kind),
                    ("number", number),
                    ("issued", issued),
                    ("expires", expires),
                    ("status", status),
                    ("location", location),
                ] {
                    replay.table_value(&subject, f, json!(v));
                }
            }
        }

        let sql = Sql::per(
            "SELECT id, person_id, state, planned_departure, planned_return FROM trip WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, person_id, state, CAST(planned_departure AS TEXT), CAST(planned_return AS TEXT) FROM trip \
             WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(conn, &sql, &mut after, |r| r.0).await? {
            for (id, person, state, departure, ret) in rows {
                let subject = Subject::Trip(id);
                if !replay.table_record(&subject, Some(person)) {
                    continue;
                }
                replay.table_value(&subject, "state", json!(state));
                replay.table_value(&subject, "planned_departure", json!(departure));
                replay.table_value(&subject, "planned_return", json!(ret));
            }
        }

        let sql = Sql::per(
            "SELECT id, number, person_id, kind, received_on, voided_on FROM issued_form WHERE id > ? ORDER BY id LIMIT ?",
            "SELECT id, number, person_id, kind, CAST(received_on AS TEXT), CAST(voided_on AS TEXT) FROM issued_form \
             WHERE id > ? ORDER BY id LIMIT ?",
        );
        let mut after = i64::MIN;
        while let Some(rows) =
            page::<(i64, String, Option<i64>, String, Option<String>, Option<String>)>(conn, &sql, &mut after, |r| r.0).await?
        {
            for (_, number, person, kind, received_on, voided_on) in rows {
                let subject = Subject::Form(number);
                if !replay.table_record(&subject, person) {
                    continue;
                }
                replay.table_value(&subject, "kind", json!(kind));
                replay.table_value(&subject, "received_on", opt(received_on));
                replay.table_value(&subject, "voided_on", opt(voided_on));
            }
        }

        let mut q = db::query("SELECT key, value FROM setting WHERE key IN (");
        q.push_binds(AUDITED_SETTINGS).push(")");
        let settings: Vec<(String, String)> = conn.fetch_all(q).await?;
        for (key, value) in settings {
            replay.table_value(&Subject::Setting(key), "value", json!(value));
        }
        // The trail and every audited table went through this connection's page cache: its pages
        // are handed back rather than kept while the window stays open (issue 15, memory). (A
        // server's connection has no such cache of the register's pages.)
        if conn.backend() == Backend::Sqlite {
            let _ = conn.execute(db::query("PRAGMA shrink_memory")).await;
        }
        Ok(())
    }

    /// These entries of the trail, by their place in the chain (the replay reads back the
    /// trail's value of each difference from its entry).
    pub async fn audit_entries(&self, seqs: &[i64]) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::with_capacity(seqs.len());
        for chunk in seqs.chunks(500) {
            let mut q = db::query(AUDIT_COLUMNS);
            q.push(" WHERE seq IN (").push_binds(chunk.iter().copied()).push(")");
            let rows: Vec<AuditRow> = self.db.fetch_all(q).await?;
            for r in rows {
                out.push(AuditEntry::try_from(r)?);
            }
        }
        Ok(out)
    }

    /// How many people the register holds, archived ones too (the replay's progress measure).
    pub async fn replay_size(&self) -> Result<(i64, i64)> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let people: i64 = conn.scalar(db::query("SELECT count(*) FROM person")).await?;
        let entries: i64 = conn.scalar(db::query("SELECT count(*) FROM audit_log")).await?;
        Ok((people, entries))
    }
}

/// The next page of `sql` (which takes the last key read and the page size), or `None` when
/// every row was read.
async fn page<T: Record>(conn: &mut Conn<'_>, sql: &Sql, after: &mut i64, key: impl Fn(&T) -> i64) -> Result<Option<Vec<T>>> {
    let rows: Vec<T> = conn.fetch_all(db::query(sql.clone()).bind(*after).bind(PAGE)).await?;
    match rows.last() {
        Some(last) => {
            *after = key(last);
            Ok(Some(rows))
        }
        None => Ok(None),
    }
}

/// Where the training attendance's pages are: SQLite's rowid, or PostgreSQL's primary key
/// (session, person), which has no rowid.
#[derive(Clone, Copy)]
struct TrainingKey(i64, i64);

impl Default for TrainingKey {
    fn default() -> TrainingKey {
        TrainingKey(i64::MIN, i64::MIN)
    }
}

/// The next page of training attended: (person, date, topic, hours, category).
async fn training_page(conn: &mut Conn<'_>, after: &mut TrainingKey) -> Result<Option<Vec<(i64, String, String, i64, String)>>> {
    let rows: Vec<(i64, i64, i64, String, String, i64, String)> = match conn.backend() {
        Backend::Sqlite => {
            let rows: Vec<(i64, i64, String, String, i64, String)> = conn
                .fetch_all(
                    db::query(
                        "SELECT a.rowid, a.person_id, s.date, s.topic, s.hours, s.category \
                         FROM training_attendance a JOIN training_session s ON s.id = a.session_id \
                         WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?",
                    )
                    .bind(after.0)
                    .bind(PAGE),
                )
                .await?;
            rows.into_iter().map(|(k, p, d, t, h, c)| (k, 0, p, d, t, h, c)).collect()
        }
        Backend::Postgres => {
            conn.fetch_all(
                db::query(
                    "SELECT a.session_id, a.person_id, a.person_id, CAST(s.date AS TEXT), s.topic, s.hours, s.category \
                     FROM training_attendance a JOIN training_session s ON s.id = a.session_id \
                     WHERE (a.session_id, a.person_id) > (?, ?) ORDER BY a.session_id, a.person_id LIMIT ?",
                )
                .bind(after.0)
                .bind(after.1)
                .bind(PAGE),
            )
            .await?
        }
    };
    match rows.last() {
        Some(last) => {
            *after = TrainingKey(last.0, last.1);
            Ok(Some(rows.into_iter().map(|(_, _, p, d, t, h, c)| (p, d, t, h, c)).collect()))
        }
        None => Ok(None),
    }
}
