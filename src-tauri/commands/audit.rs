//! The Audit screen's commands: the entries a filter matches (a page), one entry opened with its
//! place in the hash chain, and the operators to filter by.

use clearance_domain::audit::ChainHead;
use clearance_domain::FieldError;
use tauri::State;

use super::{reply, Reply};
use crate::office::{AuditCheck, AuditDetail, AuditFilter, AuditPage, Office, ReplayReport};

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

/// The chain checked — its hashes, its signatures and, when given, a head printed on a form, an
/// export or a backup report — each finding in words.
#[tauri::command]
pub async fn audit_check(office: State<'_, Office>, head: Option<String>) -> Reply<AuditCheck> {
    reply(&office, office.check_audit(head.as_deref()).await).await
}

/// The trail's head as printed on forms, exports and backups.
#[tauri::command]
pub async fn audit_head(office: State<'_, Office>) -> Reply<ChainHead> {
    reply(&office, office.audit_head().await).await
}

/// The register replayed against its trail: the Audit screen's check, and the one the window
/// runs in the background at start.
#[tauri::command]
pub async fn audit_replay(office: State<'_, Office>) -> Reply<ReplayReport> {
    crate::trace::mark("replay-start");
    let replayed = office.replay_audit().await;
    // The replay's digests of the whole register are freed: their pages go back to the system.
    crate::memory::release_freed();
    crate::trace::mark("replay-done");
    reply(&office, replayed).await
}
