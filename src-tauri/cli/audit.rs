//! `audit list`: the trail filtered as the Audit screen filters it, in words (or the stored
//! entries with `--json`).

use clearance_domain::terms::Term;

use super::args::AuditFilterArgs;
use super::output::Printer;
use crate::error::AppResult;
use crate::office::{AuditFilter, Office};

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

pub async fn list(office: &Office, args: AuditFilterArgs, offset: u32, limit: Option<u32>, json: bool, out: &Printer) -> AppResult<()> {
    let every_entry_of_a_person = args.person.is_some();
    let filter = args.resolve(office).await?;
    // A person's history is read whole unless a limit is given; the whole trail 50 at a time.
    let limit = limit.unwrap_or(if every_entry_of_a_person { 0 } else { 50 });
    let query = office.audit_query(&filter, offset, limit)?;
    let (entries, _) = office.store().audit_query(&query).await?;
    if json {
        out.json_or(&entries, true, String::new);
    } else {
        out.audit(&office.in_words(&entries).await?);
    }
    Ok(())
}

/// `audit verify [--head TEXT]`: the chain, its signatures and a printed head checked, each
/// finding on a line in words (faults first); a fault fails the command (exit code 2) with the
/// first one named on stderr.
pub async fn verify(office: &Office, head: Option<&str>, json: bool, out: &Printer) -> AppResult<()> {
    let check = office.check_audit(head).await?;
    out.json_or(&check, json, || check.findings.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join("\n"));
    match check.fault {
        // A broken chain is a finding, not a crash: report it and fail the command.
        Some(fault) => Err(fault.into()),
        None => Ok(()),
    }
}
