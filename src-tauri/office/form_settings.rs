//! What every form prints in its header (the office's name, the print language) and the office's
//! own templates, chosen in Settings and kept in the register. A template is checked by compiling
//! it with sample data before it is kept: a broken one is refused with its line, and the one in
//! use stays. A template that compiles here but fails on a real form falls back to the shipped
//! one, with the error (see `clearance_forms::FormRenderer`).

use std::sync::Arc;

use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::FieldError;
use clearance_forms::{CustomTemplate, FormKind, FormRenderer, LanguageMode};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::forms::RENDERER;
use super::Office;
use crate::error::AppResult;
use crate::store::Tx;

pub(super) const OFFICE_NAME: &str = "office_name";
pub(super) const OFFICE_NAME_EN: &str = "office_name_en";
pub(super) const FORM_LANGUAGE: &str = "form_language";

fn template_key(kind: FormKind) -> String {
    format!("form_template.{}", kind.id())
}
fn version_key(kind: FormKind) -> String {
    format!("form_template_version.{}", kind.id())
}
fn path_key(kind: FormKind) -> String {
    format!("form_template_path.{}", kind.id())
}

/// The office's template for one kind of form.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TemplateInfo {
    #[ts(type = "string")]
    pub kind: String,
    /// Printed on the form and recorded in the register.
    pub version: String,
    /// Where it was loaded from (for display: the text itself is kept in the register).
    pub path: String,
}

/// The forms section of Settings.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormSettings {
    pub office_name: String,
    pub office_name_en: String,
    /// `bilingual`, `zh-CN` or `en`.
    pub language: String,
    /// The kinds with an office template; the others print the shipped one.
    pub templates: Vec<TemplateInfo>,
}

async fn put(tx: &mut Tx, action: AuditAction, key: &str, value: &str, changes: &mut Vec<Change>) -> AppResult<()> {
    let old = tx.setting(key).await?;
    if old.as_deref() != Some(value) {
        tx.set_setting(key, value).await?;
        changes.push(Change {
            action,
            entity: AuditEntity::Setting,
            entity_id: key.into(),
            person_id: None,
            // Template texts are long: the trail records that one changed, and its path.
            old: old.map(|o| if key.starts_with("form_template.") { json!({ "length": o.len() }) } else { json!(o) }),
            new: Some(if key.starts_with("form_template.") { json!({ "length": value.len() }) } else { json!(value) }),
        });
    }
    Ok(())
}

impl Office {
    pub async fn form_settings(&self) -> AppResult<FormSettings> {
        self.allow(Operation::Read).await?;
        let s = &self.store;
        let mut templates = Vec::new();
        for kind in FormKind::ALL {
            if s.setting(&template_key(kind)).await?.is_some_and(|t| !t.is_empty()) {
                templates.push(TemplateInfo {
                    kind: kind.id().to_owned(),
                    version: s.setting(&version_key(kind)).await?.unwrap_or_default(),
                    path: s.setting(&path_key(kind)).await?.unwrap_or_default(),
                });
            }
        }
        Ok(FormSettings {
            office_name: s.setting(OFFICE_NAME).await?.unwrap_or_else(|| "保密办公室".to_owned()),
            office_name_en: s.setting(OFFICE_NAME_EN).await?.unwrap_or_else(|| "Secrecy Office".to_owned()),
            language: s.setting(FORM_LANGUAGE).await?.unwrap_or_else(|| LanguageMode::Bilingual.id().to_owned()),
            templates,
        })
    }

    /// The header every form prints. An empty English name prints the Chinese one only.
    pub async fn set_form_header(&self, office_name: &str, office_name_en: &str, language: &str) -> AppResult<FormSettings> {
        self.allow(Operation::Settings).await?;
        let name = office_name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(FieldError::new("office_name", "required").with("field", "office_name").into());
        }
        let Some(language) = LanguageMode::parse(language.trim()) else {
            return Err(FieldError::new("language", "form.language").with("value", language.trim()).into());
        };
        let name_en = office_name_en.split_whitespace().collect::<Vec<_>>().join(" ");
        self.write(async |tx| {
            let mut changes = Vec::new();
            put(tx, AuditAction::SettingsOfficeName, OFFICE_NAME, &name, &mut changes).await?;
            put(tx, AuditAction::SettingsOfficeNameEn, OFFICE_NAME_EN, &name_en, &mut changes).await?;
            put(tx, AuditAction::SettingsFormLanguage, FORM_LANGUAGE, language.id(), &mut changes).await?;
            Ok(((), changes))
        })
        .await?;
        self.form_settings().await
    }

    /// Checks the template at `path` for `kind` by compiling it with sample data, then keeps it.
    /// A template that does not compile is refused with its line, and nothing changes.
    pub async fn load_form_template(&self, kind: FormKind, path: &str, version: &str) -> AppResult<FormSettings> {
        self.allow(Operation::Settings).await?;
        if path.trim().is_empty() {
            return Err(FieldError::new("path", "required").with("field", "path").into());
        }
        let source = tokio::fs::read_to_string(path.trim())
            .await
            .map_err(|e| FieldError::new("path", "form.template_unreadable").with("path", path.trim()).with("detail", e))?;
        let renderer = Arc::clone(&RENDERER);
        let checked = {
            let source = source.clone();
            tokio::task::spawn_blocking(move || renderer.check_template(kind, &source)).await.map_err(super::forms::render_error)?
        };
        if let Err(e) = checked {
            return Err(FieldError::new("path", "form.template_invalid").with("detail", e.to_string()).into());
        }
        let version = match version.trim() {
            "" => format!("{}-custom", kind.id()),
            v => v.to_owned(),
        };
        self.write(async |tx| {
            let mut changes = Vec::new();
            put(tx, AuditAction::SettingsFormTemplate, &template_key(kind), &source, &mut changes).await?;
            put(tx, AuditAction::SettingsFormTemplate, &version_key(kind), &version, &mut changes).await?;
            put(tx, AuditAction::SettingsFormTemplate, &path_key(kind), path.trim(), &mut changes).await?;
            Ok(((), changes))
        })
        .await?;
        self.form_settings().await
    }

    /// Goes back to the shipped template for `kind`.
    pub async fn clear_form_template(&self, kind: FormKind) -> AppResult<FormSettings> {
        self.allow(Operation::Settings).await?;
        self.write(async |tx| {
            let mut changes = Vec::new();
            for key in [template_key(kind), version_key(kind), path_key(kind)] {
                if tx.setting(&key).await?.is_some_and(|v| !v.is_empty()) {
                    put(tx, AuditAction::SettingsFormTemplate, &key, "", &mut changes).await?;
                }
            }
            Ok(((), changes))
        })
        .await?;
        self.form_settings().await
    }

    /// The renderer for `kind`: the shared one, or one carrying the office's template.
    pub(super) async fn renderer_for(&self, kind: FormKind) -> AppResult<Arc<FormRenderer>> {
        match self.store.setting(&template_key(kind)).await?.filter(|t| !t.is_empty()) {
            None => Ok(Arc::clone(&RENDERER)),
            Some(source) => {
                let version = self.store.setting(&version_key(kind)).await?.unwrap_or_default();
                Ok(Arc::new(FormRenderer::new().with_custom_template(kind, CustomTemplate { version, source })))
            }
        }
    }
}
