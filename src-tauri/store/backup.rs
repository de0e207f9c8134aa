//! The register as one file, and back (issue 12).
//!
//! A backup is itself a register: a consistent copy made by `VACUUM INTO` while other clerks
//! keep writing — the scans of signed copies are inside it (`form_scan`), encrypted with it —
//! with one more table that only backups have: `backup_info` (one row: when it was taken, the
//! schema, the app, the register it came from). Backups taken while scans were files beside the
//! register carry them in a table of their own, `backup_scan` (the scan's name `scans/NAME`, its
//! bytes and their SHA-256); a restore of one moves them into `form_scan`. Examining a file reads
//! it through a connection that changes nothing.
//!
//! A restore does not rename files under open connections: the checked backup's pages are
//! copied into the live register by SQLite's online backup API, in one write transaction. Every
//! connection of every process (the window's pool, another clerk's window, a CLI command) sees
//! the restored register at its next read — none keeps writing into a file that was renamed
//! away, and the window needs no restart. While that transaction holds the write lock, the
//! register as it was is copied aside (`VACUUM INTO`, which reads the last committed state), so
//! nothing committed between the copy and the restore can be lost.

use std::ffi::{c_int, CString};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clearance_domain::audit::{verify, AuditEntry, Verification};
use libsqlite3_sys as sqlite;
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Row};

use super::audit::{audit_columns_of, AuditRow};
use super::files::{create_private_file, FileLock};
use super::key::{file_salt, known_for, RawKey};
use super::open::{backup_before, file_options, inspect, lock_path, not_a_database, stamp, Found, MIGRATOR};
use super::{db, Result, Store, StoreError};

/// The tables only a backup has; a restore removes them before the pages go live.
const BACKUP_TABLES: &str = "
    CREATE TABLE backup_info (
        taken_at        TEXT NOT NULL,
        schema_version  INTEGER NOT NULL,
        app_version     TEXT NOT NULL,
        source          TEXT NOT NULL,
        automatic       INTEGER NOT NULL
    ) STRICT;";

/// The scans table as the migration makes it (`CREATE TABLE IF NOT EXISTS`): made in a restore's
/// working copy of a backup taken before it, to carry that backup's scans over.
const FORM_SCAN_TABLE: &str = include_str!("../../migrations/sqlite/20261201000003_scans_in_register.sql");

/// What a backup says about itself (`backup_info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub taken_at: DateTime<Utc>,
    /// The last migration applied to the register it was taken from.
    pub schema: i64,
    pub app_version: String,
    /// The register's path.
    pub source: String,
    pub automatic: bool,
}

/// A scan found in a backup, and whether its bytes still have the SHA-256 written beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanCheck {
    /// The scan's name as the register records it (`scans/NAME`).
    pub path: String,
    pub bytes: u64,
    pub intact: bool,
}

/// What a file offered as a backup (or a plain register copy) holds, read without changing it.
#[derive(Debug, Clone)]
pub struct Examined {
    /// The last migration applied (the schema version).
    pub schema: i64,
    /// `None` for a plain register copy (a `.before-restore-…` file, a `.bak` copy).
    pub info: Option<BackupInfo>,
    /// What `PRAGMA integrity_check` found; empty when the file is sound.
    pub problems: Vec<String>,
    pub audit: Verification,
    pub people: i64,
    pub scans: Vec<ScanCheck>,
}

impl Examined {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty() && self.audit.first_broken.is_none() && self.scans.iter().all(|s| s.intact)
    }
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The SHA-256 of a file's bytes, read in pieces (a backup of a large register is large).
pub async fn sha256_file(path: &Path) -> std::io::Result<String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        Ok(hex::encode(hasher.finalize()))
    })
    .await
    .map_err(std::io::Error::other)?
}

/// A connection to a file that is being made (a backup before it takes its name, a restore's
/// working copy): a rollback journal, synced, nobody else on it.
async fn connect_private(path: &Path) -> Result<SqliteConnection> {
    // A copy of an encrypted register is encrypted with its key (`VACUUM INTO` keeps it).
    let options: SqliteConnectOptions = file_options(path, false)
        .await?
        .journal_mode(SqliteJournalMode::Delete)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(std::time::Duration::from_secs(10));
    SqliteConnection::connect_with(&options).await.map_err(not_a_database)
}

impl Store {
    /// A consistent copy of the register as it is now, written to `target` (made empty and
    /// private first: `VACUUM INTO` writes into an empty file and keeps its permissions). Other
    /// connections go on writing meanwhile; the copy has none of what they commit after it began.
    pub async fn copy_into(&self, target: &Path) -> Result<()> {
        // A register on the office server is backed up by the server's administrator
        // (pg_dump, the server's own backups): nothing is made here.
        let pool = self.sqlite_pool()?;
        create_private_file(target)?;
        sqlx::query("VACUUM INTO ?").bind(target.to_string_lossy().into_owned()).execute(pool).await?;
        Ok(())
    }

    /// The schema version: the last migration applied.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(self.db.scalar(db::query("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")).await?)
    }

    /// When the first audit entry was made (RFC 3339); `None` for a register nothing was done in.
    pub async fn first_audit_time(&self) -> Result<Option<String>> {
        Ok(self.db.scalar_optional(db::query("SELECT at FROM audit_log ORDER BY seq LIMIT 1")).await?)
    }

    /// The register's page size (a restored file must have the same, see [`prepare_restore`]).
    pub async fn page_size(&self) -> Result<i64> {
        // Read through the table-valued form and cast: after a `PRAGMA rekey` SQLCipher answers
        // `PRAGMA page_size` as text on the connection that ran it.
        Ok(sqlx::query_scalar("SELECT CAST(page_size AS INTEGER) FROM pragma_page_size()").fetch_one(self.sqlite_pool()?).await?)
    }

    /// After a restore: brings the restored pages' schema up to date, the usual way (a copy set
    /// aside as `<name>.before-<version>.bak` first, as opening does). Returns the migrations
    /// that were applied (none when the backup was of this version's schema).
    pub async fn upgrade_restored(&self, path: &Path) -> Result<Vec<i64>> {
        let pool = self.sqlite_pool()?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?;
        let pending: Vec<i64> = MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect();
        if let Some(first) = pending.first() {
            backup_before(pool, path, *first).await?;
            MIGRATOR.run(pool).await?;
        }
        stamp(pool).await?;
        // The restore wrote the whole register into the WAL: fold it back into the file now
        // rather than at some later writer's expense. Readers may hold it up; that is fine.
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await;
        Ok(pending)
    }
}

/// Writes what makes a copy of the register a backup: what it is (its scans are in the copy
/// already). Used on the copy [`Store::copy_into`] made, before it takes its name.
pub struct BackupWriter {
    conn: SqliteConnection,
}

impl BackupWriter {
    pub async fn open(copy: &Path) -> Result<BackupWriter> {
        let mut conn = connect_private(copy).await?;
        sqlx::raw_sql(BACKUP_TABLES).execute(&mut conn).await?;
        sqlx::query("BEGIN").execute(&mut conn).await?;
        Ok(BackupWriter { conn })
    }

    /// Records what the backup is, commits (synced) and closes the file. Returns the scans the
    /// copy holds.
    pub async fn finish(mut self, info: &BackupInfo) -> Result<u32> {
        sqlx::query("INSERT INTO backup_info (taken_at, schema_version, app_version, source, automatic) VALUES (?, ?, ?, ?, ?)")
            .bind(clearance_domain::audit::instant_text(info.taken_at))
            .bind(info.schema)
            .bind(&info.app_version)
            .bind(&info.source)
            .bind(info.automatic)
            .execute(&mut self.conn)
            .await?;
        let scans: i64 = sqlx::query_scalar("SELECT count(*) FROM form_scan").fetch_one(&mut self.conn).await?;
        sqlx::query("COMMIT").execute(&mut self.conn).await?;
        self.conn.close().await?;
        Ok(u32::try_from(scans).unwrap_or(u32::MAX))
    }
}

/// Looks at `file` as a backup, changing nothing: refuses what is not a register (not a
/// database, another program's database, an empty file) and a register of a newer schema; then
/// runs the full integrity check, verifies the audit chain and each scan's SHA-256.
pub async fn examine(file: &Path) -> Result<Examined> {
    let options = file_options(file, true).await?;
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(not_a_database)?;
    let applied = match inspect(&mut conn).await {
        Ok(Found::Register { applied }) => applied,
        other => {
            let _ = conn.close().await;
            return Err(other.err().unwrap_or(StoreError::NotARegister));
        }
    };
    let schema = applied.iter().copied().max().unwrap_or_default();
    // The full check on a connection of its own, while this one reads the trail and the scans and
    // hashes them: SQLite runs each connection on its own thread, so the two take the time of the
    // longer, not of both (a backup of a large register stays within seconds).
    let mut checker = SqliteConnection::connect_with(&options).await.map_err(not_a_database)?;
    let (problems, rest) = tokio::join!(integrity(&mut checker), contents_of(&mut conn, schema));
    let _ = checker.close().await;
    let _ = conn.close().await;
    let problems = problems?;
    if !problems.is_empty() {
        // What else is read from a damaged file cannot be trusted: the check's finding is the answer.
        return Ok(Examined {
            schema,
            info: None,
            problems,
            audit: Verification { entries: 0, first_broken: None },
            people: 0,
            scans: vec![],
        });
    }
    rest
}

/// `PRAGMA integrity_check`: the problems found, none when the file is sound.
async fn integrity(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    match sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_all(&mut *conn).await {
        Ok(rows) => Ok(rows.into_iter().filter(|p| p != "ok").collect()),
        // So damaged that the check itself stops ("malformed"): a damaged file all the same.
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("11") => Err(StoreError::Damaged(vec![])),
        Err(e) => Err(not_a_database(e)),
    }
}

/// The trail verified, the people counted, what the backup says it is, each scan's hash checked.
async fn contents_of(conn: &mut SqliteConnection, schema: i64) -> Result<Examined> {
    let problems = Vec::new();
    let columns = audit_columns_of(&mut super::db::Conn::Sqlite(&mut *conn)).await?;
    let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{columns} ORDER BY seq"))).fetch_all(&mut *conn).await?;
    let entries: Vec<AuditEntry> = rows.into_iter().map(AuditEntry::try_from).collect::<Result<_>>()?;
    let audit = verify(&entries);
    let people: i64 = sqlx::query_scalar("SELECT count(*) FROM person").fetch_one(&mut *conn).await?;
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('backup_info', 'backup_scan', 'form_scan')")
            .fetch_all(&mut *conn)
            .await?;
    let info = if tables.iter().any(|t| t == "backup_info") {
        let row = sqlx::query("SELECT taken_at, schema_version, app_version, source, automatic FROM backup_info LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some(r) => {
                let at: String = r.try_get(0)?;
                let taken_at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| StoreError::Corrupt(format!("backup time {at:?}: {e}")))?
                    .with_timezone(&Utc);
                Some(BackupInfo {
                    taken_at,
                    schema: r.try_get(1)?,
                    app_version: r.try_get(2)?,
                    source: r.try_get(3)?,
                    automatic: r.try_get(4)?,
                })
            }
            None => None,
        }
    } else {
        None
    };
    let mut scans = Vec::new();
    // One scan in memory at a time: a backup may hold many large ones.
    if tables.iter().any(|t| t == "backup_scan") {
        // Taken while scans were files beside the register.
        for path in sqlx::query_scalar::<_, String>("SELECT path FROM backup_scan ORDER BY path").fetch_all(&mut *conn).await? {
            let row = sqlx::query("SELECT bytes, sha256 FROM backup_scan WHERE path = ?").bind(&path).fetch_one(&mut *conn).await?;
            let bytes: Vec<u8> = row.try_get(0)?;
            let sha: String = row.try_get(1)?;
            scans.push(ScanCheck { intact: sha256_hex(&bytes) == sha, bytes: bytes.len() as u64, path });
        }
    }
    if tables.iter().any(|t| t == "form_scan") {
        let ids: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT s.form_id, f.scan_path FROM form_scan s LEFT JOIN issued_form f ON f.id = s.form_id ORDER BY f.year, f.seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (id, name) in ids {
            let row = sqlx::query(
                "SELECT s.bytes, s.sha256, f.scan_sha256 FROM form_scan s LEFT JOIN issued_form f ON f.id = s.form_id WHERE s.form_id = ?",
            )
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
            let bytes: Vec<u8> = row.try_get(0)?;
            let sha: String = row.try_get(1)?;
            let recorded: Option<String> = row.try_get(2)?;
            let hashed = sha256_hex(&bytes);
            let intact = hashed == sha && recorded.as_deref() == Some(sha.as_str());
            scans.push(ScanCheck { intact, bytes: bytes.len() as u64, path: name.unwrap_or_else(|| format!("form {id}")) });
        }
    }
    Ok(Examined { schema, info, problems, audit, people, scans })
}

/// The working copy a restore makes of the backup beside the register: the backup's content
/// (read through a connection that changes nothing, so a backup with a WAL beside it is read
/// whole), without the backup's own tables, with the live register's page size, compacted.
pub async fn prepare_restore(backup: &Path, working: &Path, page_size: i64) -> Result<()> {
    create_private_file(working)?;
    {
        let mut source = SqliteConnection::connect_with(&file_options(backup, true).await?).await.map_err(not_a_database)?;
        let copied = sqlx::query("VACUUM INTO ?").bind(working.to_string_lossy().into_owned()).execute(&mut source).await;
        let _ = source.close().await;
        copied.map_err(not_a_database)?;
    }
    let mut conn = connect_private(working).await?;
    let has_table: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'backup_scan'").fetch_one(&mut conn).await?;
    let had_scans: i64 = if has_table > 0 { sqlx::query_scalar("SELECT count(*) FROM backup_scan").fetch_one(&mut conn).await? } else { 0 };
    if had_scans > 0 {
        // A backup taken while scans were files: each scan its register records (by name and
        // hash) moves into `form_scan`, made here as the migration makes it (which then finds
        // it there). A file the backup carried that no form names was never part of the record.
        sqlx::raw_sql(FORM_SCAN_TABLE).execute(&mut conn).await?;
        sqlx::query(
            "INSERT OR REPLACE INTO form_scan (form_id, kind, size, sha256, bytes)              SELECT f.id, CASE WHEN substr(b.bytes, 1, 5) = CAST('%PDF-' AS BLOB) THEN 'pdf'                                WHEN substr(b.bytes, 1, 3) = x'FFD8FF' THEN 'jpg' ELSE 'png' END,                     length(b.bytes), b.sha256, b.bytes              FROM backup_scan b JOIN issued_form f ON f.scan_path = b.path AND f.scan_sha256 = b.sha256              WHERE length(b.bytes) > 0 AND length(b.bytes) <= 52428800                AND (substr(b.bytes, 1, 5) = CAST('%PDF-' AS BLOB) OR substr(b.bytes, 1, 3) = x'FFD8FF'                     OR substr(b.bytes, 1, 8) = x'89504E470D0A1A0A')",
        )
        .execute(&mut conn)
        .await?;
    }
    let own_size: i64 = sqlx::query_scalar("SELECT CAST(page_size AS INTEGER) FROM pragma_page_size()").fetch_one(&mut conn).await?;
    sqlx::raw_sql("DROP TABLE IF EXISTS backup_scan; DROP TABLE IF EXISTS backup_info;").execute(&mut conn).await?;
    if own_size != page_size || had_scans > 0 {
        // A WAL register can only take pages of its own size; VACUUM rebuilds the copy with them
        // (and gives back the space the scans took).
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA page_size = {page_size}"))).execute(&mut conn).await?;
        sqlx::query("VACUUM").execute(&mut conn).await?;
    }
    conn.close().await?;
    Ok(())
}

/// Why the restored pages did not go live (the register is then unchanged).
#[derive(Debug, PartialEq, Eq)]
pub enum ReplaceError {
    /// Another connection held the write lock for longer than the busy timeout.
    Busy,
    /// The disk is full.
    Full,
    /// Any other SQLite result code.
    Sqlite(i32),
}

/// Puts the pages of `working` (see [`prepare_restore`]) in place of the live register's at
/// `live`, in one write transaction, after copying the register as it was to `aside` while that
/// transaction holds the write lock. On any error the register is left as it was.
pub async fn replace_register(live: &Path, working: &Path, aside: &Path) -> Result<(), ReplaceError> {
    let (live, working, aside) = (live.to_path_buf(), working.to_path_buf(), aside.to_path_buf());
    tokio::task::spawn_blocking(move || replace_blocking(&live, &working, &aside))
        .await
        .unwrap_or(Err(ReplaceError::Sqlite(sqlite::SQLITE_ERROR)))
}

/// A database connection opened through the C API, closed when dropped.
struct Raw(*mut sqlite::sqlite3);

impl Raw {
    fn open(path: &Path, flags: c_int) -> Result<Raw, ReplaceError> {
        let name = path.to_str().and_then(|p| CString::new(p).ok()).ok_or(ReplaceError::Sqlite(sqlite::SQLITE_CANTOPEN))?;
        let mut db = std::ptr::null_mut();
        // SAFETY: `name` is a NUL-terminated string that outlives the call; `db` receives a handle
        // (or null), which `Raw` owns from here on and closes exactly once.
        let rc = unsafe { sqlite::sqlite3_open_v2(name.as_ptr(), &mut db, flags, std::ptr::null()) };
        let raw = Raw(db);
        if rc != sqlite::SQLITE_OK {
            return Err(code(rc));
        }
        // SAFETY: `raw.0` is an open handle.
        unsafe { sqlite::sqlite3_busy_timeout(raw.0, 10_000) };
        Ok(raw)
    }

    /// Opens `path` keyed, for an encrypted file, with the key known in this process that reads
    /// it; returns that key (`None` for a plain file).
    fn open_keyed(path: &Path, flags: c_int) -> Result<(Raw, Option<RawKey>), ReplaceError> {
        let cannot = |_| ReplaceError::Sqlite(sqlite::SQLITE_NOTADB);
        let Some(salt) = file_salt(path).map_err(cannot)? else { return Ok((Raw::open(path, flags)?, None)) };
        for key in known_for(&salt) {
            let raw = Raw::open(path, flags)?;
            raw.exec(&format!("PRAGMA key = {}", key.pragma_value().as_str()))?;
            if raw.exec("SELECT count(*) FROM sqlite_master").is_ok() {
                return Ok((raw, Some(key)));
            }
        }
        Err(ReplaceError::Sqlite(sqlite::SQLITE_NOTADB))
    }

    fn exec(&self, sql: &str) -> Result<(), ReplaceError> {
        let sql = CString::new(sql).map_err(|_| ReplaceError::Sqlite(sqlite::SQLITE_MISUSE))?;
        // SAFETY: an open handle and a NUL-terminated statement; no callback, no error message out.
        let rc = unsafe { sqlite::sqlite3_exec(self.0, sql.as_ptr(), None, std::ptr::null_mut(), std::ptr::null_mut()) };
        if rc == sqlite::SQLITE_OK {
            Ok(())
        } else {
            Err(code(rc))
        }
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        // SAFETY: the handle is ours and closed only here (null is accepted); every statement and
        // backup object made on it is finished before it is dropped.
        unsafe { sqlite::sqlite3_close(self.0) };
    }
}

fn code(rc: c_int) -> ReplaceError {
    match rc & 0xff {
        sqlite::SQLITE_BUSY | sqlite::SQLITE_LOCKED => ReplaceError::Busy,
        sqlite::SQLITE_FULL => ReplaceError::Full,
        other => ReplaceError::Sqlite(other),
    }
}

/// A text as an SQL string literal.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Rewrites the working copy `working` (read with `from`) under the live register's key `to`
/// (none: plain), so that its pages can be copied into the register: a backup taken before a
/// change of key, a plain backup restored into an encrypted register, or the other way round.
fn convert_working(working: &Path, from: Option<&RawKey>, to: Option<&RawKey>) -> Result<(), ReplaceError> {
    let converted = PathBuf::from(format!("{}.convert", working.display()));
    let _ = std::fs::remove_file(&converted);
    create_private_file(&converted).map_err(|_| ReplaceError::Sqlite(sqlite::SQLITE_CANTOPEN))?;
    let result = (|| {
        let source = Raw::open(working, sqlite::SQLITE_OPEN_READWRITE)?;
        if let Some(from) = from {
            source.exec(&format!("PRAGMA key = {}", from.pragma_value().as_str()))?;
        }
        let key = match to {
            Some(to) => to.pragma_value().to_string(),
            None => "''".to_owned(),
        };
        source.exec(&format!("ATTACH DATABASE {} AS converted KEY {key}", quoted(&converted.to_string_lossy())))?;
        source.exec("SELECT sqlcipher_export('converted')")?;
        // `sqlcipher_export` copies the schema and the rows, not the header's fields.
        let id: i64 = super::open::APPLICATION_ID;
        source.exec(&format!("PRAGMA converted.application_id = {id}"))?;
        source.exec("DETACH DATABASE converted")?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&converted);
        return result;
    }
    std::fs::rename(&converted, working).map_err(|_| ReplaceError::Sqlite(sqlite::SQLITE_CANTOPEN))
}

fn replace_blocking(live: &Path, working: &Path, aside: &Path) -> Result<(), ReplaceError> {
    let (dest, live_key) = Raw::open_keyed(live, sqlite::SQLITE_OPEN_READWRITE)?;
    dest.exec("PRAGMA synchronous = FULL")?;
    let (source, working_key) = Raw::open_keyed(working, sqlite::SQLITE_OPEN_READONLY)?;
    let source = if working_key != live_key {
        drop(source);
        convert_working(working, working_key.as_ref(), live_key.as_ref())?;
        let source = Raw::open(working, sqlite::SQLITE_OPEN_READONLY)?;
        if let Some(key) = &live_key {
            source.exec(&format!("PRAGMA key = {}", key.pragma_value().as_str()))?;
        }
        source
    } else {
        source
    };
    let reader = Raw::open(live, sqlite::SQLITE_OPEN_READWRITE)?;
    if let Some(key) = &live_key {
        reader.exec(&format!("PRAGMA key = {}", key.pragma_value().as_str()))?;
    }
    create_private_file(aside).map_err(|_| ReplaceError::Sqlite(sqlite::SQLITE_CANTOPEN))?;
    let main = c"main";
    // SAFETY: two distinct open handles and NUL-terminated names; the backup object is finished
    // below on every path before the handles are dropped.
    let backup = unsafe { sqlite::sqlite3_backup_init(dest.0, main.as_ptr(), source.0, main.as_ptr()) };
    if backup.is_null() {
        // SAFETY: an open handle.
        return Err(code(unsafe { sqlite::sqlite3_errcode(dest.0) }));
    }
    let finish = |result: Result<(), ReplaceError>| {
        // SAFETY: `backup` came from `sqlite3_backup_init` and is finished exactly once, here.
        let rc = unsafe { sqlite::sqlite3_backup_finish(backup) };
        match result {
            Ok(()) if rc != sqlite::SQLITE_OK => Err(code(rc)),
            other => other,
        }
    };
    // Copying no page yet takes the live register's write lock (waiting, like any writer, for
    // another clerk's short transaction) and keeps it until the copy is done or abandoned.
    // SAFETY: a live backup object.
    let rc = unsafe { sqlite::sqlite3_backup_step(backup, 0) };
    if rc != sqlite::SQLITE_OK && rc != sqlite::SQLITE_DONE {
        return finish(Err(code(rc)));
    }
    // Nobody can commit now: the register as it was is copied aside from its last committed
    // state (a reader in WAL mode is not held up by the writer).
    if let Err(e) = reader.exec(&format!("VACUUM INTO {}", quoted(&aside.to_string_lossy()))) {
        return finish(Err(e));
    }
    // SAFETY: a live backup object; -1 copies every remaining page and commits.
    let rc = unsafe { sqlite::sqlite3_backup_step(backup, -1) };
    if rc != sqlite::SQLITE_DONE {
        return finish(Err(code(rc)));
    }
    finish(Ok(()))
}

/// `<name>.<suffix>` beside `path`.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "register.db".into());
    path.with_file_name(format!("{name}{suffix}"))
}

/// Holds the lock a process takes to set up or migrate the register (`<name>.lock`): nobody
/// opens the register and migrates it while a restore replaces it.
pub async fn lock_register(path: &Path) -> Result<FileLock> {
    Ok(FileLock::exclusive(&lock_path(path)).await?)
}
