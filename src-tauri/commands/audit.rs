//! The Audit screen's commands: the entries a filter matches (a page), one entry opened with its
//! place in the hash chain, and the operators to filter by.

use clearance_domain::FieldError;
use tauri::State;

use super::{reply, Reply};
use crate::office::{AuditDetail, AuditFilter, AuditPage, Office};

#[tauri::command]
pub async fn audit_search(office: State<'_, Office>, filter: AuditFilter, offset: u32, limit: u32) -> Reply<AuditPage> {
    reply(&office, office.audit_search(&filter, offset, limit).await).await
}

#[tauri::command]
pub async fn audit_entry(office: State<'_, Office>, seq: i64) -> Reply<AuditDetail> {
    let found = match office.audit_detail(seq).await {
        Ok(Some(detail)) => Ok(detail),
        Ok(None) => Err(FieldError::general("audit.no_entry").with("value", seq).into()),
        Err(e) => Err(e),
    };
    reply(&office, found).await
}

#[tauri::command]
pub async fn audit_operators(office: State<'_, Office>) -> Reply<Vec<String>> {
    reply(&office, office.audit_operators().await).await
}
