//! `audit list`: the trail filtered as the Audit screen filters it, in words (or the stored
//! entries with `--json`).

use clearance_domain::replay::DifferenceLine;
use clearance_domain::terms::Term;
use clearance_domain::{FieldError, Lang};

use super::args::AuditFilterArgs;
use super::output::Printer;
use crate::error::AppResult;
use crate::office::{mask_id_numbers, AuditFilter, Office, ReplayReport};

impl AuditFilterArgs {
    /// The filter the office checks (a person resolved by staff number or #ID).
    pub async fn resolve(self, office: &Office) -> AppResult<AuditFilter> {
        let person = match self.person {
            Some(key) => Some(office.resolve_person(&key).await?),
            None => None,
        };
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Ok(AuditFilter {
            person,
            operator: self.operator,
            actions: self.actions.iter().map(|a| a.code().to_owned()).collect(),
            from: day(self.from),
            to: day(self.to),
        })
    }
}

pub async fn list(
    office: &Office,
    args: AuditFilterArgs,
    offset: u32,
    limit: Option<u32>,
    json: bool,
    reveal: bool,
    out: &Printer,
) -> AppResult<()> {
    let every_entry_of_a_person = args.person.is_some();
    let filter = args.resolve(office).await?;
    // A person's history is read whole unless a limit is given; the whole trail 50 at a time.
    let limit = limit.unwrap_or(if every_entry_of_a_person { 0 } else { 50 });
    let query = office.audit_query(&filter, offset, limit)?;
    let (mut entries, _) = office.store().audit_query(&query).await?;
    if json {
        // Whole ID numbers (in every `person.add` and `person.edit`) only when asked for, and
        // each person's number read is recorded; else masked as everywhere else.
        if reveal {
            office.reveal_id_numbers_in(&entries).await?;
        } else {
            entries.iter_mut().for_each(mask_id_numbers);
        }
        out.json_or(&entries, true, String::new);
    } else {
        out.audit(&office.in_words(&entries).await?);
    }
    Ok(())
}

/// `audit verify [--head TEXT]`: the chain, its signatures and a printed head checked, each
/// finding on a line in words (faults first); a fault fails the command (exit code 2) with the
/// first one named on stderr.
///
/// Then the trail is replayed against the tables (`office/replay.rs`): each record whose table
/// value is not the last one its trail recorded, or that no entry created, is named (person,
/// field, value in the table, value in the trail); any difference fails the command too. With
/// `--json` the chain check's object gains a `replay` member.
pub async fn verify(office: &Office, head: Option<&str>, json: bool, out: &Printer) -> AppResult<()> {
    let check = office.check_audit(head).await?;
    let replay = office.replay_audit().await?;
    let lang = office.lang().await;
    if json {
        let mut value = serde_json::to_value(&check).unwrap_or_default();
        if let serde_json::Value::Object(o) = &mut value {
            o.insert("replay".to_owned(), serde_json::to_value(&replay).unwrap_or_default());
        }
        out.json_or(&value, true, String::new);
    } else {
        let mut lines: Vec<String> = check.findings.iter().map(|f| f.text.clone()).collect();
        lines.extend(replay_lines(&replay, lang));
        out.json_or(&(), false, || lines.join("\n"));
    }
    match check.fault {
        // A broken chain is a finding, not a crash: report it and fail the command.
        Some(fault) => Err(fault.into()),
        None if !replay.matches => Err(replay_fault(&replay).into()),
        None => Ok(()),
    }
}

/// The replay's findings, one line each: the summary, each difference, what was not checked.
fn replay_lines(r: &ReplayReport, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if r.matches {
        let clean = FieldError::general("replay.clean").with("records", r.records).with("entries", r.entries);
        lines.push(clearance_domain::i18n::message(&clean.code, &clean.params, lang));
    }
    for d in &r.differences {
        lines.push(difference_text(d, lang));
    }
    if (r.total as usize) > r.differences.len() {
        lines.push(match lang {
            Lang::ZhCn => format!("……另有 {} 处差异未列出", r.total as usize - r.differences.len()),
            Lang::En => format!("… and {} more differences", r.total as usize - r.differences.len()),
        });
    }
    lines.extend(r.unchecked.iter().cloned());
    lines
}

/// `张三(S0001) 涉密等级:表中为 一般,审计记录为 重要(#12)`.
pub fn difference_text(d: &DifferenceLine, lang: Lang) -> String {
    let mut who = d.person.clone();
    if let Some(record) = &d.record {
        who = if who.is_empty() { record.clone() } else { format!("{who} {record}") };
    }
    let entry = d.seq.map(|s| if lang == Lang::En { format!(" (#{s})") } else { format!("(#{s})") }).unwrap_or_default();
    match lang {
        Lang::ZhCn => format!("{who} {}:表中为 {},审计记录为 {}{entry}", d.field, d.table, d.trail),
        Lang::En => format!("{who} {}: in the table {}, in the trail {}{entry}", d.field, d.table, d.trail),
    }
}

fn replay_fault(r: &ReplayReport) -> FieldError {
    let first = |lang| r.differences.first().map(|d| difference_text(d, lang)).unwrap_or_default();
    FieldError::general("replay.differences")
        .with("count", r.total)
        .with("first.zh-CN", first(Lang::ZhCn))
        .with("first.en", first(Lang::En))
}
