//! The register's encryption, as the office manages it (issue 14): whether it is encrypted, a
//! change of passphrase, encrypting a plain register in place, the recovery key. Each is recorded
//! in the audit trail (never the key itself). Who may do them (an administrator) is checked with
//! the other roles' checks.

use clearance_domain::audit::Change;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::FieldError;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::passphrase::MIN_PASSPHRASE_CHARS;
use super::Office;
use crate::error::AppResult;
use crate::store::{Key, StoreError};

/// What the key derivation costs, as the audit trail and the status say it.
const KDF: &str = "Argon2id m=64MiB t=3 p=1";

/// Whether the register is encrypted, in the office's words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KeyStatus {
    pub encrypted: bool,
    /// SQLCipher's version, as the linked library reports it.
    pub cipher_version: Option<String>,
    pub message: String,
}

/// A new passphrase: long enough, and not a recovery key (a new key is always derived from a
/// passphrase, so the recovery sheet stays the one way round a lost passphrase).
fn check_new(key: &Key) -> AppResult<()> {
    if key.is_recovery() {
        return Err(FieldError::new("key", "key.recovery_as_new").into());
    }
    let len = key.passphrase_chars();
    if len < MIN_PASSPHRASE_CHARS {
        return Err(FieldError::new("key", "key.too_short").with("min", MIN_PASSPHRASE_CHARS).with("len", len).into());
    }
    Ok(())
}

fn register_change(action: AuditAction, new: serde_json::Value) -> Change {
    Change { action, entity: AuditEntity::Register, entity_id: String::new(), person_id: None, old: None, new: Some(new) }
}

impl Office {
    pub async fn key_status(&self) -> AppResult<KeyStatus> {
        let lang = self.lang().await;
        let encrypted = self.store.is_encrypted();
        let cipher_version = self.store.cipher_version().await?;
        let message = if encrypted {
            FieldError::general("key.status_encrypted").with("version", cipher_version.clone().unwrap_or_default()).message(lang)
        } else {
            FieldError::general("key.status_plain").message(lang)
        };
        Ok(KeyStatus { encrypted, cipher_version, message })
    }

    /// Changes the passphrase of the encrypted register (`PRAGMA rekey`). `None` (removing the
    /// encryption) is not offered. The old passphrase and the old recovery key no longer open it.
    pub async fn change_key(&self, new: Option<Key>) -> AppResult<String> {
        let Some(new) = new else { return Err(FieldError::general("key.no_decrypt").into()) };
        if !self.store.is_encrypted() {
            return Err(StoreError::NotEncrypted.into());
        }
        check_new(&new)?;
        // Who does it is known before anything changes.
        self.operator().await?;
        self.store.rekey(&new).await?;
        let cipher = self.store.cipher_version().await?.unwrap_or_default();
        let change = register_change(AuditAction::RegisterRekey, json!({ "cipher": format!("SQLCipher {cipher}"), "kdf": KDF }));
        self.write(async |_| Ok(((), vec![change]))).await?;
        Ok(FieldError::general("key.changed").message(self.lang().await))
    }

    /// Encrypts the plain register in place with `key` (a new passphrase): exported into an
    /// encrypted file, checked (integrity, audit chain, every table's rows), put in the register's
    /// place; the plain file is overwritten and removed.
    pub async fn encrypt_in_place(&self, key: Key) -> AppResult<String> {
        if self.store.is_encrypted() {
            return Err(FieldError::general("key.already_encrypted").into());
        }
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        check_new(&key)?;
        self.operator().await?;
        let done = match self.store.encrypt_in_place(&key).await {
            Ok(done) => done,
            Err(StoreError::Damaged(problems)) => {
                return Err(FieldError::general("key.check_failed").with("what", problems.join("; ")).into());
            }
            Err(e) => return Err(e.into()),
        };
        let cipher = self.store.cipher_version().await?.unwrap_or_default();
        let rows: i64 = done.rows.iter().map(|(_, n)| n).sum();
        let change = register_change(
            AuditAction::RegisterEncrypt,
            json!({
                "cipher": format!("SQLCipher {cipher}"),
                "kdf": KDF,
                "rows": rows,
                "audit_entries": done.audit_entries,
                "plain_copy": done.shredded.display().to_string(),
                "plain_copy_overwritten": done.overwritten,
            }),
        );
        self.write(async |_| Ok(((), vec![change]))).await?;
        Ok(FieldError::general("key.encrypted").message(self.lang().await))
    }

    /// The recovery key of the encrypted register (its raw key as grouped text), for the
    /// recovery sheet. Recorded in the audit trail (that it was shown, not the key).
    pub async fn recovery_key(&self) -> AppResult<String> {
        let text = self.store.recovery_text()?;
        if !self.store.is_read_only() {
            self.write(async |_| Ok(((), vec![register_change(AuditAction::RegisterRecoveryKey, json!({}))]))).await?;
        }
        Ok(text)
    }

    /// Opens the encrypted backup at `path` with `key` for this process (a backup taken under an
    /// earlier passphrase): a restore from it then reads it. Nothing is changed.
    pub async fn unlock_backup(&self, path: &str, key: Key) -> AppResult<()> {
        Ok(crate::store::unlock_file(std::path::Path::new(path.trim()), &key).await?)
    }
}
