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
    /// The register's Ed25519 signature over the entry's hash (hex, see [`signed_message`]),
    /// made when the entry was written; `None` for an entry written before signing began. Not
    /// part of the hash, so chains written before signatures existed still verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub signature: Option<String>,
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
        signature: None,
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

// ---------------------------------------------------------------- the anchor (issue 14)
//
// Whoever can write the register could rewrite the whole chain from an altered entry on and it
// would verify again. Two things anchor it: every entry is signed with the register's Ed25519
// key (the signing itself is the store's: the domain has no keys), and the chain's head — its
// newest entry's number and the start of its hash — is printed on every issued form, export and
// backup report. A head taken back from paper names an entry that must still exist with a hash
// that still starts as printed: a rewrite at or before it, or the removal of newer entries, is
// then found even when every hash was recomputed.

/// How many hex digits of the hash a printed head carries (64 bits: finding a rewritten chain
/// whose entry matches them is out of reach; 8 digits alone would be 32 bits, minutes of work).
pub const HEAD_HEX_DIGITS: usize = 16;
/// The fewest hex digits a head typed back is checked with (the first group as printed).
pub const HEAD_MIN_HEX_DIGITS: usize = 8;

/// What an entry's signature covers: its hash, under a fixed context so a signature made for
/// anything else can never pass as one of the trail's.
pub fn signed_message(hash: &str) -> Vec<u8> {
    format!("clearance-tracker audit entry v1\n{hash}").into_bytes()
}

/// A head as printed: `#1234·3f9a12bc·d4e1a0b7` (the entry's number, then the first 16 hex
/// digits of its hash in two groups of 8, easy to read from paper and to type back).
pub fn head_text(seq: i64, hash: &str) -> String {
    let digits: String = hash.chars().take(HEAD_HEX_DIGITS).collect();
    let groups: Vec<String> = digits.as_bytes().chunks(8).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    format!("#{seq}·{}", groups.join("·"))
}

/// The trail's newest entry: what is printed as the chain's head. A trail with no entry has the
/// head `#0` with the genesis hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChainHead {
    pub seq: i64,
    /// The entry's whole hash (lowercase hex).
    pub hash: String,
    /// As printed: `#1234·3f9a12bc·d4e1a0b7`.
    pub short: String,
}

impl ChainHead {
    pub fn new(seq: i64, hash: &str) -> ChainHead {
        ChainHead { seq, hash: hash.to_owned(), short: head_text(seq, hash) }
    }

    /// The head of an empty trail.
    pub fn genesis() -> ChainHead {
        ChainHead::new(0, GENESIS)
    }

    pub fn of(entry: &AuditEntry) -> ChainHead {
        ChainHead::new(entry.seq, &entry.hash)
    }
}

/// A head typed back from paper: the entry's number and the hex digits read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrintedHead {
    pub seq: i64,
    /// Lowercase hex, at least [`HEAD_MIN_HEX_DIGITS`] digits.
    pub prefix: String,
}

/// Full-width forms (`＃１２３４・３Ｆ９Ａ`) as their ASCII letters, the ideographic space as a space.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// What may stand between the number and the digits, or between groups of digits.
fn is_head_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '·' | '・' | '•' | '‧' | '∙' | '.' | '-' | '–' | '—' | ':' | '_' | '/' | ',' | '、' | '。' | '|')
}

impl PrintedHead {
    /// Reads a head as typed: `#1234·3f9a12bc·d4e1a0b7`, `1234 3F9A12BC D4E1A0B7`,
    /// `＃１２３４・３ｆ９ａ１２ｂｃ`, or the whole printed line (`审计链 #1234·3f9a12bc…`): the
    /// number, a separator, then at least 8 hex digits in any grouping, any case, full-width or not.
    pub fn parse(text: &str) -> Result<PrintedHead, crate::FieldError> {
        let unreadable = || crate::FieldError::new("head", "anchor.head_unreadable").with("value", crate::text::shown(text.trim()));
        let folded: String = text.chars().map(half_width).collect::<String>().to_ascii_lowercase();
        // A label before the head (审计链, Audit chain) is skipped: the head starts at `#` or at
        // the first digit.
        let start = folded.find(|c: char| c == '#' || c.is_ascii_digit()).ok_or_else(unreadable)?;
        let rest = folded[start..].trim_start_matches('#').trim_start();
        let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let seq: i64 = rest[..digits_end].parse().map_err(|_| unreadable())?;
        let tail = &rest[digits_end..];
        if !tail.starts_with(is_head_separator) {
            return Err(unreadable());
        }
        let mut prefix = String::new();
        for c in tail.chars() {
            if c.is_ascii_hexdigit() {
                prefix.push(c);
            } else if !is_head_separator(c) {
                return Err(unreadable());
            }
        }
        if prefix.len() < HEAD_MIN_HEX_DIGITS || prefix.len() > 64 {
            return Err(crate::FieldError::new("head", "anchor.head_digits")
                .with("value", crate::text::shown(text.trim()))
                .with("count", prefix.len())
                .with("min", HEAD_MIN_HEX_DIGITS));
        }
        Ok(PrintedHead { seq, prefix })
    }

    /// The head as it is printed (`#1234·3f9a12bc·d4e1a0b7`, as many digits as were read).
    pub fn text(&self) -> String {
        let groups: Vec<&str> = self.prefix.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
        format!("#{}·{}", self.seq, groups.join("·"))
    }

    pub fn matches(&self, hash: &str) -> bool {
        hash.to_ascii_lowercase().starts_with(&self.prefix)
    }

    /// Whether a whole line of an export is a printed head (`审计链 #12·…`, `Audit chain #12·…`):
    /// the import skips such a line at the foot of our own CSV.
    pub fn is_head_line(line: &str) -> bool {
        let line = line.trim();
        (line.starts_with(HEAD_LABEL_ZH) || line.starts_with(HEAD_LABEL_EN)) && PrintedHead::parse(line).is_ok()
    }
}

/// The words before a printed head, in either language.
pub const HEAD_LABEL_ZH: &str = "审计链";
pub const HEAD_LABEL_EN: &str = "Audit chain";

/// The line printed on forms, exports and backup reports: `审计链 #1234·3f9a12bc·d4e1a0b7`.
pub fn head_line(head: &ChainHead, lang: crate::Lang) -> String {
    match lang {
        crate::Lang::ZhCn => format!("{HEAD_LABEL_ZH} {}", head.short),
        crate::Lang::En => format!("{HEAD_LABEL_EN} {}", head.short),
    }
}

/// The chain recomputed from the entries' content alone (each hash from the recomputed hash
/// before it, whatever the stored hashes say), up to `seq`: what the entry's hash was when it was
/// written if nothing at or before it has changed since. `None` when the trail has no such entry.
pub fn recomputed_hash(entries: &[AuditEntry], seq: i64) -> Option<String> {
    if seq == 0 {
        return Some(GENESIS.to_owned());
    }
    let mut prev = GENESIS.to_owned();
    for e in entries {
        let again = AuditEntry { prev_hash: prev, hash: String::new(), ..e.clone() };
        prev = content_hash(&again);
        if e.seq == seq {
            return Some(prev);
        }
        if e.seq > seq {
            // The entry itself is gone from inside the trail: nothing there matches any more.
            return Some(String::new());
        }
    }
    None
}

/// What checking a printed head found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum HeadOutcome {
    /// The entry exists and the chain up to it recomputes to the hash printed.
    Matches,
    /// The entry exists but the chain up to it no longer gives the printed hash: rewritten at
    /// or before it.
    Rewritten,
    /// The trail ends before the printed entry: its newest entries were removed.
    Removed,
}

/// Checks `printed` against the trail (every entry, in order).
pub fn check_head(entries: &[AuditEntry], printed: &PrintedHead) -> HeadOutcome {
    match recomputed_hash(entries, printed.seq) {
        None => HeadOutcome::Removed,
        Some(hash) if printed.matches(&hash) => HeadOutcome::Matches,
        Some(_) => HeadOutcome::Rewritten,
    }
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
    fn a_head_is_printed_readably_and_read_back_however_it_is_typed() {
        let c = chain(3);
        let head = ChainHead::of(&c[2]);
        assert_eq!(head.short, format!("#3·{}·{}", &c[2].hash[..8], &c[2].hash[8..16]));
        let wanted = PrintedHead { seq: 3, prefix: c[2].hash[..16].to_owned() };
        assert_eq!(PrintedHead::parse(&head.short).unwrap(), wanted);
        assert_eq!(PrintedHead::parse(&head_line(&head, crate::Lang::ZhCn)).unwrap(), wanted);
        assert_eq!(PrintedHead::parse(&head_line(&head, crate::Lang::En)).unwrap(), wanted);
        let upper = format!("3 {} {}", c[2].hash[..8].to_uppercase(), &c[2].hash[8..16]);
        assert_eq!(PrintedHead::parse(&upper).unwrap(), wanted);
        // Full-width, as an input method types it, with an ideographic space and a katakana dot.
        let wide: String = format!("＃{}", &head.short[1..])
            .chars()
            .map(|ch| match ch {
                '0'..='9' | 'a'..='f' => char::from_u32(ch as u32 + 0xFEE0).unwrap(),
                '·' => '・',
                _ => ch,
            })
            .collect();
        assert_eq!(PrintedHead::parse(&format!("审计链\u{3000}{wide}")).unwrap(), wanted);
        // The first group alone is still a head (weaker: 32 bits).
        assert_eq!(PrintedHead::parse(&format!("#3-{}", &c[2].hash[..8])).unwrap().prefix, c[2].hash[..8]);
        assert_eq!(PrintedHead::parse("#3·3f9a").unwrap_err().code, "anchor.head_digits");
        for bad in ["", "审计链", "#·3f9a12bc", "#3 3f9a12bg", "#33f9a12bc"] {
            assert!(PrintedHead::parse(bad).is_err(), "{bad:?}");
        }
        assert!(PrintedHead::is_head_line(&head_line(&head, crate::Lang::ZhCn)));
        assert!(!PrintedHead::is_head_line("张三"));
    }

    #[test]
    fn whatever_is_typed_as_a_head_is_read_or_refused_never_a_panic() {
        let odd = [
            "#",
            "#1",
            "#1·",
            "##1·3f9a12bc",
            "审计链#",
            "审计链 #",
            "\u{202e}#1·3f9a12bc",
            "#99999999999999999999999·3f9a12bc",
            "＃９９９９９９９９９９９９９９９９９９９９９・ｆｆｆｆｆｆｆｆ",
            "#1·3f9a12bc\u{0}",
            "#1·𠮷3f9a12bc",
            &format!("#1·{}", "f".repeat(65)),
            "1 2 3 4 5 6 7 8 9",
            "#0·0000000000000000",
        ];
        for text in odd {
            let _ = PrintedHead::parse(text);
            let _ = PrintedHead::is_head_line(text);
        }
        assert_eq!(PrintedHead::parse("#0·0000000000000000").unwrap().seq, 0);
        assert!(PrintedHead::parse(&format!("#1·{}", "f".repeat(65))).is_err(), "longer than a hash");
    }

    #[test]
    fn a_printed_head_finds_a_rewritten_chain_and_removed_entries() {
        let c = chain(5);
        let printed = PrintedHead::parse(&ChainHead::of(&c[3]).short).unwrap();
        assert_eq!(check_head(&c, &printed), HeadOutcome::Matches);
        assert_eq!(check_head(&c[..5], &PrintedHead::parse(&ChainHead::of(&c[4]).short).unwrap()), HeadOutcome::Matches);
        // Edited and every hash recomputed: the chain verifies, the head does not.
        let mut rewritten = c.clone();
        rewritten[1].operator = "someone else".into();
        let mut prev = GENESIS.to_owned();
        for e in &mut rewritten {
            e.prev_hash = prev;
            e.hash = content_hash(e);
            prev = e.hash.clone();
        }
        assert_eq!(verify(&rewritten).first_broken, None);
        assert_eq!(check_head(&rewritten, &printed), HeadOutcome::Rewritten);
        // An edit after the printed entry leaves it matching.
        let mut later = c.clone();
        later[4].operator = "someone else".into();
        assert_eq!(check_head(&later, &printed), HeadOutcome::Matches);
        // The newest entries cut off.
        assert_eq!(check_head(&c[..3], &printed), HeadOutcome::Removed);
        assert_eq!(check_head(&[], &printed), HeadOutcome::Removed);
        assert_eq!(check_head(&[], &PrintedHead::parse(&ChainHead::genesis().short).unwrap()), HeadOutcome::Matches);
    }

    #[test]
    fn a_deleted_entry_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).first_broken, Some(2));
    }
}
