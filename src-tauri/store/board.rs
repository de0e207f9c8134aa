//! The dashboard read from the reminders' projection (`reminder_projection`, kept current in
//! every write's transaction by office::projection): indexed range reads instead of deriving
//! every person's obligations. Everything here reads one snapshot ([`BoardRead`]: one read
//! transaction), so the counts, the page and the calendar agree with one another.
//!
//! The order of the dashboard is the index `reminder_projection_order` (due date, person, kind's
//! position, key): overdue first (earliest due), then due, then upcoming, as the domain's engine
//! sorts. A reminder is listed on `as_of` when `starts_on ≤ as_of` (its lead time has begun).

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use clearance_domain::deadline::{Citation, Deadline, DueState};
use clearance_domain::level::{LevelChange, LevelId};
use clearance_domain::lifecycle::{LifecycleState, PersonRecord, StepRecord, TrainingAttendance};
use clearance_domain::person::PersonId;
use clearance_domain::reminders::{Obligation, ReminderKind, Subject};
use clearance_domain::travel::{DocumentId, TripId};

use super::db::{self, Backend, Conn, Sql};
use super::{Result, Store, StoreError};

/// One open obligation as the projection holds it, with who the person is.
#[derive(Debug, Clone)]
pub struct ProjectedRow {
    pub obligation: Obligation,
    pub handle: String,
    pub staff_no: String,
    pub name: String,
    pub unit: String,
}

/// Listed reminders counted by kind, unit and state (on the day asked for).
#[derive(Debug, Clone)]
pub struct ListedCount {
    pub kind: ReminderKind,
    pub unit: String,
    pub state: DueState,
    pub count: u32,
}

/// What the rows are narrowed to (the dashboard's filters).
#[derive(Debug, Clone, Copy, Default)]
pub struct Narrow<'a> {
    pub state: Option<DueState>,
    pub unit: Option<&'a str>,
    pub kind: Option<ReminderKind>,
}

#[derive(sqlx::FromRow)]
struct Row {
    key: String,
    handle: String,
    person_id: i64,
    kind_rank: i64,
    subject_type: String,
    subject_id: i64,
    step_id: Option<String>,
    name_zh: String,
    name_en: String,
    due_date: NaiveDate,
    lead_days: i64,
    rule_id: String,
    citation_zh: String,
    citation_en: String,
    beyond_calendar: bool,
    unit: String,
    staff_no: String,
    name: String,
}

/// The columns of [`Row`] (a macro, so that [`COLUMNS`] is spelled with it at compile time);
/// PostgreSQL's flag column is a number read as a boolean.
macro_rules! selected {
    ($flag:literal) => {
        concat!(
            "SELECT r.key, r.handle, r.person_id, r.kind_rank, r.subject_type, r.subject_id, r.step_id, r.name_zh, \
             r.name_en, r.due_date, r.lead_days, r.rule_id, r.citation_zh, r.citation_en, ",
            $flag,
            ", r.unit, p.staff_no, p.name"
        )
    };
}
const SELECTED: &str = selected!("r.beyond_calendar");
const SELECTED_PG: &str = selected!("(r.beyond_calendar <> 0) AS beyond_calendar");
/// The projection `r` drives, the person `p` is looked up by id (`CROSS JOIN` keeps SQLite from
/// reordering the two, so an ordered read stops at its limit; PostgreSQL has no `CROSS JOIN … ON`).
const COLUMNS: &str = concat!(selected!("r.beyond_calendar"), " FROM reminder_projection r CROSS JOIN person p ON p.id = r.person_id");
const COLUMNS_PG: &str =
    concat!(selected!("(r.beyond_calendar <> 0) AS beyond_calendar"), " FROM reminder_projection r JOIN person p ON p.id = r.person_id");

/// A statement of the board's columns followed by `rest` (the same text on both databases).
fn board_sql(rest: impl Fn(Backend) -> String) -> Sql {
    Sql::per(format!("{COLUMNS}{}", rest(Backend::Sqlite)), format!("{COLUMNS_PG}{}", rest(Backend::Postgres)))
}

const ORDER: &str = "ORDER BY r.due_date, r.person_id, r.kind_rank, r.key";

fn kind_of(rank: i64) -> Result<ReminderKind> {
    usize::try_from(rank)
        .ok()
        .and_then(|i| ReminderKind::ALL.get(i).copied())
        .ok_or_else(|| StoreError::Corrupt(format!("reminder projection: kind position {rank}")))
}

/// The kind's position in [`ReminderKind::ALL`] (the projection's `kind_rank`).
pub fn kind_rank(kind: ReminderKind) -> i64 {
    ReminderKind::ALL.iter().position(|k| *k == kind).map_or(-1, |i| i as i64)
}

fn state_rank(state: i64) -> DueState {
    match state {
        0 => DueState::Overdue,
        1 => DueState::Due,
        _ => DueState::Upcoming,
    }
}

impl Row {
    fn into_projected(self) -> Result<ProjectedRow> {
        let kind = kind_of(self.kind_rank)?;
        let subject = match self.subject_type.as_str() {
            "person" => Subject::Person(PersonId::from_stored(self.subject_id)),
            "trip" => Subject::Trip(TripId::from_stored(self.subject_id)),
            "document" => Subject::Document(DocumentId::from_stored(self.subject_id)),
            other => return Err(StoreError::Corrupt(format!("reminder projection {}: subject {other}", self.key))),
        };
        let obligation = Obligation {
            key: self.key,
            person: PersonId::from_stored(self.person_id),
            subject,
            kind,
            step_id: self.step_id,
            name_zh: Cow::Owned(self.name_zh),
            name_en: Cow::Owned(self.name_en),
            due: Deadline {
                date: self.due_date,
                rule_id: self.rule_id,
                citation: Citation { zh: self.citation_zh, en: self.citation_en },
                beyond_calendar: self.beyond_calendar,
            },
            lead_days: u32::try_from(self.lead_days).unwrap_or(0),
        };
        Ok(ProjectedRow { obligation, handle: self.handle, staff_no: self.staff_no, name: self.name, unit: self.unit })
    }
}

fn projected(rows: Vec<Row>) -> Result<Vec<ProjectedRow>> {
    rows.into_iter().map(Row::into_projected).collect()
}

/// `?, ?, ?` for `n` values.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The filter's conditions on `r` after `r.starts_on <= ?1` (`?1` is `as_of`); `+` keeps
/// SQLite from reading them through an index other than the one the order asks for (PostgreSQL
/// has no unary `+` on text; its planner weighs the indexes by their statistics).
fn narrow_sql(n: &Narrow<'_>, backend: Backend) -> String {
    let plus = plus(backend);
    let mut sql = String::new();
    match n.state {
        Some(DueState::Overdue) => sql.push_str(" AND r.due_date < ?1"),
        Some(DueState::Due) => sql.push_str(" AND r.due_date = ?1"),
        Some(DueState::Upcoming) => sql.push_str(" AND r.due_date > ?1"),
        None => {}
    }
    if n.unit.is_some() {
        sql.push_str(&format!(" AND {plus}r.unit = ?2"));
    }
    if n.kind.is_some() {
        sql.push_str(&format!(" AND {plus}r.kind_rank = ?3"));
    }
    sql
}

/// SQLite's unary `+` that keeps a column's index out of a plan; nothing on PostgreSQL.
fn plus(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "+",
        Backend::Postgres => "",
    }
}

/// One snapshot of the register to read the dashboard from.
pub struct BoardRead {
    tx: db::Transaction,
}

impl Store {
    /// A read transaction for the dashboard's queries (it changes nothing; dropped, it ends).
    pub async fn board_read(&self) -> Result<BoardRead> {
        Ok(BoardRead { tx: self.snapshot().await? })
    }

    /// A read-only transaction in which every statement sees the same register: SQLite's
    /// deferred transaction (its first read fixes the snapshot), PostgreSQL's repeatable read
    /// (read committed would give each statement its own). Dropped, it ends.
    pub(super) async fn snapshot(&self) -> Result<db::Transaction> {
        Ok(match &self.db {
            db::Pool::Sqlite(p) => db::Transaction::Sqlite(p.begin().await?),
            db::Pool::Postgres(p) => db::Transaction::Postgres(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?),
        })
    }
}

impl BoardRead {
    fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }

    /// The reminders listed on `as_of` counted by kind, unit and state; with `urgent`, only those
    /// due or overdue.
    pub async fn listed_counts(&mut self, as_of: NaiveDate, urgent: bool) -> Result<Vec<ListedCount>> {
        let urgent = if urgent { " AND due_date <= ?1" } else { "" };
        let rows: Vec<(i64, String, i64, i64)> = self
            .conn()
            .fetch_all(
                db::query(Sql::per(
                    format!(
                        "SELECT kind_rank, unit, CASE WHEN due_date < ?1 THEN 0 WHEN due_date = ?1 THEN 1 ELSE 2 END AS st, count(*) \
                         FROM reminder_projection WHERE starts_on <= ?1{urgent} GROUP BY kind_rank, unit, st"
                    ),
                    // The CASE's literals are PostgreSQL integers (32 bits): read as BIGINT.
                    format!(
                        "SELECT kind_rank, unit, CAST(CASE WHEN due_date < ?1 THEN 0 WHEN due_date = ?1 THEN 1 ELSE 2 END AS BIGINT) AS st, \
                         count(*) FROM reminder_projection WHERE starts_on <= ?1{urgent} GROUP BY kind_rank, unit, st"
                    ),
                ))
                .bind(as_of),
            )
            .await?;
        rows.into_iter()
            .map(|(rank, unit, st, n)| {
                Ok(ListedCount { kind: kind_of(rank)?, unit, state: state_rank(st), count: u32::try_from(n).unwrap_or(u32::MAX) })
            })
            .collect()
    }

    /// The keys and due dates of the first `n` reminders listed on `as_of`, in the board's order.
    pub async fn first_listed(&mut self, as_of: NaiveDate, n: u32) -> Result<Vec<(String, NaiveDate)>> {
        Ok(self
            .conn()
            .fetch_all(
                db::query(Sql::per(
                    "SELECT key, due_date FROM reminder_projection r WHERE +r.starts_on <= ?1 \
                     ORDER BY r.due_date, r.person_id, r.kind_rank, r.key LIMIT ?2",
                    "SELECT key, due_date FROM reminder_projection r WHERE r.starts_on <= ?1 \
                     ORDER BY r.due_date, r.person_id, r.kind_rank, r.key LIMIT ?2",
                ))
                .bind(as_of)
                .bind(i64::from(n)),
            )
            .await?)
    }

    /// Open obligations due after `after` and on `until` or before (lead time or not).
    pub async fn count_due_between(&mut self, after: NaiveDate, until: NaiveDate) -> Result<u32> {
        let n: i64 = self
            .conn()
            .scalar(db::query("SELECT count(*) FROM reminder_projection WHERE due_date > ?1 AND due_date <= ?2").bind(after).bind(until))
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The reminders listed on `as_of` narrowed by `n`, in the board's order: the first `limit`
    /// (an ordered index read that stops there), or every one (`None`: read by the listed range
    /// and sorted here, cheaper than walking the whole order).
    pub async fn listed(&mut self, as_of: NaiveDate, n: &Narrow<'_>, limit: Option<u32>) -> Result<Vec<ProjectedRow>> {
        let sql = board_sql(|b| {
            let cond = narrow_sql(n, b);
            match limit {
                Some(_) => format!(" WHERE {}r.starts_on <= ?1{cond} {ORDER} LIMIT ?4", plus(b)),
                None => format!(" WHERE r.starts_on <= ?1{cond}"),
            }
        });
        let rows: Vec<Row> = self
            .conn()
            .fetch_all(
                db::query(sql)
                    .bind(as_of)
                    .bind(n.unit.unwrap_or_default())
                    .bind(n.kind.map_or(-1, kind_rank))
                    .bind(limit.map_or(-1, i64::from)),
            )
            .await?;
        let mut rows = projected(rows)?;
        if limit.is_none() {
            sort(&mut rows);
        }
        Ok(rows)
    }

    /// The reminders of `people` listed on `as_of` narrowed by `n`, in the board's order.
    pub async fn listed_of(&mut self, as_of: NaiveDate, n: &Narrow<'_>, people: &[PersonId]) -> Result<Vec<ProjectedRow>> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let sql = board_sql(|b| format!(" WHERE r.person_id IN ({}) AND r.starts_on <= ?1{}", in_list(people, 4), narrow_sql(n, b)));
        let mut q = db::query(sql).bind(as_of).bind(n.unit.unwrap_or_default()).bind(n.kind.map_or(-1, kind_rank));
        for p in people {
            q = q.bind(p.get());
        }
        let rows: Vec<Row> = self.conn().fetch_all(q).await?;
        let mut rows = projected(rows)?;
        sort(&mut rows);
        Ok(rows)
    }

    /// The obligations some acknowledgement, snooze or cancellation was ever recorded for (few).
    pub async fn acknowledged(&mut self) -> Result<Vec<ProjectedRow>> {
        let sql = board_sql(|_| format!(" WHERE r.key IN (SELECT DISTINCT key FROM reminder_ack) {ORDER}"));
        let rows: Vec<Row> = self.conn().fetch_all(db::query(sql)).await?;
        projected(rows)
    }

    /// The obligation with this key, or this handle.
    pub async fn find(&mut self, key: &str, handle: Option<&str>) -> Result<Option<ProjectedRow>> {
        let row: Option<Row> =
            self.conn().fetch_optional(db::query(board_sql(|_| " WHERE r.key = ?1 LIMIT 1".to_owned())).bind(key)).await?;
        let row = match (row, handle) {
            (Some(r), _) => Some(r),
            (None, Some(h)) => {
                self.conn().fetch_optional(db::query(board_sql(|_| format!(" WHERE r.handle = ?1 {ORDER} LIMIT 1"))).bind(h)).await?
            }
            (None, None) => None,
        };
        row.map(Row::into_projected).transpose()
    }

    /// Obligations due each day from `from` to `to` (lead time or not, acknowledged or not), by
    /// day, narrowed by unit and kind.
    pub async fn due_per_day(&mut self, from: NaiveDate, to: NaiveDate, n: &Narrow<'_>) -> Result<Vec<(NaiveDate, u32)>> {
        let mut sql = String::from("SELECT due_date, count(*) FROM reminder_projection WHERE due_date >= ?1 AND due_date <= ?4");
        if n.unit.is_some() {
            sql.push_str(" AND unit = ?2");
        }
        if n.kind.is_some() {
            sql.push_str(" AND kind_rank = ?3");
        }
        sql.push_str(" GROUP BY due_date ORDER BY due_date");
        let rows: Vec<(NaiveDate, i64)> = self
            .conn()
            .fetch_all(db::query(sql).bind(from).bind(n.unit.unwrap_or_default()).bind(n.kind.map_or(-1, kind_rank)).bind(to))
            .await?;
        Ok(rows.into_iter().map(|(d, c)| (d, u32::try_from(c).unwrap_or(u32::MAX))).collect())
    }

    /// The first `limit` obligations due on each day from `from` to `to`, narrowed by unit and
    /// kind, in the board's order: one statement, an index seek of a few rows per day.
    pub async fn due_each_day(&mut self, from: NaiveDate, to: NaiveDate, n: &Narrow<'_>, limit: u32) -> Result<Vec<ProjectedRow>> {
        let mut cond = String::new();
        if n.unit.is_some() {
            cond.push_str(" AND y.unit = ?2");
        }
        if n.kind.is_some() {
            cond.push_str(" AND y.kind_rank = ?3");
        }
        let sql = Sql::per(
            format!(
                "WITH RECURSIVE d(day) AS (SELECT ?1 UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < ?4) \
                 {SELECTED} FROM d CROSS JOIN reminder_projection r CROSS JOIN person p ON p.id = r.person_id \
                 WHERE r.rowid IN (SELECT y.rowid FROM reminder_projection y WHERE y.due_date = d.day{cond} \
                     ORDER BY y.person_id, y.kind_rank, y.key LIMIT ?5) {ORDER}"
            ),
            // The same on PostgreSQL: a day is a DATE (`day + 1`), and each day's first rows are a
            // LATERAL subquery (no rowid), one seek of `reminder_projection_order` per day.
            format!(
                "WITH RECURSIVE d(day) AS (SELECT CAST(?1 AS DATE) UNION ALL SELECT day + 1 FROM d WHERE day < ?4) \
                 {SELECTED_PG} FROM d CROSS JOIN LATERAL (SELECT y.* FROM reminder_projection y WHERE y.due_date = d.day{cond} \
                     ORDER BY y.person_id, y.kind_rank, y.key LIMIT ?5) r JOIN person p ON p.id = r.person_id {ORDER}"
            ),
        );
        let rows: Vec<Row> = self
            .conn()
            .fetch_all(
                db::query(sql)
                    .bind(from)
                    .bind(n.unit.unwrap_or_default())
                    .bind(n.kind.map_or(-1, kind_rank))
                    .bind(to)
                    .bind(i64::from(limit)),
            )
            .await?;
        projected(rows)
    }

    /// Every open obligation (the calendar export), in the board's order.
    pub async fn all(&mut self) -> Result<Vec<ProjectedRow>> {
        let rows: Vec<Row> = self.conn().fetch_all(db::query(board_sql(|_| String::new()))).await?;
        let mut rows = projected(rows)?;
        sort(&mut rows);
        Ok(rows)
    }

    /// The units of the supervised people (not archived, not released), by name: one index step
    /// per unit (`person_unit`), each checked for someone supervised in it. PostgreSQL would turn
    /// the `EXISTS` into one semi-join over every person (280 ms at 200,000 people): there the
    /// check is a `LATERAL … LIMIT 1` per unit, which it runs as written (3 ms).
    pub async fn supervised_units(&mut self) -> Result<Vec<String>> {
        const UNITS: &str = "WITH RECURSIVE u(unit) AS (
                 SELECT min(unit) FROM person
                 UNION ALL
                 SELECT (SELECT min(unit) FROM person WHERE unit > u.unit) FROM u WHERE u.unit IS NOT NULL
             )";
        const SUPERVISED: &str = "SELECT 1 FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id
                 WHERE p.unit = u.unit AND p.archived_on IS NULL AND coalesce(l.stage, 'onboarding') <> 'released'";
        Ok(self
            .conn()
            .scalars(db::query(Sql::per(
                format!("{UNITS} SELECT unit FROM u WHERE unit IS NOT NULL AND EXISTS ({SUPERVISED}) ORDER BY unit"),
                format!(
                    "{UNITS} SELECT u.unit FROM u CROSS JOIN LATERAL ({SUPERVISED} LIMIT 1) s WHERE u.unit IS NOT NULL ORDER BY u.unit"
                ),
            )))
            .await?)
    }

    /// What the lifecycle rules read about each of `people` (the offers on a page of the
    /// dashboard): a handful of queries for them all, not per person.
    pub async fn records_of(&mut self, people: &[PersonId]) -> Result<HashMap<PersonId, PersonRecord>> {
        records_of(&mut self.tx.conn(), people).await
    }
}

/// `?5, ?6, …` for the people: numbered after the `fixed` parameters before them.
fn in_list(people: &[PersonId], first: usize) -> String {
    (first..first + people.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// The board's order: due date, person, kind, key.
pub fn sort(rows: &mut [ProjectedRow]) {
    rows.sort_unstable_by(|a, b| {
        let (a, b) = (&a.obligation, &b.obligation);
        (a.due.date, a.person, a.kind).cmp(&(b.due.date, b.person, b.kind)).then_with(|| a.key.cmp(&b.key))
    });
}

async fn records_of(conn: &mut Conn<'_>, people: &[PersonId]) -> Result<HashMap<PersonId, PersonRecord>> {
    let mut out: HashMap<PersonId, PersonRecord> = HashMap::with_capacity(people.len());
    if people.is_empty() {
        return Ok(out);
    }
    let list = marks(people.len());
    let ids: Vec<i64> = people.iter().map(|p| p.get()).collect();
    macro_rules! fetch {
        ($ty:ty, $sql:expr) => {{
            let q = ids.iter().fold(db::query($sql), |q, id| q.bind(*id));
            conn.fetch_all::<$ty>(q).await?
        }};
    }
    let heads = fetch!(
        (i64, NaiveDate, NaiveDate, Option<String>),
        format!("SELECT p.id, p.registered_on, p.start_date, l.state FROM person p LEFT JOIN lifecycle l ON l.person_id = p.id WHERE p.id IN ({list})")
    );
    for (id, registered_on, start_date, state) in heads {
        let state = match state {
            None => LifecycleState::onboarding(),
            Some(j) => serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("lifecycle of person {id}: {e}")))?,
        };
        out.insert(
            PersonId::from_stored(id),
            PersonRecord {
                registered_on,
                planned_start: start_date,
                level_history: Vec::new(),
                state,
                steps: Vec::new(),
                trainings: Vec::new(),
            },
        );
    }
    let levels = fetch!(
        (i64, String, NaiveDate, String),
        format!("SELECT person_id, level, effective, reason FROM level_change WHERE person_id IN ({list}) ORDER BY person_id, id")
    );
    for (pid, level, effective, reason) in levels {
        if let Some(r) = out.get_mut(&PersonId::from_stored(pid)) {
            r.level_history.push(LevelChange { level: LevelId(level), effective, reason });
        }
    }
    let steps = fetch!(
        (i64, String, NaiveDate, String, String),
        format!(
            "SELECT person_id, step_id, done_on, recorded_by, note FROM step_record WHERE person_id IN ({list}) \
             ORDER BY person_id, done_on, id"
        )
    );
    for (pid, step_id, done_on, recorded_by, note) in steps {
        if let Some(r) = out.get_mut(&PersonId::from_stored(pid)) {
            r.steps.push(StepRecord { step_id, done_on, recorded_by, note });
        }
    }
    let trainings = fetch!(
        (i64, NaiveDate, i64, String, String),
        format!(
            "SELECT a.person_id, s.date, s.hours, s.category, s.topic FROM training_attendance a \
             JOIN training_session s ON s.id = a.session_id WHERE a.person_id IN ({list}) ORDER BY a.person_id, s.date, s.id"
        )
    );
    for (pid, date, hours, category, topic) in trainings {
        if let Some(r) = out.get_mut(&PersonId::from_stored(pid)) {
            r.trainings.push(TrainingAttendance { date, hours: hours.max(0) as u32, category, topic });
        }
    }
    Ok(out)
}
