//! First start (issue 13): a register with nobody at the keyboard yet, or an empty register whose
//! office was never named, asks once for the office's name in Chinese and English, the
//! operator's name, the policy and the forms' print language, so the first form prints the
//! office and never a placeholder. Everything is checked before anything is written, and written
//! in one transaction with its audit entries.

use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::error::Errors;
use clearance_domain::policy::{Policy, DEFAULT_POLICY};
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::{FieldError, Lang};
use clearance_forms::LanguageMode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::form_settings::{FORM_LANGUAGE, OFFICE_NAME, OFFICE_NAME_EN};
use super::policy::{POLICY, POLICY_PATH, POLICY_TEXT};
use super::settings::{set, AppInfo};
use super::Office;
use crate::error::AppResult;

/// A policy the office can start with.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PolicyChoice {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

/// What the first-start screen offers and starts from: what the register already holds (an
/// operator named on another machine, an office named by the command line) or the defaults.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SetupOptions {
    pub office_name: String,
    pub office_name_en: String,
    pub operator: String,
    pub policy: String,
    pub policies: Vec<PolicyChoice>,
    /// `zh-CN`, `en` or `bilingual`: the print language stored, else the app's language.
    pub form_language: String,
}

/// The first-start screen's answers.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct FirstStart {
    pub office_name: String,
    pub office_name_en: String,
    /// Ignored since accounts sign in (issue 14): the answers are recorded under the account
    /// signed in. Accepted so a window that still sends it is not refused.
    #[serde(default)]
    pub operator: String,
    /// A shipped policy's id (`prc-2024`, `us-nispom`).
    pub policy: String,
    /// `zh-CN`, `en` or `bilingual`.
    pub form_language: String,
}

/// The forms' print language that goes with the app's language.
pub fn form_language_for(lang: Lang) -> LanguageMode {
    match lang {
        Lang::ZhCn => LanguageMode::ZhCn,
        Lang::En => LanguageMode::En,
    }
}

impl Office {
    /// Whether the window asks the first-start questions (after the first account is created):
    /// the register is empty and its office was never named. Never for a register open
    /// read-only (nothing could be saved), nor for an account that may not answer them (a clerk
    /// signing in to a register the administrator has not set up yet sees it empty instead).
    pub async fn needs_setup(&self) -> AppResult<bool> {
        if self.store.is_read_only() || !self.may(Operation::Settings) {
            return Ok(false);
        }
        if self.store.setting(OFFICE_NAME).await?.is_some() {
            return Ok(false);
        }
        Ok(self.store.is_empty().await?)
    }

    pub async fn setup_options(&self) -> AppResult<SetupOptions> {
        self.allow(Operation::Read).await?;
        let s = &self.store;
        let policies = Policy::builtin_ids()
            .into_iter()
            .filter_map(Policy::builtin)
            .map(|p| PolicyChoice { id: p.id.clone(), name_zh: p.name_zh.clone(), name_en: p.name_en.clone() })
            .collect();
        let form_language = match s.setting(FORM_LANGUAGE).await? {
            Some(l) if LanguageMode::parse(&l).is_some() => l,
            _ => form_language_for(self.lang().await).id().to_owned(),
        };
        Ok(SetupOptions {
            office_name: s.setting(OFFICE_NAME).await?.unwrap_or_default(),
            office_name_en: s.setting(OFFICE_NAME_EN).await?.unwrap_or_default(),
            operator: self.signed_in().map(|a| a.name).unwrap_or_default(),
            policy: s.setting(POLICY).await?.filter(|p| Policy::builtin(p).is_some()).unwrap_or_else(|| DEFAULT_POLICY.to_owned()),
            policies,
            form_language,
        })
    }

    /// Keeps the first-start answers: each checked (all faults at once), then all written in one
    /// transaction, each change audited under the account signed in (an administrator).
    pub async fn first_start(&self, input: &FirstStart) -> AppResult<AppInfo> {
        self.allow(Operation::Settings).await?;
        let mut errors = Errors::default();
        let office_name = errors.take(clearance_domain::text::office_name(&input.office_name));
        let office_name_en = errors.take(clearance_domain::text::office_name_en(&input.office_name_en));
        let policy = Policy::builtin(input.policy.trim());
        if policy.is_none() {
            errors.push(FieldError::new("policy", "policy.unknown").with("value", input.policy.trim()));
        }
        let language = LanguageMode::parse(input.form_language.trim());
        if language.is_none() {
            errors.push(FieldError::new("form_language", "form.language").with("value", input.form_language.trim()));
        }
        errors.finish(|| ())?;
        let (Some(office_name), Some(office_name_en), Some(policy), Some(language)) = (office_name, office_name_en, policy, language)
        else {
            return Err(FieldError::general("invalid").into());
        };
        let policy_id = input.policy.trim();
        let old_policy = self.policy().await?;
        self.write(async |tx| {
            let mut changes = set(tx, AuditAction::SettingsOfficeName, OFFICE_NAME, &office_name).await?;
            changes.extend(set(tx, AuditAction::SettingsOfficeNameEn, OFFICE_NAME_EN, &office_name_en).await?);
            changes.extend(set(tx, AuditAction::SettingsFormLanguage, FORM_LANGUAGE, language.id()).await?);
            if tx.setting(POLICY).await?.as_deref() != Some(policy_id) {
                tx.set_setting(POLICY, policy_id).await?;
                tx.set_setting(POLICY_TEXT, "").await?;
                tx.set_setting(POLICY_PATH, "").await?;
                changes.push(Change {
                    action: AuditAction::SettingsPolicy,
                    entity: AuditEntity::Setting,
                    entity_id: POLICY.into(),
                    person_id: None,
                    old: Some(json!({ "policy": old_policy.id, "version": old_policy.version })),
                    new: Some(json!({ "policy": policy.id, "version": policy.version, "path": null })),
                });
            }
            Ok(((), changes))
        })
        .await?;
        self.info().await
    }
}
