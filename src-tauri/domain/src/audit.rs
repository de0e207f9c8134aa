//! The tamper-evident audit trail.
//!
//! Every change to the register appends an entry: who, when, what, the old and the new values.
//! Each entry's hash covers its own content and the previous entry's hash, so editing, deleting or
//! reordering any stored entry breaks the chain from that entry on.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The hash the first entry chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A change about to be recorded, before the store gives it a place in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What happened, as a stable code: `person.add`, `person.edit`, `person.level`, ...
    pub action: String,
    /// The kind of record changed (`person`, `settings`, ...) and its id.
    pub entity: String,
    pub entity_id: String,
    pub person_id: Option<i64>,
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
    pub person_id: Option<i64>,
    /// The values before and after, as JSON text exactly as hashed.
    pub old: Option<String>,
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The instant as written into the hash and the database: fixed precision so it round-trips.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Builds the next entry of the chain for `change`.
pub fn seal(change: &Change, seq: i64, at: DateTime<Utc>, operator: &str, prev_hash: &str) -> AuditEntry {
    let mut entry = AuditEntry {
        seq,
        at,
        operator: operator.to_owned(),
        action: change.action.clone(),
        entity: change.entity.clone(),
        entity_id: change.entity_id.clone(),
        person_id: change.person_id,
        old: change.old.as_ref().map(Value::to_string),
        new: change.new.as_ref().map(Value::to_string),
        prev_hash: prev_hash.to_owned(),
        hash: String::new(),
    };
    entry.hash = content_hash(&entry);
    entry
}

/// SHA-256 over every field but the hash itself, as a JSON array so no two different entries
/// can serialise alike.
pub fn content_hash(e: &AuditEntry) -> String {
    let content =
        serde_json::json!([e.seq, instant_text(e.at), e.operator, e.action, e.entity, e.entity_id, e.person_id, e.old, e.new, e.prev_hash]);
    let digest = Sha256::digest(content.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
    for (expected_seq, e) in (1..).zip(entries) {
        count += 1;
        if e.seq != expected_seq || e.prev_hash != prev_hash || content_hash(e) != e.hash {
            return Verification { entries: count, first_broken: Some(e.seq.min(expected_seq).max(1)) };
        }
        prev_hash = e.hash.clone();
    }
    Verification { entries: count, first_broken: None }
}

/// One field that an entry changed, for showing a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The fields whose values differ between the old and the new JSON objects of an entry.
pub fn field_changes(old: Option<&str>, new: Option<&str>) -> Vec<FieldChange> {
    let parse = |s: Option<&str>| s.and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (old, new) = (parse(old), parse(new));
    let shown = |v: Option<&Value>| match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let mut keys: Vec<&String> = Vec::new();
    for obj in [&old, &new].into_iter().flatten().filter_map(Value::as_object) {
        for k in obj.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys.into_iter()
        .filter_map(|k| {
            let before = shown(old.as_ref().and_then(|o| o.get(k)));
            let after = shown(new.as_ref().and_then(|o| o.get(k)));
            (before != after).then(|| FieldChange { field: k.clone(), old: before, new: after })
        })
        .collect()
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
                    action: "person.add".into(),
                    entity: "person".into(),
                    entity_id: seq.to_string(),
                    person_id: Some(seq),
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
    fn a_deleted_entry_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).first_broken, Some(2));
    }

    #[test]
    fn field_changes_lists_only_what_differs() {
        let changes = field_changes(Some(r#"{"name":"张三","unit":"A","post":""}"#), Some(r#"{"name":"张三","unit":"B","post":""}"#));
        assert_eq!(changes, vec![FieldChange { field: "unit".into(), old: Some("A".into()), new: Some("B".into()) }]);
    }
}
