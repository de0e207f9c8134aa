//! People and their level history.

use super::db::{self, query, Backend, Conn, Sql};
use super::rows::{sex_text, LevelChangeRow, PersonRow, PERSON_COLUMNS};
use super::{Result, Store, StoreError, Tx};
use chrono::NaiveDate;
use clearance_domain::deadline::due_state;
use clearance_domain::level::LevelChange;
use clearance_domain::person::PersonSummary;
use clearance_domain::person::{Person, PersonId, ValidPerson};
use clearance_domain::register::{NextDue, PeoplePage, PeopleQuery, SortKey};
use clearance_domain::reminders::ReminderKind;
use clearance_domain::search::fold;

/// A person by the register's id: the only way the app reads a person. What someone typed is
/// first resolved to an id ([`Store::person_id_by_staff_no`]), never matched against both columns.
pub(super) async fn person_by_id(conn: &mut Conn<'_>, id: PersonId, today: NaiveDate) -> Result<Option<Person>> {
    let row: Option<PersonRow> =
        conn.fetch_optional(query(format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = ?")).bind(id.get())).await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let history = level_history(conn, id).await?;
            Ok(Some(row.into_person(history, today)?))
        }
    }
}

async fn level_history(conn: &mut Conn<'_>, id: PersonId) -> Result<Vec<LevelChange>> {
    let rows: Vec<LevelChangeRow> =
        conn.fetch_all(query("SELECT level, effective, reason FROM level_change WHERE person_id = ? ORDER BY id").bind(id.get())).await?;
    Ok(rows.into_iter().map(LevelChange::from).collect())
}

/// The projection's columns a page of the table reads besides the person's.
const VIEW_COLUMNS: &str = "stage_rank, on_duty_since, due_date, due_lead, due_kind, due_zh, due_en";

/// A row of the people table: the person and the projection (see [`super::people_view`]).
#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    person: PersonRow,
    stage_rank: i64,
    on_duty_since: Option<NaiveDate>,
    due_date: Option<NaiveDate>,
    due_lead: i64,
    due_kind: Option<String>,
    due_zh: Option<String>,
    due_en: Option<String>,
}

impl SummaryRow {
    fn into_summary(self, today: Option<NaiveDate>) -> PersonSummary {
        let next_due = match (today, self.due_date, self.due_kind) {
            (Some(today), Some(date), Some(kind)) => {
                serde_json::from_value::<ReminderKind>(serde_json::Value::String(kind)).ok().map(|kind| {
                    let lead = u32::try_from(self.due_lead).unwrap_or(0);
                    let (state, days_overdue) = due_state(date, lead, today).map_or((None, 0), |(s, d)| (Some(s), d));
                    NextDue {
                        date,
                        state,
                        days_overdue,
                        kind,
                        what_zh: self.due_zh.unwrap_or_default(),
                        what_en: self.due_en.unwrap_or_default(),
                    }
                })
            }
            _ => None,
        };
        PersonSummary {
            stage: Some(super::people_view::stage_of_rank(self.stage_rank)),
            on_duty_since: self.on_duty_since,
            next_due,
            ..self.person.into_summary()
        }
    }
}

/// Turns a unique-constraint failure into the field the office must change: SQLite names the
/// column in its message (`person.staff_no`), PostgreSQL names the constraint
/// (`person_staff_no_key`).
fn map_unique(err: sqlx::Error, person: &ValidPerson) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            let msg = db.message();
            let constraint = db.constraint().unwrap_or_default();
            let on = |column: &str| msg.contains(&format!("person.{column}")) || constraint.contains(column);
            if on("staff_no") {
                return StoreError::Duplicate { field: "staff_no", value: person.staff_no().to_owned() };
            }
            if on("id_number") {
                // Messages never echo a whole ID number.
                return StoreError::Duplicate { field: "id_number", value: clearance_domain::id_card::mask(person.id_number()) };
            }
        }
    }
    StoreError::Database(err)
}

/// What one way of matching looks for: the keys that start with a prefix.
struct Prefix(String);

impl Prefix {
    /// `column` starts with the prefix, as each database writes it: on SQLite a GLOB (its
    /// indexes serve a GLOB prefix); on PostgreSQL, which has no GLOB, the range of the keys from
    /// the prefix up to its successor, compared byte by byte as SQLite does (`COLLATE "C"`, the
    /// collation in which a btree index serves the range). Written in parentheses on PostgreSQL.
    fn push(&self, q: &mut db::Query, backend: Backend, column: &str) {
        match backend {
            Backend::Sqlite => {
                q.push(&format!("{column} GLOB ")).push_bind(glob_prefix(&self.0));
            }
            // PostgreSQL's text cannot hold a NUL, so no key starts with one (and binding it
            // would be refused).
            Backend::Postgres if self.0.contains('\0') => {
                q.push("(1 = 0)");
            }
            Backend::Postgres => {
                q.push(&format!("({column} COLLATE \"C\" >= ")).push_bind(self.0.as_str());
                if let Some(next) = successor(&self.0) {
                    q.push(&format!(" AND {column} COLLATE \"C\" < ")).push_bind(next);
                }
                q.push(")");
            }
        }
    }
}

/// The first string after every string that starts with `prefix`, in code point order (which
/// is UTF-8's byte order): the prefix with its last character moved on by one (dropped first
/// when it is the last character there is); `None` when there is no such string.
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Escapes GLOB's wildcards so a search for "A*" looks for an asterisk.
fn glob_prefix(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        match c {
            '*' | '?' | '[' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out.push('*');
    out
}

/// The order of the people table: the column sorted by, then name and id, either way.
fn order_by(query: &PeopleQuery) -> String {
    let order = match query.sort {
        SortKey::Name => "name_pinyin",
        SortKey::StaffNo => "staff_no",
        SortKey::Unit => "unit",
        SortKey::Level => "level",
        SortKey::StartDate => "start_date",
        SortKey::Stage => "stage_rank",
        // The expression of the index person_due_date: nothing due sorts after every date.
        SortKey::NextDue => "coalesce(due_date, '9999-12-31')",
    };
    let dir = if query.descending { "DESC" } else { "ASC" };
    if query.sort == SortKey::Name {
        // Said once: a repeated term keeps SQLite from walking the name index in order.
        return format!(" ORDER BY name_pinyin {dir}, id {dir}");
    }
    format!(" ORDER BY {order} {dir}, name_pinyin {dir}, id {dir}")
}

/// The search's prefixes: as folded (names), in ASCII upper case (staff and ID numbers) and that
/// reversed (the ID number's last digits); `None` when nothing is searched.
fn search_patterns(query: &PeopleQuery) -> Option<[Prefix; 3]> {
    let folded = fold(&query.search);
    if folded.is_empty() {
        return None;
    }
    // Staff and ID numbers are stored in ASCII: digits typed in full-width mode (１０２４) find them.
    let upper = clearance_domain::fullwidth::to_ascii(&folded).to_uppercase();
    let reversed: String = upper.chars().rev().collect();
    Some([Prefix(folded), Prefix(upper), Prefix(reversed)])
}

/// The ways a person is found, each with the index that carries the name's pinyin and the
/// archive date beside its key (migration `people_search`), and which pattern it is matched with.
const SEARCH_ARMS: [(&str, &str, usize); 6] = [
    ("name_folded", "person_name_folded", 0),
    ("name_pinyin", "person_name_pinyin_search", 0),
    ("name_initials", "person_name_initials", 0),
    ("staff_no", "person_staff_no_search", 1),
    ("id_number", "person_id_number_search", 1),
    ("id_reversed", "person_id_reversed", 2),
];

/// The page of a search sorted by name with no other filter (what the search box asks while
/// someone types): each way of matching gives its own first `offset + limit` people in name
/// order from its index alone (no table row is read for a match that is not shown), and the
/// page is the first of their union. A single letter matching tens of thousands of people costs
/// a walk of index entries instead of reading and sorting every matching row.
fn name_sorted_search(query: &PeopleQuery, patterns: &[Prefix; 3], limit: u32, backend: Backend) -> db::Query {
    let dir = if query.descending { "DESC" } else { "ASC" };
    let archived = if query.include_archived { "" } else { " AND archived_on IS NULL" };
    let wanted = i64::from(query.offset) + i64::from(limit);
    let mut q = db::query(format!("SELECT {PERSON_COLUMNS}, {VIEW_COLUMNS} FROM person WHERE id IN (SELECT id FROM ("));
    for (i, (column, index, pattern)) in SEARCH_ARMS.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ");
        }
        match backend {
            // SQLite is told each arm's index.
            Backend::Sqlite => {
                q.push(&format!("SELECT k, id FROM (SELECT name_pinyin AS k, id FROM person INDEXED BY {index} WHERE "));
                patterns[*pattern].push(&mut q, backend, column);
                q.push(&format!("{archived} ORDER BY k {dir}, id {dir} LIMIT "));
                q.push_bind(wanted).push(")");
            }
            // PostgreSQL picks the index itself, and names each subquery (as it requires before
            // version 16). Left to itself, it may answer an arm by walking the name order and
            // testing each row, expecting matches all along it: right for the staff and ID
            // numbers, which have nothing to do with the name, but the name as typed and its
            // initials start as its pinyin does, so a search for "z" would walk the whole
            // register before the first match. For those two, `OFFSET 0` keeps the arm's own
            // range apart (read whole through its index, as SQLite reads it), and only its
            // matches are sorted.
            Backend::Postgres if !matches!(*column, "name_folded" | "name_initials") => {
                q.push("SELECT k, id FROM (SELECT name_pinyin AS k, id FROM person WHERE ");
                patterns[*pattern].push(&mut q, backend, column);
                q.push(&format!("{archived} ORDER BY k {dir}, id {dir} LIMIT "));
                q.push_bind(wanted).push(&format!(") AS arm{i}"));
            }
            Backend::Postgres => {
                q.push("SELECT k, id FROM (SELECT k, id FROM (SELECT name_pinyin AS k, id FROM person WHERE ");
                patterns[*pattern].push(&mut q, backend, column);
                q.push(&format!("{archived} OFFSET 0) AS matched ORDER BY k {dir}, id {dir} LIMIT "));
                q.push_bind(wanted).push(&format!(") AS arm{i}"));
            }
        }
    }
    q.push(&format!("){} ORDER BY k {dir}, id {dir} LIMIT ", subquery_alias(backend, "found")));
    q.push_bind(i64::from(limit)).push(" OFFSET ").push_bind(i64::from(query.offset));
    q.push(&format!(") ORDER BY name_pinyin {dir}, id {dir}"));
    q
}

/// The name PostgreSQL (before 16) requires a subquery in FROM to have; SQLite's text stays as
/// it was measured.
fn subquery_alias(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Sqlite => String::new(),
        Backend::Postgres => format!(" AS {name}"),
    }
}

fn push_filters(q: &mut db::Query, query: &PeopleQuery, backend: Backend) {
    q.push(" WHERE 1 = 1");
    if !query.include_archived {
        q.push(" AND archived_on IS NULL");
    }
    if let Some(level) = query.level.as_deref().filter(|l| !l.is_empty()) {
        q.push(" AND level = ").push_bind(level);
    }
    if let Some(stage) = query.stage {
        // The stage kept on the person row (migration people_view) in step with the lifecycle.
        q.push(" AND stage_rank = ").push_bind(super::people_view::stage_rank(stage));
    }
    if let Some(unit) = query.unit.as_deref().filter(|u| !u.is_empty()) {
        q.push(" AND unit = ").push_bind(unit);
    }
    if let Some(patterns) = search_patterns(query) {
        // Each alternative is an indexed prefix range; SQLite answers the OR with one index
        // range after another, each row handed on as it is found (a row found twice is dropped),
        // so a count that stops early stops the ranges early too (see `people_window`).
        for (i, (column, _, pattern)) in SEARCH_ARMS.iter().enumerate() {
            q.push(if i == 0 { " AND (" } else { " OR " });
            patterns[*pattern].push(q, backend, column);
        }
        q.push(")");
    }
}

/// How many people match the query: exactly, or with `up_to`, at most that many, and whether
/// more match. Counting stops one row past the bound, so a broad match (a single letter, the
/// whole register) costs what its first rows cost, not what all of them do.
async fn count(conn: &mut Conn<'_>, query: &PeopleQuery, up_to: Option<u32>) -> Result<(u32, bool)> {
    let backend = conn.backend();
    let mut q = db::query("SELECT count(*) FROM (SELECT 1 FROM person");
    push_filters(&mut q, query, backend);
    if let Some(up_to) = up_to {
        q.push(" LIMIT ").push_bind(i64::from(up_to) + 1);
    }
    q.push(")").push(&subquery_alias(backend, "matched"));
    let counted: i64 = conn.scalar(q).await?;
    Ok(bounded(counted, up_to))
}

/// A count taken with `LIMIT up_to + 1`: the count and whether it is exact (past the bound it
/// is `up_to`, "up_to+").
fn bounded(counted: i64, up_to: Option<u32>) -> (u32, bool) {
    let counted = u32::try_from(counted).unwrap_or(u32::MAX);
    match up_to {
        Some(up_to) if counted > up_to => (up_to, false),
        _ => (counted, true),
    }
}

/// How many matches [`few_matches`] takes whole: past this, a search is answered as a broad one.
const FEW_MATCHES: i64 = 200;

/// Whether the search holds a digit among at least three characters, as a staff or ID number
/// does (full-width digits count): few people match that, and names seldom hold a digit.
fn looks_like_a_number(query: &PeopleQuery) -> bool {
    let typed = clearance_domain::fullwidth::to_ascii(&fold(&query.search));
    typed.chars().count() >= 3 && typed.chars().any(|c| c.is_ascii_digit())
}

/// A row of [`few_matches`]: the person and how many matched in all (up to the bound).
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: SummaryRow,
    matched: i64,
}

/// A search on the office server in one statement, when it matches few people: every match
/// (at most [`FEW_MATCHES`] + 1, taken in whatever order the table gives them, no sort of the
/// register), counted and sorted, the page cut from them. `None` when more than
/// [`FEW_MATCHES`] match (then the search is a broad one and is answered as such), or when a page
/// past the end leaves no row to carry the count.
///
/// Why: PostgreSQL plans each statement afresh for the values searched, and planning the broad
/// search's six ways of matching (a page and its count) costs more than reading a staff number's
/// few matches; the filter's one scan of the table (an OR of the six ranges) is planned in a
/// third of that time, and its count comes with the page (docs/performance.md, "Issue 16").
async fn few_matches(conn: &mut Conn<'_>, query: &PeopleQuery, today: Option<NaiveDate>, limit: u32) -> Result<Option<PeoplePage>> {
    let mut q = db::query(format!("SELECT {PERSON_COLUMNS}, {VIEW_COLUMNS}, count(*) OVER () AS matched FROM (SELECT * FROM person"));
    push_filters(&mut q, query, conn.backend());
    q.push(" LIMIT ").push_bind(FEW_MATCHES + 1).push(") AS found");
    q.push(&order_by(query)).push(" LIMIT ");
    q.push_bind(i64::from(limit)).push(" OFFSET ").push_bind(i64::from(query.offset));
    let rows: Vec<CountedRow> = conn.fetch_all(q).await?;
    let matched = match rows.first() {
        Some(first) => first.matched,
        None if query.offset == 0 => 0,
        None => return Ok(None),
    };
    if matched > FEW_MATCHES {
        return Ok(None);
    }
    Ok(Some(PeoplePage {
        rows: rows.into_iter().map(|r| r.row.into_summary(today)).collect(),
        total: u32::try_from(matched).unwrap_or(u32::MAX),
        total_exact: true,
    }))
}

/// [`count`] for a search with no other filter, from the search's covering indexes alone: each
/// way of matching counts its own matches up to one past the bound (an index range, no table
/// row read), and the union of those is the count. When one way alone passes the bound, so does
/// the union; otherwise every way was counted whole and the union is exact.
async fn search_count(conn: &mut Conn<'_>, query: &PeopleQuery, patterns: &[Prefix; 3], up_to: Option<u32>) -> Result<(u32, bool)> {
    let backend = conn.backend();
    let archived = if query.include_archived { "" } else { " AND archived_on IS NULL" };
    let mut q = db::query("SELECT count(*) FROM (");
    for (i, (column, index, pattern)) in SEARCH_ARMS.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ");
        }
        let indexed = match backend {
            Backend::Sqlite => format!(" INDEXED BY {index}"),
            Backend::Postgres => String::new(),
        };
        q.push(&format!("SELECT id FROM (SELECT id FROM person{indexed} WHERE "));
        patterns[*pattern].push(&mut q, backend, column);
        q.push(archived);
        if let Some(up_to) = up_to {
            q.push(" LIMIT ").push_bind(i64::from(up_to) + 1);
        }
        q.push(")").push(&subquery_alias(backend, &format!("arm{i}")));
    }
    q.push(")").push(&subquery_alias(backend, "found"));
    let counted: i64 = conn.scalar(q).await?;
    Ok(bounded(counted, up_to))
}

impl Store {
    pub async fn person(&self, id: PersonId, today: NaiveDate) -> Result<Option<Person>> {
        let mut c = self.read().await?;
        person_by_id(&mut c.conn(), id, today).await
    }

    /// The person whose staff number is `staff_no` (already normalised by the rules).
    pub async fn person_id_by_staff_no(&self, staff_no: &str) -> Result<Option<PersonId>> {
        let id: Option<i64> = self.db.scalar_optional(query("SELECT id FROM person WHERE staff_no = ?").bind(staff_no)).await?;
        Ok(id.map(PersonId::from_stored))
    }

    pub async fn people(&self, query: &PeopleQuery) -> Result<PeoplePage> {
        self.people_on(query, None).await
    }

    /// A page of the people table with each person's stage, on-duty day and (given `today`) their
    /// next due item in its state on that day, as the projection of migration `people_view`
    /// holds them (the office keeps it current).
    pub async fn people_on(&self, query: &PeopleQuery, today: Option<NaiveDate>) -> Result<PeoplePage> {
        let limit = query.clamped_limit();
        // Counted exactly up to the threshold, or to the end of the page asked for when that
        // lies further; past it the pager says "N+" (docs/performance.md, "Counting broad matches").
        let cap = PeopleQuery::EXACT_TOTAL_UP_TO.max(query.offset.saturating_add(limit));
        self.people_window(query, today, limit, Some(cap)).await
    }

    /// Every person the query's search and filters match, in its order, up to `cap` of them (the
    /// Training screen's "everyone of this unit"), with how many match in all (counted exactly).
    pub async fn people_up_to(&self, query: &PeopleQuery, today: Option<NaiveDate>, cap: u32) -> Result<PeoplePage> {
        self.people_window(&PeopleQuery { offset: 0, ..query.clone() }, today, cap, None).await
    }

    /// A page of `limit` rows from the query's offset, and how many match: exactly, or when
    /// `count_up_to` is given and more than that many match, that many and "more".
    async fn people_window(
        &self,
        query: &PeopleQuery,
        today: Option<NaiveDate>,
        limit: u32,
        count_up_to: Option<u32>,
    ) -> Result<PeoplePage> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let backend = conn.backend();
        let only_searched =
            query.level.as_deref().is_none_or(str::is_empty) && query.unit.as_deref().is_none_or(str::is_empty) && query.stage.is_none();
        if backend == Backend::Postgres && looks_like_a_number(query) {
            if let Some(page) = few_matches(&mut conn, query, today, limit).await? {
                return Ok(page);
            }
        }
        let patterns = search_patterns(query).filter(|_| only_searched);
        let q = match &patterns {
            Some(patterns) if query.sort == SortKey::Name => name_sorted_search(query, patterns, limit, backend),
            _ => {
                let mut q = db::query(format!("SELECT {PERSON_COLUMNS}, {VIEW_COLUMNS} FROM person"));
                push_filters(&mut q, query, backend);
                q.push(&order_by(query)).push(" LIMIT ");
                q.push_bind(i64::from(limit)).push(" OFFSET ").push_bind(i64::from(query.offset));
                q
            }
        };
        // On the office server every statement is a round trip and a plan: the count a full page
        // needs is asked on a second connection while the page is read, so a search waits for one
        // statement, not two (its answer is dropped when the page says it all). Only with a
        // connection idle right now: waiting for one while holding this one could starve the
        // pool. On a file, and otherwise, the count follows the page, only when needed.
        let other = match backend {
            Backend::Postgres => self.db.try_acquire(),
            Backend::Sqlite => None,
        };
        let (rows, counted): (Vec<SummaryRow>, Option<Result<(u32, bool)>>) = match other {
            None => (conn.fetch_all(q).await?, None),
            Some(mut other) => {
                let counting = async {
                    let mut other = other.conn();
                    match &patterns {
                        Some(patterns) => search_count(&mut other, query, patterns, count_up_to).await,
                        None => count(&mut other, query, count_up_to).await,
                    }
                };
                let (page, counted) = tokio::join!(conn.fetch_all(q), counting);
                (page?, Some(counted))
            }
        };

        let shown = rows.len() as u32;
        let (total, exact) = if shown > 0 && shown < limit {
            // The last page: everything that matches is before its end.
            (query.offset + shown, true)
        } else if shown == 0 && query.offset == 0 {
            (0, true)
        } else if let Some(counted) = counted {
            counted?
        } else if let Some(patterns) = &patterns {
            search_count(&mut conn, query, patterns, count_up_to).await?
        } else {
            count(&mut conn, query, count_up_to).await?
        };
        Ok(PeoplePage { rows: rows.into_iter().map(|r| r.into_summary(today)).collect(), total, total_exact: exact })
    }
    /// Every person the query's search and filters match, whole and in its order, with no page
    /// (the export of the register): the level histories in one query, not one per person.
    pub async fn people_matching(&self, query: &PeopleQuery, today: NaiveDate) -> Result<Vec<Person>> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let mut q = db::query(format!("SELECT {PERSON_COLUMNS} FROM person"));
        push_filters(&mut q, query, conn.backend());
        q.push(&order_by(query));
        let rows: Vec<PersonRow> = conn.fetch_all(q).await?;
        let changes: Vec<(i64, LevelChangeRow)> = conn
            .fetch_all::<(i64, String, NaiveDate, String)>(db::query(
                "SELECT person_id, level, effective, reason FROM level_change ORDER BY id",
            ))
            .await?
            .into_iter()
            .map(|(pid, level, effective, reason)| (pid, LevelChangeRow { level, effective, reason }))
            .collect();
        let mut histories: std::collections::HashMap<i64, Vec<LevelChange>> = std::collections::HashMap::new();
        for (pid, row) in changes {
            histories.entry(pid).or_default().push(LevelChange::from(row));
        }
        rows.into_iter()
            .map(|row| {
                let history = histories.remove(&row.id).unwrap_or_default();
                row.into_person(history, today)
            })
            .collect()
    }

    pub async fn units(&self) -> Result<Vec<String>> {
        Ok(self.db.scalars(query("SELECT DISTINCT unit FROM person ORDER BY unit")).await?)
    }

    /// Every person's id, staff number and ID number (to match a roster's rows against).
    pub async fn people_keys(&self) -> Result<Vec<(PersonId, String, String)>> {
        let rows: Vec<(i64, String, String)> = self.db.fetch_all(query("SELECT id, staff_no, id_number FROM person")).await?;
        Ok(rows.into_iter().map(|(id, staff, number)| (PersonId::from_stored(id), staff, number)).collect())
    }

    pub async fn person_count(&self) -> Result<i64> {
        Ok(self.db.scalar(query("SELECT count(*) FROM person")).await?)
    }

    /// Whether anyone, archived or not, is in the register or a form was ever issued: read from
    /// the tables themselves, never through an index, so that a damaged index (which the quick
    /// check reports after sign-in, with the way back from a backup) does not keep the window
    /// from starting.
    pub async fn is_empty(&self) -> Result<bool> {
        // (PostgreSQL has no NOT INDEXED: an EXISTS of a whole table reads its first row there.)
        let any: bool = self
            .db
            .scalar(query(Sql::per(
                "SELECT EXISTS (SELECT 1 FROM person NOT INDEXED) OR EXISTS (SELECT 1 FROM issued_form NOT INDEXED)",
                "SELECT EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM issued_form)",
            )))
            .await?;
        Ok(!any)
    }
}

impl Tx {
    /// The whole ID number (the office records the read in the same transaction).
    pub async fn id_number(&mut self, id: PersonId) -> Result<String> {
        self.conn()
            .scalar_optional(query("SELECT id_number FROM person WHERE id = ?").bind(id.get()))
            .await?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    pub async fn person(&mut self, id: PersonId, today: NaiveDate) -> Result<Option<Person>> {
        person_by_id(&mut self.conn(), id, today).await
    }

    /// Inserts a new person with their first level, effective from the earlier of registration
    /// and the planned start (people registered after the fact were already at that level).
    pub async fn insert_person(&mut self, p: &ValidPerson, registered_on: NaiveDate) -> Result<PersonId> {
        let q = query(
            "INSERT INTO person (name, name_folded, name_pinyin, name_initials, staff_no, id_number, id_reversed, sex, \
             birth_date, unit, post, level, start_date, phone, notes, registered_on) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(p.name())
        .bind(&p.keys().folded)
        .bind(&p.keys().full)
        .bind(&p.keys().initials)
        .bind(p.staff_no())
        .bind(p.id_number())
        .bind(p.id_number().chars().rev().collect::<String>())
        .bind(sex_text(p.sex()))
        .bind(p.birth_date())
        .bind(p.unit())
        .bind(p.post())
        .bind(p.level().as_str())
        .bind(p.start_date())
        .bind(p.phone())
        .bind(p.notes())
        .bind(registered_on);
        let id: i64 = self.conn().scalar(q).await.map_err(|e| map_unique(e, p))?;
        let id = PersonId::from_stored(id);
        let first = LevelChange { level: p.level().clone(), effective: registered_on.min(p.start_date()), reason: String::new() };
        self.insert_level_change(id, &first).await?;
        Ok(id)
    }

    /// Rewrites a person's details; the level is changed only through [`Tx::insert_level_change`].
    pub async fn update_person(&mut self, id: PersonId, p: &ValidPerson) -> Result<()> {
        let q = query(
            "UPDATE person SET name = ?, name_folded = ?, name_pinyin = ?, name_initials = ?, staff_no = ?, id_number = ?, \
             id_reversed = ?, sex = ?, birth_date = ?, unit = ?, post = ?, start_date = ?, phone = ?, notes = ? WHERE id = ?",
        )
        .bind(p.name())
        .bind(&p.keys().folded)
        .bind(&p.keys().full)
        .bind(&p.keys().initials)
        .bind(p.staff_no())
        .bind(p.id_number())
        .bind(p.id_number().chars().rev().collect::<String>())
        .bind(sex_text(p.sex()))
        .bind(p.birth_date())
        .bind(p.unit())
        .bind(p.post())
        .bind(p.start_date())
        .bind(p.phone())
        .bind(p.notes())
        .bind(id.get());
        let done = self.conn().execute(q).await.map_err(|e| map_unique(e, p))?;
        if done.rows_affected == 0 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    pub async fn insert_level_change(&mut self, id: PersonId, change: &LevelChange) -> Result<()> {
        let q = query("INSERT INTO level_change (person_id, level, effective, reason) VALUES (?, ?, ?, ?)")
            .bind(id.get())
            .bind(change.level.as_str())
            .bind(change.effective)
            .bind(&change.reason);
        self.conn().execute(q).await?;
        Ok(())
    }

    /// Keeps the denormalised current level (used by filters and sorting) in step.
    pub async fn set_current_level(&mut self, id: PersonId, level: &str) -> Result<()> {
        self.conn().execute(query("UPDATE person SET level = ? WHERE id = ?").bind(level).bind(id.get())).await?;
        Ok(())
    }

    pub async fn set_archived(&mut self, id: PersonId, archived: Option<(NaiveDate, &str)>) -> Result<()> {
        let q = query("UPDATE person SET archived_on = ?, archive_reason = ? WHERE id = ?")
            .bind(archived.map(|a| a.0))
            .bind(archived.map(|a| a.1.to_owned()))
            .bind(id.get());
        self.conn().execute(q).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_range_ends_at_the_prefix_moved_on_by_one() {
        assert_eq!(successor("zhang").as_deref(), Some("zhanh"));
        assert_eq!(successor("z").as_deref(), Some("{"));
        assert_eq!(successor("张").as_deref(), Some("弡"));
        assert_eq!(successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{10FFFF}"), None);
    }

    #[test]
    fn the_search_is_a_glob_on_sqlite_and_a_range_on_postgres() {
        let query = PeopleQuery { search: "Zh*".into(), ..PeopleQuery::default() };
        let patterns = search_patterns(&query).expect("searched");
        let sqlite = name_sorted_search(&query, &patterns, 50, Backend::Sqlite);
        let postgres = name_sorted_search(&query, &patterns, 50, Backend::Postgres);
        assert!(sqlite.sql(Backend::Sqlite).contains("INDEXED BY person_name_initials WHERE name_initials GLOB ?"));
        let pg = postgres.sql(Backend::Postgres);
        assert!(!pg.contains("GLOB") && !pg.contains("INDEXED"));
        assert!(pg.contains(r#"(name_initials COLLATE "C" >= $"#));
    }

    #[test]
    fn a_staff_or_id_number_is_three_characters_with_a_digit() {
        let number = |typed: &str| looks_like_a_number(&PeopleQuery { search: typed.into(), ..PeopleQuery::default() });
        for typed in ["1024", "１０２４", "S0001", "Ｓ00", "x011", " 10 2 ", "张3丰"] {
            assert!(number(typed), "{typed}");
        }
        for typed in ["1", "10", "Ｓ0", "zhangwei", "张喆", "s o", ""] {
            assert!(!number(typed), "{typed}");
        }
    }
}
