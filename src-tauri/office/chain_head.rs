//! The audit chain anchored (issue 14), in the office's words: the chain's head as printed on
//! forms, exports and backup reports, and the check of the whole trail — its hash chain, the
//! signature on every entry written since signing began, a head typed back from paper, and a
//! trail emptied on a register that holds people.
//!
//! What the check can and cannot say (docs/security.md): a rewrite of the whole chain (every hash
//! recomputed) verifies as a chain; its signatures fail unless whoever rewrote it had the
//! register's key; and a head printed before the rewrite names it even then, because the entry
//! it names no longer recomputes to the hash on paper.

use chrono::{DateTime, Local};
use clearance_domain::access::Operation;
use clearance_domain::audit::{check_head, verify, AuditEntry, ChainHead, HeadOutcome, PrintedHead, HEAD_HEX_DIGITS};
use clearance_domain::{FieldError, Lang};
use serde::Serialize;
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;
use crate::store::audit_key::AuditKey;

/// A head typed back from paper, and what the trail says to it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintedCheck {
    /// The head as read (`#1234·3f9a12bc·d4e1a0b7`).
    pub head: String,
    pub seq: i64,
    pub outcome: HeadOutcome,
}

/// One thing the check found, in the office's language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    /// A fault (the trail is not as it was written), rather than a plain statement.
    pub fault: bool,
    pub text: String,
}

/// `audit verify` and the Audit screen's check.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditCheck {
    /// Entries in the trail.
    pub entries: i64,
    /// The first entry that does not fit the hash chain (edited, removed or reordered); `1` for
    /// a trail that was emptied.
    pub first_broken: Option<i64>,
    /// Nothing is wrong: the chain holds, every entry since signing began carries the register's
    /// signature, the printed head (when one was given) matches, the trail was not emptied.
    pub intact: bool,
    /// The trail's newest entry as printed on forms, exports and backups.
    pub head: ChainHead,
    /// No entry is left although the register holds people (or has signed entries before).
    pub emptied: bool,
    /// The first entry signed with the register's key; the entries before it were written before
    /// signing began (not a fault).
    pub signed_from: Option<i64>,
    /// The first entry whose signature is missing or does not match.
    pub signature_fault: Option<i64>,
    /// The register's signing key's fingerprint (`3F9A-12BC-D4E1-A0B7`), to compare with a note
    /// of it kept on paper.
    pub key_fingerprint: Option<String>,
    pub printed: Option<PrintedCheck>,
    /// Every finding, faults first, in the office's language.
    pub findings: Vec<Finding>,
    /// The first fault, as the CLI reports it when it fails the command.
    #[serde(skip)]
    #[ts(skip)]
    pub fault: Option<FieldError>,
}

fn day_of(instant: &str) -> String {
    DateTime::parse_from_rfc3339(instant)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| instant.to_owned())
}

/// The check of `entries` (the whole trail, in order) against the register's key, the number of
/// people it holds and a head typed back from paper, in `lang`.
pub fn check_chain(entries: &[AuditEntry], key: Option<&AuditKey>, people: i64, printed: Option<&PrintedHead>, lang: Lang) -> AuditCheck {
    let mut faults: Vec<FieldError> = Vec::new();
    let mut notes: Vec<FieldError> = Vec::new();
    let count = entries.len() as i64;
    let head = entries.last().map(ChainHead::of).unwrap_or_else(ChainHead::genesis);

    let emptied = entries.is_empty() && (people > 0 || key.is_some());
    if emptied {
        faults.push(match (people, key) {
            (0, Some(k)) => FieldError::general("anchor.emptied_signed").with("date", day_of(&k.created_at)),
            _ => FieldError::general("anchor.emptied").with("people", people),
        });
    }
    let mut first_broken = verify(entries).first_broken;
    if emptied {
        first_broken = Some(1);
    } else if let Some(seq) = first_broken {
        faults.push(FieldError::general("audit.broken").with("seq", seq));
    }

    let printed = printed.map(|p| {
        let outcome = check_head(entries, p);
        let text = p.text();
        match outcome {
            HeadOutcome::Matches => notes.push(FieldError::general("anchor.head_matches").with("head", &text).with("seq", p.seq)),
            HeadOutcome::Rewritten => faults.push(FieldError::general("anchor.head_rewritten").with("head", &text).with("seq", p.seq)),
            HeadOutcome::Removed => {
                faults.push(FieldError::general("anchor.head_removed").with("head", &text).with("seq", p.seq).with("last", head.seq))
            }
        }
        if p.prefix.len() < HEAD_HEX_DIGITS {
            notes.push(FieldError::general("anchor.head_weak").with("count", p.prefix.len()));
        }
        PrintedCheck { head: text, seq: p.seq, outcome }
    });

    // Signatures: every entry from the first signed one on must carry the register's.
    let signed_from = entries.iter().find(|e| e.signature.is_some()).map(|e| e.seq);
    let mut signature_fault = None;
    if let Some(from) = signed_from {
        match key {
            None => {
                signature_fault = Some(from);
                faults.push(FieldError::general("anchor.key_missing").with("from", from));
            }
            Some(key) => {
                for e in entries.iter().filter(|e| e.seq >= from) {
                    let fault = match &e.signature {
                        None => Some(FieldError::general("anchor.unsigned").with("seq", e.seq).with("from", from)),
                        Some(sig) if !key.signed(&e.hash, sig) => Some(FieldError::general("anchor.bad_signature").with("seq", e.seq)),
                        Some(_) => None,
                    };
                    if let Some(f) = fault {
                        signature_fault = Some(e.seq);
                        faults.push(f);
                        break;
                    }
                }
            }
        }
    }
    if !entries.is_empty() {
        let before = entries.iter().take_while(|e| Some(e.seq) != signed_from).count();
        notes.push(match signed_from {
            Some(_) if before == 0 => FieldError::general("anchor.signed_all"),
            Some(from) => FieldError::general("anchor.signed_from").with("from", from).with("before", before),
            None => FieldError::general("anchor.unsigned_all").with("entries", count),
        });
    }
    if let Some(k) = key {
        notes.push(FieldError::general("anchor.key").with("fingerprint", k.fingerprint()).with("date", day_of(&k.created_at)));
    }

    let intact = faults.is_empty();
    let summary = if entries.is_empty() && !emptied {
        FieldError::general("anchor.empty")
    } else if intact {
        FieldError::general("anchor.intact").with("entries", count).with("head", &head.short)
    } else {
        FieldError::general("anchor.failed").with("count", faults.len())
    };
    let fault = faults.first().cloned();
    let mut findings: Vec<Finding> = faults.iter().map(|f| Finding { fault: true, text: f.message(lang) }).collect();
    findings.push(Finding { fault: !intact, text: summary.message(lang) });
    findings.extend(notes.iter().map(|f| Finding { fault: false, text: f.message(lang) }));
    AuditCheck {
        entries: count,
        first_broken,
        intact,
        head,
        emptied,
        signed_from,
        signature_fault,
        key_fingerprint: key.map(AuditKey::fingerprint),
        printed,
        findings,
        fault,
    }
}

impl Office {
    /// The trail's newest entry: the head printed on every form, export and backup report. Read
    /// by those operations for their own paper; no right of its own.
    pub async fn chain_head(&self) -> AppResult<ChainHead> {
        Ok(match self.store.audit_last().await? {
            Some((seq, hash)) => ChainHead::new(seq, &hash),
            None => ChainHead::genesis(),
        })
    }

    /// The head as the Audit screen shows it (an auditor's read).
    pub async fn audit_head(&self) -> AppResult<ChainHead> {
        self.allow(Operation::Audit).await?;
        self.chain_head().await
    }

    /// Checks the whole trail: its hash chain, every signature since signing began, and — when
    /// `printed` is given — a head typed back from a form, an export or a backup report. A head
    /// that cannot be read is refused in words before anything is checked.
    pub async fn check_audit(&self, printed: Option<&str>) -> AppResult<AuditCheck> {
        self.allow(Operation::Audit).await?;
        let printed = match printed.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(PrintedHead::parse(text)?),
            None => None,
        };
        let entries = self.store.audit_all().await?;
        let key = self.store.audit_key().await?;
        let people = self.store.people_count().await?;
        let lang = self.lang().await;
        Ok(check_chain(&entries, key.as_ref(), people, printed.as_ref(), lang))
    }
}
