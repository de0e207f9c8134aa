//! Scans of signed copies: what is accepted (a regular PDF, JPEG or PNG file, recognised by its
//! content, within a size limit). They are kept inside the register (`form_scan`, written in the
//! same transaction as the record that names them), so an encrypted register keeps them
//! encrypted and every backup carries them. Scans an older version kept as files in a `scans`
//! folder beside the register are moved in when the register is opened (after a verified copy),
//! and the files removed.
//!
//! To be looked at, a scan is written decrypted into a private folder of this run (0700, the
//! file 0600) in the system's temporary folder; the folder goes when the window closes, and
//! whatever a run that ended without removing its folder left is removed at the next start.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clearance_domain::access::Operation;
use clearance_domain::form::FormNumber;
use clearance_domain::FieldError;

use super::Office;
use crate::error::AppResult;
use crate::store::backup::sha256_hex;
use crate::store::StoreError;

/// The largest scan accepted (a many-page colour scan of a form stays well below it).
pub const MAX_SCAN_BYTES: u64 = 50 * 1024 * 1024;

/// The kind of a scan by its first bytes, whatever its name says.
pub(super) fn kind_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else {
        None
    }
}

/// Reads the scan at `path`: a regular file (not a folder, a device or a pipe, which could
/// hang or never end), at most [`MAX_SCAN_BYTES`], whose content is a PDF, JPEG or PNG.
/// Returns its bytes and the extension it is kept under.
pub(super) fn read_scan(path: &Path) -> AppResult<(Vec<u8>, &'static str)> {
    let shown = path.display();
    let unreadable = |e: std::io::Error| FieldError::new("scan", "form.scan_unreadable").with("path", &shown).with("detail", e);
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FieldError::new("scan", "form.scan_not_file").with("path", &shown).into());
    }
    let too_large = || FieldError::new("scan", "form.scan_too_large").with("path", &shown).with("max", MAX_SCAN_BYTES / (1024 * 1024));
    if meta.len() > MAX_SCAN_BYTES {
        return Err(too_large().into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded even if the file grows while it is read.
    std::fs::File::open(path).and_then(|f| f.take(MAX_SCAN_BYTES + 1).read_to_end(&mut bytes)).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SCAN_BYTES {
        return Err(too_large().into());
    }
    let ext = kind_of(&bytes).ok_or_else(|| FieldError::new("scan", "form.scan_type").with("path", &shown))?;
    Ok((bytes, ext))
}

/// What this run's temporary scan folders start with, in the system's temporary folder.
const VIEW_PREFIX: &str = "clearance-tracker-scans-";

/// This run's folder of decrypted scans, once one was looked at, and the lock that says the run
/// is alive (another run removes a folder whose lock it can take).
static VIEWS: Mutex<Option<(PathBuf, std::fs::File)>> = Mutex::new(None);

/// This run's private folder for scans being looked at, made on first use: a new name (the
/// process and a random part) made with 0700, so nothing another account prepared is used.
fn view_dir() -> std::io::Result<PathBuf> {
    let mut views = VIEWS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((dir, _)) = views.as_ref() {
        if dir.is_dir() {
            return Ok(dir.clone());
        }
    }
    let random = rand_core::RngCore::next_u64(&mut rand_core::OsRng);
    let dir = std::env::temp_dir().join(format!("{VIEW_PREFIX}{}-{random:016x}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir)?;
    let lock = private_file(&dir.join(".lock"))?;
    lock.try_lock().map_err(std::io::Error::other)?;
    *views = Some((dir.clone(), lock));
    Ok(dir)
}

/// A new file readable by the owner only (never an existing one).
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A file an interrupted write of an older version left in the scans folder (`.NAME.partial-PID`).
fn is_partial(path: &Path) -> bool {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).is_some_and(|n| n.starts_with('.') && n.contains(".partial-"))
}

/// Removes what earlier runs that ended without removing their folder of decrypted scans left
/// (a folder whose lock nobody holds); a running window's or command's folder stays.
fn remove_stale_views() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    let own = VIEWS.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(dir, _)| dir.clone());
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let dir = entry.path();
        if !name.starts_with(VIEW_PREFIX) || Some(&dir) == own.as_ref() || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        // Another account's folder cannot be opened: it is left alone.
        let stale = match std::fs::OpenOptions::new().write(true).open(dir.join(".lock")) {
            Ok(lock) => lock.try_lock().is_ok(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound && std::fs::read_dir(&dir).is_ok(),
        };
        if stale {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

impl Office {
    /// The folder next to the database where an older version kept the scans of signed copies
    /// (they are moved into the register when it is opened).
    pub fn scans_dir(&self) -> PathBuf {
        Path::new(&self.db_path).parent().unwrap_or(Path::new(".")).join("scans")
    }

    /// The file an older version kept a scan in (`scans/NAME` recorded), if its name is a plain
    /// file name in the scans folder.
    fn old_scan_file(&self, recorded: &str) -> Option<PathBuf> {
        let name = recorded.strip_prefix("scans/")?;
        let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':']);
        plain.then(|| self.scans_dir().join(name))
    }

    /// Run when the register is opened: moves into the register the scans an older version kept
    /// as files beside it, each after its file's bytes match the SHA-256 recorded when it was
    /// attached and the copy in the register reads back the same; only then is the file
    /// removed (and the folder, once empty, with what interrupted writes left in it). A file
    /// that does not match stays where it is. Also removes the decrypted scans earlier runs
    /// left in the temporary folder. Returns how many scans were moved in.
    pub async fn sweep_scans(&self) -> AppResult<u32> {
        tokio::task::spawn_blocking(remove_stale_views).await.ok();
        if self.store.is_read_only() || !self.scans_dir().is_dir() {
            return Ok(0);
        }
        let mut moved = 0;
        let leftovers: Vec<PathBuf> = std::fs::read_dir(self.scans_dir())
            .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| is_partial(p)).collect())
            .unwrap_or_default();
        for scan in self.store.scan_files_to_move().await? {
            let Some(file) = self.old_scan_file(&scan.path) else { continue };
            // The file, or what a write the older version recorded but did not finish renaming
            // left (`.NAME.partial-PID`).
            let partial = format!(".{}.partial-", file.file_name().unwrap_or_default().to_string_lossy());
            let candidates = std::iter::once(file.clone())
                .chain(leftovers.iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&partial))).cloned());
            for candidate in candidates {
                let Ok(bytes) = tokio::fs::read(&candidate).await else { continue };
                let Some(kind) = kind_of(&bytes) else { continue };
                if sha256_hex(&bytes) != scan.sha256 || bytes.len() as u64 > MAX_SCAN_BYTES {
                    continue;
                }
                // Bookkeeping of where the bytes are, not a change to the register's content
                // (the form keeps the same scan and hash): no audit entry.
                let mut tx = self.store.begin().await?;
                tx.put_form_scan(scan.number, kind, &scan.sha256, &bytes).await?;
                tx.commit().await?;
                let kept = self.store.form_scan(scan.number).await?;
                if kept.is_some_and(|k| sha256_hex(&k.bytes) == scan.sha256) {
                    tokio::fs::remove_file(&candidate).await.map_err(StoreError::from)?;
                    if file.exists() && std::fs::read(&file).is_ok_and(|b| sha256_hex(&b) == scan.sha256) {
                        let _ = std::fs::remove_file(&file);
                    }
                    moved += 1;
                }
                break;
            }
        }
        // What interrupted writes of an older version left (`.NAME.partial-PID`), then the
        // folder itself once nothing else is in it.
        for leftover in leftovers {
            let _ = std::fs::remove_file(leftover);
        }
        let _ = std::fs::remove_dir(self.scans_dir());
        Ok(moved)
    }

    /// The scan attached to form `number`: its bytes, their kind and recorded SHA-256. From the
    /// register; a read-only register of an older version may still have it as a file beside it.
    pub(super) async fn scan_of(&self, number: FormNumber) -> AppResult<Option<crate::store::StoredScan>> {
        if let Some(scan) = self.store.form_scan(number).await? {
            return Ok(Some(scan));
        }
        let Some(form) = self.store.issued_form(number).await? else { return Ok(None) };
        let (Some(path), Some(sha256)) = (form.scan_path, form.scan_sha256) else { return Ok(None) };
        let Some(file) = self.old_scan_file(&path) else { return Ok(None) };
        let Ok(bytes) = tokio::fs::read(&file).await else { return Ok(None) };
        let kind = kind_of(&bytes).unwrap_or("pdf").to_owned();
        Ok(Some(crate::store::StoredScan { kind, sha256, bytes }))
    }

    /// The scan attached to form `number`, checked against the SHA-256 recorded when it was
    /// attached (refused, in words, when it has none or no longer matches).
    pub async fn form_scan(&self, number: FormNumber) -> AppResult<crate::store::StoredScan> {
        self.allow(Operation::Read).await?;
        let scan = self.scan_of(number).await?.ok_or_else(|| FieldError::general("form.scan_none").with("value", number))?;
        if sha256_hex(&scan.bytes) != scan.sha256 {
            return Err(FieldError::general("form.scan_altered").with("value", number).into());
        }
        Ok(scan)
    }

    /// Writes the scan of form `number` decrypted into this run's private temporary folder
    /// (0600, named after the form) for the system's viewer, and returns its path. The folder is
    /// removed when the window closes ([`Office::remove_scan_views`]) or at the next start.
    pub async fn form_scan_view(&self, number: FormNumber) -> AppResult<PathBuf> {
        let scan = self.form_scan(number).await?;
        let write = move || -> std::io::Result<PathBuf> {
            let dir = view_dir()?;
            let mut target = dir.join(format!("{number}.{}", scan.kind));
            for n in 2.. {
                if !target.exists() {
                    break;
                }
                target = dir.join(format!("{number}-{n}.{}", scan.kind));
            }
            let mut file = private_file(&target)?;
            std::io::Write::write_all(&mut file, &scan.bytes)?;
            file.sync_all()?;
            Ok(target)
        };
        let written = tokio::task::spawn_blocking(write).await.map_err(std::io::Error::other).and_then(|r| r);
        Ok(written.map_err(|e| FieldError::general("form.scan_view_failed").with("value", number).with("detail", e))?)
    }

    /// Removes this run's folder of decrypted scans (when the window closes; a run that ends
    /// otherwise leaves it to the next start).
    pub fn remove_scan_views() {
        if let Some((dir, lock)) = VIEWS.lock().unwrap_or_else(|e| e.into_inner()).take() {
            drop(lock);
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Keeps the scan of form `number` in the register, in the transaction that records it.
pub(super) async fn keep_scan(tx: &mut crate::store::Tx, number: FormNumber, scan: &ReadScan) -> crate::store::Result<()> {
    tx.put_form_scan(number, scan.kind, &scan.sha256, &scan.bytes).await
}

/// A scan read and checked ([`read_scan`]), hashed, with the name the register records.
pub(super) struct ReadScan {
    pub bytes: Vec<u8>,
    pub kind: &'static str,
    pub sha256: String,
    /// `scans/<form>-<first 8 hex of the hash>.<kind>`.
    pub name: String,
}

impl ReadScan {
    pub fn new(number: FormNumber, bytes: Vec<u8>, kind: &'static str) -> ReadScan {
        let sha256 = sha256_hex(&bytes);
        let name = format!("scans/{number}-{}.{kind}", &sha256[..8]);
        ReadScan { bytes, kind, sha256, name }
    }
}
