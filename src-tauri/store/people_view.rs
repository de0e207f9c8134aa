//! The people table's projection on the person row (migration `people_view`): each person's
//! stage, the day they went on duty and their next due item. The office layer computes the
//! values from the reminders' derivation and writes them here; the store only keeps them.

use chrono::NaiveDate;
use clearance_domain::lifecycle::Stage;
use clearance_domain::person::PersonId;

use super::db::{query, Sql};
use super::{Result, Store, Tx};

/// The setting naming the day and policy the last full pass over the register was made for.
pub const PEOPLE_VIEW_BASIS: &str = "people_view.basis";

/// People per statement of [`Tx::set_people_views`]: nine values each, far under either
/// database's limit on the values of one statement (32,766 on SQLite, 65,535 on PostgreSQL);
/// more on the office server, where each statement is a round trip (see
/// `store/projection.rs` on sqlx and Nagle's algorithm).
fn view_rows_per_statement(backend: super::db::Backend) -> usize {
    match backend {
        super::db::Backend::Sqlite => 500,
        super::db::Backend::Postgres => 2_000,
    }
}

/// A person's next due item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDue {
    pub date: NaiveDate,
    pub lead_days: u32,
    /// The reminder kind's snake_case name.
    pub kind: String,
    pub key: String,
    pub what_zh: String,
    pub what_en: String,
}

/// What the projection holds for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleViewRow {
    pub stage: Stage,
    pub on_duty_since: Option<NaiveDate>,
    pub due: Option<StoredDue>,
}

/// The stage's position in the lifecycle: what the table sorts by.
pub fn stage_rank(stage: Stage) -> i64 {
    match stage {
        Stage::Onboarding => 0,
        Stage::OnDuty => 1,
        Stage::Departing => 2,
        Stage::Decommissioning => 3,
        Stage::Released => 4,
    }
}

pub fn stage_of_rank(rank: i64) -> Stage {
    match rank {
        1 => Stage::OnDuty,
        2 => Stage::Departing,
        3 => Stage::Decommissioning,
        4 => Stage::Released,
        _ => Stage::Onboarding,
    }
}

type ViewTuple = (i64, i64, Option<NaiveDate>, Option<NaiveDate>, i64, Option<String>, Option<String>, Option<String>, Option<String>);

fn from_tuple(t: ViewTuple) -> (PersonId, PeopleViewRow) {
    let (id, rank, on_duty_since, date, lead, kind, key, zh, en) = t;
    let due = match (date, kind, key) {
        (Some(date), Some(kind), Some(key)) => Some(StoredDue {
            date,
            lead_days: u32::try_from(lead).unwrap_or(0),
            kind,
            key,
            what_zh: zh.unwrap_or_default(),
            what_en: en.unwrap_or_default(),
        }),
        _ => None,
    };
    (PersonId::from_stored(id), PeopleViewRow { stage: stage_of_rank(rank), on_duty_since, due })
}

const VIEW_COLUMNS: &str = "id, stage_rank, on_duty_since, due_date, due_lead, due_kind, due_key, due_zh, due_en";

impl Store {
    /// Every person's stored projection, by id (the full pass writes only what changed).
    pub async fn people_view(&self) -> Result<Vec<(PersonId, PeopleViewRow)>> {
        let rows: Vec<ViewTuple> = self.db.fetch_all(query(format!("SELECT {VIEW_COLUMNS} FROM person ORDER BY id"))).await?;
        Ok(rows.into_iter().map(from_tuple).collect())
    }

    /// The stage and on-duty day of every person, from the lifecycle table (people the
    /// reminders do not cover: archived and released).
    pub async fn stages(&self) -> Result<Vec<(PersonId, Stage, Option<NaiveDate>)>> {
        let rows: Vec<(i64, Option<String>, Option<NaiveDate>)> = self
            .db
            .fetch_all(query(Sql::per(
                "SELECT p.id, l.stage, json_extract(l.state, '$.on_duty_since') FROM person p \
                 LEFT JOIN lifecycle l ON l.person_id = p.id ORDER BY p.id",
                "SELECT p.id, l.stage, CAST(l.state::jsonb ->> 'on_duty_since' AS DATE) FROM person p \
                 LEFT JOIN lifecycle l ON l.person_id = p.id ORDER BY p.id",
            )))
            .await?;
        Ok(rows.into_iter().map(|(id, stage, since)| (PersonId::from_stored(id), stage_from_text(stage.as_deref()), since)).collect())
    }

    /// The sequence number of the last audit entry: every write appends one, so an unchanged
    /// number means nothing was written in between.
    pub async fn last_audit_seq(&self) -> Result<i64> {
        Ok(self.db.scalar(query("SELECT coalesce(max(seq), 0) FROM audit_log")).await?)
    }
}

fn stage_from_text(text: Option<&str>) -> Stage {
    match text {
        Some("on_duty") => Stage::OnDuty,
        Some("departing") => Stage::Departing,
        Some("decommissioning") => Stage::Decommissioning,
        Some("released") => Stage::Released,
        _ => Stage::Onboarding,
    }
}

impl Tx {
    pub async fn last_audit_seq(&mut self) -> Result<i64> {
        Ok(self.conn().scalar(query("SELECT coalesce(max(seq), 0) FROM audit_log")).await?)
    }

    /// Writes one person's projection.
    pub async fn set_people_view(&mut self, id: PersonId, row: &PeopleViewRow) -> Result<()> {
        let due = row.due.as_ref();
        let q = query(
            "UPDATE person SET stage_rank = ?, on_duty_since = ?, due_date = ?, due_lead = ?, due_kind = ?, due_key = ?, \
             due_zh = ?, due_en = ? WHERE id = ?",
        )
        .bind(stage_rank(row.stage))
        .bind(row.on_duty_since)
        .bind(due.map(|d| d.date))
        .bind(due.map_or(0, |d| i64::from(d.lead_days)))
        .bind(due.map(|d| d.kind.clone()))
        .bind(due.map(|d| d.key.clone()))
        .bind(due.map(|d| d.what_zh.clone()))
        .bind(due.map(|d| d.what_en.clone()))
        .bind(id.get());
        self.conn().execute(q).await?;
        Ok(())
    }

    /// Writes many people's projection, many to a statement: on the office
    /// server each statement is a round trip, and a full pass may write every person (one
    /// statement each took 9 minutes at 200,000 people there, docs/performance.md).
    pub async fn set_people_views(&mut self, rows: &[(PersonId, &PeopleViewRow)]) -> Result<()> {
        let per_statement = view_rows_per_statement(self.conn().backend());
        for chunk in rows.chunks(per_statement) {
            let mut q = query("WITH v (id, stage_rank, on_duty_since, due_date, due_lead, due_kind, due_key, due_zh, due_en) AS (VALUES ");
            for (i, (id, row)) in chunk.iter().enumerate() {
                let due = row.due.as_ref();
                q.push(if i == 0 { "(" } else { ", (" });
                q.push_bind(id.get()).push(", ");
                q.push_bind(stage_rank(row.stage)).push(", ");
                q.push_bind(row.on_duty_since).push(", ");
                q.push_bind(due.map(|d| d.date)).push(", ");
                q.push_bind(due.map_or(0, |d| i64::from(d.lead_days))).push(", ");
                q.push_bind(due.map(|d| d.kind.clone())).push(", ");
                q.push_bind(due.map(|d| d.key.clone())).push(", ");
                q.push_bind(due.map(|d| d.what_zh.clone())).push(", ");
                q.push_bind(due.map(|d| d.what_en.clone())).push(")");
            }
            q.push(
                ") UPDATE person SET stage_rank = v.stage_rank, on_duty_since = v.on_duty_since, due_date = v.due_date, \
                 due_lead = v.due_lead, due_kind = v.due_kind, due_key = v.due_key, due_zh = v.due_zh, due_en = v.due_en \
                 FROM v WHERE person.id = v.id",
            );
            self.conn().execute(q).await?;
        }
        Ok(())
    }

    /// Forgets the last full pass: the next list makes one (a write that touched too many people
    /// to recompute them one by one).
    pub async fn invalidate_people_view(&mut self) -> Result<()> {
        self.conn().execute(query("DELETE FROM setting WHERE key = ?").bind(PEOPLE_VIEW_BASIS)).await?;
        Ok(())
    }

    /// Issued forms about `person` whose signed copy has not come back: `(number, issued on)`.
    pub async fn unreturned_forms_of(&mut self, person: PersonId) -> Result<Vec<(String, NaiveDate)>> {
        Ok(self
            .conn()
            .fetch_all(
                query("SELECT number, issued_on FROM issued_form WHERE received_on IS NULL AND voided_on IS NULL AND person_id = ? ORDER BY id")
                    .bind(person.get()),
            )
            .await?)
    }

    /// Whether `person` is archived (the reminders leave archived people out).
    pub async fn is_archived(&mut self, person: PersonId) -> Result<Option<bool>> {
        let row: Option<Option<NaiveDate>> =
            self.conn().scalar_optional(query("SELECT archived_on FROM person WHERE id = ?").bind(person.get())).await?;
        Ok(row.map(|a| a.is_some()))
    }
}
