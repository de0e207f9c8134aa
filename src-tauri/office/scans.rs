//! Scans of signed copies, kept beside the register: what is accepted (a regular PDF, JPEG or
//! PNG file, recognised by its content, within a size limit), written under a temporary name
//! and named only once the register records it, and leftovers of an interrupted write put right.

use std::io::Read;
use std::path::{Path, PathBuf};

use clearance_domain::FieldError;

use super::Office;
use crate::error::AppResult;
use crate::store::files::PendingFile;

/// The largest scan accepted (a many-page colour scan of a form stays well below it).
pub const MAX_SCAN_BYTES: u64 = 50 * 1024 * 1024;

/// The kind of a scan by its first bytes, whatever its name says.
fn kind_of(bytes: &[u8]) -> Option<&'static str> {
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

impl Office {
    /// The folder next to the database where scans of signed copies are kept.
    pub fn scans_dir(&self) -> PathBuf {
        Path::new(&self.db_path).parent().unwrap_or(Path::new(".")).join("scans")
    }

    /// Writes a scan as `name` in the scans folder under a temporary name; it takes its name when
    /// the pending file is committed, after the register recorded it.
    pub(super) fn stage_scan(&self, name: &str, bytes: &[u8]) -> AppResult<PendingFile> {
        let dir = self.scans_dir();
        if !dir.is_dir() {
            crate::store::files::create_private_dir(&dir).map_err(crate::store::StoreError::from)?;
        }
        Ok(PendingFile::write(&dir.join(name), bytes).map_err(crate::store::StoreError::from)?)
    }

    /// Puts right what an interrupted scan left behind: a temporary file whose scan the
    /// register records (the process stopped between the commit and the rename) takes its
    /// name; any other is removed. Run at start.
    pub async fn sweep_scans(&self) -> AppResult<()> {
        let dir = self.scans_dir();
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
        let recorded = self.store.scan_paths().await?;
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(name) = file.strip_prefix('.').and_then(|f| f.rsplit_once(".partial-")).map(|(name, _)| name.to_owned()) else {
                continue;
            };
            let target = dir.join(&name);
            if recorded.contains(&format!("scans/{name}")) && !target.exists() {
                let _ = std::fs::rename(entry.path(), target);
            } else {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}
