//! The recovery sheet (issue 14): the register's recovery key on one A4 page to keep in the
//! office's safe, rendered by the forms crate (`forms/recovery-sheet.typ`).
//!
//! Two ways to it: from Settings → Encryption (the current key, read by `recovery_key`: for an
//! administrator only, and recorded in the trail), or once at the first start, right after the
//! passphrase was set and before any account exists (the window passes the key it has just
//! created: there is nobody yet to sign in, and nothing in the register to protect).

use std::path::Path;

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::FieldError;
use clearance_forms::RecoverySheet;

use super::form_settings::{OFFICE_NAME, OFFICE_NAME_EN};
use super::forms::{check_target, render_error, save_failed};
use super::Office;
use crate::error::AppResult;
use crate::store::files::PendingFile;

impl Office {
    /// The recovery sheet as PDF. `fresh`: the recovery key of the register just created in this
    /// window (first start, no account yet); `None`: the current key, for an administrator.
    pub async fn recovery_sheet(&self, fresh: Option<String>) -> AppResult<Vec<u8>> {
        let key = match fresh {
            Some(key) => {
                if !self.needs_account().await? {
                    return Err(FieldError::general("register.sheet_after_first_start").into());
                }
                key
            }
            None => {
                self.allow(Operation::Encryption).await?;
                self.recovery_key().await?
            }
        };
        let sheet = RecoverySheet {
            // Empty before the office has named itself (the first start): a line to write it on.
            office_name: self.store().setting(OFFICE_NAME).await?.unwrap_or_default(),
            office_name_en: self.store().setting(OFFICE_NAME_EN).await?.unwrap_or_default(),
            register_path: self.db_path.clone(),
            created: self.register_created().await?,
            printed: self.today(),
            key,
        };
        tokio::task::spawn_blocking(move || clearance_forms::render_recovery_sheet(&sheet))
            .await
            .map_err(render_error)?
            .map_err(render_error)
    }

    /// Writes the recovery sheet to `target` (chosen in the save dialog); returns where it went.
    pub async fn save_recovery_sheet(&self, target: &Path, fresh: Option<String>) -> AppResult<String> {
        check_target(target)?;
        let pdf = self.recovery_sheet(fresh).await?;
        let path = target.to_path_buf();
        let written =
            tokio::task::spawn_blocking(move || PendingFile::write(&path, &pdf).and_then(PendingFile::commit).map_err(|e| (path, e)))
                .await
                .map_err(render_error)?;
        match written {
            Ok(path) => Ok(path.display().to_string()),
            Err((path, e)) => Err(save_failed(&path, &e)),
        }
    }

    /// The day the register was created: its first audit entry's (a new register has none yet:
    /// it was created today).
    async fn register_created(&self) -> AppResult<Option<NaiveDate>> {
        let (_, total) = self.store().audit_page(0, 1).await?;
        if total == 0 {
            return Ok(Some(self.today()));
        }
        let (first, _) = self.store().audit_page(u32::try_from(total - 1).unwrap_or(u32::MAX), 1).await?;
        Ok(first.first().map(|e| e.at.with_timezone(&chrono::Local).date_naive()))
    }
}
