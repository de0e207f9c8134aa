//! The tamper-evident audit trail.
//!
//! Every change to the register appends an entry: who, when, what, the old and the new values.
//! Each entry's hash covers its own content and the previous entry's hash, so editing, deleting or
//! reordering any stored entry breaks the chain from that entry on.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::terms::{AuditAction, AuditEntity, Term};

/// The hash the first entry chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change about to be recorded, before the store gives it a place in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What happened (stored as its code: `person.add`, `person.edit`, `person.level`, ...).
    pub action: AuditAction,
    /// The kind of record changed and its id.
    pub entity: AuditEntity,
    pub entity_id: String,
    pub person_id: Option<crate::person::PersonId>,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub person_id: Option<crate::person::PersonId>,
    /// The values before and after, as JSON text exactly as hashed.
    pub old: Option<String>,
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The day the entry was made as of, when "today" was shifted (the hidden `--today`,
    /// administrators only); `at` is the real instant. Sealed into the hash only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub as_of: Option<NaiveDate>,
}

/// The instant as written into the hash and the database: fixed precision so it round-trips.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Builds the next entry of the chain for `change`.
pub fn seal(change: &Change, seq: i64, at: DateTime<Utc>, operator: &str, prev_hash: &str) -> AuditEntry {
    seal_as_of(change, seq, at, None, operator, prev_hash)
}

/// [`seal`] for an entry made while "today" was shifted to `as_of`.
pub fn seal_as_of(change: &Change, seq: i64, at: DateTime<Utc>, as_of: Option<NaiveDate>, operator: &str, prev_hash: &str) -> AuditEntry {
    let mut entry = AuditEntry {
        seq,
        at,
        operator: operator.to_owned(),
        action: change.action.code().to_owned(),
        entity: change.entity.code().to_owned(),
        entity_id: change.entity_id.clone(),
        person_id: change.person_id,
        old: change.old.as_ref().map(Value::to_string),
        new: change.new.as_ref().map(Value::to_string),
        prev_hash: prev_hash.to_owned(),
        hash: String::new(),
        as_of,
    };
    entry.hash = content_hash(&entry);
    entry
}

/// SHA-256 over every field but the hash itself, as a JSON array so no two different entries
/// can serialise alike.
pub fn content_hash(e: &AuditEntry) -> String {
    let mut content =
        serde_json::json!([e.seq, instant_text(e.at), e.operator, e.action, e.entity, e.entity_id, e.person_id, e.old, e.new, e.prev_hash]);
    // Entries written before `as_of` existed (and every entry made on the real day) hash as before.
    if let (Some(day), Some(items)) = (e.as_of, content.as_array_mut()) {
        items.push(serde_json::json!({ "as_of": day.to_string() }));
    }
    let digest = Sha256::digest(content.to_string().as_bytes());
    hex::encode(digest)
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Verification {
    pub entries: i64,
    /// The sequence number of the first entry that does not fit the chain, if any.
    pub first_broken: Option<i64>,
}

/// Walks the entries in sequence order and reports the first that was altered, or whose
/// predecessor was removed.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a AuditEntry>) -> Verification {
    let mut prev_hash = GENESIS.to_owned();
    let mut count = 0;
    // Sequence numbers start at 1 and have no gaps, so the n-th entry must be number n.
    for (expected_seq, e) in (1..).zip(entries) {
        count += 1;
        if e.seq != expected_seq || e.prev_hash != prev_hash || content_hash(e) != e.hash {
            return Verification { entries: count, first_broken: Some(e.seq.min(expected_seq).max(1)) };
        }
        prev_hash = e.hash.clone();
    }
    Verification { entries: count, first_broken: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let change = Change {
                    action: AuditAction::PersonAdd,
                    entity: AuditEntity::Person,
                    entity_id: seq.to_string(),
                    person_id: Some(crate::person::PersonId(seq)),
                    old: None,
                    new: Some(serde_json::json!({"name": format!("张{seq}")})),
                };
                let e = seal(&change, seq, Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, seq as u32).unwrap(), "王芳", &prev);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let v = verify(&chain(5));
        assert_eq!(v, Verification { entries: 5, first_broken: None });
    }

    #[test]
    fn an_edited_entry_is_found() {
        let mut c = chain(5);
        c[2].new = Some(r#"{"name":"李四"}"#.into());
        assert_eq!(verify(&c).first_broken, Some(3));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].operator = "someone else".into();
        c[2].hash = content_hash(&c[2]);
        assert_eq!(verify(&c).first_broken, Some(4));
    }

    #[test]
    fn the_shifted_day_is_sealed_when_present() {
        let mut c = chain(3);
        let change = Change {
            action: AuditAction::PersonEdit,
            entity: AuditEntity::Person,
            entity_id: "1".into(),
            person_id: None,
            old: None,
            new: None,
        };
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
        let e = seal_as_of(&change, 4, Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(), day, "王芳", &c[2].hash);
        assert_ne!(e.hash, seal(&change, 4, e.at, "王芳", &c[2].hash).hash, "the day is part of the hash");
        c.push(e);
        assert_eq!(verify(&c).first_broken, None);
        c[3].as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 16);
        assert_eq!(verify(&c).first_broken, Some(4), "a changed day breaks the chain");
    }

    #[test]
    fn a_deleted_entry_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).first_broken, Some(2));
    }
}
