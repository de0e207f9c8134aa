//! The audit trail's storage: appending a sealed entry in the caller's transaction, reading it back.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use clearance_domain::audit::{instant_text, seal_as_of, AuditEntry, Change, GENESIS};
use clearance_domain::person::PersonId;
use sqlx::{QueryBuilder, Sqlite};

use super::{Result, Store, StoreError, Tx};

/// Which entries of the trail to read: every filter the Audit screen and `audit list` offer,
/// each applied in SQL (the indexes of `20261130000005_audit_query.sql` serve them), newest
/// first. An empty filter matches every entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Entries about this person: their own record, lifecycle, trips, documents, forms,
    /// training and reminders (every such entry carries the person's id).
    pub person: Option<PersonId>,
    /// Entries this operator made (exactly as recorded).
    pub operator: Option<String>,
    /// Entries of any of these actions (stored codes); empty for every action.
    pub actions: Vec<String>,
    /// Entries made at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries made before this instant.
    pub until: Option<DateTime<Utc>>,
    pub offset: u32,
    /// At most this many entries; 0 for every entry the filters match (an export).
    pub limit: u32,
}

impl AuditQuery {
    fn push_filters(&self, qb: &mut QueryBuilder<Sqlite>) {
        qb.push(" WHERE 1 = 1");
        if let Some(id) = self.person {
            qb.push(" AND person_id = ").push_bind(id.get());
        }
        if let Some(op) = &self.operator {
            qb.push(" AND operator = ").push_bind(op.clone());
        }
        if !self.actions.is_empty() {
            qb.push(" AND action IN (");
            let mut list = qb.separated(", ");
            for a in &self.actions {
                list.push_bind(a.clone());
            }
            qb.push(")");
        }
        // Instants are stored with a fixed precision and zone (`instant_text`): as text they
        // sort as they happened.
        if let Some(from) = self.from {
            qb.push(" AND at >= ").push_bind(instant_text(from));
        }
        if let Some(until) = self.until {
            qb.push(" AND at < ").push_bind(instant_text(until));
        }
    }
}

/// How an entry names a person: their name and staff number as the register has them now.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonLabel {
    pub name: String,
    pub staff_no: String,
}

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
    as_of: Option<String>,
    signature: Option<String>,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(r: AuditRow) -> Result<Self> {
        let at = DateTime::parse_from_rfc3339(&r.at)
            .map_err(|e| StoreError::Corrupt(format!("audit entry {}: time {:?}: {e}", r.seq, r.at)))?
            .with_timezone(&Utc);
        let as_of = match r.as_of.as_deref() {
            Some(day) => Some(
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .map_err(|e| StoreError::Corrupt(format!("audit entry {}: as of {day:?}: {e}", r.seq)))?,
            ),
            None => None,
        };
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
            as_of,
            signature: r.signature,
        })
    }
}

pub(super) const AUDIT_COLUMNS: &str =
    "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, as_of, signature FROM audit_log";

/// [`AUDIT_COLUMNS`] for a file that may be older than the `as_of` column (a backup taken by an
/// earlier version): its entries have no shifted day.
pub(super) async fn audit_columns_of(conn: &mut sqlx::SqliteConnection) -> Result<&'static str> {
    let has: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'as_of'").fetch_one(&mut *conn).await?;
    // Nor has a file older than signatures (20261201000002) any signature.
    let signed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'signature'").fetch_one(&mut *conn).await?;
    Ok(match (has > 0, signed > 0) {
        (true, true) => AUDIT_COLUMNS,
        (false, true) => {
            "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, NULL AS as_of, signature FROM audit_log"
        }
        (true, false) => {
            "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, as_of, NULL AS signature FROM audit_log"
        }
        (false, false) => {
            "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, NULL AS as_of, NULL AS signature \
             FROM audit_log"
        }
    })
}

impl Tx {
    /// Appends `change` to the chain, in this transaction: it lands with the change or not at all.
    pub async fn audit(&mut self, change: &Change, operator: &str, at: DateTime<Utc>) -> Result<AuditEntry> {
        self.audit_as_of(change, operator, at, None).await
    }

    /// [`Tx::audit`] for a change made while "today" was shifted to `as_of` (recorded beside
    /// the real instant `at`).
    pub async fn audit_as_of(
        &mut self,
        change: &Change,
        operator: &str,
        at: DateTime<Utc>,
        as_of: Option<chrono::NaiveDate>,
    ) -> Result<AuditEntry> {
        let last: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *self.tx).await?;
        let (seq, prev) = last.map(|(s, h)| (s + 1, h)).unwrap_or((1, GENESIS.to_owned()));
        let mut entry = seal_as_of(change, seq, at, as_of, operator, &prev);
        // Signed with the register's key as it is appended (the signature is not hashed).
        entry.signature = Some(self.audit_signature(&entry.hash).await?);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, as_of, signature) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .bind(entry.as_of.map(|d| d.to_string()))
        .bind(&entry.signature)
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

    /// The entries `query` matches, newest first, and how many it matches in all.
    pub async fn audit_query(&self, query: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM audit_log");
        query.push_filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut qb = QueryBuilder::<Sqlite>::new(AUDIT_COLUMNS);
        query.push_filters(&mut qb);
        qb.push(" ORDER BY seq DESC");
        if query.limit > 0 {
            qb.push(" LIMIT ").push_bind(i64::from(query.limit.min(500)));
            qb.push(" OFFSET ").push_bind(i64::from(query.offset));
        } else if query.offset > 0 {
            qb.push(" LIMIT -1 OFFSET ").push_bind(i64::from(query.offset));
        }
        let rows: Vec<AuditRow> = qb.build_query_as().fetch_all(&self.pool).await?;
        Ok((rows.into_iter().map(AuditEntry::try_from).collect::<Result<_>>()?, total))
    }

    /// One entry by its place in the chain, with the entry before it (whose hash it chains
    /// from), if any.
    pub async fn audit_entry(&self, seq: i64) -> Result<Option<(AuditEntry, Option<AuditEntry>)>> {
        let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{AUDIT_COLUMNS} WHERE seq IN (?, ?) ORDER BY seq")))
            .bind(seq - 1)
            .bind(seq)
            .fetch_all(&self.pool)
            .await?;
        let mut entries = rows.into_iter().map(AuditEntry::try_from).collect::<Result<Vec<_>>>()?;
        let Some(entry) = entries.pop().filter(|e| e.seq == seq) else {
            return Ok(None);
        };
        Ok(Some((entry, entries.pop())))
    }

    /// Everyone who has made an entry, by name (the operator filter's choices).
    pub async fn audit_operators(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT operator FROM audit_log ORDER BY operator").fetch_all(&self.pool).await?)
    }

    /// The names and staff numbers of these people (archived ones too), read in a few queries
    /// however many entries name them.
    pub async fn person_labels(&self, ids: &[PersonId]) -> Result<HashMap<PersonId, PersonLabel>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut qb = QueryBuilder::<Sqlite>::new("SELECT id, name, staff_no FROM person WHERE id IN (");
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(id.get());
            }
            qb.push(")");
            let rows: Vec<(i64, String, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
            out.extend(rows.into_iter().map(|(id, name, staff_no)| (PersonId::from_stored(id), PersonLabel { name, staff_no })));
        }
        Ok(out)
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
