//! The files the register makes beside itself: readable by the office's user only (0600 files,
//! 0700 folders on Unix), written whole or not at all, and a lock that lets one process at a
//! time set up a new register.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Creates `dir` (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `path` empty and readable by the owner only; `false` when it already exists.
pub fn create_private_file(path: &Path) -> io::Result<bool> {
    match private_options().write(true).create_new(true).open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Takes away group and other access from a file the register made (a backup, its WAL).
/// Best effort: a file that is not there, or not ours, is left as it is.
pub fn make_private(path: &Path) {
    #[cfg(unix)]
    if path.exists() {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `<target>.partial-<pid>`: where a file is written before it takes its name.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// A file written under a temporary name beside its target, synced, and only then given its
/// name: a reader never sees half a file, and a crash leaves at most the temporary one.
pub struct PendingFile {
    partial: PathBuf,
    target: PathBuf,
    done: bool,
}

impl PendingFile {
    /// Writes `bytes` beside `target` (private, synced). The target is untouched until
    /// [`PendingFile::commit`].
    pub fn write(target: &Path, bytes: &[u8]) -> io::Result<PendingFile> {
        let partial = partial_path(target);
        let pending = PendingFile { partial: partial.clone(), target: target.to_path_buf(), done: false };
        let mut file = private_options().write(true).create(true).truncate(true).open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(pending)
    }

    /// Gives the file its name (replacing what was there).
    pub fn commit(mut self) -> io::Result<PathBuf> {
        std::fs::rename(&self.partial, &self.target)?;
        self.done = true;
        Ok(self.target.clone())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// An exclusive lock on a file beside the register, held until dropped. Other processes asking
/// for it wait (without blocking the async executor).
pub struct FileLock {
    _file: File,
}

impl FileLock {
    pub async fn exclusive(path: &Path) -> io::Result<FileLock> {
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || {
            let file = private_options().write(true).create(true).truncate(false).open(&path)?;
            file.lock()?;
            Ok(FileLock { _file: file })
        })
        .await
        .map_err(io::Error::other)?
    }
}
