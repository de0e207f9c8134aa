//! The register's key on the command line (issue 14): the key the register is opened with
//! (`--key-file`, env `CLEARANCE_TRACKER_KEY_FILE`, or a prompt without echo on a terminal; never
//! an argument), and `key status | change | encrypt | recovery`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::Subcommand;
use clearance_domain::{FieldError, Lang};
use serde_json::json;

use super::output::Printer;
use crate::error::AppResult;
use crate::office::Office;
use crate::store::{register_state, Key, RegisterState};

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Whether the register is encrypted, and by what.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Change the passphrase of the encrypted register (administrators). The new one is read from
    /// --new-key-file, else typed twice on a terminal. The old passphrase and recovery key stop
    /// working; print a new recovery sheet.
    Change {
        /// A file holding the new passphrase.
        #[arg(long, value_name = "FILE")]
        new_key_file: Option<PathBuf>,
    },
    /// Encrypt a plain register in place (administrators). The passphrase is read from
    /// --new-key-file, else from --key-file, else typed twice on a terminal. The plain file is
    /// overwritten and removed once the encrypted one is checked.
    Encrypt {
        /// A file holding the passphrase.
        #[arg(long, value_name = "FILE")]
        new_key_file: Option<PathBuf>,
    },
    /// Print the recovery key of the encrypted register (administrators; recorded in the audit
    /// trail). It opens the register and its backups: keep it on paper in the safe.
    Recovery {
        #[arg(long)]
        json: bool,
    },
}

/// The key read from `--key-file` for this run (kept for `key encrypt` on a plain register).
static GIVEN: Mutex<Option<Key>> = Mutex::new(None);

fn words(code: &str, lang: Lang) -> String {
    FieldError::general(code).message(lang)
}

/// What a key file holds: the passphrase or a recovery key (its first line).
fn read_key_file(path: &Path) -> AppResult<Key> {
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| FieldError::general("key.file_unreadable").with("path", path.display()).with("detail", e.kind().to_string()))?,
    );
    let first = text.lines().next().unwrap_or_default();
    if first.is_empty() {
        return Err(FieldError::general("key.file_empty").with("path", path.display()).into());
    }
    Ok(Key::from_file_text(first))
}

/// The key to open the register at `db` with, before it is opened: from `key_file`; else, for
/// an encrypted register, typed on a terminal (refused without one). Says on stderr, once, what
/// a new register will be (encrypted with the key given, or plain) and that a key file was not
/// used for a plain register. `Err` is the message to print (nothing was opened).
pub fn key_for_open(db: &Path, key_file: Option<&Path>, encrypting: bool, read_only: bool, lang: Lang) -> Result<Option<Key>, String> {
    let message = |e: crate::error::AppError| e.to_api(lang).message;
    let state = register_state(db).map_err(|e| message(e.into()))?;
    let given = key_file.map(read_key_file).transpose().map_err(message)?;
    if let (Some(key), Ok(mut slot)) = (&given, GIVEN.lock()) {
        *slot = Some(key.clone());
    }
    match state {
        RegisterState::Encrypted => match given {
            Some(key) => Ok(Some(key)),
            None if std::io::stdin().is_terminal() => {
                let typed = rpassword::prompt_password(words("key.prompt", lang)).map_err(|_| words("key.no_terminal", lang))?;
                Ok(Some(Key::from_file_text(&zeroize::Zeroizing::new(typed))))
            }
            None => Err(words("key.no_terminal", lang)),
        },
        RegisterState::Missing if !read_only => {
            eprintln!("{}", words(if given.is_some() { "key.new_encrypted" } else { "key.new_plain" }, lang));
            Ok(given)
        }
        RegisterState::Plain if given.is_some() && !encrypting => {
            eprintln!("{}", FieldError::general("key.file_unused").with("path", key_file.unwrap_or(Path::new("")).display()).message(lang));
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// A new passphrase: from `file`, else typed twice on a terminal.
fn new_key(file: Option<&Path>, fallback: Option<Key>, lang: Lang) -> AppResult<Key> {
    if let Some(file) = file {
        return read_key_file(file);
    }
    if let Some(key) = fallback {
        return Ok(key);
    }
    if !std::io::stdin().is_terminal() {
        return Err(FieldError::general("key.no_terminal").into());
    }
    let first = zeroize::Zeroizing::new(rpassword::prompt_password(words("key.prompt_new", lang)).unwrap_or_default());
    let again = zeroize::Zeroizing::new(rpassword::prompt_password(words("key.prompt_again", lang)).unwrap_or_default());
    if *first != *again {
        return Err(FieldError::new("key", "key.mismatch").into());
    }
    Ok(Key::passphrase(first.to_string()))
}

pub async fn run(office: &Office, cmd: KeyCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        KeyCommand::Status { json } => {
            let status = office.key_status().await?;
            out.json_or(&status, json, || status.message.clone());
        }
        KeyCommand::Change { new_key_file } => {
            let key = new_key(new_key_file.as_deref(), None, out.lang)?;
            let message = office.change_key(Some(key)).await?;
            eprintln!("{message}");
        }
        KeyCommand::Encrypt { new_key_file } => {
            let given = GIVEN.lock().ok().and_then(|g| g.clone());
            let key = new_key(new_key_file.as_deref(), given, out.lang)?;
            let message = office.encrypt_in_place(key).await?;
            eprintln!("{message}");
        }
        KeyCommand::Recovery { json } => {
            let text = office.recovery_key().await?;
            out.json_or(&json!({ "recovery_key": text }), json, || text.clone());
            eprintln!("{}", words("key.recovery_warning", out.lang));
        }
    }
    Ok(())
}
