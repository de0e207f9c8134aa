//! Reading and verifying the audit trail.

use clearance_domain::audit::{verify, AuditEntry, Verification};
use serde::Serialize;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
}

impl Office {
    pub async fn audit_page(&self, offset: u32, limit: u32) -> AppResult<AuditPage> {
        let (entries, total) = self.store.audit_page(offset, limit).await?;
        Ok(AuditPage { entries, total })
    }

    pub async fn verify_audit(&self) -> AppResult<Verification> {
        Ok(verify(&self.store.audit_all().await?))
    }
}
