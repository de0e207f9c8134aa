//! Opening the database file: pragmas, a copy set aside before any pending migration, migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Row;

use super::{Result, Store};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

pub struct OpenOptions {
    pub path: PathBuf,
    /// Connections in the pool; SQLite serialises writers anyway, a few readers are plenty.
    pub max_connections: u32,
}

impl OpenOptions {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        OpenOptions { path: path.into(), max_connections: 4 }
    }
}

/// Opens (creating if needed) the register at `options.path` and brings its schema up to date.
/// When a migration is pending on a file that already holds data, the file is first copied
/// aside as `<name>.before-<version>.bak` so an upgrade can never lose the office's register.
pub async fn open(options: OpenOptions) -> Result<Store> {
    if let Some(dir) = options.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let connect = SqliteConnectOptions::from_str(&format!("sqlite://{}", options.path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(options.max_connections).connect_with(connect).await?;
    backup_if_migration_pending(&pool, &options.path).await?;
    MIGRATOR.run(&pool).await?;
    let store = Store { pool };
    store.optimize().await?;
    Ok(store)
}

impl Store {
    /// Refreshes the query planner's statistics where they are stale (cheap when they are not):
    /// without them SQLite can pick a full scan for the people table's filters.
    pub async fn optimize(&self) -> Result<()> {
        sqlx::query("PRAGMA optimize=0x10002").execute(&self.pool).await?;
        Ok(())
    }
}

async fn backup_if_migration_pending(pool: &sqlx::SqlitePool, path: &Path) -> Result<()> {
    let has_table: bool = sqlx::query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
        .fetch_one(pool)
        .await?
        .get::<i64, _>(0)
        > 0;
    if !has_table {
        // A new file: nothing to protect.
        return Ok(());
    }
    let applied: Vec<i64> =
        sqlx::query("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?.iter().map(|r| r.get(0)).collect();
    let pending = MIGRATOR.iter().filter(|m| !m.migration_type.is_down_migration()).find(|m| !applied.contains(&m.version));
    if let Some(next) = pending {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "register.db".into());
        let backup = path.with_file_name(format!("{name}.before-{}.bak", next.version));
        if !backup.exists() {
            // VACUUM INTO writes a consistent copy even with a live WAL.
            sqlx::query("VACUUM INTO ?").bind(backup.to_string_lossy().into_owned()).execute(pool).await?;
        }
    }
    Ok(())
}
