//! The two databases a register can live in — a SQLite file on this computer, or the office's
//! PostgreSQL server — behind one way of running a statement.
//!
//! A statement is written once, with SQLite's `?` placeholders; on PostgreSQL they are numbered
//! (`$1`, `$2`, …) as it runs. Where the two dialects differ, [`Sql::per`] keeps both texts side
//! by side so a reader sees the difference in one place. Values are bound through [`Arg`], so a
//! module's code is the same on both backends and only the SQL text may differ.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnection, PgPool, PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Decode, FromRow, Type};

/// Which database a register is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The text of a statement: one for both databases, or one each.
#[derive(Clone, Debug)]
pub struct Sql {
    sqlite: Cow<'static, str>,
    postgres: Option<Cow<'static, str>>,
}

impl Sql {
    /// A statement the two dialects write differently. The PostgreSQL text uses `?` placeholders
    /// too (numbered as it runs), so both read alike.
    pub fn per(sqlite: impl Into<Cow<'static, str>>, postgres: impl Into<Cow<'static, str>>) -> Sql {
        Sql { sqlite: sqlite.into(), postgres: Some(postgres.into()) }
    }

    /// The text for `backend`, placeholders as that database wants them.
    pub fn text(&self, backend: Backend) -> Cow<'_, str> {
        match backend {
            Backend::Sqlite => Cow::Borrowed(&self.sqlite),
            Backend::Postgres => Cow::Owned(numbered(self.postgres.as_deref().unwrap_or(&self.sqlite))),
        }
    }

    fn push(&mut self, text: &str) {
        self.sqlite.to_mut().push_str(text);
        if let Some(pg) = &mut self.postgres {
            pg.to_mut().push_str(text);
        }
    }
}

impl From<&'static str> for Sql {
    fn from(s: &'static str) -> Sql {
        Sql { sqlite: Cow::Borrowed(s), postgres: None }
    }
}

impl From<String> for Sql {
    fn from(s: String) -> Sql {
        Sql { sqlite: Cow::Owned(s), postgres: None }
    }
}

/// `?` and `?N` placeholders as PostgreSQL's `$N`; a `?` inside a quoted literal or identifier
/// is left alone.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1u32;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                out.push('$');
                if chars.peek().is_some_and(char::is_ascii_digit) {
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                } else {
                    out.push_str(&next.to_string());
                    next += 1;
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// A value bound to a placeholder, of a type both databases store the same way (a `bool` is
/// bound as 0 or 1).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($variant:ident: $($t:ty => $conv:expr),* $(,)?) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                #[allow(clippy::redundant_closure_call)]
                Arg::$variant(Some(($conv)(v)))
            }
        }
        impl From<Option<$t>> for Arg {
            fn from(v: Option<$t>) -> Arg {
                #[allow(clippy::redundant_closure_call)]
                Arg::$variant(v.map($conv))
            }
        }
    )*};
}

arg_from!(Int: i64 => |v| v, i32 => i64::from, u32 => i64::from, u16 => i64::from, u8 => i64::from,
    usize => |v: usize| i64::try_from(v).unwrap_or(i64::MAX), u64 => |v: u64| i64::try_from(v).unwrap_or(i64::MAX));
arg_from!(Real: f64 => |v| v);
arg_from!(Text: String => |v| v, &str => str::to_owned, &String => String::clone, Cow<'_, str> => Cow::into_owned);
arg_from!(Date: NaiveDate => |v| v, &NaiveDate => |v: &NaiveDate| *v);
// A flag is stored as 0 or 1 on both databases (BIGINT on PostgreSQL), as SQLite always has.
arg_from!(Int: bool => i64::from);
arg_from!(Bytes: Vec<u8> => |v| v, &[u8] => <[u8]>::to_vec, &Vec<u8> => Vec::clone);

/// A statement and its values, ready to run on either database. Built whole
/// (`query(sql).bind(a).bind(b)`) or a piece at a time ([`Query::push`], [`Query::push_bind`])
/// where the filters decide the text.
#[derive(Clone, Debug)]
pub struct Query {
    sql: Sql,
    args: Vec<Arg>,
}

pub fn query(sql: impl Into<Sql>) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

impl Query {
    pub fn bind(mut self, value: impl Into<Arg>) -> Query {
        self.args.push(value.into());
        self
    }

    /// Appends text (the same on both databases).
    pub fn push(&mut self, text: &str) -> &mut Query {
        self.sql.push(text);
        self
    }

    /// Appends a placeholder and its value.
    pub fn push_bind(&mut self, value: impl Into<Arg>) -> &mut Query {
        self.sql.push("?");
        self.args.push(value.into());
        self
    }

    /// Appends `?, ?, …` for each value (an `IN (…)` list; write the parentheses around it).
    pub fn push_binds<T: Into<Arg>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Query {
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(v);
        }
        self
    }

    pub fn sql(&self, backend: Backend) -> Cow<'_, str> {
        self.sql.text(backend)
    }
}

/// A row type both databases can decode (`#[derive(sqlx::FromRow)]` structs and tuples).
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// A single column's type both databases can decode.
pub trait Value: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin {}
impl<T> Value for T where T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin {}

/// What a statement changed.
#[derive(Clone, Copy, Debug)]
pub struct Done {
    pub rows_affected: u64,
}

/// A connection to either database, borrowed for one or more statements.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                Arg::Int(v) => q.bind(v),
                Arg::Real(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

macro_rules! run_as {
    ($conn:expr, $query:expr, $out:ty, $fetch:ident) => {{
        let Query { sql, args } = $query;
        match $conn {
            Conn::Sqlite(c) => {
                let text = sqlx::AssertSqlSafe(sql.text(Backend::Sqlite).into_owned());
                bind_all!(sqlx::query_as::<Sqlite, $out>(text), args).$fetch(&mut **c).await
            }
            Conn::Postgres(c) => {
                let text = sqlx::AssertSqlSafe(sql.text(Backend::Postgres).into_owned());
                noted(bind_all!(sqlx::query_as::<Postgres, $out>(text), args).$fetch(&mut **c).await)
            }
        }
    }};
}

/// The connection to the server is gone, or none can be made: a network or server failure, not
/// a refusal of what was asked.
pub fn connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // connection_exception (08…), admin_shutdown / crash_shutdown / cannot_connect_now (57P0…).
        sqlx::Error::Database(db) => db.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

/// When a statement on the office server last found its connection gone, in milliseconds of
/// [`uptime`] (0: never). While that is recent the pool checks every connection before handing
/// it out, however recently it was used (open_server.rs, `PING_AFTER_IDLE`): the server may
/// have dropped the others too.
static LOST_AT_MS: AtomicU64 = AtomicU64::new(0);

fn uptime() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// `result`, noting a lost connection (see [`LOST_AT_MS`]).
fn noted<T>(result: Result<T, sqlx::Error>) -> Result<T, sqlx::Error> {
    if let Err(e) = &result {
        if connection_lost(e) {
            let now = u64::try_from(uptime().as_millis()).unwrap_or(u64::MAX);
            LOST_AT_MS.store(now.saturating_add(1), Ordering::Relaxed);
        }
    }
    result
}

/// Whether a statement found its connection to the server gone within the last `window`.
pub fn connection_lost_within(window: Duration) -> bool {
    let at = LOST_AT_MS.load(Ordering::Relaxed);
    let now = u64::try_from(uptime().as_millis()).unwrap_or(u64::MAX).saturating_add(1);
    at != 0 && now.saturating_sub(at) <= u64::try_from(window.as_millis()).unwrap_or(u64::MAX)
}

impl Conn<'_> {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// The same connection, borrowed again (to hand to a helper and go on using it after).
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(c) => Conn::Sqlite(c),
            Conn::Postgres(c) => Conn::Postgres(c),
        }
    }

    pub async fn execute(&mut self, query: Query) -> Result<Done, sqlx::Error> {
        let Query { sql, args } = query;
        let rows_affected = match self {
            Conn::Sqlite(c) => {
                let text = sqlx::AssertSqlSafe(sql.text(Backend::Sqlite).into_owned());
                bind_all!(sqlx::query::<Sqlite>(text), args).execute(&mut **c).await?.rows_affected()
            }
            Conn::Postgres(c) => {
                let text = sqlx::AssertSqlSafe(sql.text(Backend::Postgres).into_owned());
                noted(bind_all!(sqlx::query::<Postgres>(text), args).execute(&mut **c).await)?.rows_affected()
            }
        };
        Ok(Done { rows_affected })
    }

    pub async fn fetch_all<T: Record>(&mut self, query: Query) -> Result<Vec<T>, sqlx::Error> {
        run_as!(self, query, T, fetch_all)
    }

    pub async fn fetch_optional<T: Record>(&mut self, query: Query) -> Result<Option<T>, sqlx::Error> {
        run_as!(self, query, T, fetch_optional)
    }

    pub async fn fetch_one<T: Record>(&mut self, query: Query) -> Result<T, sqlx::Error> {
        run_as!(self, query, T, fetch_one)
    }

    /// The first column of the one row the statement returns.
    pub async fn scalar<T: Value>(&mut self, query: Query) -> Result<T, sqlx::Error> {
        Ok(self.fetch_one::<(T,)>(query).await?.0)
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar_optional<T: Value>(&mut self, query: Query) -> Result<Option<T>, sqlx::Error> {
        Ok(self.fetch_optional::<(T,)>(query).await?.map(|r| r.0))
    }

    /// The first column of every row.
    pub async fn scalars<T: Value>(&mut self, query: Query) -> Result<Vec<T>, sqlx::Error> {
        Ok(self.fetch_all::<(T,)>(query).await?.into_iter().map(|r| r.0).collect())
    }
}

/// The register's pool of connections, on either database.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection taken from the pool for a while (returned when dropped).
pub enum Pooled {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Pooled {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Sqlite(c) => Conn::Sqlite(c),
            Pooled::Postgres(c) => Conn::Postgres(c),
        }
    }
}

impl Pool {
    pub fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite(p) => Pooled::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Pooled::Postgres(p.acquire().await?),
        })
    }

    /// An idle connection of the pool, if one is free right now (never waits, never connects).
    pub fn try_acquire(&self) -> Option<Pooled> {
        match self {
            Pool::Sqlite(p) => p.try_acquire().map(Pooled::Sqlite),
            Pool::Postgres(p) => p.try_acquire().map(Pooled::Postgres),
        }
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// Runs one statement on a connection of the pool.
    pub async fn execute(&self, query: Query) -> Result<Done, sqlx::Error> {
        self.acquire().await?.conn().execute(query).await
    }

    pub async fn fetch_all<T: Record>(&self, query: Query) -> Result<Vec<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_all(query).await
    }

    pub async fn fetch_optional<T: Record>(&self, query: Query) -> Result<Option<T>, sqlx::Error> {
        self.acquire().await?.conn().fetch_optional(query).await
    }

    pub async fn fetch_one<T: Record>(&self, query: Query) -> Result<T, sqlx::Error> {
        self.acquire().await?.conn().fetch_one(query).await
    }

    pub async fn scalar<T: Value>(&self, query: Query) -> Result<T, sqlx::Error> {
        self.acquire().await?.conn().scalar(query).await
    }

    pub async fn scalar_optional<T: Value>(&self, query: Query) -> Result<Option<T>, sqlx::Error> {
        self.acquire().await?.conn().scalar_optional(query).await
    }

    pub async fn scalars<T: Value>(&self, query: Query) -> Result<Vec<T>, sqlx::Error> {
        self.acquire().await?.conn().scalars(query).await
    }
}

/// An open write transaction on either database.
pub enum Transaction {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Every writer on the office server takes this transaction-scoped advisory lock first, so
/// writers queue one after another as they do on a SQLite file (`BEGIN IMMEDIATE`): form numbers
/// stay gap-free and the audit chain stays one chain under several clerks. ("CT" and "write".)
pub const WRITE_LOCK: i64 = 0x0043_5477_7269_7465;

impl Transaction {
    /// Begins a write transaction that no other writer can interleave with.
    pub async fn begin(pool: &Pool) -> Result<Transaction, sqlx::Error> {
        Ok(match pool {
            Pool::Sqlite(p) => Transaction::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => {
                let mut tx = noted(p.begin().await)?;
                noted(sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await)?;
                Transaction::Postgres(tx)
            }
        })
    }

    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Transaction::Sqlite(t) => Conn::Sqlite(t),
            Transaction::Postgres(t) => Conn::Postgres(t),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Transaction::Sqlite(_) => Backend::Sqlite,
            Transaction::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Transaction::Sqlite(t) => t.commit().await,
            Transaction::Postgres(t) => noted(t.commit().await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_outside_quotes() {
        assert_eq!(numbered("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"), "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
        assert_eq!(numbered("SELECT '?' || ?, \"a?\" FROM t WHERE x = ?"), "SELECT '?' || $1, \"a?\" FROM t WHERE x = $2");
        assert_eq!(numbered("SELECT ?1, ?2 WHERE ?1 < ?12"), "SELECT $1, $2 WHERE $1 < $12");
        assert_eq!(numbered("SELECT 'it''s ?' , ?"), "SELECT 'it''s ?' , $1");
    }

    #[test]
    fn a_pushed_statement_keeps_both_texts_in_step() {
        let mut q = query(Sql::per("SELECT x FROM t WHERE a IN (", "SELECT x::bigint FROM t WHERE a IN ("));
        q.push_binds([1i64, 2, 3]).push(")");
        assert_eq!(q.sql(Backend::Sqlite), "SELECT x FROM t WHERE a IN (?, ?, ?)");
        assert_eq!(q.sql(Backend::Postgres), "SELECT x::bigint FROM t WHERE a IN ($1, $2, $3)");
        assert_eq!(q.args.len(), 3);
    }
}
