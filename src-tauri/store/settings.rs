//! Office-wide settings kept in the register itself (operator name, language).

use super::{Result, Store, Tx};

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM setting WHERE key = ?").bind(key).fetch_optional(&self.pool).await?)
    }
}

impl Tx {
    pub async fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM setting WHERE key = ?").bind(key).fetch_optional(&mut *self.tx).await?)
    }

    pub async fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}
