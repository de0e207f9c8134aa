//! The policy in force: a shipped one (`prc-2024` by default, `us-nispom`) or the office's own
//! file, selected in Settings and kept in the register. A bad file is refused with its line and
//! field, and the previous policy stays in force. Changing policy never rewrites a recorded date:
//! dates fixed by a transition are stored with their rule.

use std::sync::{Arc, RwLock};

use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::level::LevelDef;
use clearance_domain::policy::{Policy, PolicyError, DEFAULT_POLICY};
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::{FieldError, Lang};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;

/// The selected policy: a shipped id, or [`CUSTOM`].
pub(super) const POLICY: &str = "policy";
/// The text of the office's own policy file, as loaded.
pub(super) const POLICY_TEXT: &str = "policy_text";
/// Where the office's own file was loaded from (for display only: the text is kept).
pub(super) const POLICY_PATH: &str = "policy_path";
pub(super) const CUSTOM: &str = "custom";

/// The policy cached with the settings it was read from.
#[derive(Clone)]
pub(super) struct Cached {
    key: String,
    pub policy: Arc<Policy>,
}

pub(super) fn default_cache() -> Arc<RwLock<Cached>> {
    let policy = Policy::builtin(DEFAULT_POLICY).expect("the default policy ships");
    Arc::new(RwLock::new(Cached { key: DEFAULT_POLICY.to_owned(), policy: Arc::new(policy) }))
}

/// What Settings shows about the policy in force and the choices.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PolicyInfo {
    /// `prc-2024`, `us-nispom`, or `custom`.
    pub selected: String,
    pub id: String,
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
    pub calendar: String,
    /// The shipped policies, by id.
    pub builtin: Vec<String>,
    /// The path the custom file was loaded from.
    pub path: Option<String>,
    pub levels: Vec<LevelDef>,
    /// The training categories sessions can be recorded under.
    pub training_categories: Vec<String>,
}

/// A policy file's fault as a field error whose message names the file, the line and the field.
pub fn file_error(path: &str, e: &PolicyError) -> FieldError {
    let mut f = FieldError::new("policy", "policy.file_invalid")
        .with("path", path)
        .with(&format!("detail.{}", Lang::ZhCn.tag()), e.message(Lang::ZhCn))
        .with(&format!("detail.{}", Lang::En.tag()), e.message(Lang::En));
    if let Some(line) = e.line {
        f = f.with("line", line);
    }
    if let Some(field) = &e.field {
        f = f.with("key", field);
    }
    f
}

/// Reads and checks a policy file.
pub fn read_policy_file(path: &str) -> AppResult<Policy> {
    let text =
        std::fs::read_to_string(path).map_err(|e| FieldError::new("policy", "policy.unreadable").with("path", path).with("detail", e))?;
    Policy::parse(&text).map_err(|e| file_error(path, &e).into())
}

impl Office {
    /// The policy in force (re-read when Settings changed it).
    pub async fn policy(&self) -> AppResult<Arc<Policy>> {
        let selected = self.store.setting(POLICY).await?.unwrap_or_else(|| DEFAULT_POLICY.to_owned());
        let text = if selected == CUSTOM { self.store.setting(POLICY_TEXT).await? } else { None };
        let key = format!("{selected}\n{}", text.as_deref().unwrap_or_default());
        if let Ok(cached) = self.policy.read() {
            if cached.key == key {
                return Ok(cached.policy.clone());
            }
        }
        // A stored file was checked when it was loaded; should it fail now, the default applies.
        let policy = match text {
            Some(t) => Policy::parse(&t).ok(),
            None => Policy::builtin(&selected),
        }
        .unwrap_or_else(|| Policy::builtin(DEFAULT_POLICY).expect("the default policy ships"));
        let policy = Arc::new(policy);
        if let Ok(mut cached) = self.policy.write() {
            *cached = Cached { key, policy: policy.clone() };
        }
        Ok(policy)
    }

    /// The holiday calendar the policy counts working days with (weekends only when none ships
    /// under that id).
    pub fn calendar(&self, policy: &Policy) -> HolidayCalendar {
        HolidayCalendar::builtin(&policy.calendar).unwrap_or_else(|| HolidayCalendar::weekends_only(&policy.calendar))
    }

    pub async fn policy_info(&self) -> AppResult<PolicyInfo> {
        self.allow(Operation::Read).await?;
        let policy = self.policy().await?;
        let selected = self.store.setting(POLICY).await?.unwrap_or_else(|| DEFAULT_POLICY.to_owned());
        let path = if selected == CUSTOM { self.store.setting(POLICY_PATH).await? } else { None };
        Ok(PolicyInfo {
            selected,
            id: policy.id.clone(),
            version: policy.version.clone(),
            name_zh: policy.name_zh.clone(),
            name_en: policy.name_en.clone(),
            calendar: policy.calendar.clone(),
            builtin: Policy::builtin_ids().into_iter().map(str::to_owned).collect(),
            path,
            levels: policy.levels(),
            training_categories: clearance_domain::lifecycle::TrainingSession::categories(&policy),
        })
    }

    /// Selects a shipped policy.
    pub async fn select_policy(&self, id: &str) -> AppResult<PolicyInfo> {
        self.allow(Operation::ChangePolicy).await?;
        if Policy::builtin(id).is_none() {
            return Err(FieldError::new("policy", "policy.unknown").with("value", id).into());
        }
        self.write_policy(id, None, None).await
    }

    /// Loads the office's own policy file: checked whole first, so a bad file changes nothing.
    pub async fn load_policy_file(&self, path: &str) -> AppResult<PolicyInfo> {
        self.allow(Operation::ChangePolicy).await?;
        let path = path.trim();
        read_policy_file(path)?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| FieldError::new("policy", "policy.unreadable").with("path", path).with("detail", e))?;
        self.write_policy(CUSTOM, Some(&text), Some(path)).await
    }

    async fn write_policy(&self, selected: &str, text: Option<&str>, path: Option<&str>) -> AppResult<PolicyInfo> {
        let old = self.policy().await?;
        let new = match text {
            Some(t) => Policy::parse(t).map_err(|e| file_error(path.unwrap_or_default(), &e))?,
            None => Policy::builtin(selected).expect("checked above"),
        };
        self.write(async |tx| {
            tx.set_setting(POLICY, selected).await?;
            tx.set_setting(POLICY_TEXT, text.unwrap_or_default()).await?;
            tx.set_setting(POLICY_PATH, path.unwrap_or_default()).await?;
            let change = Change {
                action: AuditAction::SettingsPolicy,
                entity: AuditEntity::Setting,
                entity_id: POLICY.into(),
                person_id: None,
                old: Some(json!({ "policy": old.id, "version": old.version })),
                new: Some(json!({ "policy": new.id, "version": new.version, "path": path })),
            };
            Ok(((), vec![change]))
        })
        .await?;
        self.policy_info().await
    }
}
