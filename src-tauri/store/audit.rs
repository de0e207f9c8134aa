//! The audit trail's storage: appending a sealed entry in the caller's transaction, reading it back.

use chrono::{DateTime, Utc};
use clearance_domain::audit::{instant_text, seal, AuditEntry, Change, GENESIS};
use clearance_domain::person::PersonId;

use super::{Result, Store, StoreError, Tx};

#[derive(sqlx::FromRow)]
pub(super) struct AuditRow {
    seq: i64,
    at: String,
    operator: String,
    action: String,
    entity: String,
    entity_id: String,
    person_id: Option<i64>,
    old: Option<String>,
    new: Option<String>,
    prev_hash: String,
    hash: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(r: AuditRow) -> Result<Self> {
        let at = DateTime::parse_from_rfc3339(&r.at)
            .map_err(|e| StoreError::Corrupt(format!("audit entry {}: time {:?}: {e}", r.seq, r.at)))?
            .with_timezone(&Utc);
        Ok(AuditEntry {
            seq: r.seq,
            at,
            operator: r.operator,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            person_id: r.person_id.map(PersonId::from_stored),
            old: r.old,
            new: r.new,
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
    }
}

pub(super) const AUDIT_COLUMNS: &str =
    "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash FROM audit_log";

impl Tx {
    /// Appends `change` to the chain, in this transaction: it lands with the change or not at all.
    pub async fn audit(&mut self, change: &Change, operator: &str, at: DateTime<Utc>) -> Result<AuditEntry> {
        let last: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *self.tx).await?;
        let (seq, prev) = last.map(|(s, h)| (s + 1, h)).unwrap_or((1, GENESIS.to_owned()));
        let entry = seal(change, seq, at, operator, &prev);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(entry.seq)
        .bind(instant_text(entry.at))
        .bind(&entry.operator)
        .bind(&entry.action)
        .bind(&entry.entity)
        .bind(&entry.entity_id)
        .bind(entry.person_id.map(PersonId::get))
        .bind(&entry.old)
        .bind(&entry.new)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(&mut *self.tx)
        .await?;
        Ok(entry)
    }
}

impl Store {
    /// A page of the trail, newest first, and the number of entries in all.
    pub async fn audit_page(&self, offset: u32, limit: u32) -> Result<(Vec<AuditEntry>, i64)> {
        let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{AUDIT_COLUMNS} ORDER BY seq DESC LIMIT ? OFFSET ?")))
            .bind(i64::from(limit.clamp(1, 500)))
            .bind(i64::from(offset))
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&self.pool).await?;
        Ok((rows.into_iter().map(AuditEntry::try_from).collect::<Result<_>>()?, total))
    }

    pub async fn audit_for_person(&self, id: PersonId) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{AUDIT_COLUMNS} WHERE person_id = ? ORDER BY seq DESC")))
            .bind(id.get())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// Whether the entry with this hash is in the trail (read on a connection of its own).
    pub async fn audit_entry_exists(&self, hash: &str) -> Result<bool> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log WHERE hash = ?").bind(hash).fetch_one(&self.pool).await? > 0)
    }

    /// When a file with this SHA-256 was imported, if it was (the import's audit entry says so).
    pub async fn import_of(&self, sha256: &str) -> Result<Option<String>> {
        let at: Option<String> = sqlx::query_scalar(
            "SELECT substr(at, 1, 10) FROM audit_log WHERE action = 'register.import' AND json_extract(new, '$.sha256') = ? \
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await?;
        Ok(at)
    }

    /// The whole trail in order, for verification.
    pub async fn audit_all(&self) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{AUDIT_COLUMNS} ORDER BY seq"))).fetch_all(&self.pool).await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
