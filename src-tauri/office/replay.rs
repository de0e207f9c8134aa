//! The register against its trail (`audit verify`, the Audit screen's check, the check run in
//! the background at start): the store streams the trail and the tables into the domain's
//! replay, and each difference is named in the office's words — the person by name and staff
//! number, the field, the value in the table and the value in the trail.

use std::collections::HashMap;
use std::time::Instant;

use clearance_domain::access::Operation;
use clearance_domain::audit::AuditEntry;
use clearance_domain::history::Vocabulary;
use clearance_domain::person::PersonId;
use clearance_domain::replay::{in_words, recorded_value, DifferenceLine, Replay, Subject, UncheckedGroup, Unrecorded};
use clearance_domain::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::audit::person_label;
use super::Office;
use crate::error::AppResult;

/// At most this many differences are put in words (the count says how many there are).
const SHOWN: usize = 500;

/// What the replay found.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReplayReport {
    /// Every record matches the last value its trail recorded, and has its creating entry.
    pub matches: bool,
    /// How many differences in all (the first [`SHOWN`] are listed).
    pub total: u32,
    pub differences: Vec<DifferenceLine>,
    /// What could not be checked because it was recorded before field-level audit, in words.
    pub unchecked: Vec<String>,
    pub unchecked_groups: Vec<UncheckedGroup>,
    /// How many entries were read, and how many records of the tables checked.
    pub entries: u64,
    pub records: u64,
    pub elapsed_ms: u64,
}

fn pick<'s>(lang: Lang, zh: &'s str, en: &'s str) -> &'s str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// An older bulk entry's unchecked records, in words.
pub fn unchecked_words(g: &UncheckedGroup, lang: Lang) -> String {
    let range = if g.first_seq == g.last_seq { format!("#{}", g.first_seq) } else { format!("#{}–#{}", g.first_seq, g.last_seq) };
    match (g.what, lang) {
        (Unrecorded::ImportedLifecycle, Lang::ZhCn) => {
            format!("名册导入的 {} 人的管理阶段与已完成事项记录于字段级审计之前(审计记录 {range}),未核对", g.people)
        }
        (Unrecorded::ImportedLifecycle, Lang::En) => format!(
            "The stage and steps of {} people imported from a roster were recorded before field-level audit (entries {range}): not checked",
            g.people
        ),
        (Unrecorded::SampleHistories, Lang::ZhCn) => format!(
            "示例数据中 {} 人的管理阶段、已完成事项、等级变更、培训及出国(境)记录记录于字段级审计之前(审计记录 {range}),未核对",
            g.people
        ),
        (Unrecorded::SampleHistories, Lang::En) => format!(
            "The stage, steps, level history, training and travel of {} sample people were recorded before field-level audit (entries {range}): not checked",
            g.people
        ),
    }
}

impl Office {
    /// Replays the trail against the tables. Reads only: anyone who may read the register may
    /// run it (the window runs it at start, whatever the role).
    pub async fn replay_audit(&self) -> AppResult<ReplayReport> {
        self.allow(Operation::Read).await?;
        let started = Instant::now();
        let mut replay = Replay::new();
        self.store.replay(&mut replay).await?;
        let outcome = replay.finish();
        let lang = self.lang().await;
        let policy = self.policy().await?;
        let vocabulary = Vocabulary::new(&policy, lang);

        let shown = &outcome.differences[..outcome.differences.len().min(SHOWN)];
        let mut seqs: Vec<i64> = shown.iter().filter_map(|d| d.trail.map(|t| t.seq)).collect();
        seqs.sort_unstable();
        seqs.dedup();
        let entries: HashMap<i64, AuditEntry> = self.store.audit_entries(&seqs).await?.into_iter().map(|e| (e.seq, e)).collect();
        let mut people: Vec<PersonId> = shown.iter().filter_map(|d| d.person.map(PersonId::from_stored)).collect();
        people.sort();
        people.dedup();
        let labels = self.store.person_labels(&people).await?;

        let mut lines = Vec::with_capacity(shown.len());
        for d in shown {
            let entry = d.trail.and_then(|t| entries.get(&t.seq));
            let trail = match (entry, d.trail) {
                (Some(e), Some(t)) if d.field != "record" => recorded_value(e, &d.subject, d.field, t.digest),
                _ => None,
            };
            let who = d.person.map(PersonId::from_stored).map(|id| match labels.get(&id) {
                Some(p) => person_label(&p.name, &p.staff_no, lang),
                // A person no longer in the register: named as the entry that added them did.
                None => {
                    let recorded = |f: &str| {
                        entry
                            .filter(|_| matches!(d.subject, Subject::Person(_)))
                            .and_then(|e| recorded_value(e, &d.subject, f, 0))
                            .and_then(|v| v.as_str().map(str::to_owned))
                    };
                    match (recorded("name"), recorded("staff_no")) {
                        (Some(name), Some(staff)) => person_label(&name, &staff, lang),
                        _ => format!("{} {id}", pick(lang, "人员", "Person")),
                    }
                }
            });
            lines.push(in_words(d, who, trail.as_ref(), &vocabulary));
        }
        Ok(ReplayReport {
            matches: outcome.differences.is_empty(),
            total: u32::try_from(outcome.differences.len()).unwrap_or(u32::MAX),
            differences: lines,
            unchecked: outcome.unchecked.iter().map(|g| unchecked_words(g, lang)).collect(),
            unchecked_groups: outcome.unchecked,
            entries: outcome.entries,
            records: outcome.records,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        })
    }
}
