//! Office-wide settings kept in the register itself (operator name, language).

use super::db::query;
use super::{Result, Store, Tx};

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.db.scalar_optional(query("SELECT value FROM setting WHERE key = ?").bind(key)).await?)
    }
}

impl Tx {
    pub async fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self.conn().scalar_optional(query("SELECT value FROM setting WHERE key = ?").bind(key)).await?)
    }

    pub async fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn()
            .execute(
                query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .bind(key)
                    .bind(value),
            )
            .await?;
        Ok(())
    }
}
