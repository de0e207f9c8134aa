//! Reading the trail and the audited tables for the trail replay (domain::replay): the trail in
//! order of the chain, then each table, a page at a time (keyset pages on the primary key, so
//! a 200,000-person register is never held whole), all in one read transaction so every page
//! sees the same register.

use clearance_domain::audit::AuditEntry;
use clearance_domain::replay::{object, Replay, Subject, AUDITED_SETTINGS, PERSON_FIELDS};
use serde_json::{json, Value};
use sqlx::{QueryBuilder, Sqlite};

use super::audit::{AuditRow, AUDIT_COLUMNS};
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
        let mut tx = self.pool.begin().await?;
        let conn = &mut *tx;

        // The trail, in order of the chain.
        let mut after = 0i64;
        loop {
            let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{AUDIT_COLUMNS} WHERE seq > ? ORDER BY seq LIMIT ?")))
                .bind(after)
                .bind(PAGE)
                .fetch_all(&mut *conn)
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let entry = AuditEntry::try_from(row)?;
                after = entry.seq;
                replay.apply(&entry);
            }
        }

        // People: their details, level, stage and photo.
        let mut after = i64::MIN;
        loop {
            let rows: Vec<PersonRow> = sqlx::query_as(
                "SELECT p.id, p.name, p.staff_no, p.id_number, p.sex, p.birth_date, p.unit, p.post, p.start_date, p.phone, p.notes, \
                        p.archived_on, p.archive_reason, p.level, coalesce(l.stage, 'onboarding') AS stage, ph.sha256 AS photo \
                 FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id LEFT JOIN person_photo ph ON ph.person_id = p.id \
                 WHERE p.id > ? ORDER BY p.id LIMIT ?",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *conn)
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
        let sql = "SELECT id, person_id, level, effective, reason, \
                          id = (SELECT min(f.id) FROM level_change f WHERE f.person_id = level_change.person_id) \
                   FROM level_change WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String, bool)>(&mut *conn, sql, &mut after, |r| r.0).await? {
            for (_, person, level, effective, reason, first) in rows {
                let (identity, value) = if first {
                    ("first".to_owned(), object(&[("level", json!(level))]))
                } else {
                    (effective.clone(), object(&[("level", json!(level)), ("effective", json!(effective)), ("reason", json!(reason))]))
                };
                replay.table_row(&Subject::Person(person), Some(person), "level_history", &identity, value);
            }
        }

        let sql = "SELECT id, person_id, step_id, done_on, note FROM step_record WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(&mut *conn, sql, &mut after, |r| r.0).await? {
            for (_, person, step, done_on, note) in rows {
                let value = object(&[("step", json!(step)), ("done_on", json!(done_on)), ("note", json!(note))]);
                replay.table_row(&Subject::Person(person), Some(person), "step", &step, value);
            }
        }

        let sql = "SELECT a.rowid, a.person_id, s.date, s.topic, s.hours, s.category \
                   FROM training_attendance a JOIN training_session s ON s.id = a.session_id \
                   WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, i64, String)>(&mut *conn, sql, &mut after, |r| r.0).await? {
            for (_, person, date, topic, hours, category) in rows {
                let value =
                    object(&[("date", json!(date)), ("topic", json!(topic)), ("hours", json!(hours)), ("category", json!(category))]);
                replay.table_row(&Subject::Person(person), Some(person), "training", &category, value);
            }
        }

        let sql = "SELECT id, person_id, kind, date, action_taken FROM personal_event WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(&mut *conn, sql, &mut after, |r| r.0).await? {
            for (_, person, kind, date, action_taken) in rows {
                let value = object(&[("kind", json!(kind)), ("date", json!(date)), ("action_taken", json!(action_taken))]);
                replay.table_row(&Subject::Person(person), Some(person), "event", &kind, value);
            }
        }

        let sql = "SELECT id, key, kind, due_date, until, note FROM reminder_ack WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, String, String, String, Option<String>, String)>(&mut *conn, sql, &mut after, |r| r.0).await? {
            for (_, key, kind, due_date, until, note) in rows {
                let person = reminder_person(&key);
                let value = object(&[("kind", json!(kind)), ("due_date", json!(due_date)), ("until", opt(until)), ("note", json!(note))]);
                replay.table_row(&Subject::Reminder(key), person, "acknowledgement", &kind, value);
            }
        }

        // Travel documents and their custody status.
        let sql =
            "SELECT id, person_id, kind, number, issued, expires, status, location FROM travel_document WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) =
            page::<(i64, i64, String, String, String, String, String, String)>(&mut *conn, sql, &mut after, |r| r.0).await?
        {
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

        let sql = "SELECT id, person_id, state, planned_departure, planned_return FROM trip WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) = page::<(i64, i64, String, String, String)>(&mut *conn, sql, &mut after, |r| r.0).await? {
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

        let sql = "SELECT id, number, person_id, kind, received_on, voided_on FROM issued_form WHERE id > ? ORDER BY id LIMIT ?";
        let mut after = i64::MIN;
        while let Some(rows) =
            page::<(i64, String, Option<i64>, String, Option<String>, Option<String>)>(&mut *conn, sql, &mut after, |r| r.0).await?
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

        let mut qb = QueryBuilder::<Sqlite>::new("SELECT key, value FROM setting WHERE key IN (");
        let mut list = qb.separated(", ");
        for key in AUDITED_SETTINGS {
            list.push_bind(key);
        }
        qb.push(")");
        let settings: Vec<(String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (key, value) in settings {
            replay.table_value(&Subject::Setting(key), "value", json!(value));
        }
        // The trail and every audited table went through this connection's page cache: its pages
        // are handed back rather than kept while the window stays open (issue 15, memory).
        let _ = sqlx::query("PRAGMA shrink_memory").execute(&mut *conn).await;
        Ok(())
    }

    /// These entries of the trail, by their place in the chain (the replay reads back the
    /// trail's value of each difference from its entry).
    pub async fn audit_entries(&self, seqs: &[i64]) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::with_capacity(seqs.len());
        for chunk in seqs.chunks(500) {
            let mut qb = QueryBuilder::<Sqlite>::new(AUDIT_COLUMNS);
            qb.push(" WHERE seq IN (");
            let mut list = qb.separated(", ");
            for s in chunk {
                list.push_bind(*s);
            }
            qb.push(")");
            let rows: Vec<AuditRow> = qb.build_query_as().fetch_all(&self.pool).await?;
            for r in rows {
                out.push(AuditEntry::try_from(r)?);
            }
        }
        Ok(out)
    }

    /// How many people the register holds, archived ones too (the replay's progress measure).
    pub async fn replay_size(&self) -> Result<(i64, i64)> {
        let people: i64 = sqlx::query_scalar("SELECT count(*) FROM person").fetch_one(&self.pool).await?;
        let entries: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&self.pool).await?;
        Ok((people, entries))
    }
}

/// The next page of `sql` (which takes the last key read and the page size), or `None` when
/// every row was read.
async fn page<T>(conn: &mut sqlx::SqliteConnection, sql: &'static str, after: &mut i64, key: impl Fn(&T) -> i64) -> Result<Option<Vec<T>>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let rows: Vec<T> = sqlx::query_as(sql).bind(*after).bind(PAGE).fetch_all(conn).await?;
    match rows.last() {
        Some(last) => {
            *after = key(last);
            Ok(Some(rows))
        }
        None => Ok(None),
    }
}
