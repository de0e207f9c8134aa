//! The register's audit signing key (issue 14): an Ed25519 key made the first time an entry is
//! written, kept in the register's `audit_key` table (so it is under the passphrase once the
//! register is encrypted), with which every new entry's hash is signed as it is appended.
//!
//! The key is read in the writing transaction itself (once, with its first entry: a 5,000-row
//! import reads it once), so a register restored from a backup signs with the backup's key; it is
//! wiped from memory when the transaction ends.

use chrono::Utc;
use clearance_domain::audit::{instant_text, signed_message};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::db::query;
use super::{Result, Store, StoreError, Tx};

/// The register's verifying key, as `audit verify` shows and uses it.
#[derive(Debug, Clone)]
pub struct AuditKey {
    pub key: VerifyingKey,
    /// When it was made (RFC 3339).
    pub created_at: String,
}

impl AuditKey {
    /// What the office compares with a note of it: the first 16 hex digits of the SHA-256 of the
    /// public key, in groups of four (`3F9A-12BC-D4E1-A0B7`).
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }

    /// Whether `signature` (hex) is this key's signature of the entry hash `hash`.
    pub fn signed(&self, hash: &str, signature: &str) -> bool {
        let Ok(bytes) = hex::decode(signature.trim()) else { return false };
        let Ok(signature) = Signature::from_slice(&bytes) else { return false };
        self.key.verify(&signed_message(hash), &signature).is_ok()
    }
}

pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = hex::encode_upper(Sha256::digest(key.as_bytes()));
    digest.as_bytes()[..16].chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("audit signing key: {what}"))
}

impl Tx {
    /// The signature (hex) of the entry hash `hash` with the register's key.
    pub(super) async fn audit_signature(&mut self, hash: &str) -> Result<String> {
        if self.signer.is_none() {
            self.signer = Some(self.audit_signer().await?);
        }
        let key = self.signer.as_ref().ok_or_else(|| corrupt("no key"))?;
        Ok(Tx::sign_entry(key, hash))
    }

    /// The register's signing key, made and kept now (in this transaction) when it has none.
    async fn audit_signer(&mut self) -> Result<SigningKey> {
        let stored: Option<Vec<u8>> = self.conn().scalar_optional(query("SELECT secret FROM audit_key WHERE id = 1")).await?;
        let Some(secret) = stored.map(Zeroizing::new) else {
            let key = SigningKey::generate(&mut rand_core::OsRng);
            let secret = Zeroizing::new(key.to_bytes().to_vec());
            self.conn()
                .execute(
                    query("INSERT INTO audit_key (id, secret, public, created_at) VALUES (1, ?, ?, ?)")
                        .bind(secret.as_slice())
                        .bind(hex::encode(key.verifying_key().as_bytes()))
                        .bind(instant_text(Utc::now())),
                )
                .await?;
            return Ok(key);
        };
        let seed: &[u8; 32] = secret.as_slice().try_into().map_err(|_| corrupt("not 32 bytes"))?;
        Ok(SigningKey::from_bytes(seed))
    }

    /// The signature (hex) of the entry hash `hash` with `key`.
    pub(super) fn sign_entry(key: &SigningKey, hash: &str) -> String {
        hex::encode(key.sign(&signed_message(hash)).to_bytes())
    }
}

impl Store {
    /// The register's verifying key; `None` until the first entry was signed.
    pub async fn audit_key(&self) -> Result<Option<AuditKey>> {
        let row: Option<(String, String)> = self.db.fetch_optional(query("SELECT public, created_at FROM audit_key WHERE id = 1")).await?;
        let Some((public, created_at)) = row else { return Ok(None) };
        let bytes = hex::decode(public.trim()).map_err(corrupt)?;
        let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| corrupt("the public key is not 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(corrupt)?;
        Ok(Some(AuditKey { key, created_at }))
    }

    /// How many people the register holds, archived ones too (an empty trail on a register that
    /// holds people was emptied).
    pub async fn people_count(&self) -> Result<i64> {
        Ok(self.db.scalar(query("SELECT count(*) FROM person")).await?)
    }

    /// The trail's newest entry (`None` for an empty trail), as last committed: the head printed
    /// on a form or a report, never one to chain from (an append reads the head in its own write
    /// transaction, `Tx::audit`).
    pub async fn audit_last(&self) -> Result<Option<(i64, String)>> {
        Ok(self.db.fetch_optional(query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_checked_against_the_entry_hash() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let audit = AuditKey { key: key.verifying_key(), created_at: String::new() };
        let sig = Tx::sign_entry(&key, "abc");
        assert!(audit.signed("abc", &sig));
        assert!(!audit.signed("abd", &sig));
        assert!(!audit.signed("abc", "00"));
        assert!(!audit.signed("abc", "not hex"));
        let other = SigningKey::from_bytes(&[8; 32]);
        assert!(!audit.signed("abc", &Tx::sign_entry(&other, "abc")));
        assert_eq!(audit.fingerprint().len(), 19);
    }
}
