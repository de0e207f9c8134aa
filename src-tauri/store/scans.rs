//! The scans of signed copies, kept inside the register (`form_scan`): one per issued form, with
//! what it is, its size and its SHA-256. An encrypted register keeps them encrypted, and every
//! backup carries them.

use clearance_domain::form::FormNumber;

use super::db::query;
use super::{Result, Store, Tx};

/// A scan as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScan {
    /// `pdf`, `jpg` or `png`, from the content.
    pub kind: String,
    /// The lowercase hex SHA-256 recorded when it was attached.
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// A scan the register records whose bytes are still a file beside it (kept so before the scans
/// moved into the register): the form, the scan's name (`scans/NAME`) and its recorded SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanFileToMove {
    pub number: FormNumber,
    pub path: String,
    pub sha256: String,
}

const FORM: &str = "(SELECT id FROM issued_form WHERE year = ? AND seq = ?)";

impl Store {
    /// The scan attached to form `number`, if the register holds one.
    pub async fn form_scan(&self, number: FormNumber) -> Result<Option<StoredScan>> {
        let row: Option<(String, String, Vec<u8>)> = self
            .db
            .fetch_optional(
                query(format!("SELECT kind, sha256, bytes FROM form_scan WHERE form_id = {FORM}")).bind(number.year()).bind(number.seq()),
            )
            .await?;
        Ok(row.map(|(kind, sha256, bytes)| StoredScan { kind, sha256, bytes }))
    }

    /// The scans the register records but does not hold yet (still files beside it).
    pub async fn scan_files_to_move(&self) -> Result<Vec<ScanFileToMove>> {
        let rows: Vec<(i64, i64, String, String)> = self
            .db
            .fetch_all(query(
                "SELECT f.year, f.seq, f.scan_path, f.scan_sha256 FROM issued_form f \
                 WHERE f.scan_path IS NOT NULL AND f.scan_sha256 IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM form_scan s WHERE s.form_id = f.id) ORDER BY f.year, f.seq",
            ))
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(year, seq, path, sha256)| {
                let number = FormNumber::new(i32::try_from(year).ok()?, u32::try_from(seq).ok()?)?;
                Some(ScanFileToMove { number, path, sha256 })
            })
            .collect())
    }

    /// How many scans the register holds.
    pub async fn scan_count(&self) -> Result<u32> {
        let n: i64 = self.db.scalar(query("SELECT count(*) FROM form_scan")).await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Tx {
    /// Keeps `bytes` as the scan of form `number` (replacing the one it had), in this
    /// transaction: the scan and the record that names it are committed together or not at all.
    /// (`bytea` on the server, so every clerk sees it.)
    pub async fn put_form_scan(&mut self, number: FormNumber, kind: &str, sha256: &str, bytes: &[u8]) -> Result<()> {
        let done = self
            .conn()
            .execute(
                query(
                    "INSERT INTO form_scan (form_id, kind, size, sha256, bytes) SELECT id, ?, ?, ?, ? FROM issued_form \
                     WHERE year = ? AND seq = ? \
                     ON CONFLICT (form_id) DO UPDATE SET kind = excluded.kind, size = excluded.size, sha256 = excluded.sha256, \
                     bytes = excluded.bytes",
                )
                .bind(kind)
                .bind(bytes.len())
                .bind(sha256)
                .bind(bytes)
                .bind(number.year())
                .bind(number.seq()),
            )
            .await?;
        if done.rows_affected == 0 {
            return Err(super::StoreError::NotFound(format!("form {number}")));
        }
        Ok(())
    }
}
