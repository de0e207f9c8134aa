//! Reading and verifying the audit trail, in the office's words.

use std::collections::HashMap;

use clearance_domain::audit::{verify, AuditEntry, Verification};
use clearance_domain::history::{describe, AuditLine, Vocabulary};
use clearance_domain::person::PersonId;
use clearance_domain::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    pub entries: Vec<AuditLine>,
    pub total: i64,
}

/// How a person is named beside an entry: `张三(S0001)`.
fn person_label(name: &str, staff_no: &str, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{name}({staff_no})"),
        Lang::En => format!("{name} ({staff_no})"),
    }
}

impl Office {
    pub async fn audit_page(&self, offset: u32, limit: u32) -> AppResult<AuditPage> {
        let (entries, total) = self.store.audit_page(offset, limit).await?;
        Ok(AuditPage { entries: self.in_words(&entries).await?, total })
    }

    /// A person's entries, newest first, in words.
    pub async fn person_history(&self, id: PersonId) -> AppResult<Vec<AuditLine>> {
        let entries = self.store.audit_for_person(id).await?;
        self.in_words(&entries).await
    }

    /// Entries as the office reads them: every code in words, and the person an entry is
    /// about named (with the record when that is a trip, a document or a form).
    pub async fn in_words(&self, entries: &[AuditEntry]) -> AppResult<Vec<AuditLine>> {
        let policy = self.policy().await?;
        let lang = self.lang().await;
        let vocabulary = Vocabulary::new(&policy, lang);
        let today = self.today();
        let mut names: HashMap<PersonId, String> = HashMap::new();
        for id in entries.iter().filter_map(|e| e.person_id) {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
                if let Some(p) = self.store.person(id, today).await? {
                    slot.insert(person_label(&p.name, &p.staff_no, lang));
                }
            }
        }
        Ok(entries
            .iter()
            .map(|e| {
                let mut line = describe(e, &vocabulary);
                if let Some(name) = e.person_id.and_then(|id| names.get(&id)) {
                    line.subject = name.clone();
                }
                line
            })
            .collect())
    }

    pub async fn verify_audit(&self) -> AppResult<Verification> {
        Ok(verify(&self.store.audit_all().await?))
    }
}
