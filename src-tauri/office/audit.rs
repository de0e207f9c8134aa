//! Reading and verifying the audit trail, in the office's words: the Audit screen's filters (a
//! person, an operator, actions, a range of days), an entry's detail with its place in the hash
//! chain, and the names of what each entry is about.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use clearance_domain::access::Operation;
use clearance_domain::audit::{content_hash, verify, AuditEntry, Verification, GENESIS};
use clearance_domain::form::FormNumber;
use clearance_domain::history::{describe, AuditLine, Vocabulary};
use clearance_domain::person::PersonId;
use clearance_domain::terms::{AuditAction, AuditEntity, Term};
use clearance_domain::travel::countries;
use clearance_domain::travel::document::DocumentId;
use clearance_domain::travel::TripId;
use clearance_domain::{parse_date, FieldError, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Office;
use crate::error::AppResult;
use crate::store::{AuditQuery, PersonLabel};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    pub entries: Vec<AuditLine>,
    /// How many entries the filter matches in all, for the pager.
    pub total: i64,
}

/// The Audit screen's filters as the window and `audit list` give them; checked by
/// [`Office::audit_query`] before any entry is read. Every filter left empty matches every entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    /// Entries about this person: their record, lifecycle, trips, documents, forms, training
    /// and reminders.
    #[serde(default)]
    pub person: Option<PersonId>,
    /// Entries this operator made (as recorded); empty or `None` for anyone.
    #[serde(default)]
    pub operator: Option<String>,
    /// Entries of these actions (their codes); empty for every action.
    #[serde(default)]
    pub actions: Vec<String>,
    /// The first day (`YYYY-MM-DD`, the office's own calendar day); empty for no bound.
    #[serde(default)]
    pub from: String,
    /// The last day, included; empty for no bound.
    #[serde(default)]
    pub to: String,
}

/// One entry opened: the line in words, and where it sits in the hash chain.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditDetail {
    pub line: AuditLine,
    /// The hash of the entry before it (all zeros for the first entry).
    pub prev_hash: String,
    /// How many entries the trail holds (the entry is number `line.seq` of them).
    pub total: i64,
    /// The entry's own content matches its hash and it chains from the entry before it.
    pub link_intact: bool,
}

/// How a person is named beside an entry: `张三(S0001)`.
pub fn person_label(name: &str, staff_no: &str, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{name}({staff_no})"),
        Lang::En => format!("{name} ({staff_no})"),
    }
}

/// The first instant of `day` in the office's time zone (entries are stored in UTC, the office
/// picks days on its own calendar).
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match Local.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // A day whose midnight a clock change skips starts when the clock resumes.
        chrono::LocalResult::None => Local
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight)),
    }
}

fn pick<'s>(lang: Lang, zh: &'s str, en: &'s str) -> &'s str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// What the trail's records besides people are, looked up once each however many entries name
/// them.
#[derive(Default)]
struct Records {
    trips: HashMap<TripId, Option<String>>,
    documents: HashMap<DocumentId, Option<String>>,
    forms: HashMap<FormNumber, Option<String>>,
}

impl Office {
    /// The store's query for `filter`, refused in the office's words when a day is not a date,
    /// the range runs backwards or an action is not one the trail records.
    pub fn audit_query(&self, filter: &AuditFilter, offset: u32, limit: u32) -> AppResult<AuditQuery> {
        let day = |field: &str, text: &str| -> Result<Option<NaiveDate>, FieldError> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(field, text).map(Some)
            }
        };
        let from = day("audit_from", &filter.from)?;
        let to = day("audit_to", &filter.to)?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(FieldError::new("audit_to", "audit.range_reversed").with("from", f).with("to", t).into());
            }
        }
        let mut actions = Vec::new();
        for code in &filter.actions {
            let code = code.trim();
            if AuditAction::from_code(code).is_none() {
                return Err(FieldError::new("audit_action", "audit.unknown_action").with("value", code).into());
            }
            if !actions.iter().any(|a| a == code) {
                actions.push(code.to_owned());
            }
        }
        Ok(AuditQuery {
            person: filter.person,
            operator: filter.operator.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned),
            actions,
            from: from.map(start_of),
            until: to.and_then(|t| t.succ_opt()).map(start_of),
            offset,
            limit,
        })
    }

    /// The latest entries, every action and person.
    pub async fn audit_page(&self, offset: u32, limit: u32) -> AppResult<AuditPage> {
        self.allow(Operation::Audit).await?;
        self.audit_search(&AuditFilter::default(), offset, limit).await
    }

    /// A page of the entries `filter` matches, newest first, in words.
    pub async fn audit_search(&self, filter: &AuditFilter, offset: u32, limit: u32) -> AppResult<AuditPage> {
        self.allow(Operation::Audit).await?;
        let query = self.audit_query(filter, offset, limit.clamp(1, 500))?;
        let (entries, total) = self.store.audit_query(&query).await?;
        Ok(AuditPage { entries: self.in_words(&entries).await?, total })
    }

    /// Every entry `filter` matches, newest first, in words (an export).
    pub async fn audit_all_matching(&self, filter: &AuditFilter) -> AppResult<Vec<AuditLine>> {
        self.allow(Operation::Audit).await?;
        let query = self.audit_query(filter, 0, 0)?;
        let (entries, _) = self.store.audit_query(&query).await?;
        self.in_words(&entries).await
    }

    /// Everyone who has made an entry (the operator filter's choices).
    pub async fn audit_operators(&self) -> AppResult<Vec<String>> {
        self.allow(Operation::Audit).await?;
        Ok(self.store.audit_operators().await?)
    }

    /// One entry in words with its place in the chain; `None` when the trail has no such entry.
    pub async fn audit_detail(&self, seq: i64) -> AppResult<Option<AuditDetail>> {
        self.allow(Operation::Audit).await?;
        let Some((entry, prev)) = self.store.audit_entry(seq).await? else {
            return Ok(None);
        };
        let chained_from = prev.as_ref().map(|p| p.hash.as_str()).unwrap_or(GENESIS);
        let link_intact = content_hash(&entry) == entry.hash && entry.prev_hash == chained_from && (prev.is_some() || entry.seq == 1);
        let total = self.store.audit_page(0, 1).await?.1;
        let line = self.in_words(std::slice::from_ref(&entry)).await?.remove(0);
        Ok(Some(AuditDetail { line, prev_hash: entry.prev_hash, total, link_intact }))
    }

    /// A person's entries, newest first, in words.
    pub async fn person_history(&self, id: PersonId) -> AppResult<Vec<AuditLine>> {
        self.allow(Operation::Read).await?;
        let entries = self.store.audit_for_person(id).await?;
        self.in_words(&entries).await
    }

    /// Entries as the office reads them: every code in words, the person an entry is about
    /// named (name and staff number), and a trip, a document or a form said for what it is.
    pub async fn in_words(&self, entries: &[AuditEntry]) -> AppResult<Vec<AuditLine>> {
        let policy = self.policy().await?;
        let lang = self.lang().await;
        let vocabulary = Vocabulary::new(&policy, lang);
        let mut ids: Vec<PersonId> = entries.iter().filter_map(|e| e.person_id).collect();
        ids.sort();
        ids.dedup();
        let names: HashMap<PersonId, PersonLabel> = self.store.person_labels(&ids).await?;
        let mut records = Records::default();
        let mut lines = Vec::with_capacity(entries.len());
        for e in entries {
            let mut line = describe(e, &vocabulary);
            if let Some(p) = e.person_id.and_then(|id| names.get(&id)) {
                line.subject = person_label(&p.name, &p.staff_no, lang);
            }
            if let Some(what) = self.record_words(e, lang, &mut records).await? {
                line.record = Some(what);
            }
            if let Some(day) = e.as_of {
                let recorded = e.at.with_timezone(&Local).date_naive();
                line.as_of_text = Some(FieldError::general("audit.as_of").with("recorded", recorded).with("as_of", day).message(lang));
            }
            lines.push(line);
        }
        Ok(lines)
    }

    /// A trip, a document or a form in words (`行程 3:日本,2026-12-01 至 2026-12-10`), or
    /// `None` to keep what the history says (another record, or one no longer found).
    async fn record_words(&self, e: &AuditEntry, lang: Lang, records: &mut Records) -> AppResult<Option<String>> {
        let Some(entity) = AuditEntity::from_code(&e.entity) else {
            return Ok(None);
        };
        let head = format!("{} {}", entity.word(lang), e.entity_id);
        let colon = pick(lang, ":", ": ");
        let what = match entity {
            AuditEntity::Trip => {
                let Ok(id) = e.entity_id.parse::<TripId>() else { return Ok(None) };
                if let Entry::Vacant(slot) = records.trips.entry(id) {
                    let words = self.store.trip(id).await?.map(|t| {
                        let places: Vec<String> = t
                            .destinations
                            .iter()
                            .map(|c| countries::get(c).map(|c| c.name(lang).to_owned()).unwrap_or_else(|| c.clone()))
                            .collect();
                        let (dep, ret) = (t.planned_departure, t.planned_return);
                        match lang {
                            Lang::ZhCn => format!("{},{dep} 至 {ret}", places.join("、")),
                            Lang::En => format!("{}, {dep} to {ret}", places.join(", ")),
                        }
                    });
                    slot.insert(words);
                }
                records.trips.get(&id).cloned().flatten()
            }
            AuditEntity::TravelDocument => {
                let Ok(id) = e.entity_id.parse::<DocumentId>() else { return Ok(None) };
                if let Entry::Vacant(slot) = records.documents.entry(id) {
                    slot.insert(self.store.travel_document(id).await?.map(|d| format!("{} {}", d.kind.word(lang), d.number)));
                }
                records.documents.get(&id).cloned().flatten()
            }
            AuditEntity::Form => {
                let Ok(number) = FormNumber::parse(&e.entity_id) else { return Ok(None) };
                if let Entry::Vacant(slot) = records.forms.entry(number) {
                    slot.insert(self.store.issued_form(number).await?.map(|f| f.kind.word(lang).to_owned()));
                }
                records.forms.get(&number).cloned().flatten()
            }
            _ => return Ok(None),
        };
        Ok(Some(match what {
            Some(w) => format!("{head}{colon}{w}"),
            None => head,
        }))
    }

    /// The filter in words, for the export's own audit entry (`人员:张三(S0001);操作员:王芳`).
    pub async fn audit_filter_words(&self, filter: &AuditFilter, lang: Lang) -> AppResult<String> {
        let label = |key: &str| clearance_domain::i18n::field_label(key, lang);
        let colon = pick(lang, ":", ": ");
        let mut parts = Vec::new();
        if let Some(id) = filter.person {
            let names = self.store.person_labels(&[id]).await?;
            let who = names.get(&id).map(|p| person_label(&p.name, &p.staff_no, lang)).unwrap_or_else(|| id.to_string());
            parts.push(format!("{}{colon}{who}", label("person")));
        }
        if let Some(op) = filter.operator.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            parts.push(format!("{}{colon}{op}", label("operator")));
        }
        if !filter.actions.is_empty() {
            let words: Vec<&str> =
                filter.actions.iter().map(|c| AuditAction::from_code(c.trim()).map(|a| a.word(lang)).unwrap_or(c.as_str())).collect();
            parts.push(format!("{}{colon}{}", label("audit_action"), words.join(pick(lang, "、", ", "))));
        }
        let (from, to) = (filter.from.trim(), filter.to.trim());
        if !from.is_empty() || !to.is_empty() {
            let range = match (from.is_empty(), to.is_empty(), lang) {
                (false, false, Lang::ZhCn) => format!("{from} 至 {to}"),
                (false, false, Lang::En) => format!("{from} to {to}"),
                (false, true, Lang::ZhCn) => format!("{from} 起"),
                (false, true, Lang::En) => format!("from {from}"),
                (true, _, Lang::ZhCn) => format!("至 {to}"),
                (true, _, Lang::En) => format!("until {to}"),
            };
            parts.push(format!("{}{colon}{range}", label("audit_period")));
        }
        Ok(if parts.is_empty() { pick(lang, "全部记录", "Every entry").to_owned() } else { parts.join(pick(lang, ";", "; ")) })
    }

    pub async fn verify_audit(&self) -> AppResult<Verification> {
        self.allow(Operation::Audit).await?;
        Ok(verify(&self.store.audit_all().await?))
    }

    /// Records that the whole ID numbers these entries hold were read (`audit list --json
    /// --reveal`): one entry per person whose number they hold, as the person page's reveal.
    pub async fn reveal_id_numbers_in(&self, entries: &[AuditEntry]) -> AppResult<()> {
        self.allow(Operation::Audit).await?;
        let mut people: Vec<PersonId> = entries
            .iter()
            .filter(|e| holds_id_number(e.old.as_deref()) || holds_id_number(e.new.as_deref()))
            .filter_map(|e| e.person_id)
            .collect();
        people.sort();
        people.dedup();
        if people.is_empty() {
            return Ok(());
        }
        let changes: Vec<clearance_domain::audit::Change> = people
            .into_iter()
            .map(|id| clearance_domain::audit::Change {
                action: AuditAction::PersonRevealId,
                entity: AuditEntity::Person,
                entity_id: id.to_string(),
                person_id: Some(id),
                old: None,
                new: None,
            })
            .collect();
        self.write(async |_| Ok(((), changes))).await
    }
}

fn holds_id_number(side: Option<&str>) -> bool {
    side.is_some_and(|s| s.contains("\"id_number\""))
}

/// An entry with every ID number in its old and new values masked (`**************1238`), for
/// output that is not asked to reveal them.
pub fn mask_id_numbers(entry: &mut AuditEntry) {
    for side in [&mut entry.old, &mut entry.new] {
        let Some(text) = side.as_deref().filter(|s| s.contains("\"id_number\"")) else { continue };
        if let Ok(serde_json::Value::Object(mut o)) = serde_json::from_str::<serde_json::Value>(text) {
            if let Some(serde_json::Value::String(n)) = o.get("id_number") {
                let masked = clearance_domain::id_card::mask(n);
                o.insert("id_number".to_owned(), serde_json::Value::String(masked));
            }
            *side = Some(serde_json::Value::Object(o).to_string());
        }
    }
}
