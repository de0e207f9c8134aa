//! Row versions (issue 16, migration `20261203000002_row_version`): several clerks on one
//! register. A screen keeps the version of the row it loaded and sends it back with an edit; the
//! edit's transaction first claims the row (`UPDATE … SET version = version + 1 WHERE id = ? AND
//! version = ?`), and no row claimed means another clerk changed it since: the edit is refused
//! and nothing is written. Every other write of such a row raises its version too, so a screen
//! loaded before it is refused the same way.
//!
//! The claim is its own statement, in the same write transaction as the row's update that follows
//! it: writers queue one after another (`BEGIN IMMEDIATE` on the file, the advisory lock on the
//! server), so nothing can come between the claim and the update.

use super::db::query;
use super::{Result, Store, Tx};

/// A table whose rows a screen edits in place and which carry a `version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versioned {
    Person,
    Trip,
}

impl Versioned {
    fn table(self) -> &'static str {
        match self {
            Versioned::Person => "person",
            Versioned::Trip => "trip",
        }
    }
}

/// Who last changed a row and when, from the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LastChange {
    pub operator: String,
    /// RFC 3339, as the trail stores it.
    pub at: String,
}

impl Tx {
    /// Claims the row for this write: raises its version by one, if it still has `expected`
    /// (`None`: whatever it has — a write that was not made from a loaded screen). `false` when
    /// the row has another version (or does not exist): the caller refuses the edit.
    pub async fn claim_version(&mut self, table: Versioned, id: i64, expected: Option<i64>) -> Result<bool> {
        let t = table.table();
        let done = match expected {
            Some(v) => {
                self.conn()
                    .execute(query(format!("UPDATE {t} SET version = version + 1 WHERE id = ? AND version = ?")).bind(id).bind(v))
                    .await?
            }
            None => self.conn().execute(query(format!("UPDATE {t} SET version = version + 1 WHERE id = ?")).bind(id)).await?,
        };
        Ok(done.rows_affected == 1)
    }

    /// The latest entry of the trail about the row (`entity`, `entity_id`) among `actions`, read
    /// through the person's index (every person and trip entry carries the person's id).
    pub async fn last_change(&mut self, person_id: i64, entity: &str, entity_id: i64, actions: &[&str]) -> Result<Option<LastChange>> {
        let mut q = query("SELECT operator, at FROM audit_log WHERE person_id = ");
        q.push_bind(person_id).push(" AND entity = ").push_bind(entity).push(" AND entity_id = ").push_bind(entity_id.to_string());
        if !actions.is_empty() {
            q.push(" AND action IN (").push_binds(actions.iter().copied()).push(")");
        }
        q.push(" ORDER BY seq DESC LIMIT 1");
        Ok(self.conn().fetch_optional::<LastChange>(q).await?)
    }
}

impl Store {
    /// The row's version now (`None`: no such row). A screen reads it BEFORE the row's data:
    /// a write landing between the two reads then makes the edit refused, never accepted stale.
    pub async fn row_version(&self, table: Versioned, id: i64) -> Result<Option<i64>> {
        let t = table.table();
        Ok(self.db.scalar_optional::<i64>(query(format!("SELECT version FROM {t} WHERE id = ?")).bind(id)).await?)
    }

    /// The newest entry of the audit trail (0 for none): what the window polls on a SQLite
    /// register to see that another clerk or process changed it.
    pub async fn audit_head_seq(&self) -> Result<i64> {
        Ok(self.db.scalar::<i64>(query("SELECT coalesce(max(seq), 0) FROM audit_log")).await?)
    }

    /// On the office server: a listener on the channel every write transaction notifies
    /// ([`CHANGED_CHANNEL`]), on its own connection. `None` on a SQLite register.
    pub async fn listen_for_changes(&self) -> Result<Option<sqlx::postgres::PgListener>> {
        match &self.db {
            super::db::Pool::Postgres(pool) => {
                let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
                listener.listen(CHANGED_CHANNEL).await?;
                Ok(Some(listener))
            }
            super::db::Pool::Sqlite(_) => Ok(None),
        }
    }
}

/// The PostgreSQL channel a write transaction notifies, with its last audit entry's number, as it
/// commits (a notification is delivered only if the transaction commits).
pub const CHANGED_CHANNEL: &str = "clearance_register_changed";

impl Tx {
    /// Tells the other windows on the office server that this transaction changed the register
    /// (delivered at commit, never for a rolled-back one). Nothing on a SQLite register: the
    /// windows there poll [`Store::audit_head_seq`].
    pub async fn notify_changed(&mut self, seq: i64) -> Result<()> {
        if self.conn().backend() == super::db::Backend::Postgres {
            self.conn().execute(query("SELECT pg_notify(?, ?)").bind(CHANGED_CHANNEL).bind(seq.to_string())).await?;
        }
        Ok(())
    }
}
