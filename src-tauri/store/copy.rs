//! Moving a register file to the office server (`clearance-tracker migrate`, issue 16): every
//! table of the file copied into the server's register in one server transaction, in the order
//! the foreign keys ask (a table after the tables it refers to), ids kept, so every reference,
//! the audit chain with its signatures and the key that signed them arrive as they were. The
//! identity sequences are then set past the copied ids. The file is only read (in one read
//! transaction, so the copy is of one moment); the reminders' projection is not copied but left
//! to be rebuilt on the server from the copied records.
//!
//! The tables and their columns are read from the two schemas, not listed here: a column the
//! file has and the server lacks stops the copy before anything is written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sqlx::postgres::{PgConnection, Postgres};
use sqlx::sqlite::SqliteConnection;
use sqlx::{Acquire, Row, TypeInfo, ValueRef};

use super::db;
use super::projection::PROJECTION_BASIS;
use super::{Result, Store, StoreError};

/// Tables that are not records: the migrations' own bookkeeping, and the reminders' projection
/// (computed from the records; rebuilt on the server by its first reader).
const NOT_COPIED: &[&str] = &["_sqlx_migrations", "reminder_projection", "reminder_projection_person"];

/// Settings that describe the copy's source rather than the register: the projection's basis
/// (absent, the projection is rebuilt on the server).
const SETTINGS_NOT_COPIED: &[&str] = &[PROJECTION_BASIS];

/// Tables whose rows make a register "not empty": a target holding any of them is refused.
const RECORD_TABLES: &[&str] = &["person", "audit_log", "account", "issued_form", "trip", "travel_document", "training_session"];

/// Rows per INSERT on the server: as many as PostgreSQL's 65,535 values a statement comfortably
/// allow for the table's columns, at most 2,000. Each statement is a round trip, and sqlx 0.9.0
/// lets Nagle's algorithm hold each one's last segment until the server's delayed ACK (~40 ms,
/// see `store/projection.rs`): few large statements, not many small ones. A table of scans or
/// photographs (a few MB a row) goes 16 rows at a time, so a batch stays in memory's reach.
fn batch_rows(columns: &[Column]) -> usize {
    if columns.iter().any(|c| matches!(c.kind, Kind::Bytes)) {
        return 16;
    }
    (60_000 / columns.len().max(1)).clamp(1, 2_000)
}

/// One table copied: its rows in the file and on the server afterwards.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TableCopied {
    pub table: String,
    pub source_rows: i64,
    pub target_rows: i64,
}

/// What the copy did.
#[derive(Clone, Debug)]
pub enum CopyOutcome {
    /// Every table copied (in the order copied) and committed.
    Copied(Vec<TableCopied>),
    /// The server's register already holds records (`rows` in `table`): nothing was written.
    NotEmpty { table: String, rows: i64 },
}

/// How a column is stored on the server.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Int,
    Real,
    Text,
    Date,
    Bytes,
    Bool,
    /// Another type, given as text and cast by the server (`CAST($n AS type)`).
    Cast(String),
}

#[derive(Clone, Debug)]
struct Column {
    name: String,
    kind: Kind,
    identity: bool,
}

/// A value as the file holds it.
#[derive(Clone, Debug)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

impl Store {
    /// Copies the register file `source` (a SQLite register, opened read-only is enough) into
    /// this register on the office server, in one transaction of the server; refused with
    /// nothing written when the server's register already holds records.
    pub async fn copy_from_file(&self, source: &Store, mut progress: impl FnMut(&str, i64)) -> Result<CopyOutcome> {
        let file = source.sqlite_pool()?;
        let db::Pool::Postgres(server) = &self.db else {
            return Err(StoreError::Corrupt("the target of a copy is not an office server register".into()));
        };
        let mut conn = file.acquire().await?;
        let mut read = conn.begin().await?;
        let mut tx = server.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(db::WRITE_LOCK).execute(&mut *tx).await?;

        let (tables, circles) = file_tables(&mut read).await?;
        let server_tables = server_tables(&mut tx).await?;
        for table in RECORD_TABLES.iter().filter(|t| server_tables.contains(**t)) {
            let rows: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {}", ident(table)))).fetch_one(&mut *tx).await?;
            if rows > 0 {
                return Ok(CopyOutcome::NotEmpty { table: (*table).to_owned(), rows });
            }
        }

        // Every table and column checked before anything is written.
        let mut plan = Vec::new();
        for table in &tables {
            if !server_tables.contains(table.as_str()) {
                return Err(corrupt(format!("the table {table} has no place on the office server")));
            }
            let file_columns = file_columns(&mut read, table).await?;
            let server_columns = server_columns(&mut tx, table).await?;
            let mut columns = Vec::new();
            for name in &file_columns {
                match server_columns.iter().find(|c| &c.name == name) {
                    Some(c) => columns.push(c.clone()),
                    None => return Err(corrupt(format!("the column {table}.{name} has no place on the office server"))),
                }
            }
            plan.push((table.clone(), columns));
        }

        // The references that go round in a circle are checked at the end of the copy (the
        // role owning the tables may change when; no other role would be moving a register).
        let mut deferred = Vec::new();
        for (table, referred) in &circles {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND NOT condeferrable \
                 AND conrelid = to_regclass(quote_ident($1)) AND confrelid = to_regclass(quote_ident($2))",
            )
            .bind(table)
            .bind(referred)
            .fetch_all(&mut *tx)
            .await?;
            for name in names {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "ALTER TABLE {} ALTER CONSTRAINT {} DEFERRABLE INITIALLY DEFERRED",
                    ident(table),
                    ident(&name)
                )))
                .execute(&mut *tx)
                .await?;
                deferred.push((table.clone(), name));
            }
        }

        let mut copied = Vec::new();
        for (table, columns) in &plan {
            // Rows the server's migrations put there themselves (settings, say) give way to the
            // file's.
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {}", ident(table)))).execute(&mut *tx).await?;
            let source_rows = copy_table(&mut read, &mut tx, table, columns, &mut progress).await?;
            let target_rows: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {}", ident(table)))).fetch_one(&mut *tx).await?;
            for column in columns.iter().filter(|c| c.identity) {
                let (t, c) = (ident(table), ident(&column.name));
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max({c}) FROM {t}), 1), \
                     (SELECT max({c}) FROM {t}) IS NOT NULL)"
                )))
                .bind(table)
                .bind(&column.name)
                .execute(&mut *tx)
                .await?;
            }
            copied.push(TableCopied { table: table.clone(), source_rows, target_rows });
        }
        // The references that went round in a circle, checked now that every row is there,
        // and checked at once again from now on.
        sqlx::query("SET CONSTRAINTS ALL IMMEDIATE").execute(&mut *tx).await?;
        for (table, name) in &deferred {
            sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {} ALTER CONSTRAINT {} NOT DEFERRABLE", ident(table), ident(name))))
                .execute(&mut *tx)
                .await?;
        }
        // The projection is rebuilt on the server from what was copied.
        if server_tables.contains("reminder_projection") {
            sqlx::query("DELETE FROM reminder_projection").execute(&mut *tx).await?;
            sqlx::query("DELETE FROM reminder_projection_person").execute(&mut *tx).await?;
        }
        tx.commit().await?;
        read.rollback().await?;
        Ok(CopyOutcome::Copied(copied))
    }

    /// The number of rows in each of `tables` (a table missing: none).
    pub async fn table_counts(&self, tables: &[String]) -> Result<Vec<i64>> {
        let mut out = Vec::with_capacity(tables.len());
        let mut c = self.read().await?;
        for table in tables {
            let exists: bool = match self.backend() {
                db::Backend::Sqlite => {
                    c.conn().scalar(db::query("SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?)").bind(table)).await?
                }
                db::Backend::Postgres => {
                    c.conn()
                        .scalar(
                            db::query("SELECT EXISTS(SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?)")
                                .bind(table),
                        )
                        .await?
                }
            };
            out.push(if exists { c.conn().scalar(db::query(format!("SELECT count(*) FROM {}", ident(table)))).await? } else { 0 });
        }
        Ok(out)
    }
}

/// The file's tables to copy, a table after every table it refers to (then by name). Where the
/// references go round in a circle (a trip names its document, the document the trip it is out
/// for), a table of the circle is copied before the tables it refers to: those references
/// (table, referred table) are returned, to be checked at the end of the copy.
async fn file_tables(read: &mut SqliteConnection) -> Result<(Vec<String>, Vec<(String, String)>)> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .fetch_all(&mut *read)
    .await?;
    let names: Vec<String> = names.into_iter().filter(|n| !NOT_COPIED.contains(&n.as_str())).collect();
    let edges: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.name, f.\"table\", f.\"from\" FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
    )
    .fetch_all(&mut *read)
    .await?;
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = names.iter().map(|n| (n.as_str(), BTreeSet::new())).collect();
    for (from, to, _) in &edges {
        if from != to && needs.contains_key(to.as_str()) {
            if let Some(set) = needs.get_mut(from.as_str()) {
                set.insert(to.as_str());
            }
        }
    }
    let mut order: Vec<String> = Vec::with_capacity(names.len());
    let mut circles: Vec<(String, String)> = Vec::new();
    while order.len() < names.len() {
        let done = |t: &str, order: &[String]| order.iter().any(|o| o == t);
        let ready: Vec<&str> =
            needs.iter().filter(|(n, deps)| !done(n, &order) && deps.iter().all(|d| done(d, &order))).map(|(n, _)| *n).collect();
        if ready.is_empty() {
            // A circle: found by following what a table waits for until a table comes round
            // again; that table waits no longer, its references are checked at the end.
            let Some(mut first) = needs.keys().find(|n| !done(n, &order)).copied() else { break };
            let mut seen: Vec<&str> = Vec::new();
            while !seen.contains(&first) {
                seen.push(first);
                match needs[first].iter().find(|d| !done(d, &order)) {
                    Some(next) => first = next,
                    None => break,
                }
            }
            let waiting: Vec<&str> = needs[first].iter().filter(|d| !done(d, &order)).copied().collect();
            circles.extend(waiting.iter().map(|w| (first.to_owned(), (*w).to_owned())));
            if let Some(set) = needs.get_mut(first) {
                set.retain(|d| !waiting.contains(d));
            }
            continue;
        }
        order.extend(ready.into_iter().map(str::to_owned));
    }
    Ok((order, circles))
}

async fn file_columns(read: &mut SqliteConnection, table: &str) -> Result<Vec<String>> {
    // table_info leaves generated columns out: they are computed again on the server.
    Ok(sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid").bind(table).fetch_all(&mut *read).await?)
}

async fn server_tables(tx: &mut PgConnection) -> Result<BTreeSet<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(names.into_iter().collect())
}

async fn server_columns(tx: &mut PgConnection, table: &str) -> Result<Vec<Column>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text, udt_name::text, is_identity::text, is_generated::text \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, _, generated)| generated != "ALWAYS")
        .map(|(name, data_type, udt, identity, _)| {
            let kind = match data_type.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Int,
                "double precision" | "real" => Kind::Real,
                "text" | "character varying" | "character" => Kind::Text,
                "date" => Kind::Date,
                "bytea" => Kind::Bytes,
                "boolean" => Kind::Bool,
                _ => Kind::Cast(udt),
            };
            Column { name, kind, identity: identity == "YES" }
        })
        .collect())
}

/// Copies one table a batch at a time (in rowid order); the rows read.
async fn copy_table(
    read: &mut SqliteConnection,
    tx: &mut PgConnection,
    table: &str,
    columns: &[Column],
    progress: &mut impl FnMut(&str, i64),
) -> Result<i64> {
    if columns.is_empty() {
        return Ok(0);
    }
    let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
    let batch = batch_rows(columns);
    let select = format!("SELECT rowid, {} FROM {} WHERE rowid > ? ORDER BY rowid LIMIT {batch}", names.join(", "), ident(table));
    let identity = if columns.iter().any(|c| c.identity) { " OVERRIDING SYSTEM VALUE" } else { "" };
    let head = format!("INSERT INTO {} ({}){identity} VALUES ", ident(table), names.join(", "));
    let mut after = i64::MIN;
    let mut total = 0i64;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone())).bind(after).fetch_all(&mut *read).await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get::<i64, _>(0)?;
        let mut sql = head.clone();
        let mut n = 0usize;
        for (r, _) in rows.iter().enumerate() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                match &column.kind {
                    Kind::Cast(t) => sql.push_str(&format!("CAST(${n} AS {})", ident(t))),
                    _ => sql.push_str(&format!("${n}")),
                }
            }
            sql.push(')');
        }
        let mut insert = sqlx::query::<Postgres>(sqlx::AssertSqlSafe(sql));
        for row in &rows {
            for (i, column) in columns.iter().enumerate() {
                insert = bind(insert, value_at(row, i + 1)?, column, table)?;
            }
        }
        insert.execute(&mut *tx).await?;
        total += rows.len() as i64;
        progress(table, total);
        if rows.len() < batch {
            break;
        }
    }
    // The settings that describe the file, not the register, are not kept (nor counted: the
    // count is of the file's records, compared with the server's after the copy).
    if table == "setting" {
        for key in SETTINGS_NOT_COPIED {
            let dropped = sqlx::query("DELETE FROM setting WHERE key = $1").bind(key).execute(&mut *tx).await?;
            total -= i64::try_from(dropped.rows_affected()).unwrap_or(0);
        }
    }
    Ok(total)
}

/// The value in column `i` of a file's row, as stored (SQLite's storage class).
fn value_at(row: &sqlx::sqlite::SqliteRow, i: usize) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let class = raw.type_info().name().to_ascii_uppercase();
    Ok(match class.as_str() {
        "INTEGER" | "INT" | "BIGINT" | "BOOLEAN" => Value::Int(row.try_get_unchecked::<i64, _>(i)?),
        "REAL" | "FLOAT" | "DOUBLE" => Value::Real(row.try_get_unchecked::<f64, _>(i)?),
        "BLOB" => Value::Blob(row.try_get_unchecked::<Vec<u8>, _>(i)?),
        _ => Value::Text(row.try_get_unchecked::<String, _>(i)?),
    })
}

type Insert<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

/// Binds a file's value to the server column's type; a value that cannot be one is refused.
fn bind<'q>(q: Insert<'q>, value: Value, column: &Column, table: &str) -> Result<Insert<'q>> {
    let wrong = |v: &Value| corrupt(format!("{table}.{} holds {v:?}, not a value of its kind", column.name));
    Ok(match (&column.kind, value) {
        (Kind::Int, Value::Null) => q.bind(None::<i64>),
        (Kind::Int, Value::Int(i)) => q.bind(i),
        (Kind::Int, Value::Text(t)) => q.bind(t.trim().parse::<i64>().map_err(|_| wrong(&Value::Text(t.clone())))?),
        (Kind::Real, Value::Null) => q.bind(None::<f64>),
        (Kind::Real, Value::Real(f)) => q.bind(f),
        (Kind::Real, Value::Int(i)) => q.bind(i as f64),
        (Kind::Bool, Value::Null) => q.bind(None::<bool>),
        (Kind::Bool, Value::Int(i)) => q.bind(i != 0),
        (Kind::Text | Kind::Cast(_), Value::Null) => q.bind(None::<String>),
        (Kind::Text | Kind::Cast(_), Value::Text(t)) => q.bind(t),
        (Kind::Text | Kind::Cast(_), Value::Int(i)) => q.bind(i.to_string()),
        (Kind::Text | Kind::Cast(_), Value::Real(f)) => q.bind(f.to_string()),
        (Kind::Text | Kind::Cast(_), Value::Blob(b)) => q.bind(String::from_utf8(b).map_err(|e| wrong(&Value::Blob(e.into_bytes())))?),
        (Kind::Date, Value::Null) => q.bind(None::<NaiveDate>),
        (Kind::Date, Value::Text(t)) => {
            q.bind(NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| wrong(&Value::Text(t.clone())))?)
        }
        (Kind::Bytes, Value::Null) => q.bind(None::<Vec<u8>>),
        (Kind::Bytes, Value::Blob(b)) => q.bind(b),
        (Kind::Bytes, Value::Text(t)) => q.bind(t.into_bytes()),
        (_, v) => return Err(wrong(&v)),
    })
}
