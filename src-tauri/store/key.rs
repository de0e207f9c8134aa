//! The register's key (issue 14): SQLCipher encrypts every page of the file with a 256-bit key.
//!
//! The office gives a passphrase; the database key is derived from it once per open with
//! Argon2id (a deliberate cost, see docs/security.md) and the 16-byte salt SQLCipher keeps in the
//! first bytes of the file. Each connection of the pool is then keyed with that raw key
//! (`x'<key><salt>'`), which costs nothing more. The raw key and its salt, written as grouped
//! text with a check, are the recovery key printed on the recovery sheet: it opens the register
//! (and its backups) without the passphrase.
//!
//! An encrypted file has no `SQLite format 3` header: its first 16 bytes are the salt, the rest is
//! ciphertext. What a file is (missing, plain, encrypted) is read from those bytes, no key needed.

use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, Once};

use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::{Result, StoreError};

/// The first bytes of a plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
pub const SALT_LEN: usize = 16;
pub const KEY_LEN: usize = 32;
/// Argon2id's cost: 64 MiB of memory, 3 passes, one lane (RFC 9106's second recommended
/// option). Measured in docs/security.md.
pub const KDF_MEMORY_KIB: u32 = 64 * 1024;
pub const KDF_PASSES: u32 = 3;
pub const KDF_LANES: u32 = 1;
/// Hex digits of the check at the end of a recovery key (the first two bytes of a SHA-256).
const CHECK_LEN: usize = 2;

/// What the file at a path is, read from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum RegisterState {
    /// No file, or an empty one: a new register is made there.
    Missing,
    /// A plain SQLite file (a register from before encryption, or one the office chose to keep plain).
    Plain,
    /// No SQLite header: an encrypted register (or not a database at all, which its key tells).
    Encrypted,
}

/// What the file at `path` is, without a key and without changing anything.
pub fn register_state(path: &Path) -> Result<RegisterState> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RegisterState::Missing),
        Err(e) => return Err(e.into()),
    };
    if !meta.is_file() {
        return Err(StoreError::NotARegister);
    }
    if meta.len() == 0 {
        return Ok(RegisterState::Missing);
    }
    let mut head = [0u8; 16];
    let n = read_head(path, &mut head)?;
    if n == 16 && &head == SQLITE_HEADER {
        Ok(RegisterState::Plain)
    } else if meta.len() >= 512 {
        Ok(RegisterState::Encrypted)
    } else {
        Err(StoreError::NotARegister)
    }
}

fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            m => n += m,
        }
    }
    Ok(n)
}

/// The first bytes of the file at `path`, read without ever closing a descriptor of a register
/// this process has open: on Unix, closing *any* descriptor of a file drops every POSIX lock the
/// process holds on it, SQLite's included. A clerk's CLI run would then take the window for gone,
/// checkpoint and delete the WAL under it, and the window's next writes would be lost. A register
/// held open ([`hold_file`]) is read through the descriptor kept for it.
fn read_head(path: &Path, buf: &mut [u8]) -> std::io::Result<usize> {
    if let Some(n) = held::read_at_start(path, buf) {
        return n;
    }
    let mut file = std::fs::File::open(path)?;
    read_up_to(&mut file, buf)
}

/// Whether the register at `path` may be written by this process, found without opening (and
/// so closing) a descriptor of a register it already holds (see [`read_head`]).
pub(super) fn writable_without_closing(path: &Path) -> bool {
    match held::writable(path) {
        Some(w) => w,
        None => std::fs::OpenOptions::new().write(true).open(path).is_ok(),
    }
}

/// Keeps a descriptor of the register at `path` open for as long as the returned token lives (a
/// store keeps it), so the header can be read again without releasing the store's locks (see
/// [`read_head`]).
pub(super) fn hold_file(path: &Path) -> HeldFile {
    HeldFile(held::hold(path))
}

/// A register file kept open by a store; let go when the store is dropped.
#[derive(Debug)]
pub(crate) struct HeldFile(Option<(u64, u64)>);

impl Drop for HeldFile {
    fn drop(&mut self) {
        if let Some(id) = self.0 {
            held::release(id);
        }
    }
}

#[cfg(unix)]
mod held {
    use std::os::unix::fs::{FileExt, MetadataExt};
    use std::path::Path;
    use std::sync::Mutex;

    struct Held {
        dev: u64,
        ino: u64,
        writable: bool,
        file: std::fs::File,
        /// Stores open on it (a window and a test's second clerk may both hold one).
        count: usize,
    }

    static HELD: Mutex<Vec<Held>> = Mutex::new(Vec::new());

    fn identity(path: &Path) -> Option<(u64, u64)> {
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }

    pub(super) fn read_at_start(path: &Path, buf: &mut [u8]) -> Option<std::io::Result<usize>> {
        let (dev, ino) = identity(path)?;
        let held = HELD.lock().ok()?;
        let entry = held.iter().find(|h| h.dev == dev && h.ino == ino)?;
        let mut n = 0;
        while n < buf.len() {
            match entry.file.read_at(&mut buf[n..], n as u64) {
                Ok(0) => break,
                Ok(m) => n += m,
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(n))
    }

    pub(super) fn writable(path: &Path) -> Option<bool> {
        let (dev, ino) = identity(path)?;
        let held = HELD.lock().ok()?;
        held.iter().find(|h| h.dev == dev && h.ino == ino).map(|h| h.writable)
    }

    pub(super) fn hold(path: &Path) -> Option<(u64, u64)> {
        let (dev, ino) = identity(path)?;
        let mut held = HELD.lock().ok()?;
        if let Some(entry) = held.iter_mut().find(|h| h.dev == dev && h.ino == ino) {
            entry.count += 1;
            return Some((dev, ino));
        }
        let (file, writable) = match std::fs::OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => (f, true),
            Err(_) => (std::fs::File::open(path).ok()?, false),
        };
        held.push(Held { dev, ino, writable, file, count: 1 });
        Some((dev, ino))
    }

    pub(super) fn release((dev, ino): (u64, u64)) {
        let Ok(mut held) = HELD.lock() else { return };
        if let Some(i) = held.iter().position(|h| h.dev == dev && h.ino == ino) {
            held[i].count -= 1;
            if held[i].count == 0 {
                // Kept open by nobody now: SQLite has closed its own descriptors too.
                held.remove(i);
            }
        }
    }
}

#[cfg(not(unix))]
mod held {
    //! Windows' file locks belong to the handle that took them: closing another handle of the
    //! file releases nothing, so nothing needs to be kept open.
    use std::path::Path;

    pub(super) fn read_at_start(_: &Path, _: &mut [u8]) -> Option<std::io::Result<usize>> {
        None
    }
    pub(super) fn writable(_: &Path) -> Option<bool> {
        None
    }
    pub(super) fn hold(_: &Path) -> Option<(u64, u64)> {
        None
    }
    pub(super) fn release(_: (u64, u64)) {}
}

/// The salt of an encrypted file (its first 16 bytes); `None` for a plain or missing one.
pub(super) fn file_salt(path: &Path) -> Result<Option<[u8; SALT_LEN]>> {
    if register_state(path)? != RegisterState::Encrypted {
        return Ok(None);
    }
    let mut salt = [0u8; SALT_LEN];
    read_head(path, &mut salt)?;
    Ok(Some(salt))
}

/// A secret that opens an encrypted register: the office's passphrase, or the recovery key.
/// Wiped from memory when dropped.
#[derive(Clone)]
pub struct Key(Secret);

#[derive(Clone)]
enum Secret {
    Passphrase(Zeroizing<String>),
    Raw(RawKey),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Secret::Passphrase(_) => f.write_str("Key(passphrase)"),
            Secret::Raw(_) => f.write_str("Key(recovery key)"),
        }
    }
}

impl Key {
    /// The office's passphrase, as typed.
    pub fn passphrase(passphrase: String) -> Key {
        Key(Secret::Passphrase(Zeroizing::new(passphrase)))
    }

    /// The recovery key as printed on the recovery sheet (spaces, dashes, line breaks and case
    /// do not matter). Refused when it is not one (its length or its check is wrong).
    pub fn parse_recovery(text: &str) -> Result<Key> {
        let digits: Zeroizing<String> = Zeroizing::new(text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect());
        let bytes = Zeroizing::new(hex::decode(digits.as_bytes()).map_err(|_| StoreError::RecoveryKeyMalformed)?);
        if bytes.len() != KEY_LEN + SALT_LEN + CHECK_LEN {
            return Err(StoreError::RecoveryKeyMalformed);
        }
        let (body, check) = bytes.split_at(KEY_LEN + SALT_LEN);
        if Sha256::digest(body)[..CHECK_LEN] != *check {
            return Err(StoreError::RecoveryKeyMalformed);
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&body[..KEY_LEN]);
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&body[KEY_LEN..]);
        Ok(Key(Secret::Raw(RawKey { key, salt })))
    }

    /// What a key file holds: a recovery key when it reads as one, else the passphrase (the
    /// line break that ends the file is not part of it).
    pub fn from_file_text(text: &str) -> Key {
        let line = text.strip_suffix('\n').unwrap_or(text);
        let line = line.strip_suffix('\r').unwrap_or(line);
        Key::parse_recovery(line).unwrap_or_else(|_| Key::passphrase(line.to_owned()))
    }

    /// Whether this is a recovery key (rather than a passphrase).
    pub fn is_recovery(&self) -> bool {
        matches!(self.0, Secret::Raw(_))
    }

    /// The passphrase's length in characters (0 for a recovery key): for the office's checks.
    pub fn passphrase_chars(&self) -> usize {
        match &self.0 {
            Secret::Passphrase(p) => p.chars().count(),
            Secret::Raw(_) => 0,
        }
    }

    /// The raw key of the register at `path` as recovery text (for the recovery sheet). For a
    /// passphrase, derived with the file's salt (the deliberate cost of Argon2id).
    pub fn recovery_text(&self, path: &Path) -> Result<String> {
        let salt = file_salt(path)?.ok_or(StoreError::NotEncrypted)?;
        Ok(self.resolve(&salt)?.recovery_text())
    }

    /// The raw key for a file whose salt is `salt`. A recovery key of another file is refused as
    /// the wrong key.
    pub(crate) fn resolve(&self, salt: &[u8; SALT_LEN]) -> Result<RawKey> {
        match &self.0 {
            Secret::Raw(raw) if raw.salt == *salt => Ok(raw.clone()),
            Secret::Raw(_) => Err(StoreError::WrongKey),
            Secret::Passphrase(p) => derive(p.as_bytes(), salt),
        }
    }

    /// The raw key for a new file: a passphrase with a new random salt.
    pub(crate) fn for_new_file(&self) -> Result<RawKey> {
        match &self.0 {
            Secret::Raw(raw) => Ok(raw.clone()),
            Secret::Passphrase(p) => {
                let mut salt = [0u8; SALT_LEN];
                OsRng.fill_bytes(&mut salt);
                derive(p.as_bytes(), &salt)
            }
        }
    }
}

/// Argon2id of the passphrase with the file's salt.
fn derive(passphrase: &[u8], salt: &[u8; SALT_LEN]) -> Result<RawKey> {
    let params = Params::new(KDF_MEMORY_KIB, KDF_PASSES, KDF_LANES, Some(KEY_LEN)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase, salt, key.as_mut())
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(RawKey { key, salt: *salt })
}

/// The database key itself and the salt of the file it opens: what keys each connection.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct RawKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    pub(crate) salt: [u8; SALT_LEN],
}

impl std::fmt::Debug for RawKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawKey(…)")
    }
}

impl RawKey {
    /// The value of `PRAGMA key` / `rekey` / `ATTACH … KEY`: SQLCipher's raw key syntax with the
    /// salt, quoted (`"x'…'"`).
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(hex::encode(&self.key[..]));
        let text = Zeroizing::new(format!("\"x'{}{}'\"", hex.as_str(), hex::encode(self.salt)));
        hex.zeroize();
        text
    }

    /// The recovery key: key, salt and a check, in groups of four hex digits.
    pub(crate) fn recovery_text(&self) -> String {
        let mut body = Zeroizing::new(Vec::with_capacity(KEY_LEN + SALT_LEN + CHECK_LEN));
        body.extend_from_slice(&self.key[..]);
        body.extend_from_slice(&self.salt);
        let check = Sha256::digest(&body[..]);
        body.extend_from_slice(&check[..CHECK_LEN]);
        let digits = Zeroizing::new(hex::encode_upper(&body[..]));
        let groups: Vec<&str> = digits.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
        groups.chunks(5).map(|line| line.join(" ")).collect::<Vec<_>>().join("\n")
    }
}

/// The raw keys that opened a register in this process, newest first: a copy of that register
/// (a backup, the copy a migration sets aside) has the same salt and is opened with them, so the
/// office is not asked again for its own backup.
static KNOWN: Mutex<Vec<RawKey>> = Mutex::new(Vec::new());

pub(super) fn remember(raw: &RawKey) {
    if let Ok(mut known) = KNOWN.lock() {
        known.retain(|k| k != raw);
        known.insert(0, raw.clone());
    }
}

/// The keys known in this process for a file with this salt, newest first.
pub(super) fn known_for(salt: &[u8; SALT_LEN]) -> Vec<RawKey> {
    KNOWN.lock().map(|k| k.iter().filter(|k| k.salt == *salt).cloned().collect()).unwrap_or_default()
}

/// SQLCipher writes its own errors (a wrong key's "hmac check failed") to stderr unless told not
/// to: the office gets a message of ours instead. Once per process, before any file is opened.
pub(super) fn quiet_sqlcipher() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        use libsqlite3_sys as sqlite;
        let mut db = std::ptr::null_mut();
        // SAFETY: a NUL-terminated name; the in-memory handle is closed right after (null accepted).
        unsafe {
            if sqlite::sqlite3_open(c":memory:".as_ptr(), &mut db) == sqlite::SQLITE_OK {
                sqlite::sqlite3_exec(db, c"PRAGMA cipher_log_level = NONE".as_ptr(), None, std::ptr::null_mut(), std::ptr::null_mut());
            }
            sqlite::sqlite3_close(db);
        }
    });
}

/// Overwrites a file with random bytes (synced) before removing it: what "shredded" can mean for
/// a file (see docs/security.md for what it cannot mean on an SSD or a journaling file system).
pub fn shred(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut block = vec![0u8; 1 << 16];
        let mut left = len;
        while left > 0 {
            OsRng.fill_bytes(&mut block);
            let n = left.min(block.len() as u64) as usize;
            file.write_all(&block[..n])?;
            left -= n as u64;
        }
        file.sync_all()?;
    }
    std::fs::remove_file(path)
}

/// What encrypting a plain register in place did.
#[derive(Debug, Clone)]
pub struct Encrypted {
    /// Rows in each table, the same before and after.
    pub rows: Vec<(String, i64)>,
    /// Audit entries whose chain verified in the encrypted file.
    pub audit_entries: i64,
    /// The plain copy set aside, overwritten and removed.
    pub shredded: std::path::PathBuf,
    /// Whether overwriting it worked (it is removed either way).
    pub overwritten: bool,
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The rows of every table of the database `schema` on `conn`, by name.
async fn row_counts(conn: &mut sqlx::SqliteConnection, schema: &str) -> Result<Vec<(String, i64)>> {
    let tables: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {schema}.\"{}\"", table.replace('"', "\"\""))))
            .fetch_one(&mut *conn)
            .await?;
        counts.push((table, n));
    }
    Ok(counts)
}

impl super::Store {
    /// Whether the register is encrypted (opened with a key). A register on the office server is
    /// not a file this app encrypts (the server's own storage and TLS protect it): `false`.
    pub fn is_encrypted(&self) -> bool {
        self.file().ok().and_then(|c| c.key.read().ok().map(|k| k.is_some())).unwrap_or(false)
    }

    /// The register's file; `None` on the office server.
    pub fn path(&self) -> Option<&Path> {
        self.file().ok().map(|c| c.path.as_path())
    }

    /// SQLCipher's version (`PRAGMA cipher_version`); `None` if the SQLite linked is not SQLCipher,
    /// and on the office server.
    pub async fn cipher_version(&self) -> Result<Option<String>> {
        match self.sqlite_pool() {
            Ok(pool) => Ok(sqlx::query_scalar("PRAGMA cipher_version").fetch_optional(pool).await?),
            Err(_) => Ok(None),
        }
    }

    /// The recovery key of the open register (its raw key as text).
    pub fn recovery_text(&self) -> Result<String> {
        let key = self.file()?.key.read().map_err(|_| StoreError::NotEncrypted)?;
        Ok(key.as_ref().ok_or(StoreError::NotEncrypted)?.recovery_text())
    }

    /// Every connection of the pool, held: nobody else reads or writes through it meanwhile.
    async fn hold_all(&self) -> Result<Vec<sqlx::pool::PoolConnection<sqlx::Sqlite>>> {
        let (pool, cipher) = (self.sqlite_pool()?, self.file()?);
        let mut held = Vec::new();
        let wait = cipher.busy_timeout.max(std::time::Duration::from_secs(5));
        for _ in 0..cipher.max_connections.max(1) {
            match tokio::time::timeout(wait, pool.acquire()).await {
                Ok(conn) => held.push(conn?),
                Err(_) => return Err(StoreError::Database(sqlx::Error::PoolTimedOut)),
            }
        }
        Ok(held)
    }

    /// Changes the key of the encrypted register (`PRAGMA rekey`): every page is written again
    /// under the new key, in one transaction. The new key of a passphrase is derived with the
    /// file's salt. Every connection of the pool follows (the others are closed and reopened with
    /// the new key).
    pub async fn rekey(&self, new: &Key) -> Result<()> {
        let (pool, cipher) = (self.sqlite_pool()?, self.file()?);
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let current = cipher.key.read().map_err(|_| StoreError::NotEncrypted)?.clone().ok_or(StoreError::NotEncrypted)?;
        let raw = new.resolve(&current.salt)?;
        let mut held = self.hold_all().await?;
        let first = &mut held[0];
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA rekey = {}", raw.pragma_value().as_str()))).execute(&mut **first).await?;
        // Read back under the new key before anything else connects with it.
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master").fetch_one(&mut **first).await?;
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut **first).await;
        remember(&raw);
        pool.set_connect_options(super::open::pool_options(&cipher.path, false, cipher.busy_timeout, Some(&raw))?);
        if let Ok(mut key) = cipher.key.write() {
            *key = Some(raw);
        }
        // The others still hold the old key: closed; the pool opens new ones with the new key.
        let mut held = held.into_iter();
        let rekeyed = held.next();
        for conn in held {
            let _ = conn.close().await;
        }
        drop(rekeyed);
        Ok(())
    }

    /// Encrypts the plain register in place: with every connection held (nobody writes), the
    /// register is exported (`sqlcipher_export`) into an encrypted file beside it, which is
    /// checked (integrity, audit chain, the rows of every table); then it takes the register's
    /// name, the plain file is set aside and shredded, and the pool reopens on the encrypted one.
    /// Refused, with nothing changed, when any check fails.
    pub async fn encrypt_in_place(&self, key: &Key) -> Result<Encrypted> {
        let (pool, cipher) = (self.sqlite_pool()?, self.file()?);
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        if self.is_encrypted() {
            return Err(StoreError::Locked);
        }
        let raw = key.for_new_file()?;
        let path = cipher.path.clone();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "register.db".into());
        let encrypted = path.with_file_name(format!(".{name}.encrypt-{}", std::process::id()));
        let aside = path.with_file_name(format!(".{name}.plain-{}", std::process::id()));
        for leftover in [&encrypted, &aside] {
            let _ = std::fs::remove_file(leftover);
        }
        let mut held = self.hold_all().await?;
        let outcome = self.export_encrypted(&mut held, &encrypted, &raw).await;
        let rows = match outcome {
            Ok(rows) => rows,
            Err(e) => {
                let _ = std::fs::remove_file(&encrypted);
                let _ = std::fs::remove_file(sidecar(&encrypted, "-journal"));
                return Err(e);
            }
        };
        // Checked as a backup is, through a connection of its own keyed with the new key.
        remember(&raw);
        let examined = super::backup::examine(&encrypted).await;
        let audit_entries = match examined {
            Ok(x) if x.problems.is_empty() && x.audit.first_broken.is_none() => x.audit.entries,
            Ok(x) => {
                let _ = std::fs::remove_file(&encrypted);
                return Err(StoreError::Damaged(if x.problems.is_empty() {
                    vec![format!("audit #{:?}", x.audit.first_broken)]
                } else {
                    x.problems
                }));
            }
            Err(e) => {
                let _ = std::fs::remove_file(&encrypted);
                return Err(e);
            }
        };
        // The swap. The old connections keep their WAL (persisted: none of them deletes a `-wal`
        // by name when it closes, which would by then be the encrypted register's).
        for conn in held.iter_mut() {
            let mut handle = conn.lock_handle().await?;
            let mut on: std::ffi::c_int = 1;
            // SAFETY: an open handle, the main database's name, and an int the call reads and writes.
            unsafe {
                libsqlite3_sys::sqlite3_file_control(
                    handle.as_raw_handle().as_ptr(),
                    c"main".as_ptr(),
                    libsqlite3_sys::SQLITE_FCNTL_PERSIST_WAL,
                    (&mut on as *mut std::ffi::c_int).cast(),
                );
            }
        }
        std::fs::rename(&path, &aside)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::rename(sidecar(&path, suffix), sidecar(&aside, suffix));
        }
        if let Err(e) = std::fs::rename(&encrypted, &path) {
            let _ = std::fs::rename(&aside, &path);
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::rename(sidecar(&aside, suffix), sidecar(&path, suffix));
            }
            let _ = std::fs::remove_file(&encrypted);
            return Err(e.into());
        }
        #[cfg(unix)]
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        pool.set_connect_options(super::open::pool_options(&path, false, cipher.busy_timeout, Some(&raw))?);
        if let Ok(mut key) = cipher.key.write() {
            *key = Some(raw);
        }
        // The register is another file now: its descriptor is the one kept (see `read_head`).
        if let Ok(mut file) = cipher.held.lock() {
            *file = hold_file(&path);
        }
        for conn in held {
            let _ = conn.close().await;
        }
        super::files::make_private(&path);
        let overwritten = shred(&aside).is_ok() & shred(&sidecar(&aside, "-wal")).is_ok();
        let _ = std::fs::remove_file(&aside);
        let _ = std::fs::remove_file(sidecar(&aside, "-shm"));
        Ok(Encrypted { rows, audit_entries, shredded: aside, overwritten })
    }

    /// The register's content exported into `target` under `raw`, its rows counted on both sides.
    async fn export_encrypted(
        &self,
        held: &mut [sqlx::pool::PoolConnection<sqlx::Sqlite>],
        target: &Path,
        raw: &RawKey,
    ) -> Result<Vec<(String, i64)>> {
        let conn = &mut *held[0];
        // ATTACH and DETACH change the connection's schema: statements it keeps prepared from
        // earlier work would make them fail ("database schema has changed").
        sqlx::Connection::clear_cached_statements(&mut *conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
        super::files::create_private_file(target)?;
        let attach =
            format!("ATTACH DATABASE '{}' AS encrypted KEY {}", target.to_string_lossy().replace('\'', "''"), raw.pragma_value().as_str());
        sqlx::query(sqlx::AssertSqlSafe(attach)).execute(&mut *conn).await?;
        // The planner's statistics are set aside and copied after the export, not by it: its own
        // copy of a filled sqlite_stat table reloads the attached schema under its running
        // statement ("database schema has changed"). Put back in the register whatever happens.
        let mut stats = Vec::new();
        for table in ["sqlite_stat1", "sqlite_stat4"] {
            let present: Option<String> = sqlx::query_scalar("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = ?")
                .bind(table)
                .fetch_optional(&mut *conn)
                .await?;
            if present.is_some() {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE TEMP TABLE kept_{table} AS SELECT * FROM main.{table}")))
                    .execute(&mut *conn)
                    .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM main.{table}"))).execute(&mut *conn).await?;
                stats.push(table);
            }
        }
        let exported = async {
            sqlx::query("SELECT sqlcipher_export('encrypted')").execute(&mut *conn).await?;
            for table in &stats {
                sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO encrypted.{table} SELECT * FROM temp.kept_{table}")))
                    .execute(&mut *conn)
                    .await?;
            }
            let id: i64 = sqlx::query_scalar("PRAGMA main.application_id").fetch_one(&mut *conn).await?;
            let version: i64 = sqlx::query_scalar("PRAGMA main.user_version").fetch_one(&mut *conn).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA encrypted.application_id = {id}"))).execute(&mut *conn).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA encrypted.user_version = {version}"))).execute(&mut *conn).await?;
            let before = row_counts(&mut *conn, "main").await?;
            let after = row_counts(&mut *conn, "encrypted").await?;
            if before != after {
                return Err(StoreError::Damaged(vec!["row counts differ".into()]));
            }
            Ok(before)
        }
        .await;
        for table in &stats {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO main.{table} SELECT * FROM temp.kept_{table}")))
                .execute(&mut *conn)
                .await;
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE temp.kept_{table}"))).execute(&mut *conn).await;
        }
        let _ = sqlx::query("DETACH DATABASE encrypted").execute(&mut *conn).await;
        exported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_text_round_trips_and_checks() {
        let raw = RawKey { key: Zeroizing::new([7u8; KEY_LEN]), salt: [9u8; SALT_LEN] };
        let text = raw.recovery_text();
        let back = Key::parse_recovery(&text.to_lowercase().replace('\n', " ")).unwrap();
        assert_eq!(back.resolve(&[9u8; SALT_LEN]).unwrap(), raw);
        let mut wrong = text.clone();
        wrong.replace_range(0..1, if text.starts_with('0') { "1" } else { "0" });
        assert!(Key::parse_recovery(&wrong).is_err());
        assert!(Key::from_file_text("correct horse\n").passphrase_chars() == 13);
    }
}
