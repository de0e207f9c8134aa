//! Checking the register file itself: at start (in the background in the window), on demand
//! from Settings and `clearance-tracker check`.

use clearance_domain::access::Operation;
use clearance_domain::FieldError;
use serde::Serialize;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;

/// What a check of the file found.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RegisterCheck {
    pub ok: bool,
    /// The full check (every index against its table), not the quick one.
    pub full: bool,
    /// What to tell the office, in its language: sound, or damaged and what to do.
    pub message: String,
    /// SQLite's own description of each problem, for whoever investigates (`--json`, a detail).
    pub problems: Vec<String>,
}

impl Office {
    /// `PRAGMA quick_check`, or with `full` the slower `integrity_check`.
    pub async fn check_register(&self, full: bool) -> AppResult<RegisterCheck> {
        self.allow(Operation::Read).await?;
        let problems = if full { self.store.integrity_check().await? } else { self.store.quick_check().await? };
        let lang = self.lang().await;
        let ok = problems.is_empty();
        let message = if ok { FieldError::general("store.sound") } else { FieldError::general("store.damaged_found") }.message(lang);
        Ok(RegisterCheck { ok, full, message, problems })
    }
}
