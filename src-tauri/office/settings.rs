//! The office's language and the tray, and what the window needs to start (who is signed in,
//! what they may do).

use chrono::NaiveDate;
use clearance_domain::access::Operation;
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

pub(super) const LANGUAGE: &str = "language";
/// `true` when closing the window keeps the app running in the system tray.
pub(super) const KEEP_IN_TRAY: &str = "keep_in_tray";

/// What the window reads at start and after a settings change.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// The name of the account signed in (what the audit trail records), if any.
    pub operator: Option<String>,
    /// The account signed in: its name and role (none before sign-in).
    pub account: Option<super::AccountView>,
    /// What the account signed in may do (nothing before sign-in, or while the session is
    /// locked): the window hides the rest.
    pub allowed: Vec<clearance_domain::access::Operation>,
    /// The register has no account yet: the first one, an administrator, is to be created.
    pub needs_account: bool,
    /// Minutes of inactivity after which the window locks (0: never).
    pub idle_lock_minutes: u32,
    /// The session is locked: the window asks for the password before anything else.
    pub locked: bool,
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
    /// The register is on the office server: its backups and encryption are the server
    /// administrator's, and the window shows no section for them.
    pub on_server: bool,
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
        let signed_in = self.allowed().contains(&clearance_domain::access::Operation::Read);
        Ok(AppInfo {
            operator: self.signed_in().map(|a| a.name),
            account: self.account_view().await,
            allowed: self.allowed(),
            needs_account: self.needs_account().await?,
            idle_lock_minutes: self.idle_lock_minutes().await?,
            locked: self.signed_in().is_some() && !signed_in,
            lang: self.lang().await,
            db_path: self.db_path.clone(),
            on_server: self.on_server(),
            levels: self.policy().await?.levels(),
            today: self.today(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            dev: cfg!(debug_assertions),
            keep_in_tray: self.keep_in_tray().await?,
            read_only: self.store.is_read_only(),
            limits: clearance_domain::limits::INPUT_LIMITS,
            // Said to whoever may read the register, not to the sign-in screen.
            backup_warning: if signed_in { self.backup_warning().await? } else { None },
            needs_setup: self.needs_setup().await?,
        })
    }

    pub async fn keep_in_tray(&self) -> AppResult<bool> {
        Ok(self.store.setting(KEEP_IN_TRAY).await?.as_deref() == Some("true"))
    }

    pub async fn set_keep_in_tray(&self, on: bool) -> AppResult<AppInfo> {
        self.allow(Operation::Preferences).await?;
        self.write(async |tx| Ok(((), set(tx, AuditAction::SettingsKeepInTray, KEEP_IN_TRAY, if on { "true" } else { "false" }).await?)))
            .await?;
        self.info().await
    }

    pub async fn set_language(&self, lang: Lang) -> AppResult<AppInfo> {
        // Choosing a language before signing in is allowed (the sign-in and first-account screens
        // are themselves translated), recorded under "—"; once signed in, under the account.
        let office = match self.signed_in() {
            Some(_) => {
                self.allow(Operation::Preferences).await?;
                self.clone()
            }
            None => self.acting_as("—"),
        };
        office.write(async |tx| Ok(((), set(tx, AuditAction::SettingsLanguage, LANGUAGE, lang.tag()).await?))).await?;
        self.info().await
    }
}
