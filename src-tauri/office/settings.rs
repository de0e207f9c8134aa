//! The operator's name and the office's language, and what the window needs to start.

use chrono::NaiveDate;
use clearance_domain::audit::Change;
use clearance_domain::level::LevelDef;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::Lang;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;
use crate::store::Tx;

pub(super) const OPERATOR: &str = "operator";
pub(super) const LANGUAGE: &str = "language";
/// `true` when closing the window keeps the app running in the system tray.
pub(super) const KEEP_IN_TRAY: &str = "keep_in_tray";

/// What the window reads at start and after a settings change.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub operator: Option<String>,
    pub lang: Lang,
    pub db_path: String,
    pub levels: Vec<LevelDef>,
    pub today: NaiveDate,
    pub version: String,
    pub dev: bool,
    /// Closing the window keeps the app in the system tray (reminders keep coming).
    pub keep_in_tray: bool,
    /// The register is open for reading only (a file the user may not write): the window says
    /// so and offers no change.
    pub read_only: bool,
    /// How long each text field may be, and the other bounds the rules hold input to, so the
    /// window can hold its inputs to them too.
    pub limits: clearance_domain::limits::InputLimits,
    /// What the dashboard warns of about backups (the last one failed, or is more than 7 days
    /// old, or there is none), in the office's language; `None` when all is well.
    pub backup_warning: Option<String>,
    /// The first-start questions are still to be answered (office, operator, policy): the
    /// window asks them before anything else (see `office/setup.rs`).
    pub needs_setup: bool,
}

fn setting_change(action: AuditAction, key: &str, old: Option<String>, new: &str) -> Change {
    Change {
        action,
        entity: AuditEntity::Setting,
        entity_id: key.into(),
        person_id: None,
        old: old.map(|o| json!({ key: o })),
        new: Some(json!({ key: new })),
    }
}

pub(super) async fn set(tx: &mut Tx, action: AuditAction, key: &str, value: &str) -> AppResult<Vec<Change>> {
    let old = tx.setting(key).await?;
    if old.as_deref() == Some(value) {
        return Ok(vec![]);
    }
    tx.set_setting(key, value).await?;
    Ok(vec![setting_change(action, key, old, value)])
}

impl Office {
    pub async fn info(&self) -> AppResult<AppInfo> {
        Ok(AppInfo {
            operator: self.store.setting(OPERATOR).await?.filter(|o| !o.is_empty()),
            lang: self.lang().await,
            db_path: self.db_path.clone(),
            levels: self.policy().await?.levels(),
            today: self.today(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            dev: cfg!(debug_assertions),
            keep_in_tray: self.keep_in_tray().await?,
            read_only: self.store.is_read_only(),
            limits: clearance_domain::limits::INPUT_LIMITS,
            backup_warning: self.backup_warning().await?,
            needs_setup: self.needs_setup().await?,
        })
    }

    /// Names the person at the keyboard. The change itself is audited under the new name.
    pub async fn set_operator(&self, name: &str) -> AppResult<AppInfo> {
        let name = clearance_domain::text::operator_name(name)?;
        let office = self.clone().with_operator(Some(name.clone()));
        office.write(async |tx| Ok(((), set(tx, AuditAction::SettingsOperator, OPERATOR, &name).await?))).await?;
        self.info().await
    }

    pub async fn keep_in_tray(&self) -> AppResult<bool> {
        Ok(self.store.setting(KEEP_IN_TRAY).await?.as_deref() == Some("true"))
    }

    pub async fn set_keep_in_tray(&self, on: bool) -> AppResult<AppInfo> {
        self.write(async |tx| Ok(((), set(tx, AuditAction::SettingsKeepInTray, KEEP_IN_TRAY, if on { "true" } else { "false" }).await?)))
            .await?;
        self.info().await
    }

    pub async fn set_language(&self, lang: Lang) -> AppResult<AppInfo> {
        // Choosing a language before naming an operator is allowed (the first-start dialog is
        // itself translated), so this is recorded under whoever is known, or "—".
        let operator = self.operator().await.unwrap_or_else(|_| "—".to_owned());
        let office = self.clone().with_operator(Some(operator));
        office.write(async |tx| Ok(((), set(tx, AuditAction::SettingsLanguage, LANGUAGE, lang.tag()).await?))).await?;
        self.info().await
    }
}
