//! The reminders' projection (migration `reminder_projection`): every supervised person's open
//! obligations as rows, and the interval of as-of days each person's rows hold for. The office
//! layer computes them (office/projection.rs) and writes them in the transaction of the write
//! that changed the person; the store only keeps and reads them.

use chrono::{Days, NaiveDate};
use clearance_domain::person::PersonId;
use clearance_domain::reminders::{handle, Obligation, ReminderKind, Subject};

use super::db::{self, Sql};
use super::{Result, Store, Tx};

/// The setting naming what the stored projection was computed with (the policy and its holiday
/// calendar, see `office::projection`); absent while it was never built or is being rebuilt.
pub const PROJECTION_BASIS: &str = "reminders.projection.basis";

/// One stored obligation, as the table has it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectionRow {
    pub key: String,
    pub handle: String,
    pub person_id: i64,
    pub kind: String,
    pub kind_rank: i64,
    pub subject_type: String,
    pub subject_id: i64,
    pub step_id: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub due_date: NaiveDate,
    pub lead_days: i64,
    pub starts_on: NaiveDate,
    pub rule_id: String,
    pub citation_zh: String,
    pub citation_en: String,
    pub beyond_calendar: bool,
    pub unit: String,
}

/// A person's stored interval: the rows hold for every as-of day in `[from, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectionInterval {
    pub person: PersonId,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

impl ProjectionInterval {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && day < self.valid_until
    }
}

/// The kind's snake_case name, as the reminders' JSON spells it.
pub fn kind_text(kind: ReminderKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl ProjectionRow {
    /// The row of obligation `o` of a person in `unit`.
    pub fn of(o: &Obligation, unit: &str) -> ProjectionRow {
        let (subject_type, subject_id) = match o.subject {
            Subject::Person(p) => ("person", p.get()),
            Subject::Trip(t) => ("trip", t.get()),
            Subject::Document(d) => ("document", d.get()),
        };
        let starts_on = o.due.date.checked_sub_days(Days::new(u64::from(o.lead_days))).unwrap_or(NaiveDate::MIN);
        ProjectionRow {
            key: o.key.clone(),
            handle: handle(&o.key),
            person_id: o.person.get(),
            kind: kind_text(o.kind),
            kind_rank: ReminderKind::ALL.iter().position(|k| *k == o.kind).unwrap_or(0) as i64,
            subject_type: subject_type.to_owned(),
            subject_id,
            step_id: o.step_id.clone(),
            name_zh: o.name_zh.to_string(),
            name_en: o.name_en.to_string(),
            due_date: o.due.date,
            lead_days: i64::from(o.lead_days),
            starts_on,
            rule_id: o.due.rule_id.clone(),
            citation_zh: o.due.citation.zh.clone(),
            citation_en: o.due.citation.en.clone(),
            beyond_calendar: o.due.beyond_calendar,
            unit: unit.to_owned(),
        }
    }
}

const COLUMNS: &str = "key, handle, person_id, kind, kind_rank, subject_type, subject_id, step_id, name_zh, name_en, due_date, \
     lead_days, starts_on, rule_id, citation_zh, citation_en, beyond_calendar, unit";
/// [`COLUMNS`] as read back: PostgreSQL's flag column is a number, read as a boolean.
const COLUMNS_PG: &str = "key, handle, person_id, kind, kind_rank, subject_type, subject_id, step_id, name_zh, name_en, due_date, \
     lead_days, starts_on, rule_id, citation_zh, citation_en, (beyond_calendar <> 0) AS beyond_calendar, unit";
const PER_ROW: usize = 18;
/// Rows per INSERT statement: on a register file 50 (18 parameters each: 900, far below SQLite's
/// 32,766 a statement; what was measured best there); on the office server 1,000 (18,000 of
/// PostgreSQL's 65,535), as few statements as the limit comfortably allows. Each statement there
/// is a round trip, and one this large ends in a short TCP segment that sqlx 0.9.0 lets Nagle's
/// algorithm hold until the server's delayed ACK (about 40 ms: sqlx issue #4335, its fix not
/// released yet): 50 rows a statement made a rebuild of 200,000 people take minutes.
fn rows_per_insert(backend: db::Backend) -> usize {
    match backend {
        db::Backend::Sqlite => 50,
        db::Backend::Postgres => 1_000,
    }
}

impl Store {
    /// The setting naming what the stored projection was computed with.
    pub async fn projection_basis(&self) -> Result<Option<String>> {
        self.setting(PROJECTION_BASIS).await
    }

    /// How many people's stored interval does not hold on `day` (two index range counts).
    pub async fn projection_not_holding(&self, day: NaiveDate) -> Result<i64> {
        Ok(self
            .db
            .scalar(
                db::query(
                    "SELECT (SELECT count(*) FROM reminder_projection_person WHERE valid_until <= ?1) \
                          + (SELECT count(*) FROM reminder_projection_person WHERE valid_from > ?1)",
                )
                .bind(day),
            )
            .await?)
    }

    /// Every stored row, by person then key.
    pub async fn projection_rows(&self) -> Result<Vec<ProjectionRow>> {
        Ok(self
            .db
            .fetch_all(db::query(Sql::per(
                format!("SELECT {COLUMNS} FROM reminder_projection ORDER BY person_id, key"),
                format!("SELECT {COLUMNS_PG} FROM reminder_projection ORDER BY person_id, key"),
            )))
            .await?)
    }

    /// Every stored interval, by person.
    pub async fn projection_intervals(&self) -> Result<Vec<ProjectionInterval>> {
        let rows: Vec<(i64, NaiveDate, NaiveDate)> = self
            .db
            .fetch_all(db::query("SELECT person_id, valid_from, valid_until FROM reminder_projection_person ORDER BY person_id"))
            .await?;
        Ok(rows
            .into_iter()
            .map(|(p, valid_from, valid_until)| ProjectionInterval { person: PersonId::from_stored(p), valid_from, valid_until })
            .collect())
    }
}

impl Tx {
    /// Replaces one person's rows and interval.
    pub async fn replace_projection(&mut self, person: PersonId, rows: &[ProjectionRow], from: NaiveDate, until: NaiveDate) -> Result<()> {
        self.delete_projection(person).await?;
        self.insert_projection_rows(rows).await?;
        self.set_projection_interval(person, from, until).await
    }

    /// Replaces the rows and intervals of every person with an id in `first..=last` (a rebuild's
    /// batch, people by id): two range deletes, then many rows per statement.
    pub async fn replace_projection_range(
        &mut self,
        first: PersonId,
        last: PersonId,
        rows: &[ProjectionRow],
        intervals: &[ProjectionInterval],
    ) -> Result<()> {
        let mut conn = self.conn();
        conn.execute(db::query("DELETE FROM reminder_projection WHERE person_id BETWEEN ? AND ?").bind(first.get()).bind(last.get()))
            .await?;
        conn.execute(
            db::query("DELETE FROM reminder_projection_person WHERE person_id BETWEEN ? AND ?").bind(first.get()).bind(last.get()),
        )
        .await?;
        self.insert_projection_rows(rows).await?;
        let per_statement = rows_per_insert(self.conn().backend()) * 6;
        for chunk in intervals.chunks(per_statement) {
            let sql = format!(
                "INSERT INTO reminder_projection_person (person_id, valid_from, valid_until) VALUES {}",
                vec!["(?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut q = db::query(sql);
            for i in chunk {
                q = q.bind(i.person.get()).bind(i.valid_from).bind(i.valid_until);
            }
            self.conn().execute(q).await?;
        }
        Ok(())
    }

    /// Writes (or moves) one person's interval.
    pub async fn set_projection_interval(&mut self, person: PersonId, from: NaiveDate, until: NaiveDate) -> Result<()> {
        self.conn()
            .execute(
                db::query(
                    "INSERT INTO reminder_projection_person (person_id, valid_from, valid_until) VALUES (?, ?, ?) \
                     ON CONFLICT (person_id) DO UPDATE SET valid_from = excluded.valid_from, valid_until = excluded.valid_until",
                )
                .bind(person.get())
                .bind(from)
                .bind(until),
            )
            .await?;
        Ok(())
    }

    /// Adds rows (of people whose rows were deleted or never written), many per statement.
    pub async fn insert_projection_rows(&mut self, rows: &[ProjectionRow]) -> Result<()> {
        let per_statement = rows_per_insert(self.conn().backend());
        for chunk in rows.chunks(per_statement) {
            let one = format!("({})", vec!["?"; PER_ROW].join(", "));
            let sql = format!("INSERT INTO reminder_projection ({COLUMNS}) VALUES {}", vec![one; chunk.len()].join(", "));
            let mut q = db::query(sql);
            for r in chunk {
                q = q
                    .bind(&r.key)
                    .bind(&r.handle)
                    .bind(r.person_id)
                    .bind(&r.kind)
                    .bind(r.kind_rank)
                    .bind(&r.subject_type)
                    .bind(r.subject_id)
                    .bind(r.step_id.as_deref())
                    .bind(&r.name_zh)
                    .bind(&r.name_en)
                    .bind(r.due_date)
                    .bind(r.lead_days)
                    .bind(r.starts_on)
                    .bind(&r.rule_id)
                    .bind(&r.citation_zh)
                    .bind(&r.citation_en)
                    .bind(r.beyond_calendar)
                    .bind(&r.unit);
            }
            self.conn().execute(q).await?;
        }
        Ok(())
    }

    /// Forgets one person's rows and interval (archived, released, or about to be rewritten).
    pub async fn delete_projection(&mut self, person: PersonId) -> Result<()> {
        let mut conn = self.conn();
        conn.execute(db::query("DELETE FROM reminder_projection WHERE person_id = ?").bind(person.get())).await?;
        conn.execute(db::query("DELETE FROM reminder_projection_person WHERE person_id = ?").bind(person.get())).await?;
        Ok(())
    }

    /// Empties the projection and marks it unbuilt (the basis forgotten).
    pub async fn clear_projection(&mut self) -> Result<()> {
        let mut conn = self.conn();
        conn.execute(db::query("DELETE FROM reminder_projection")).await?;
        conn.execute(db::query("DELETE FROM reminder_projection_person")).await?;
        self.invalidate_projection().await
    }

    /// Marks the projection unbuilt, keeping its rows (a write about too many people to
    /// recompute one by one): the next reader rebuilds it.
    pub async fn invalidate_projection(&mut self) -> Result<()> {
        self.conn().execute(db::query("DELETE FROM setting WHERE key = ?").bind(PROJECTION_BASIS)).await?;
        Ok(())
    }

    pub async fn set_projection_basis(&mut self, basis: &str) -> Result<()> {
        self.set_setting(PROJECTION_BASIS, basis).await
    }

    pub async fn projection_basis(&mut self) -> Result<Option<String>> {
        self.setting(PROJECTION_BASIS).await
    }

    /// The people whose stored interval does not hold on `day` (indexed), by id.
    pub async fn projection_not_holding(&mut self, day: NaiveDate) -> Result<Vec<PersonId>> {
        let ids: Vec<i64> = self
            .conn()
            .scalars(
                db::query(
                    "SELECT person_id FROM reminder_projection_person WHERE valid_until <= ?1 \
                     UNION SELECT person_id FROM reminder_projection_person WHERE valid_from > ?1 ORDER BY 1",
                )
                .bind(day),
            )
            .await?;
        Ok(ids.into_iter().map(PersonId::from_stored).collect())
    }

    /// The people named by audit entries after `seq` (writes that landed during a rebuild).
    pub async fn people_audited_after(&mut self, seq: i64) -> Result<Vec<PersonId>> {
        let ids: Vec<i64> = self
            .conn()
            .scalars(db::query("SELECT DISTINCT person_id FROM audit_log WHERE seq > ? AND person_id IS NOT NULL ORDER BY 1").bind(seq))
            .await?;
        Ok(ids.into_iter().map(PersonId::from_stored).collect())
    }
}
