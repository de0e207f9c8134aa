//! An audit entry in the office's words: what was done, to what, and each field's old and new
//! value — a stage, a level, a step, a document's status, a period — as a person reads it, never
//! as the code or JSON the trail stores. The person page's history, the Audit screen and the
//! CLI's `audit list` all show entries through [`describe`].

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::audit::AuditEntry;
use crate::deadline::Period;
use crate::export::{ExportFormat, ExportList};
use crate::form::FormKind;
use crate::i18n::{field_label, Lang};
use crate::id_card::{mask, Sex};
use crate::level::LevelId;
use crate::lifecycle::{DepartureKind, ReturnedItem, Stage};
use crate::person::PersonId;
use crate::policy::Policy;
use crate::reminders::AckKindTag;
use crate::terms::{AuditAction, AuditEntity, Term, TRAINING_CATEGORIES};
use crate::travel::countries;
use crate::travel::document::{DocumentKind, DocumentStatus, MovementKind};
use crate::travel::trip::{ApprovalLevel, TripKind, TripState};
use crate::travel::TripId;

/// One audit entry as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditLine {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    /// The stored code (`person.add`), for filters and `--json`; never shown as the headline.
    pub action: String,
    /// What was done, in words.
    pub action_text: String,
    /// What it was done to: the person's name and staff number when the entry is about a person
    /// (filled in by the office, which knows the names), else the record in words.
    pub subject: String,
    /// The record besides the person, for an entry about a trip, a document or a form
    /// (`行程 3`); `None` for the person's own record.
    pub record: Option<String>,
    pub person_id: Option<PersonId>,
    /// The trip an entry is about, for a link to its page.
    pub trip_id: Option<TripId>,
    pub changes: Vec<ChangeLine>,
    /// The entry's link in the hash chain (the Audit screen shows its start).
    pub hash: String,
    /// The day the entry was made as of, when "today" was shifted (`--today`, administrators).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Both days in words ("recorded on 2026-12-01 as of 2027-01-15"), filled in by the office
    /// (which knows the local calendar) for such an entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub as_of_text: Option<String>,
}

/// One field an entry changed, its label and both values in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangeLine {
    /// The stored field code, for tests and `--json`.
    pub field: String,
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What the words are read from: the language, and the policy in force (level and step names),
/// with the shipped policies behind it for names an earlier policy used.
pub struct Vocabulary<'a> {
    pub lang: Lang,
    policies: Vec<std::borrow::Cow<'a, Policy>>,
}

impl<'a> Vocabulary<'a> {
    pub fn new(policy: &'a Policy, lang: Lang) -> Vocabulary<'a> {
        let mut policies = vec![std::borrow::Cow::Borrowed(policy)];
        policies.extend(
            Policy::builtin_ids().into_iter().filter(|id| *id != policy.id).filter_map(Policy::builtin).map(std::borrow::Cow::Owned),
        );
        Vocabulary { lang, policies }
    }

    fn pick<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        match self.lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    fn level(&self, id: &str) -> Option<String> {
        let id = LevelId(id.to_owned());
        self.policies.iter().find_map(|p| p.level(&id)).map(|l| l.name(self.lang).to_owned())
    }

    fn step(&self, id: &str) -> Option<String> {
        self.policies.iter().find_map(|p| p.find_step(id)).map(|(_, s)| s.name(self.lang).to_owned())
    }

    /// A training category: the shipped policies' own by name, an office's by the recurring step
    /// it completes.
    fn category(&self, id: &str) -> Option<String> {
        if let Some((_, zh, en)) = TRAINING_CATEGORIES.iter().find(|(code, _, _)| *code == id) {
            return Some(self.pick(zh, en).to_owned());
        }
        self.policies.iter().find_map(|p| {
            let mut steps = Stage::ALL.iter().rev().flat_map(|s| p.steps(*s));
            steps.find(|s| s.training_category.as_deref() == Some(id)).map(|s| s.name(self.lang).to_owned())
        })
    }

    fn policy(&self, id: &str) -> Option<String> {
        self.policies.iter().find(|p| p.id == id).map(|p| p.name(self.lang).to_owned())
    }

    /// A rule id by the source it cites (rule ids are for tooltips and `--json`, not for reading),
    /// looked up first in the policy the entry says was in force.
    fn rule(&self, id: &str, policy: Option<&str>) -> Option<String> {
        let named = self.policies.iter().filter(|p| Some(p.id.as_str()) == policy);
        let rest = self.policies.iter().filter(|p| Some(p.id.as_str()) != policy);
        named.chain(rest).flat_map(|p| p.period_rules()).find(|r| r.id == id).map(|r| self.pick(&r.citation.zh, &r.citation.en).to_owned())
    }
}

/// The words of a term given as its code, or the code itself when unknown: a value written by a
/// newer version is shown rather than hidden.
fn term<T: Term>(code: &str, lang: Lang) -> String {
    T::from_code(code).map(|t| t.word(lang).to_owned()).unwrap_or_else(|| code.to_owned())
}

/// The five transitions of the lifecycle, by the tag a stored request carries.
fn transition_words(code: &str, v: &Vocabulary) -> String {
    let (zh, en) = match code {
        "start_duty" => ("标记为在岗", "Put on duty"),
        "depart" => ("办理离岗离职", "Start the departure"),
        "start_decommissioning" => ("进入脱密期", "Start the decommissioning period"),
        "extend_decommissioning" => ("延长脱密期", "Extend the decommissioning period"),
        "release" => ("解除脱密期管理", "Release"),
        other => return other.to_owned(),
    };
    v.pick(zh, en).to_owned()
}

fn yes_no(b: bool, v: &Vocabulary) -> String {
    v.pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" }).to_owned()
}

fn period_words(value: &Value, v: &Vocabulary) -> Option<String> {
    serde_json::from_value::<Period>(value.clone()).ok().map(|p| p.describe(v.lang))
}

fn item_words(value: &Value, v: &Vocabulary) -> Option<String> {
    let items: Vec<ReturnedItem> = serde_json::from_value(value.clone()).ok()?;
    if items.is_empty() {
        return Some(v.pick("(无)", "(none)").to_owned());
    }
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            let mut what = i.item.clone();
            let details: Vec<&str> = [i.classification.as_str(), i.number.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
            if !details.is_empty() {
                what = format!("{what}({})", details.join(v.pick(",", ", ")));
            }
            match (i.returned_on, v.lang) {
                (Some(d), Lang::ZhCn) => format!("{what} 已于 {d} 交回,接收人 {}", i.received_by),
                (Some(d), Lang::En) => format!("{what} returned {d}, received by {}", i.received_by),
                (None, Lang::ZhCn) => format!("{what} 未交回"),
                (None, Lang::En) => format!("{what} not returned"),
            }
        })
        .collect();
    Some(lines.join(v.pick(";", "; ")))
}

/// A photograph as its audit entry records it (`{width, height, bytes, sha256}`): its size in
/// pixels and kilobytes, and the start of its hash.
fn photo_words(value: &Value, v: &Vocabulary) -> Option<String> {
    let width = value.get("width")?.as_u64()?;
    let height = value.get("height")?.as_u64()?;
    let kb = value.get("bytes").and_then(Value::as_u64).unwrap_or(0).div_ceil(1024);
    let hash: String = value.get("sha256").and_then(Value::as_str).unwrap_or_default().chars().take(12).collect();
    Some(match v.lang {
        Lang::ZhCn => format!("{width} × {height} 像素,{kb} KB(SHA-256 {hash}…)"),
        Lang::En => format!("{width} × {height} pixels, {kb} KB (SHA-256 {hash}…)"),
    })
}

fn list<F: Fn(&str) -> String>(value: &Value, each: F, v: &Vocabulary) -> Option<String> {
    let names: Vec<String> = match value {
        Value::Array(a) => a.iter().filter_map(Value::as_str).map(&each).collect(),
        // Destinations are stored comma-separated.
        Value::String(s) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(&each).collect(),
        _ => return None,
    };
    (!names.is_empty()).then(|| names.join(v.pick("、", ", ")))
}

/// A value of `field` on an entry about `entity` (made under `policy`), in words; `None` for an
/// empty value.
fn words(entity: &str, policy: Option<&str>, field: &str, value: &Value, v: &Vocabulary) -> Option<String> {
    let lang = v.lang;
    let text = value.as_str();
    match (field, value) {
        (_, Value::Null) => None,
        (_, Value::String(s)) if s.is_empty() => None,
        ("stage", _) => text.map(|s| term::<Stage>(s, lang)),
        ("state", _) => text.map(|s| term::<TripState>(s, lang)),
        ("status", _) => text.map(|s| term::<DocumentStatus>(s, lang)),
        ("movement", _) => text.map(|s| term::<MovementKind>(s, lang)),
        ("ack", _) => text.map(|s| term::<AckKindTag>(s, lang)),
        ("transition", _) => text.map(|s| transition_words(s, v)),
        ("kind", _) => text.map(|s| match entity {
            "travel_document" => term::<DocumentKind>(s, lang),
            "trip" => term::<TripKind>(s, lang),
            "form" => term::<FormKind>(s, lang),
            // A departure's kind; a personal event's kind is the office's own text.
            _ => DepartureKind::from_code(s).map(|k| k.word(lang).to_owned()).unwrap_or_else(|| s.to_owned()),
        }),
        ("level", _) if entity == "trip" => text.map(|s| term::<ApprovalLevel>(s, lang)),
        ("level", _) => text.map(|s| v.level(s).unwrap_or_else(|| s.to_owned())),
        ("step", _) => text.map(|s| v.step(s).unwrap_or_else(|| s.to_owned())),
        ("missing_steps", _) => list(value, |s| v.step(s).unwrap_or_else(|| s.to_owned()), v),
        ("destinations", _) => list(value, |c| countries::get(c).map(|c| c.name(lang).to_owned()).unwrap_or_else(|| c.to_owned()), v),
        ("category", _) => text.map(|s| v.category(s).unwrap_or_else(|| s.to_owned())),
        ("sex", _) => text.map(|s| term::<Sex>(s, lang)),
        // An export's list and file format.
        ("list", _) => text.map(|s| term::<ExportList>(s, lang)),
        ("format", _) => text.map(|s| term::<ExportFormat>(s, lang)),
        ("policy", _) => text.map(|s| v.policy(s).unwrap_or_else(|| s.to_owned())),
        ("rule", _) => text.and_then(|s| v.rule(s, policy)),
        ("language", _) => text.map(|s| match Lang::parse(s) {
            Some(Lang::ZhCn) => "中文".to_owned(),
            Some(Lang::En) => "English".to_owned(),
            None if s == "bilingual" => v.pick("中英双语", "Bilingual").to_owned(),
            None => s.to_owned(),
        }),
        ("id_number", _) => text.map(mask),
        ("period" | "by" | "extension", Value::Object(_)) => period_words(value, v),
        ("items", _) => item_words(value, v),
        ("steps", Value::Array(_)) => steps_words(value, v),
        ("photo", Value::Object(_)) => photo_words(value, v),
        ("content_hash" | "scan_sha256" | "sha256", _) => text.map(|s| format!("{}…", s.chars().take(12).collect::<String>())),
        ("length", Value::Number(n)) => Some(format!("{n} {}", v.pick("个字符", "characters"))),
        ("trip", Value::Number(n)) => Some(format!("{} {n}", AuditEntity::Trip.word(lang))),
        ("document", Value::Number(n)) => Some(format!("{} {n}", AuditEntity::TravelDocument.word(lang))),
        ("approved", Value::Bool(b)) => {
            Some(v.pick(if *b { "批准" } else { "不予批准" }, if *b { "Approved" } else { "Refused" }).to_owned())
        }
        ("keep_in_tray", _) => text.map(|s| yes_no(s == "true", v)),
        // An account's role, and what a refusal refused (office/accounts.rs).
        ("role", _) if entity == "account" => text.map(|s| term::<crate::access::Role>(s, lang)),
        ("operation", _) => text.map(|s| term::<crate::access::Operation>(s, lang)),
        ("seconds", Value::Number(n)) => Some(format!("{n} {}", v.pick("秒", "seconds"))),
        (_, Value::Bool(b)) => Some(yes_no(*b, v)),
        (_, Value::String(s)) => Some(s.clone()),
        (_, Value::Number(n)) => Some(n.to_string()),
        (_, Value::Array(_) | Value::Object(_)) => Some(value.to_string()),
    }
}

/// A value of `field` of a record of `entity` in words, as the history shows it (the trail
/// replay names the table's and the trail's values with it); `None` for an empty value.
pub fn value_words(entity: &str, field: &str, value: &Value, v: &Vocabulary) -> Option<String> {
    words(entity, None, field, value, v)
}

/// The steps a bulk `person.add` (an import, the sample) brought with the person: each step's
/// name and the day it was done.
fn steps_words(value: &Value, v: &Vocabulary) -> Option<String> {
    let steps = value.as_array()?;
    let names: Vec<String> = steps
        .iter()
        .filter_map(|s| {
            let id = s.get("step")?.as_str()?;
            let name = v.step(id).unwrap_or_else(|| id.to_owned());
            Some(match s.get("done_on").and_then(Value::as_str) {
                Some(d) => format!("{name} {d}"),
                None => name,
            })
        })
        .collect();
    (!names.is_empty()).then(|| names.join(v.pick("、", ", ")))
}

/// The fields of one side of an entry, with nested records spread into fields of their own: a
/// stored transition request (`{"action": …, "date": …}`) and an acknowledgement
/// (`{"type": "snoozed", "until": …}`).
fn fields(side: Option<&str>) -> Map<String, Value> {
    let parsed = side.and_then(|s| serde_json::from_str::<Value>(s).ok());
    let mut out = Map::new();
    match parsed {
        Some(Value::Object(obj)) => {
            for (k, val) in obj {
                match (k.as_str(), val) {
                    ("request", Value::Object(inner)) => {
                        for (ik, iv) in inner {
                            let key = match ik.as_str() {
                                "action" => "transition".to_owned(),
                                // An extension of the decommissioning period.
                                "by" => "extension".to_owned(),
                                _ => ik,
                            };
                            out.insert(key, iv);
                        }
                    }
                    ("ack", Value::Object(inner)) => {
                        for (ik, iv) in inner {
                            out.insert(if ik == "type" { "ack".to_owned() } else { ik }, iv);
                        }
                    }
                    (_, val) => {
                        out.insert(k, val);
                    }
                }
            }
        }
        // A setting's value stored bare (the form settings): it is the value of that setting.
        Some(other) => {
            out.insert("value".to_owned(), other);
        }
        None => {}
    }
    out
}

/// The record an entry is about, in words (`行程 3`, `表单 2026-0001`, `设置`).
fn subject(entry: &AuditEntry, v: &Vocabulary) -> String {
    let entity = AuditEntity::from_code(&entry.entity).map(|e| e.word(v.lang).to_owned()).unwrap_or_else(|| entry.entity.clone());
    match entry.entity.as_str() {
        "trip" | "travel_document" | "form" | "account" => format!("{entity} {}", entry.entity_id),
        // `form_template.commitment`: the setting, and the form it is for.
        "setting" => {
            let mut parts = entry.entity_id.splitn(2, '.');
            let setting = field_label(parts.next().unwrap_or_default(), v.lang);
            match parts.next() {
                Some(kind) => format!("{entity}{}{setting}({})", v.pick(":", ": "), term::<FormKind>(kind, v.lang)),
                None => format!("{entity}{}{setting}", v.pick(":", ": ")),
            }
        }
        _ => entity,
    }
}

/// An entry in words. Only the fields whose value changed are listed (all of them for a new
/// record), each with its label. A field the new side does not mention is context (the stage a
/// step was recorded in), not a change.
pub fn describe(entry: &AuditEntry, v: &Vocabulary) -> AuditLine {
    let old = fields(entry.old.as_deref());
    let new = fields(entry.new.as_deref());
    let policy = new.get("policy").and_then(Value::as_str);
    let mut keys: Vec<&String> = Vec::new();
    for k in old.keys().chain(new.keys()) {
        if !keys.contains(&k) && (entry.new.is_none() || new.contains_key(k)) {
            keys.push(k);
        }
    }
    let changes = keys
        .into_iter()
        .filter_map(|k| {
            let before = old.get(k).and_then(|val| words(&entry.entity, policy, k, val, v));
            let after = new.get(k).and_then(|val| words(&entry.entity, policy, k, val, v));
            let label = match (k.as_str(), entry.entity.as_str()) {
                ("value", _) => subject_field_label(entry, v),
                // A trip's `level` is the approval level, not the person's.
                ("level", "trip") => field_label("approval_level", v.lang),
                _ => field_label(k, v.lang),
            };
            (before != after).then(|| ChangeLine { field: k.clone(), label, old: before, new: after })
        })
        .collect();
    AuditLine {
        seq: entry.seq,
        at: entry.at,
        operator: entry.operator.clone(),
        action: entry.action.clone(),
        action_text: AuditAction::from_code(&entry.action).map(|a| a.word(v.lang).to_owned()).unwrap_or_else(|| entry.action.clone()),
        subject: subject(entry, v),
        record: matches!(entry.entity.as_str(), "trip" | "travel_document" | "form").then(|| subject(entry, v)),
        person_id: entry.person_id,
        trip_id: (entry.entity == "trip").then(|| entry.entity_id.parse::<TripId>().ok()).flatten(),
        changes,
        hash: entry.hash.clone(),
        as_of: entry.as_of,
        as_of_text: None,
    }
}

/// A bare setting value is labelled by its setting.
fn subject_field_label(entry: &AuditEntry, v: &Vocabulary) -> String {
    field_label(entry.entity_id.split('.').next().unwrap_or_default(), v.lang)
}
