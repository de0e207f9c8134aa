//! The audit trail's storage: appending a sealed entry in the caller's transaction, reading it back.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use clearance_domain::audit::{instant_text, seal_as_of, AuditEntry, Change, GENESIS};
use clearance_domain::person::PersonId;

use super::db::{self, query, Backend, Conn, Sql};
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
    fn push_filters(&self, q: &mut db::Query) {
        q.push(" WHERE 1 = 1");
        if let Some(id) = self.person {
            q.push(" AND person_id = ").push_bind(id.get());
        }
        if let Some(op) = &self.operator {
            q.push(" AND operator = ").push_bind(op);
        }
        if !self.actions.is_empty() {
            q.push(" AND action IN (").push_binds(&self.actions).push(")");
        }
        // Instants are stored with a fixed precision and zone (`instant_text`): as text they
        // sort as they happened.
        if let Some(from) = self.from {
            q.push(" AND at >= ").push_bind(instant_text(from));
        }
        if let Some(until) = self.until {
            q.push(" AND at < ").push_bind(instant_text(until));
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

// `as_of` is a day: DATE on PostgreSQL, TEXT (`YYYY-MM-DD`) on SQLite; read as text on both.
pub(super) const AUDIT_COLUMNS: &str = "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, \
     CAST(as_of AS TEXT) AS as_of, signature FROM audit_log";

/// [`AUDIT_COLUMNS`] for a file that may be older than the `as_of` column (a backup taken by an
/// earlier version): its entries have no shifted day. (A server register is always migrated.)
pub(super) async fn audit_columns_of(conn: &mut Conn<'_>) -> Result<&'static str> {
    if conn.backend() == Backend::Postgres {
        return Ok(AUDIT_COLUMNS);
    }
    let has: i64 = conn.scalar(query("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'as_of'")).await?;
    // Nor has a file older than signatures (20261201000002) any signature.
    let signed: i64 = conn.scalar(query("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'signature'")).await?;
    Ok(match (has > 0, signed > 0) {
        (true, true) => AUDIT_COLUMNS,
        (false, true) => {
            "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, NULL AS as_of, signature FROM audit_log"
        }
        (true, false) => {
            "SELECT seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, CAST(as_of AS TEXT) AS as_of, \
             NULL AS signature FROM audit_log"
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
    ///
    /// The chain's head is read here, in the write transaction, never before it: the
    /// transaction is the only writer (`BEGIN IMMEDIATE` on a file, the writers' advisory lock
    /// on the server), so two clerks' entries can never chain from the same head.
    pub async fn audit_as_of(
        &mut self,
        change: &Change,
        operator: &str,
        at: DateTime<Utc>,
        as_of: Option<chrono::NaiveDate>,
    ) -> Result<AuditEntry> {
        let last: Option<(i64, String)> =
            self.conn().fetch_optional(query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).await?;
        let (seq, prev) = last.map(|(s, h)| (s + 1, h)).unwrap_or((1, GENESIS.to_owned()));
        let mut entry = seal_as_of(change, seq, at, as_of, operator, &prev);
        // Signed with the register's key as it is appended (the signature is not hashed).
        entry.signature = Some(self.audit_signature(&entry.hash).await?);
        self.conn()
            .execute(
                query(
                    "INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, person_id, old, new, prev_hash, hash, as_of, \
                     signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(entry.seq)
                .bind(instant_text(entry.at))
                .bind(&entry.operator)
                .bind(&entry.action)
                .bind(&entry.entity)
                .bind(&entry.entity_id)
                .bind(entry.person_id.map(PersonId::get))
                .bind(entry.old.as_deref())
                .bind(entry.new.as_deref())
                .bind(&entry.prev_hash)
                .bind(&entry.hash)
                // A day (`YYYY-MM-DD` on SQLite, as before; DATE on the server).
                .bind(entry.as_of)
                .bind(entry.signature.as_deref()),
            )
            .await?;
        Ok(entry)
    }
}

impl Store {
    /// A page of the trail, newest first, and the number of entries in all.
    pub async fn audit_page(&self, offset: u32, limit: u32) -> Result<(Vec<AuditEntry>, i64)> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let rows: Vec<AuditRow> = conn
            .fetch_all(query(format!("{AUDIT_COLUMNS} ORDER BY seq DESC LIMIT ? OFFSET ?")).bind(limit.clamp(1, 500)).bind(offset))
            .await?;
        let total: i64 = conn.scalar(query("SELECT count(*) FROM audit_log")).await?;
        Ok((rows.into_iter().map(AuditEntry::try_from).collect::<Result<_>>()?, total))
    }

    pub async fn audit_for_person(&self, id: PersonId) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> =
            self.db.fetch_all(query(format!("{AUDIT_COLUMNS} WHERE person_id = ? ORDER BY seq DESC")).bind(id.get())).await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    /// The entries `query` matches, newest first, and how many it matches in all.
    pub async fn audit_query(&self, query: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let mut count = db::query("SELECT count(*) FROM audit_log");
        query.push_filters(&mut count);
        let total: i64 = conn.scalar(count).await?;
        let mut q = db::query(AUDIT_COLUMNS);
        query.push_filters(&mut q);
        q.push(" ORDER BY seq DESC");
        if query.limit > 0 {
            q.push(" LIMIT ").push_bind(query.limit.min(500));
            q.push(" OFFSET ").push_bind(query.offset);
        } else if query.offset > 0 {
            // Every entry past the first `offset`: SQLite wants a LIMIT before an OFFSET.
            q.push(match conn.backend() {
                Backend::Sqlite => " LIMIT -1 OFFSET ",
                Backend::Postgres => " OFFSET ",
            })
            .push_bind(query.offset);
        }
        let rows: Vec<AuditRow> = conn.fetch_all(q).await?;
        Ok((rows.into_iter().map(AuditEntry::try_from).collect::<Result<_>>()?, total))
    }

    /// One entry by its place in the chain, with the entry before it (whose hash it chains
    /// from), if any.
    pub async fn audit_entry(&self, seq: i64) -> Result<Option<(AuditEntry, Option<AuditEntry>)>> {
        let rows: Vec<AuditRow> =
            self.db.fetch_all(query(format!("{AUDIT_COLUMNS} WHERE seq IN (?, ?) ORDER BY seq")).bind(seq - 1).bind(seq)).await?;
        let mut entries = rows.into_iter().map(AuditEntry::try_from).collect::<Result<Vec<_>>>()?;
        let Some(entry) = entries.pop().filter(|e| e.seq == seq) else {
            return Ok(None);
        };
        Ok(Some((entry, entries.pop())))
    }

    /// Everyone who has made an entry, by name (the operator filter's choices).
    pub async fn audit_operators(&self) -> Result<Vec<String>> {
        Ok(self.db.scalars(query("SELECT DISTINCT operator FROM audit_log ORDER BY operator")).await?)
    }

    /// The names and staff numbers of these people (archived ones too), read in a few queries
    /// however many entries name them.
    pub async fn person_labels(&self, ids: &[PersonId]) -> Result<HashMap<PersonId, PersonLabel>> {
        let mut out = HashMap::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(out);
        }
        let mut c = self.read().await?;
        let mut conn = c.conn();
        for chunk in ids.chunks(500) {
            let mut q = query("SELECT id, name, staff_no FROM person WHERE id IN (");
            q.push_binds(chunk.iter().map(|id| id.get())).push(")");
            let rows: Vec<(i64, String, String)> = conn.fetch_all(q).await?;
            out.extend(rows.into_iter().map(|(id, name, staff_no)| (PersonId::from_stored(id), PersonLabel { name, staff_no })));
        }
        Ok(out)
    }

    /// Whether the entry with this hash is in the trail (read on a connection of its own).
    pub async fn audit_entry_exists(&self, hash: &str) -> Result<bool> {
        Ok(self.db.scalar::<i64>(query("SELECT count(*) FROM audit_log WHERE hash = ?").bind(hash)).await? > 0)
    }

    /// When a file with this SHA-256 was imported, if it was (the import's audit entry says so).
    pub async fn import_of(&self, sha256: &str) -> Result<Option<String>> {
        let at: Option<String> = self
            .db
            .scalar_optional(
                query(Sql::per(
                    "SELECT substr(at, 1, 10) FROM audit_log WHERE action = 'register.import' AND json_extract(new, '$.sha256') = ? \
                     ORDER BY seq DESC LIMIT 1",
                    // (Only an import's entry is read as JSON.)
                    "SELECT substr(at, 1, 10) FROM audit_log WHERE action = 'register.import' \
                     AND CASE WHEN action = 'register.import' THEN new::jsonb ->> 'sha256' END = ? ORDER BY seq DESC LIMIT 1",
                ))
                .bind(sha256),
            )
            .await?;
        Ok(at)
    }

    /// The whole trail in order, for verification.
    pub async fn audit_all(&self) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = self.db.fetch_all(query(format!("{AUDIT_COLUMNS} ORDER BY seq"))).await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
