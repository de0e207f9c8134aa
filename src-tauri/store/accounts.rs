//! The accounts that sign in (migration `20261201000001_accounts.sql`): read outside a
//! transaction for sign-in, written inside the caller's transaction with its audit entry.

use chrono::{DateTime, Utc};
use clearance_domain::access::Role;
use clearance_domain::audit::instant_text;
use clearance_domain::terms::Term;

use super::db::query;
use super::{Result, Store, StoreError, Tx};

/// An account as stored (the password only as its Argon2id PHC string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub failed_attempts: u32,
    pub wait_until: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    name: String,
    role: String,
    password_hash: String,
    created_at: String,
    disabled_at: Option<String>,
    failed_attempts: i64,
    wait_until: Option<String>,
}

fn instant(field: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("account {field} {text:?}: {e}")))
}

impl TryFrom<AccountRow> for StoredAccount {
    type Error = StoreError;

    fn try_from(r: AccountRow) -> Result<Self> {
        let role = Role::from_code(&r.role).ok_or_else(|| StoreError::Corrupt(format!("account {}: role {:?}", r.name, r.role)))?;
        Ok(StoredAccount {
            id: r.id,
            role,
            password_hash: r.password_hash,
            created_at: instant("created_at", &r.created_at)?,
            disabled_at: r.disabled_at.as_deref().map(|t| instant("disabled_at", t)).transpose()?,
            failed_attempts: u32::try_from(r.failed_attempts).unwrap_or(u32::MAX),
            wait_until: r.wait_until.as_deref().map(|t| instant("wait_until", t)).transpose()?,
            name: r.name,
        })
    }
}

const COLUMNS: &str = "SELECT id, name, role, password_hash, created_at, disabled_at, failed_attempts, wait_until FROM account";

impl Store {
    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<StoredAccount>> {
        let rows: Vec<AccountRow> = self.db.fetch_all(query(format!("{COLUMNS} ORDER BY name"))).await?;
        rows.into_iter().map(StoredAccount::try_from).collect()
    }

    pub async fn account(&self, name: &str) -> Result<Option<StoredAccount>> {
        let row: Option<AccountRow> = self.db.fetch_optional(query(format!("{COLUMNS} WHERE name = ?")).bind(name)).await?;
        row.map(StoredAccount::try_from).transpose()
    }

    pub async fn account_count(&self) -> Result<i64> {
        Ok(self.db.scalar(query("SELECT count(*) FROM account")).await?)
    }
}

impl Tx {
    pub async fn account(&mut self, name: &str) -> Result<Option<StoredAccount>> {
        let row: Option<AccountRow> = self.conn().fetch_optional(query(format!("{COLUMNS} WHERE name = ?")).bind(name)).await?;
        row.map(StoredAccount::try_from).transpose()
    }

    pub async fn account_count(&mut self) -> Result<i64> {
        Ok(self.conn().scalar(query("SELECT count(*) FROM account")).await?)
    }

    /// Accounts with this role that may still sign in.
    pub async fn active_accounts_with_role(&mut self, role: Role) -> Result<i64> {
        Ok(self.conn().scalar(query("SELECT count(*) FROM account WHERE role = ? AND disabled_at IS NULL").bind(role.code())).await?)
    }

    pub async fn insert_account(&mut self, name: &str, role: Role, password_hash: &str, at: DateTime<Utc>) -> Result<i64> {
        let id = self
            .conn()
            .scalar::<i64>(
                query("INSERT INTO account (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")
                    .bind(name)
                    .bind(role.code())
                    .bind(password_hash)
                    .bind(instant_text(at)),
            )
            .await;
        match id {
            Ok(id) => Ok(id),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Duplicate { field: "account", value: name.to_owned() })
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn set_account_role(&mut self, name: &str, role: Role) -> Result<()> {
        self.conn().execute(query("UPDATE account SET role = ? WHERE name = ?").bind(role.code()).bind(name)).await?;
        Ok(())
    }

    pub async fn set_account_disabled(&mut self, name: &str, at: Option<DateTime<Utc>>) -> Result<()> {
        self.conn()
            .execute(
                query("UPDATE account SET disabled_at = ?, failed_attempts = 0, wait_until = NULL WHERE name = ?")
                    .bind(at.map(instant_text))
                    .bind(name),
            )
            .await?;
        Ok(())
    }

    pub async fn set_account_password(&mut self, name: &str, password_hash: &str) -> Result<()> {
        self.conn()
            .execute(
                query("UPDATE account SET password_hash = ?, failed_attempts = 0, wait_until = NULL WHERE name = ?")
                    .bind(password_hash)
                    .bind(name),
            )
            .await?;
        Ok(())
    }

    /// The count of consecutive failures and the wait they impose (none after a success).
    pub async fn set_account_failures(&mut self, name: &str, failures: u32, wait_until: Option<DateTime<Utc>>) -> Result<()> {
        self.conn()
            .execute(
                query("UPDATE account SET failed_attempts = ?, wait_until = ? WHERE name = ?")
                    .bind(failures)
                    .bind(wait_until.map(instant_text))
                    .bind(name),
            )
            .await?;
        Ok(())
    }
}
