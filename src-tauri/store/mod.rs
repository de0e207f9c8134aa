//! Storage: the register on a SQLite file through sqlx.
//!
//! The rest of the app sees only [`Store`] and the domain's own types, so a second backend (a
//! shared PostgreSQL database for offices with several clerks) can sit behind the same methods
//! without touching the domain or the UI.

mod accounts;
mod audit;
pub mod audit_key;
pub mod backup;
pub mod board;
mod copy;
pub mod db;
pub mod files;
mod forms;
mod key;
mod lifecycle;
mod open;
mod open_server;
mod people;
pub mod people_view;
mod photo;
pub mod projection;
mod reminders;
mod replay;
pub mod row_version;
mod rows;
mod scans;
mod scram;
pub mod server_roles;
mod settings;
pub mod training;
mod travel;

pub use accounts::StoredAccount;
pub use audit::{AuditQuery, PersonLabel};
pub use copy::{CopyOutcome, TableCopied};
pub use forms::{FormState, FormsPage, FormsQuery, IssuedForm, NewIssuedForm};
pub use key::{register_state, shred, Key, RegisterState};
pub use open::{open, unlock_file, OpenOptions};
pub use open_server::{is_server_address, open_location, open_server, Location, ServerOptions, Tls};
pub use photo::StoredPhoto;
pub use reminders::Supervised;
pub use row_version::{LastChange, Versioned};
pub use scans::{ScanFileToMove, StoredScan};

/// Everything that can go wrong below the rules: a constraint the rules could not see (a
/// duplicate staff number), a record that does not exist, or the database itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{field} {value} is already in use")]
    Duplicate { field: &'static str, value: String },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("the stored data is not valid: {0}")]
    Corrupt(String),
    /// The file is not a database, or not this app's.
    #[error("not a register")]
    NotARegister,
    /// Another program's SQLite database.
    #[error("another program's database")]
    Foreign,
    /// A register whose schema a newer version of the app wrote.
    #[error("written by a newer version (schema {schema})")]
    Newer { schema: i64, app_version: Option<String> },
    /// The file failed its integrity check; the problems SQLite named.
    #[error("damaged: {}", .0.join("; "))]
    Damaged(Vec<String>),
    /// The file can be read but not written, and its schema needs an upgrade.
    #[error("read-only and needs an upgrade")]
    ReadOnlyNeedsUpgrade,
    /// The register was opened read-only.
    #[error("read-only")]
    ReadOnly,
    /// The register is encrypted and no key was given; nothing was read or changed.
    #[error("the register is encrypted")]
    Locked,
    /// The key given does not open the register; nothing was read or changed.
    #[error("wrong key")]
    WrongKey,
    /// What was given as a recovery key is not one (its length or its check is wrong).
    #[error("not a recovery key")]
    RecoveryKeyMalformed,
    /// The register is not encrypted (a key operation that needs it to be).
    #[error("the register is not encrypted")]
    NotEncrypted,
    /// A thing done to the register's file (encryption, a file backup or restore, the file's
    /// own checks), asked of a register on the office server: its administrator does that there.
    #[error("not on an office server register")]
    NotOnServer,
    /// The office server did not answer (refused, no route, timed out).
    #[error("the office server {server} cannot be reached")]
    ServerUnreachable { server: String },
    /// What was given as the office server's address cannot be read as one (shown without its
    /// password).
    #[error("not a server address: {0}")]
    ServerAddress(String),
    /// The database the server's address names does not exist there (SQLSTATE 3D000).
    #[error("no database {database} on the office server {server}")]
    ServerNoDatabase { server: String, database: String },
    /// The database on the server holds another program's tables.
    #[error("the database {database} on the office server is another program's")]
    ServerForeign { database: String },
    /// The register on the server needs an upgrade that only the role owning its tables may make.
    #[error("the server register needs an upgrade by its owner")]
    ServerNeedsUpgrade,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The open register. Cloning is cheap (the pool is shared).
#[derive(Clone, Debug)]
pub struct Store {
    /// The register's connections, on SQLite or PostgreSQL.
    db: db::Pool,
    read_only: bool,
    /// The register file and the key its connections use (shared by every clone: a change of key
    /// reaches them all); `None` on the office server.
    cipher: Option<std::sync::Arc<open::Cipher>>,
}

impl Store {
    pub async fn close(&self) {
        self.db.close().await;
    }
}

/// A write transaction, owned by the caller: read, check with the rules, write, audit, commit.
/// It starts with `BEGIN IMMEDIATE` so two writers can never interleave their reads and writes
/// (nor fork the audit chain); dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx {
    tx: db::Transaction,
    /// The register's audit signing key, read (or made) with this transaction's first entry and
    /// wiped when the transaction ends (`store/audit_key.rs`).
    signer: Option<ed25519_dalek::SigningKey>,
}

impl Store {
    pub async fn begin(&self) -> Result<Tx> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        Ok(Tx { tx: db::Transaction::begin(&self.db).await?, signer: None })
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }

    /// The transaction's connection, for a statement through [`db`].
    pub(crate) fn conn(&mut self) -> db::Conn<'_> {
        self.tx.conn()
    }
}

impl Store {
    /// A connection of the pool, for reads through [`db`].
    pub(crate) async fn read(&self) -> Result<db::Pooled> {
        Ok(self.db.acquire().await?)
    }

    /// Which database the register is in.
    pub fn backend(&self) -> db::Backend {
        self.db.backend()
    }

    /// The SQLite pool of a register file, for what only a file has (its key, its pages, its
    /// pragmas); [`StoreError::NotOnServer`] on the office server.
    pub(crate) fn sqlite_pool(&self) -> Result<&sqlx::SqlitePool> {
        match &self.db {
            db::Pool::Sqlite(pool) => Ok(pool),
            db::Pool::Postgres(_) => Err(StoreError::NotOnServer),
        }
    }

    /// The register file and its key; [`StoreError::NotOnServer`] on the office server.
    fn file(&self) -> Result<&open::Cipher> {
        self.cipher.as_deref().ok_or(StoreError::NotOnServer)
    }
}
