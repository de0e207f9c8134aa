//! The register against its trail: every audited record's last recorded value must be what the
//! tables hold now, and every row of an audited table must have the entry that created it.
//!
//! Pure: the store streams the trail's entries in order into [`Replay::apply`] (each entry read
//! into [`facts`]), then the tables' rows as plain values into [`Replay::table_record`],
//! [`Replay::table_value`] and [`Replay::table_row`]; [`Replay::finish`] gives the differences.
//! The replay keeps, per record, only a digest of each value and the entry it came from, so a
//! large register is checked in one pass over each table with little memory: the trail's value
//! of a difference is read back from its entry ([`recorded_value`]) and put in words
//! ([`in_words`]).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;

use crate::audit::AuditEntry;
use crate::history::{value_words, Vocabulary};
use crate::i18n::{field_label, Lang};
use crate::person::PersonId;

/// A record of the register the trail speaks of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Person(i64),
    Document(i64),
    Trip(i64),
    /// An issued form, by its number (`2026-0001`).
    Form(String),
    /// The acknowledgements of one reminder, by its key.
    Reminder(String),
    /// A setting, by its key.
    Setting(String),
}

impl Subject {
    /// The audit entity code the words of its values are read with.
    fn entity(&self) -> &'static str {
        match self {
            Subject::Person(_) => "person",
            Subject::Document(_) => "travel_document",
            Subject::Trip(_) => "trip",
            Subject::Form(_) => "form",
            Subject::Reminder(_) => "reminder",
            Subject::Setting(_) => "setting",
        }
    }
}

/// The person fields every person entry records whole (`office::people::snapshot`), the level
/// aside: it changes only by a dated level change.
pub const PERSON_FIELDS: [&str; 12] =
    ["name", "staff_no", "id_number", "sex", "birth_date", "unit", "post", "start_date", "phone", "notes", "archived_on", "archive_reason"];

/// The settings whose entries record their value (`settings.*`); the others (machine state:
/// backups, the people table's basis, the last notification day) are not audited.
pub const AUDITED_SETTINGS: [&str; 6] = ["office_name", "office_name_en", "form_language", "language", "keep_in_tray", "policy"];

/// What one entry says a record holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// The entry created the record.
    Created { subject: Subject, person: Option<i64> },
    /// A field's value from now on.
    Value { subject: Subject, field: &'static str, value: Value },
    /// The person's level as of `effective` (none: as registered): the latest effective wins.
    Level { person: i64, value: Value, effective: Option<NaiveDate> },
    /// A row added to one of the record's lists (level history, steps, training, events,
    /// acknowledgements). Rows with the same `identity` are paired when their values differ.
    Row { subject: Subject, list: &'static str, identity: String, value: Value },
}

/// A JSON object with these fields (keys are sorted when compared).
pub fn object(fields: &[(&str, Value)]) -> Value {
    Value::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<Map<_, _>>())
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(text).collect::<Vec<_>>().join(",")),
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys.into_iter().map(|k| format!("{k}={}", text(&o[k]))).collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// The digest two equal values share whatever their JSON spelling: a string, a number or a
/// boolean by its text, null as empty, an object with its keys sorted.
pub fn digest(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    text(v).hash(&mut h);
    h.finish()
}

fn empty(v: &Value) -> bool {
    matches!(v, Value::Null) || v.as_str() == Some("")
}

fn field(obj: &Value, key: &str) -> Value {
    obj.get(key).cloned().unwrap_or(Value::Null)
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// A step as a row of the person's lifecycle (a `lifecycle.step` entry, or one of the steps a
/// bulk `person.add` brought).
fn step_row(person: i64, v: &Value) -> Fact {
    Fact::Row {
        subject: Subject::Person(person),
        list: "step",
        identity: text(&field(v, "step")),
        value: object(&[("step", field(v, "step")), ("done_on", field(v, "done_on")), ("note", field(v, "note"))]),
    }
}

/// The stage a bulk `person.add` recorded (import, sample), or onboarding.
fn added_stage(new: &Value) -> Value {
    match new.get("stage") {
        Some(s) if !s.is_null() => s.clone(),
        _ => json!("onboarding"),
    }
}

/// What `entry` says the register holds. An entry that records nothing replayable (a reveal,
/// an export, a backup) says nothing.
pub fn facts(entry: &AuditEntry) -> Vec<Fact> {
    let new: Value = entry.new.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or(Value::Null);
    let mut out = Vec::new();
    let pid = entry.person_id.map(PersonId::get);
    let id = entry.entity_id.parse::<i64>().ok();
    match (entry.entity.as_str(), entry.action.as_str()) {
        ("person", action) => {
            let Some(p) = pid.or(id) else { return out };
            let subject = Subject::Person(p);
            match action {
                "person.add" | "person.edit" | "person.archive" | "person.unarchive" => {
                    if action == "person.add" {
                        out.push(Fact::Created { subject: subject.clone(), person: Some(p) });
                        let level = field(&new, "level");
                        out.push(Fact::Level { person: p, value: level.clone(), effective: None });
                        out.push(Fact::Row {
                            subject: subject.clone(),
                            list: "level_history",
                            identity: "first".to_owned(),
                            value: object(&[("level", level)]),
                        });
                        out.push(Fact::Value { subject: subject.clone(), field: "stage", value: added_stage(&new) });
                        if let Some(Value::Array(steps)) = new.get("steps") {
                            out.extend(steps.iter().map(|s| step_row(p, s)));
                        }
                    }
                    for f in PERSON_FIELDS {
                        out.push(Fact::Value { subject: subject.clone(), field: f, value: field(&new, f) });
                    }
                }
                "person.level" => {
                    let effective = field(&new, "effective");
                    out.push(Fact::Level { person: p, value: field(&new, "level"), effective: date(&effective) });
                    out.push(Fact::Row {
                        subject,
                        list: "level_history",
                        identity: text(&effective),
                        value: object(&[("level", field(&new, "level")), ("effective", effective), ("reason", field(&new, "reason"))]),
                    });
                }
                "person.photo_set" | "person.photo_replace" | "person.photo_remove" => {
                    let sha = new.get("photo").and_then(|p| p.get("sha256")).cloned().unwrap_or(Value::Null);
                    out.push(Fact::Value { subject, field: "photo", value: sha });
                }
                _ => {}
            }
        }
        ("lifecycle", action) => {
            let Some(p) = pid.or(id) else { return out };
            match action {
                "lifecycle.step" => out.push(step_row(p, &new)),
                "lifecycle.training" => out.push(Fact::Row {
                    subject: Subject::Person(p),
                    list: "training",
                    identity: text(&field(&new, "category")),
                    value: object(&[
                        ("date", field(&new, "date")),
                        ("topic", field(&new, "topic")),
                        ("hours", field(&new, "hours")),
                        ("category", field(&new, "category")),
                    ]),
                }),
                "lifecycle.event" => out.push(Fact::Row {
                    subject: Subject::Person(p),
                    list: "event",
                    identity: text(&field(&new, "kind")),
                    value: object(&[
                        ("kind", field(&new, "kind")),
                        ("date", field(&new, "date")),
                        ("action_taken", field(&new, "action_taken")),
                    ]),
                }),
                _ => {
                    if let Some(stage) = new.get("stage") {
                        out.push(Fact::Value { subject: Subject::Person(p), field: "stage", value: stage.clone() });
                    }
                }
            }
        }
        ("trip", action) => {
            let Some(t) = id else { return out };
            let subject = Subject::Trip(t);
            if action == "trip.request" {
                out.push(Fact::Created { subject: subject.clone(), person: pid });
            }
            if let Some(state) = new.get("state") {
                out.push(Fact::Value { subject: subject.clone(), field: "state", value: state.clone() });
            }
            if matches!(action, "trip.request" | "trip.correct") {
                for f in ["planned_departure", "planned_return"] {
                    out.push(Fact::Value { subject: subject.clone(), field: f, value: field(&new, f) });
                }
            }
        }
        ("travel_document", action) => {
            let Some(d) = id else { return out };
            let subject = Subject::Document(d);
            if action == "document.register" && new.get("number").is_some() {
                out.push(Fact::Created { subject: subject.clone(), person: pid });
                for f in ["kind", "number", "issued", "expires"] {
                    out.push(Fact::Value { subject: subject.clone(), field: f, value: field(&new, f) });
                }
            }
            for f in ["status", "location"] {
                if new.get(f).is_some() {
                    out.push(Fact::Value { subject: subject.clone(), field: f, value: field(&new, f) });
                }
            }
        }
        ("form", action) => {
            let subject = Subject::Form(entry.entity_id.clone());
            match action {
                "form.issue" => {
                    out.push(Fact::Created { subject: subject.clone(), person: pid });
                    out.push(Fact::Value { subject: subject.clone(), field: "kind", value: field(&new, "kind") });
                    out.push(Fact::Value { subject: subject.clone(), field: "received_on", value: Value::Null });
                    out.push(Fact::Value { subject, field: "voided_on", value: Value::Null });
                }
                "form.received" => out.push(Fact::Value { subject, field: "received_on", value: field(&new, "received_on") }),
                "form.void" => out.push(Fact::Value { subject, field: "voided_on", value: field(&new, "voided_on") }),
                _ => {}
            }
        }
        ("reminder", _) => {
            let ack = field(&new, "ack");
            let kind = field(&ack, "type");
            out.push(Fact::Row {
                subject: Subject::Reminder(entry.entity_id.clone()),
                list: "acknowledgement",
                identity: text(&kind),
                value: object(&[
                    ("kind", kind),
                    ("due_date", field(&new, "due_date")),
                    ("until", field(&ack, "until")),
                    ("note", field(&ack, "note")),
                ]),
            });
        }
        ("setting", _) => {
            let key = entry.entity_id.as_str();
            let Some(key) = AUDITED_SETTINGS.iter().find(|k| **k == key) else { return out };
            let value = match &new {
                Value::Object(o) => o.get(*key).cloned(),
                Value::String(_) => Some(new.clone()),
                _ => None,
            };
            if let Some(value) = value {
                out.push(Fact::Value { subject: Subject::Setting((*key).to_owned()), field: "value", value });
            }
        }
        _ => {}
    }
    out
}

/// The trail's value of a difference, read back from the entry it came from.
pub fn recorded_value(entry: &AuditEntry, subject: &Subject, field_or_list: &str, value_digest: u64) -> Option<Value> {
    facts(entry).into_iter().find_map(|f| match f {
        Fact::Value { subject: s, field, value } if &s == subject && field == field_or_list => Some(value),
        Fact::Level { person, value, .. } if *subject == Subject::Person(person) && field_or_list == "level" => Some(value),
        Fact::Row { subject: s, list, value, .. } if &s == subject && list == field_or_list && digest(&value) == value_digest => {
            Some(value)
        }
        _ => None,
    })
}

/// What part of a person's records an older bulk entry did not record field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Unrecorded {
    /// Stage and steps of people imported from a roster before field-level audit.
    ImportedLifecycle,
    /// Everything but the details of the sample people loaded before field-level audit: their
    /// stage, steps, level history, training, travel documents and trips.
    SampleHistories,
}

const LIFECYCLE: u8 = 1;
const SAMPLE: u8 = 2;

/// Which flag keeps a value or list of a person's from being checked.
fn guarded_by(subject: &Subject, field: &str) -> u8 {
    match (subject, field) {
        (Subject::Person(_), "stage" | "step") => LIFECYCLE | SAMPLE,
        (Subject::Person(_), "level" | "level_history" | "training") => SAMPLE,
        (Subject::Document(_) | Subject::Trip(_), _) => SAMPLE,
        _ => 0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Recorded {
    digest: u64,
    seq: i64,
    /// The table reported this field.
    seen: bool,
}

#[derive(Debug, Clone, Copy)]
struct RowRecorded {
    list: &'static str,
    identity: u64,
    digest: u64,
    seq: i64,
}

#[derive(Debug, Default)]
struct Trail {
    created: Option<i64>,
    person: Option<i64>,
    in_table: bool,
    values: Vec<(&'static str, Recorded)>,
    rows: Vec<RowRecorded>,
    level_effective: Option<NaiveDate>,
}

impl Trail {
    fn set(&mut self, field: &'static str, value: &Value, seq: i64) {
        let r = Recorded { digest: digest(value), seq, seen: false };
        match self.values.iter_mut().find(|(f, _)| *f == field) {
            Some((_, slot)) => *slot = r,
            None => self.values.push((field, r)),
        }
    }
}

/// Where the trail's side of a difference is recorded: the entry, and the digest of the value
/// (a row's, to find it among the entry's rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrailRef {
    pub seq: i64,
    pub digest: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// The table and the trail hold different values.
    Changed,
    /// A row or a record is in the table, but no entry created it.
    NoEntry,
    /// The trail records it, the table no longer holds it.
    NotInTable,
}

/// One way the tables differ from their trail, as plain data (see [`in_words`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub subject: Subject,
    pub person: Option<i64>,
    /// The field or list (`level`, `step`, ...), or `record` for the record as a whole.
    pub field: &'static str,
    pub kind: DifferenceKind,
    pub table: Option<Value>,
    pub trail: Option<TrailRef>,
}

/// Unmatched table rows, kept to pair with unmatched trail rows of the same identity.
struct TableRow {
    subject: Subject,
    person: Option<i64>,
    list: &'static str,
    identity: u64,
    value: Value,
}

/// What was not checked because it was recorded before field-level audit: how many people,
/// and the entries that brought them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UncheckedGroup {
    pub what: Unrecorded,
    pub people: u64,
    pub first_seq: i64,
    pub last_seq: i64,
}

/// The outcome of a replay as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub differences: Vec<Difference>,
    pub unchecked: Vec<UncheckedGroup>,
    pub entries: u64,
    pub records: u64,
}

/// The replay in progress.
#[derive(Default)]
pub struct Replay {
    trails: HashMap<Subject, Trail>,
    /// People whose records an older bulk entry did not record in full (see [`Unrecorded`]).
    flags: HashMap<i64, u8>,
    unchecked: HashMap<Unrecorded, UncheckedGroup>,
    /// The entries of the write in progress (they share their instant): people added without
    /// their stage, waiting for the import or sample entry that closes the write.
    batch_at: Option<DateTime<Utc>>,
    batch: Vec<(i64, i64)>,
    table_rows: Vec<TableRow>,
    differences: Vec<Difference>,
    entries: u64,
    records: u64,
}

impl Replay {
    pub fn new() -> Replay {
        Replay::default()
    }

    /// Reads one entry; entries must come in the order of the chain.
    pub fn apply(&mut self, entry: &AuditEntry) {
        self.entries += 1;
        if self.batch_at != Some(entry.at) {
            self.batch_at = Some(entry.at);
            self.batch.clear();
        }
        let bulk = match entry.action.as_str() {
            "register.import" => Some((LIFECYCLE, Unrecorded::ImportedLifecycle)),
            "sample.histories" => Some((SAMPLE, Unrecorded::SampleHistories)),
            _ => None,
        };
        if let Some((flag, what)) = bulk {
            if !self.batch.is_empty() {
                let group =
                    self.unchecked.entry(what).or_insert(UncheckedGroup { what, people: 0, first_seq: entry.seq, last_seq: entry.seq });
                group.first_seq = group.first_seq.min(self.batch[0].1);
                group.last_seq = group.last_seq.max(entry.seq);
                for (p, _) in self.batch.drain(..) {
                    let f = self.flags.entry(p).or_default();
                    if *f & flag == 0 {
                        group.people += 1;
                    }
                    *f |= flag;
                }
            }
            return;
        }
        if entry.action == "person.add" {
            let stage_recorded =
                entry.new.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()).is_some_and(|v| v.get("stage").is_some());
            if let (false, Some(p)) = (stage_recorded, entry.person_id) {
                self.batch.push((p.get(), entry.seq));
            }
        }
        for fact in facts(entry) {
            self.record(fact, entry.seq, entry.person_id.map(PersonId::get));
        }
    }

    fn record(&mut self, fact: Fact, seq: i64, person: Option<i64>) {
        match fact {
            Fact::Created { subject, person } => {
                let t = self.trails.entry(subject).or_default();
                t.created = Some(seq);
                t.person = person.or(t.person);
            }
            Fact::Value { subject, field, value } => {
                let t = self.trails.entry(subject).or_default();
                t.person = t.person.or(person);
                t.set(field, &value, seq);
            }
            Fact::Level { person: p, value, effective } => {
                let t = self.trails.entry(Subject::Person(p)).or_default();
                // The level in force is the latest change's; among equal dates the last recorded.
                if effective >= t.level_effective || !t.values.iter().any(|(f, _)| *f == "level") {
                    t.level_effective = effective.max(t.level_effective);
                    t.set("level", &value, seq);
                }
            }
            Fact::Row { subject, list, identity, value } => {
                let t = self.trails.entry(subject).or_default();
                t.person = t.person.or(person);
                t.rows.push(RowRecorded { list, identity: digest(&json!(identity)), digest: digest(&value), seq });
            }
        }
    }

    fn skipped(&self, subject: &Subject, person: Option<i64>, field: &str) -> bool {
        let guard = guarded_by(subject, field);
        guard != 0 && person.and_then(|p| self.flags.get(&p)).is_some_and(|f| f & guard != 0)
    }

    /// A record the table holds (a person, a document, a trip, a form). `false` when its values
    /// are not to be checked: no entry created it (one difference says so), or it came with
    /// sample data recorded before field-level audit.
    pub fn table_record(&mut self, subject: &Subject, person: Option<i64>) -> bool {
        self.records += 1;
        if self.skipped(subject, person, "record") {
            if let Some(t) = self.trails.get_mut(subject) {
                t.in_table = true;
            }
            return false;
        }
        match self.trails.get_mut(subject) {
            Some(t) if t.created.is_some() => {
                t.in_table = true;
                true
            }
            _ => {
                let t = self.trails.entry(subject.clone()).or_default();
                t.in_table = true;
                t.person = t.person.or(person);
                self.differences.push(Difference {
                    subject: subject.clone(),
                    person,
                    field: "record",
                    kind: DifferenceKind::NoEntry,
                    table: None,
                    trail: None,
                });
                false
            }
        }
    }

    /// A field's value in the table, of a record given to [`Replay::table_record`] first.
    pub fn table_value(&mut self, subject: &Subject, field: &'static str, value: Value) {
        let person = self.trails.get(subject).and_then(|t| t.person).or(match subject {
            Subject::Person(p) => Some(*p),
            _ => None,
        });
        if self.skipped(subject, person, field) {
            return;
        }
        let d = digest(&value);
        let t = self.trails.entry(subject.clone()).or_default();
        t.in_table = true;
        match t.values.iter_mut().find(|(f, _)| *f == field) {
            Some((_, r)) => {
                r.seen = true;
                if r.digest != d {
                    let trail = Some(TrailRef { seq: r.seq, digest: r.digest });
                    self.differences.push(Difference {
                        subject: subject.clone(),
                        person,
                        field,
                        kind: DifferenceKind::Changed,
                        table: Some(value),
                        trail,
                    });
                }
            }
            // Never recorded: only a value where the trail implies none is a difference.
            None if !empty(&value) && !matches!(subject, Subject::Setting(_)) => {
                self.differences.push(Difference {
                    subject: subject.clone(),
                    person,
                    field,
                    kind: DifferenceKind::NoEntry,
                    table: Some(value),
                    trail: None,
                });
            }
            None => {}
        }
    }

    /// A row of one of a record's lists in the table.
    pub fn table_row(&mut self, subject: &Subject, person: Option<i64>, list: &'static str, identity: &str, value: Value) {
        let person = person.or_else(|| self.trails.get(subject).and_then(|t| t.person));
        if self.skipped(subject, person, list) {
            return;
        }
        if let (Subject::Person(_), Some(t)) = (subject, self.trails.get(subject)) {
            // A person no entry created is one difference already, not one per row.
            if t.created.is_none() && t.in_table {
                return;
            }
        }
        let d = digest(&value);
        if let Some(t) = self.trails.get_mut(subject) {
            if let Some(i) = t.rows.iter().position(|r| r.list == list && r.digest == d) {
                t.rows.swap_remove(i);
                return;
            }
        }
        self.table_rows.push(TableRow { subject: subject.clone(), person, list, identity: digest(&json!(identity)), value });
    }

    /// The differences found, the trail's records the tables no longer hold among them.
    pub fn finish(mut self) -> Outcome {
        // Table rows no entry matched, by subject, list and identity: each is paired with a trail
        // row of the same identity left over (a changed row), in one pass however many there are.
        let mut unmatched: Vec<Option<TableRow>> = std::mem::take(&mut self.table_rows).into_iter().map(Some).collect();
        let mut by_identity: HashMap<(Subject, &'static str, u64), Vec<usize>> = HashMap::new();
        for (i, u) in unmatched.iter().enumerate() {
            if let Some(u) = u {
                by_identity.entry((u.subject.clone(), u.list, u.identity)).or_default().push(i);
            }
        }
        let mut subjects: Vec<(&Subject, &Trail)> = self.trails.iter().collect();
        subjects.sort_by(|a, b| a.0.cmp(b.0));
        for (subject, t) in subjects {
            let person = t.person.or(match subject {
                Subject::Person(p) => Some(*p),
                _ => None,
            });
            if t.created.is_some() && !t.in_table {
                if self.flags.get(&person.unwrap_or(-1)).is_none_or(|f| f & guarded_by(subject, "record") == 0) {
                    self.differences.push(Difference {
                        subject: subject.clone(),
                        person,
                        field: "record",
                        kind: DifferenceKind::NotInTable,
                        table: None,
                        trail: t.created.map(|seq| TrailRef { seq, digest: 0 }),
                    });
                }
                continue;
            }
            for (field, r) in &t.values {
                let is_skipped = person.and_then(|p| self.flags.get(&p)).is_some_and(|f| f & guarded_by(subject, field) != 0);
                if !r.seen && r.digest != digest(&Value::Null) && !is_skipped && !matches!(subject, Subject::Setting(_)) {
                    self.differences.push(Difference {
                        subject: subject.clone(),
                        person,
                        field,
                        kind: DifferenceKind::Changed,
                        table: Some(Value::Null),
                        trail: Some(TrailRef { seq: r.seq, digest: r.digest }),
                    });
                }
            }
            for r in &t.rows {
                if person.and_then(|p| self.flags.get(&p)).is_some_and(|f| f & guarded_by(subject, r.list) != 0) {
                    continue;
                }
                let trail = Some(TrailRef { seq: r.seq, digest: r.digest });
                // A row of the same identity left over in the table is this row, changed.
                let pair = by_identity.get_mut(&(subject.clone(), r.list, r.identity)).and_then(Vec::pop);
                let (kind, table) = match pair.and_then(|i| unmatched[i].take()) {
                    Some(u) => (DifferenceKind::Changed, Some(u.value)),
                    None => (DifferenceKind::NotInTable, None),
                };
                self.differences.push(Difference { subject: subject.clone(), person, field: r.list, kind, table, trail });
            }
        }
        for u in unmatched.into_iter().flatten() {
            self.differences.push(Difference {
                subject: u.subject,
                person: u.person,
                field: u.list,
                kind: DifferenceKind::NoEntry,
                table: Some(u.value),
                trail: None,
            });
        }
        let mut unchecked: Vec<UncheckedGroup> = self.unchecked.into_values().collect();
        unchecked.sort_by_key(|g| g.first_seq);
        Outcome { differences: self.differences, unchecked, entries: self.entries, records: self.records }
    }
}

/// One difference as the office reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DifferenceLine {
    pub person_id: Option<PersonId>,
    /// The person, by name and staff number (`张三(S0001)`); empty for a record of no person.
    pub person: String,
    /// The record besides the person's own (`证件 3`, `行程 5`, `表单 2026-0001`, `设置`).
    pub record: Option<String>,
    /// The field or list, in words.
    pub field: String,
    /// The stored code of the field, for tests and `--json`.
    pub field_code: String,
    pub kind: DifferenceKind,
    /// The value the table holds, in words (`(无)` when it holds none).
    pub table: String,
    /// The last value the trail recorded, in words.
    pub trail: String,
    /// The entry that recorded the trail's value.
    pub seq: Option<i64>,
}

fn pick<'s>(lang: Lang, zh: &'s str, en: &'s str) -> &'s str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// The label of a field or list.
fn label(subject: &Subject, field: &str, lang: Lang) -> String {
    let (zh, en) = match (subject, field) {
        (_, "record") => ("记录本身", "The record itself"),
        (_, "level_history") => ("等级变更记录", "Level history"),
        (_, "step") => ("已完成事项", "Step recorded"),
        (_, "training") => ("培训记录", "Training record"),
        (_, "event") => ("个人重大事项", "Personal event"),
        (_, "acknowledgement") => ("提醒处理记录", "Reminder acknowledgement"),
        (Subject::Person(_), "stage") => ("管理阶段", "Supervision stage"),
        (Subject::Document(_), "status") => ("证件保管状态", "Custody status"),
        (Subject::Form(_), "kind") => ("表单类别", "Form kind"),
        (Subject::Setting(key), "value") => return field_label(key, lang),
        _ => return field_label(field, lang),
    };
    pick(lang, zh, en).to_owned()
}

/// A value in words: a row by each of its fields, a field as the history shows it.
fn value_text(subject: &Subject, field: &str, value: &Value, v: &Vocabulary) -> Option<String> {
    // A setting's value reads as that setting's (a language, the policy, yes or no).
    let field = match subject {
        Subject::Setting(key) => key.as_str(),
        _ => field,
    };
    match value {
        Value::Object(o) => {
            let mut parts = Vec::new();
            // The order a reader expects: what, then when, then the rest.
            let order = [
                "step",
                "kind",
                "category",
                "level",
                "topic",
                "date",
                "done_on",
                "effective",
                "due_date",
                "until",
                "hours",
                "reason",
                "action_taken",
                "note",
            ];
            for k in order.iter().filter(|k| o.contains_key(**k)) {
                if let Some(w) = value_words(subject.entity(), k, &o[*k], v) {
                    parts.push(match *k {
                        "hours" => format!("{w} {}", pick(v.lang, "学时", "hours")),
                        "reason" | "note" | "action_taken" | "until" | "due_date" => {
                            format!("{}{}{w}", field_label(k, v.lang), pick(v.lang, ":", ": "))
                        }
                        _ => w,
                    });
                }
            }
            (!parts.is_empty()).then(|| parts.join(pick(v.lang, ",", ", ")))
        }
        _ if field == "photo" => value.as_str().map(|s| format!("SHA-256 {}…", s.chars().take(12).collect::<String>())),
        _ => value_words(subject.entity(), field, value, v),
    }
}

/// A difference in words: whose, which field, the table's value and the trail's. `who` is the
/// person's name and staff number, `trail` the value read back from the entry.
pub fn in_words(d: &Difference, who: Option<String>, trail: Option<&Value>, v: &Vocabulary) -> DifferenceLine {
    let lang = v.lang;
    let none = pick(lang, "(无)", "(none)").to_owned();
    let record = match &d.subject {
        Subject::Person(_) => None,
        Subject::Document(id) => Some(format!("{} {id}", pick(lang, "证件", "Travel document"))),
        Subject::Trip(id) => Some(format!("{} {id}", pick(lang, "行程", "Trip"))),
        Subject::Form(n) => Some(format!("{} {n}", pick(lang, "表单", "Form"))),
        Subject::Reminder(key) => Some(format!("{} {key}", pick(lang, "提醒", "Reminder"))),
        Subject::Setting(_) => Some(pick(lang, "设置", "Setting").to_owned()),
    };
    let (mut table, mut recorded) = match d.field {
        "record" => {
            let here = pick(lang, "在登记册中", "in the register").to_owned();
            let gone = pick(lang, "已不在登记册中", "no longer in the register").to_owned();
            match d.kind {
                DifferenceKind::NoEntry => (here, pick(lang, "没有创建它的审计记录", "no entry created it").to_owned()),
                _ => (gone, pick(lang, "已登记", "registered").to_owned()),
            }
        }
        field => (
            d.table.as_ref().and_then(|t| value_text(&d.subject, field, t, v)).unwrap_or_else(|| none.clone()),
            match (trail, d.kind) {
                (Some(t), _) => value_text(&d.subject, field, t, v).unwrap_or_else(|| none.clone()),
                (None, DifferenceKind::NoEntry) => pick(lang, "没有记录它的审计条目", "no entry records it").to_owned(),
                (None, _) => none.clone(),
            },
        ),
    };
    // A masked ID number that differs only in its hidden digits.
    if table == recorded && d.field == "id_number" {
        table.push_str(pick(lang, "(隐藏位不同)", " (differs in the hidden digits)"));
        recorded.push_str(pick(lang, "(隐藏位不同)", " (differs in the hidden digits)"));
    }
    DifferenceLine {
        person_id: d.person.map(PersonId::from_stored),
        person: who.unwrap_or_default(),
        record,
        field: label(&d.subject, d.field, lang),
        field_code: d.field.to_owned(),
        kind: d.kind,
        table,
        trail: recorded,
        seq: d.trail.map(|t| t.seq),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{seal, Change, GENESIS};
    use crate::terms::{AuditAction, AuditEntity};
    use chrono::TimeZone;

    fn entries(changes: &[(AuditAction, AuditEntity, &str, Option<i64>, Value)]) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_owned();
        changes
            .iter()
            .enumerate()
            .map(|(i, (action, entity, id, person, new))| {
                let change = Change {
                    action: *action,
                    entity: *entity,
                    entity_id: (*id).to_owned(),
                    person_id: person.map(PersonId::from_stored),
                    old: None,
                    new: Some(new.clone()),
                };
                let at = Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, i as u32).unwrap();
                let e = seal(&change, i as i64 + 1, at, "王芳", &prev);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn person_json(level: &str) -> Value {
        json!({"name": "张三", "staff_no": "S0001", "id_number": "110101199003071234", "sex": "male", "birth_date": "1990-03-07",
               "unit": "一处", "post": "", "level": level, "start_date": "2026-01-05", "phone": "", "notes": "",
               "archived_on": null, "archive_reason": null})
    }

    fn table_person(r: &mut Replay, level: &str, name: &str) {
        let s = Subject::Person(1);
        assert!(r.table_record(&s, Some(1)));
        let p = person_json(level);
        for f in PERSON_FIELDS {
            r.table_value(&s, f, if f == "name" { json!(name) } else { p[f].clone() });
        }
        r.table_value(&s, "level", json!(level));
        r.table_value(&s, "stage", json!("onboarding"));
        r.table_row(&s, Some(1), "level_history", "first", object(&[("level", json!("important"))]));
    }

    fn replay(trail: &[AuditEntry]) -> Replay {
        let mut r = Replay::new();
        for e in trail {
            r.apply(e);
        }
        r
    }

    #[test]
    fn a_register_that_matches_its_trail_has_no_difference() {
        let trail = entries(&[(AuditAction::PersonAdd, AuditEntity::Person, "1", Some(1), person_json("important"))]);
        let mut r = replay(&trail);
        table_person(&mut r, "important", "张三");
        assert_eq!(r.finish().differences, vec![]);
    }

    #[test]
    fn a_changed_level_and_name_are_named_with_the_entry() {
        let trail = entries(&[(AuditAction::PersonAdd, AuditEntity::Person, "1", Some(1), person_json("important"))]);
        let mut r = replay(&trail);
        table_person(&mut r, "general", "李四");
        let out = r.finish().differences;
        let fields: Vec<&str> = out.iter().map(|d| d.field).collect();
        assert_eq!(fields, vec!["name", "level"]);
        assert!(out.iter().all(|d| d.kind == DifferenceKind::Changed && d.trail.map(|t| t.seq) == Some(1)));
        let back = recorded_value(&trail[0], &out[1].subject, "level", out[1].trail.unwrap().digest);
        assert_eq!(back, Some(json!("important")));
    }

    #[test]
    fn a_deleted_row_a_changed_row_and_a_row_without_entry() {
        let trail = entries(&[
            (AuditAction::PersonAdd, AuditEntity::Person, "1", Some(1), person_json("important")),
            (
                AuditAction::LifecycleStep,
                AuditEntity::Lifecycle,
                "1",
                Some(1),
                json!({"step": "review", "done_on": "2026-01-02", "note": ""}),
            ),
            (
                AuditAction::LifecycleStep,
                AuditEntity::Lifecycle,
                "1",
                Some(1),
                json!({"step": "commitment", "done_on": "2026-01-03", "note": ""}),
            ),
            (
                AuditAction::LifecycleTraining,
                AuditEntity::Lifecycle,
                "1",
                Some(1),
                json!({"date": "2026-02-01", "topic": "保密", "hours": 2, "category": "security"}),
            ),
        ]);
        let mut r = replay(&trail);
        table_person(&mut r, "important", "张三");
        let s = Subject::Person(1);
        r.table_row(
            &s,
            Some(1),
            "step",
            "review",
            object(&[("step", json!("review")), ("done_on", json!("2026-01-09")), ("note", json!(""))]),
        );
        r.table_row(
            &s,
            Some(1),
            "event",
            "marriage",
            object(&[("kind", json!("marriage")), ("date", json!("2026-01-09")), ("action_taken", json!(""))]),
        );
        let out = r.finish().differences;
        let got: Vec<(&str, DifferenceKind)> = out.iter().map(|d| (d.field, d.kind)).collect();
        assert!(got.contains(&("step", DifferenceKind::Changed)), "{got:?}");
        assert!(got.contains(&("step", DifferenceKind::NotInTable)), "{got:?}");
        assert!(got.contains(&("training", DifferenceKind::NotInTable)), "{got:?}");
        assert!(got.contains(&("event", DifferenceKind::NoEntry)), "{got:?}");
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn a_person_without_entry_is_one_difference() {
        let mut r = Replay::new();
        let s = Subject::Person(7);
        assert!(!r.table_record(&s, Some(7)));
        r.table_row(&s, Some(7), "step", "review", json!({}));
        let out = r.finish().differences;
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].field, out[0].kind), ("record", DifferenceKind::NoEntry));
    }

    #[test]
    fn an_older_import_is_not_checked_for_its_stage_and_steps() {
        let mut trail = entries(&[
            (AuditAction::PersonAdd, AuditEntity::Person, "1", Some(1), person_json("important")),
            (AuditAction::RegisterImport, AuditEntity::Register, "abc", None, json!({"rows": 1})),
        ]);
        trail[1].at = trail[0].at;
        let mut r = replay(&trail);
        table_person(&mut r, "important", "张三");
        r.table_value(&Subject::Person(1), "stage", json!("on_duty"));
        r.table_row(&Subject::Person(1), Some(1), "step", "review", json!({"step": "review"}));
        let out = r.finish();
        assert_eq!(out.differences, vec![]);
        assert_eq!(out.unchecked, vec![UncheckedGroup { what: Unrecorded::ImportedLifecycle, people: 1, first_seq: 1, last_seq: 2 }]);
    }

    #[test]
    fn the_latest_level_change_is_the_level_in_force() {
        let trail = entries(&[
            (AuditAction::PersonAdd, AuditEntity::Person, "1", Some(1), person_json("general")),
            (
                AuditAction::PersonLevel,
                AuditEntity::Person,
                "1",
                Some(1),
                json!({"level": "core", "effective": "2026-03-01", "reason": "a"}),
            ),
            (
                AuditAction::PersonLevel,
                AuditEntity::Person,
                "1",
                Some(1),
                json!({"level": "important", "effective": "2026-02-01", "reason": "b"}),
            ),
        ]);
        let mut r = replay(&trail);
        let s = Subject::Person(1);
        r.table_record(&s, Some(1));
        r.table_value(&s, "level", json!("core"));
        assert_eq!(r.finish().differences.iter().filter(|d| d.field == "level").count(), 0);
    }
}
