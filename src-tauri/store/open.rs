//! Opening the register file: what it must be before anything is read or written, the pragmas,
//! a copy set aside before any pending migration, the migrations (one process at a time).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Connection;

use super::files::{create_private_dir, create_private_file, make_private, FileLock};
use super::key::{
    file_salt, hold_file, known_for, quiet_sqlcipher, register_state, remember, writable_without_closing, Key, RawKey, RegisterState,
};
use super::{db, Result, Store, StoreError};

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// Written in the SQLite header of every register (`PRAGMA application_id`, "CTR1"): another
/// program's database is told apart from an office's register before anything is changed.
pub const APPLICATION_ID: i64 = 0x4354_5231;

/// The setting that names the version of the app that last brought the schema up to date, so a
/// register from a newer version can say which one to install.
const WRITTEN_BY: &str = "schema_written_by";

pub struct OpenOptions {
    pub path: PathBuf,
    /// Connections in the pool; SQLite serialises writers anyway, a few readers are plenty.
    pub max_connections: u32,
    /// Open for reading only, even when the file could be written.
    pub read_only: bool,
    /// How long a write waits for another process's transaction before it is refused as busy.
    pub busy_timeout: Duration,
    /// The passphrase or recovery key of an encrypted register; for a new file, encrypts it.
    pub key: Option<Key>,
}

impl OpenOptions {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        OpenOptions {
            path: path.into(),
            max_connections: MAX_CONNECTIONS,
            read_only: false,
            busy_timeout: Duration::from_secs(10),
            key: None,
        }
    }

    /// The key of an encrypted register. Given for a new (missing or empty) file, the register is
    /// made encrypted with it; for a plain register it is not used.
    pub fn key(mut self, key: Option<Key>) -> Self {
        self.key = key;
        self
    }

    /// The window waits less and says so (then retries with a visible wait); a CLI command,
    /// often run from a script, waits longer.
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }
}

/// What the file holds before anything is done to it.
pub(super) enum Found {
    /// An empty file (new, or made by another process that is about to set it up).
    Empty,
    /// A register, with the migrations applied to it.
    Register { applied: Vec<i64> },
}

/// Opens (creating if needed) the register at `options.path` and brings its schema up to date.
///
/// Refused, with nothing changed: a file that is not a register (another program's database,
/// or not a database at all), a register written by a newer version, a damaged one that needs
/// a migration. A file the user may not write is opened read-only (when no migration is due).
/// Before a pending migration on a file that holds data, the file is copied aside as
/// `<name>.before-<version>.bak`. The register and everything made beside it is readable by its
/// owner only.
pub async fn open(options: OpenOptions) -> Result<Store> {
    quiet_sqlcipher();
    let path = &options.path;
    if path.exists() && !path.is_file() {
        return Err(StoreError::NotARegister);
    }
    // An encrypted register is refused without its key, or with a wrong one, before anything
    // is made or changed (the key is checked by reading through a connection that writes nothing).
    let mut raw = match (register_state(path)?, &options.key) {
        (RegisterState::Encrypted, None) => return Err(StoreError::Locked),
        (RegisterState::Encrypted, Some(key)) => Some(key.resolve(&file_salt(path)?.ok_or(StoreError::NotARegister)?)?),
        (RegisterState::Missing, Some(key)) if !options.read_only => Some(key.for_new_file()?),
        _ => None,
    };
    let wrong_key = |e: StoreError, raw: &Option<RawKey>| match e {
        StoreError::NotARegister if raw.is_some() && register_state(path).ok() == Some(RegisterState::Encrypted) => StoreError::WrongKey,
        other => other,
    };
    if raw.is_some() && register_state(path)? == RegisterState::Encrypted {
        look(path, raw.as_ref()).await.map_err(|e| wrong_key(e, &raw))?;
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        create_private_dir(dir)?;
    }
    let writable = !options.read_only && (create_private_file(path)? || writable_without_closing(path));
    // Looked at through a read-only connection that sets nothing (not even the journal mode),
    // so a file that is refused is left exactly as it was, with nothing made beside it.
    let mut found = look(path, raw.as_ref()).await.map_err(|e| wrong_key(e, &raw))?;
    // One process at a time sets up or migrates the schema: four clerks starting the app on a
    // new file must not each create the tables. The file is looked at again under the lock:
    // another process may have done it meanwhile. An up-to-date register needs no lock.
    let _lock = if writable && !pending(&found).is_empty() {
        let lock = FileLock::exclusive(&lock_path(path)).await?;
        // Another process may have made the new register meanwhile, encrypted with its own salt.
        if let (Some(key), Some(salt)) = (&options.key, file_salt(path)?) {
            if raw.as_ref().is_some_and(|r| r.salt != salt) {
                raw = Some(key.resolve(&salt)?);
            }
        }
        found = look(path, raw.as_ref()).await.map_err(|e| wrong_key(e, &raw))?;
        Some(lock)
    } else {
        None
    };
    let pool = connect(path, options.max_connections, !writable, options.busy_timeout, raw.as_ref()).await?;
    let pending = pending(&found);
    if !pending.is_empty() {
        if !writable {
            pool.close().await;
            return Err(StoreError::ReadOnlyNeedsUpgrade);
        }
        if let Found::Register { .. } = found {
            let problems = check(&pool, "quick_check").await?;
            if !problems.is_empty() {
                pool.close().await;
                return Err(StoreError::Damaged(problems));
            }
            backup_before(&pool, path, pending[0]).await?;
        }
        MIGRATOR.run(&pool).await?;
        stamp(&pool).await?;
    } else if writable && application_id(&pool).await? != APPLICATION_ID {
        // A register from before the header was stamped.
        stamp(&pool).await?;
    }
    if writable {
        for suffix in ["", "-wal", "-shm"] {
            make_private(&sidecar(path, suffix));
        }
    }
    if let Some(raw) = &raw {
        remember(raw);
    }
    let cipher = Cipher {
        path: path.clone(),
        key: std::sync::RwLock::new(raw),
        max_connections: options.max_connections,
        busy_timeout: options.busy_timeout,
        held: std::sync::Mutex::new(hold_file(path)),
    };
    Ok(Store { db: db::Pool::Sqlite(pool), read_only: !writable, cipher: Some(std::sync::Arc::new(cipher)) })
}

/// Where the register is and the key its connections use: what a change of key or encryption
/// in place needs to reopen the pool's connections.
#[derive(Debug)]
pub(super) struct Cipher {
    pub(super) path: PathBuf,
    pub(super) key: std::sync::RwLock<Option<RawKey>>,
    pub(super) max_connections: u32,
    pub(super) busy_timeout: Duration,
    /// A descriptor of the register kept open while the store is (see `key::read_head`).
    pub(super) held: std::sync::Mutex<super::key::HeldFile>,
}

async fn look(path: &Path, raw: Option<&RawKey>) -> Result<Found> {
    let mut conn = SqliteConnection::connect_with(&keyed(base_options(path, true)?, raw)).await.map_err(not_a_database)?;
    let found = inspect(&mut conn).await;
    let _ = conn.close().await;
    found
}

/// The migrations this version would apply to what was found.
fn pending(found: &Found) -> Vec<i64> {
    match found {
        Found::Empty => MIGRATOR.iter().map(|m| m.version).collect(),
        Found::Register { applied } => MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect(),
    }
}

pub(super) fn lock_path(path: &Path) -> PathBuf {
    sidecar(path, ".lock")
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// Whether a file can be made in the register's folder (where SQLite keeps its -shm and -wal).
fn can_create_beside(path: &Path) -> bool {
    let probe = sidecar(path, &format!(".probe-{}", std::process::id()));
    let made = std::fs::OpenOptions::new().write(true).create_new(true).open(&probe).is_ok();
    if made {
        let _ = std::fs::remove_file(&probe);
    }
    made
}

/// The file's address, and for a reader how it may be read.
pub(super) fn base_options(path: &Path, read_only: bool) -> Result<SqliteConnectOptions> {
    // A WAL register read by someone who may create nothing beside it (no -shm to share):
    // SQLite can only read it as a file nobody is writing, which no writer is while it has no
    // -wal either.
    let immutable = read_only && !sidecar(path, "-shm").exists() && !sidecar(path, "-wal").exists() && !can_create_beside(path);
    Ok(SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?.read_only(read_only).immutable(immutable))
}

/// "file is not a database" (26) or "malformed" (11) before anything could be read.
pub(super) fn not_a_database(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("26" | "11")) => StoreError::NotARegister,
        _ => StoreError::Database(e),
    }
}

/// The options with `PRAGMA key` first (sqlx runs it before every other pragma).
pub(super) fn keyed(options: SqliteConnectOptions, raw: Option<&RawKey>) -> SqliteConnectOptions {
    match raw {
        Some(raw) => options.pragma("key", raw.pragma_value().to_string()),
        None => options,
    }
}

/// The options to read a file that is not the open register (a backup, a copy): a plain file as
/// it is; an encrypted one with the first key known in this process that opens it (`Locked`
/// when none does).
pub(super) async fn file_options(path: &Path, read_only: bool) -> Result<SqliteConnectOptions> {
    quiet_sqlcipher();
    let options = base_options(path, read_only)?;
    let Some(salt) = file_salt(path)? else { return Ok(options) };
    for raw in known_for(&salt) {
        let candidate = keyed(base_options(path, true)?, Some(&raw));
        if let Ok(mut conn) = SqliteConnection::connect_with(&candidate).await {
            let ok = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master").fetch_one(&mut conn).await.is_ok();
            let _ = conn.close().await;
            if ok {
                return Ok(keyed(options, Some(&raw)));
            }
        }
    }
    Err(StoreError::Locked)
}

/// Tries `key` on the encrypted file at `path` (a backup taken under another key): when it
/// opens it, the file can be examined and restored from in this process.
pub async fn unlock_file(path: &Path, key: &Key) -> Result<()> {
    quiet_sqlcipher();
    let salt = file_salt(path)?.ok_or(StoreError::NotEncrypted)?;
    let raw = key.resolve(&salt)?;
    let mut conn = SqliteConnection::connect_with(&keyed(base_options(path, true)?, Some(&raw))).await.map_err(|_| StoreError::WrongKey)?;
    let ok = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master").fetch_one(&mut conn).await.is_ok();
    let _ = conn.close().await;
    if !ok {
        return Err(StoreError::WrongKey);
    }
    remember(&raw);
    Ok(())
}

pub(super) fn pool_options(path: &Path, read_only: bool, busy_timeout: Duration, raw: Option<&RawKey>) -> Result<SqliteConnectOptions> {
    let connect = keyed(base_options(path, read_only)?, raw);
    // A reader leaves the journal mode as the writers set it.
    let connect = if read_only { connect } else { connect.journal_mode(SqliteJournalMode::Wal) };
    let connect = connect
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // A clerk's write waits this long for another's short transaction before giving up
        // with a message (`store.busy`).
        .busy_timeout(busy_timeout);
    // Every miss of SQLite's own page cache (2 MB by default) is a page copied from the OS's
    // cache, and for an encrypted register decrypted and its HMAC checked too: a search's count
    // or a page's rows read rows spread over the whole table, one page each. Each connection
    // keeps a larger cache (docs/performance.md, "Encrypted register" and "Search and the people
    // table at 200,000").
    Ok(connect.pragma("cache_size", format!("-{PAGE_CACHE_KIB}")))
}

/// Connections in a register's pool: SQLite serialises writers anyway, a few readers are plenty.
const MAX_CONNECTIONS: u32 = 4;

/// The page cache every connection of the pool may fill together, in KiB (64 MiB): the app's
/// whole process must stay within 200 MB with the dashboard shown (issue 15), and a connection
/// that reads the whole register (a backup's check, the trail's replay) fills its cache to the
/// limit and keeps it while it lives.
const PAGE_CACHE_BUDGET_KIB: u32 = 64 * 1024;

/// SQLite's page cache per connection (`PRAGMA cache_size`, negative: in KiB): the budget shared
/// by the pool's connections, 16 MiB each. (An encrypted register had 32 MiB per connection, 128 MiB
/// in all, from issue 14 until the memory target said otherwise.)
const PAGE_CACHE_KIB: u32 = PAGE_CACHE_BUDGET_KIB / MAX_CONNECTIONS;

async fn connect(path: &Path, max_connections: u32, read_only: bool, busy_timeout: Duration, raw: Option<&RawKey>) -> Result<SqlitePool> {
    let connect = pool_options(path, read_only, busy_timeout, raw)?;
    SqlitePoolOptions::new().max_connections(max_connections).connect_with(connect).await.map_err(not_a_database)
}

/// What the file is: refuses another program's database and a register whose schema is newer
/// than this version knows.
pub(super) async fn inspect(conn: &mut SqliteConnection) -> Result<Found> {
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .fetch_all(&mut *conn)
        .await
        .map_err(not_a_database)?;
    let id: i64 = sqlx::query_scalar("PRAGMA application_id").fetch_one(&mut *conn).await?;
    // Nothing yet, or only the migrations' own table: another process is setting the register
    // up (its first migration not committed yet) — treated as new, and set up under the lock.
    if id == 0 && tables.iter().all(|t| t == "_sqlx_migrations") {
        return Ok(Found::Empty);
    }
    let ours = id == APPLICATION_ID || (id == 0 && tables.iter().any(|t| t == "_sqlx_migrations") && tables.iter().any(|t| t == "person"));
    if !ours {
        return Err(StoreError::Foreign);
    }
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&mut *conn).await?;
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        let by: Option<String> =
            sqlx::query_scalar("SELECT value FROM setting WHERE key = ?").bind(WRITTEN_BY).fetch_optional(&mut *conn).await.ok().flatten();
        return Err(StoreError::Newer { schema: *newer, app_version: by });
    }
    Ok(Found::Register { applied })
}

async fn application_id(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA application_id").fetch_one(pool).await?)
}

/// Marks the file as an office's register and names the version that set up its schema.
pub(super) async fn stamp(pool: &SqlitePool) -> Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA application_id = {APPLICATION_ID}"))).execute(pool).await?;
    sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(WRITTEN_BY)
        .bind(env!("CARGO_PKG_VERSION"))
        .execute(pool)
        .await?;
    Ok(())
}

/// `PRAGMA quick_check` or `integrity_check`: the problems found, none when the file is sound.
pub(super) async fn check(pool: &SqlitePool, pragma: &str) -> Result<Vec<String>> {
    let mut conn = pool.acquire().await?;
    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("PRAGMA {pragma}"))).fetch_all(&mut *conn).await?;
    // The whole file went through this connection's page cache: its pages are handed back
    // rather than kept while the window stays open (issue 15, memory).
    let _ = sqlx::query("PRAGMA shrink_memory").execute(&mut *conn).await;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

pub(super) async fn backup_before(pool: &SqlitePool, path: &Path, version: i64) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "register.db".into());
    let backup = path.with_file_name(format!("{name}.before-{version}.bak"));
    if !backup.exists() {
        // VACUUM INTO writes a consistent copy even with a live WAL.
        sqlx::query("VACUUM INTO ?").bind(backup.to_string_lossy().into_owned()).execute(pool).await?;
        make_private(&backup);
    }
    Ok(())
}

impl Store {
    /// Refreshes the query planner's statistics where they are stale (cheap when they are not):
    /// without them SQLite can pick a full scan for the people table's filters. Run after
    /// writes, never on open, so reading the register never waits for the write lock. On the
    /// office server nothing: its autovacuum analyses a table as it changes (an `ANALYZE` after
    /// every write would cost each clerk's write a sample of the table, and only the tables'
    /// owner may run it).
    pub async fn optimize(&self) -> Result<()> {
        if let db::Pool::Sqlite(pool) = &self.db {
            sqlx::query("PRAGMA optimize=0x10002").execute(pool).await?;
        }
        Ok(())
    }

    /// A quick look at the file's structure (`PRAGMA quick_check`): the problems found. On the
    /// office server there is no file to look at (the server checks its own pages): none.
    pub async fn quick_check(&self) -> Result<Vec<String>> {
        match &self.db {
            db::Pool::Sqlite(pool) => check(pool, "quick_check").await,
            db::Pool::Postgres(_) => Ok(Vec::new()),
        }
    }

    /// The full check (`PRAGMA integrity_check`), indexes against their tables too. On the office
    /// server that is its administrator's (`amcheck`): [`StoreError::NotOnServer`].
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        check(self.sqlite_pool()?, "integrity_check").await
    }

    /// Opened for reading only: every write is refused with a message.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}
