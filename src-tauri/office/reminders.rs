//! Reminders for the dashboard, the notification, the calendar export and the CLI: the domain's
//! engine fed with every source's obligations, read from the register on each call (reminders are
//! derived, never stored), and the operators' acknowledgements and snoozes written with their
//! audit entries.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, Utc};
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::calendar::HolidayCalendar;
use clearance_domain::crockford;
use clearance_domain::deadline::{Citation, DueState};
use clearance_domain::lifecycle::{record_step, record_step_offer, PersonRecord, Stage};
use clearance_domain::person::PersonId;
use clearance_domain::policy::Policy;
use clearance_domain::reminders::{
    self, handle, ics::IcsOptions, occasion, sources, AckKind, Acknowledgement, Obligation, Reminder, ReminderKind, ReminderSummary,
    Subject, HANDLE_LEN,
};
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::travel::trip::TripStepKind;
use clearance_domain::travel::{TravelDocument, Trip, TripId};
use clearance_domain::{DomainError, FieldError, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{load_person, Office};
use crate::error::{AppError, AppResult};

/// The setting holding the day the last summary notification was sent.
const NOTIFIED_ON: &str = "reminders_notified_on";

/// Days ahead the dashboard's calendar shows.
pub const CALENDAR_DAYS: u64 = 90;

/// Which reminders to list.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ReminderFilter {
    pub state: Option<DueState>,
    pub unit: Option<String>,
    pub kind: Option<ReminderKind>,
}

/// One reminder as the dashboard and the CLI's JSON show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReminderRow {
    /// The obligation's stable key: what the window acknowledges and snoozes by.
    pub id: String,
    /// The short code the CLI prints and takes (`reminders ack 7KQ2MX`).
    pub handle: String,
    pub person_id: PersonId,
    pub staff_no: String,
    pub name: String,
    pub unit: String,
    pub kind: ReminderKind,
    pub subject: Subject,
    /// What to do, in both languages (the policy's step name or the kind's name).
    pub what_zh: String,
    pub what_en: String,
    pub due_date: NaiveDate,
    pub state: DueState,
    pub days_overdue: i64,
    pub rule_id: String,
    pub citation: Citation,
    /// The due date lies beyond the loaded holiday calendar (weekends only were counted).
    pub beyond_calendar: bool,
    /// Back from a snooze that ended on this day.
    pub snoozed_until: Option<NaiveDate>,
    /// For the "acknowledged" list: what holds it back.
    pub ack: Option<AckKind>,
    pub ack_by: Option<String>,
    /// What the dashboard offers on this reminder, in button order (the list's rows only; none
    /// on a register open read-only but *Open*).
    pub offers: Vec<ReminderOffer>,
}

/// Something the dashboard can do about a reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReminderAction {
    /// Record the lifecycle step done: the person page's dialog, the step preselected.
    RecordStep {
        step_id: String,
    },
    /// Take the trip's step (briefing, return, report, the document back): the trip page's dialog.
    TripStep {
        trip: TripId,
        step: TripStepKind,
    },
    /// Open the record the reminder is about (a document's holder for a document).
    Open {
        subject: Subject,
    },
    Acknowledge,
    Snooze,
}

/// An action on a reminder, as the rules allow it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReminderOffer {
    pub action: ReminderAction,
    /// Why it cannot be done now (the items not all back), in the office's language.
    pub blocked: Option<String>,
}

/// One person's reminders of one occasion (a departure, a trip, a document): one line on the
/// dashboard with an item for each.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReminderGroup {
    /// The occasion's key (`person:42:departing`, `trip:7`).
    pub key: String,
    pub person_id: PersonId,
    pub staff_no: String,
    pub name: String,
    pub unit: String,
    /// The worst item's state and kind: the group's.
    pub state: DueState,
    pub kind: ReminderKind,
    /// The items, positions in the board's `rows`, worst first.
    pub items: Vec<u32>,
}

/// What recording several reminders done wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RemindersDone {
    /// The reminders recorded done (their keys).
    pub done: Vec<String>,
    /// The people they were about, once each.
    pub people: u32,
}

/// What the dashboard shows on `as_of`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReminderBoard {
    pub as_of: NaiveDate,
    /// Counts over every reminder (the filter applies to `rows` only).
    pub summary: ReminderSummary,
    /// The filtered reminders, overdue first (most days overdue first), then due, then upcoming.
    pub rows: Vec<ReminderRow>,
    /// `rows` in groups of the same person and occasion, each where its worst item stands.
    pub groups: Vec<ReminderGroup>,
    /// Reminders within their lead time that an acknowledgement or snooze holds back.
    pub acknowledged: Vec<ReminderRow>,
    /// Every open obligation due in the next [`CALENDAR_DAYS`] days, lead time or not, by date.
    pub calendar: Vec<ReminderRow>,
    pub units: Vec<String>,
}

/// The words of the one summary notification.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NotificationText {
    pub title: String,
    pub body: String,
    /// Reminders that became due or overdue since the last notification.
    pub new_items: usize,
    /// Every reminder due or overdue today.
    pub due_or_overdue: u32,
}

/// Who a person is, for the rows.
pub(super) struct Who {
    pub(super) staff_no: String,
    pub(super) name: String,
    pub(super) unit: String,
}

/// Every open obligation in the register on `as_of`, with who each person is and the records
/// the offers are checked against.
pub(super) struct Register {
    pub(super) obligations: Vec<Obligation>,
    pub(super) people: HashMap<PersonId, Who>,
    records: HashMap<PersonId, PersonRecord>,
    trips: HashMap<TripId, Trip>,
    documents: Vec<TravelDocument>,
    policy: std::sync::Arc<Policy>,
    cal: HolidayCalendar,
    as_of: NaiveDate,
}

impl Register {
    fn row(&self, o: &Obligation, state: DueState, days_overdue: i64) -> ReminderRow {
        let who = self.people.get(&o.person);
        ReminderRow {
            id: o.key.clone(),
            handle: handle(&o.key),
            person_id: o.person,
            staff_no: who.map(|w| w.staff_no.clone()).unwrap_or_default(),
            name: who.map(|w| w.name.clone()).unwrap_or_default(),
            unit: who.map(|w| w.unit.clone()).unwrap_or_default(),
            kind: o.kind,
            subject: o.subject,
            what_zh: o.name_zh.to_string(),
            what_en: o.name_en.to_string(),
            due_date: o.due.date,
            state,
            days_overdue,
            rule_id: o.due.rule_id.clone(),
            citation: o.due.citation.clone(),
            beyond_calendar: o.due.beyond_calendar,
            snoozed_until: None,
            ack: None,
            ack_by: None,
            offers: Vec::new(),
        }
    }

    /// What the dashboard offers on `o`: record it done (when a step does it and the rules allow
    /// it now), open its record, acknowledge, snooze. `writable` is false on a register open
    /// read-only.
    fn offers(&self, o: &Obligation, writable: bool, lang: Lang) -> Vec<ReminderOffer> {
        let mut out = Vec::new();
        if writable {
            out.extend(self.record_offer(o, lang));
        }
        // A document is kept on its holder's page.
        let subject = match o.subject {
            Subject::Document(_) => Subject::Person(o.person),
            s => s,
        };
        out.push(ReminderOffer { action: ReminderAction::Open { subject }, blocked: None });
        if writable {
            out.push(ReminderOffer { action: ReminderAction::Acknowledge, blocked: None });
            out.push(ReminderOffer { action: ReminderAction::Snooze, blocked: None });
        }
        out
    }

    fn record_offer(&self, o: &Obligation, lang: Lang) -> Option<ReminderOffer> {
        if let Some((trip_id, step)) = occasion::trip_step(o) {
            let trip = self.trips.get(&trip_id)?;
            let document = trip.checkout.map(|c| c.document).or(trip.document).and_then(|d| self.documents.iter().find(|x| x.id == d));
            let rules = &self.policy.travel;
            let available = trip.available_steps(rules, document, &self.cal, self.as_of).into_iter().find(|s| s.step == step)?;
            return Some(ReminderOffer {
                action: ReminderAction::TripStep { trip: trip_id, step },
                blocked: available.blocked.map(|e| e.message(lang)),
            });
        }
        let step_id = o.step_id.as_ref()?;
        let record = self.records.get(&o.person)?;
        let blocked = record_step_offer(record, &self.policy, step_id, self.as_of)?;
        Some(ReminderOffer { action: ReminderAction::RecordStep { step_id: step_id.clone() }, blocked: blocked.map(|e| e.message(lang)) })
    }

    fn reminder_row(&self, r: &Reminder) -> ReminderRow {
        ReminderRow { snoozed_until: r.snoozed_until, ..self.row(r.obligation, r.state, r.days_overdue) }
    }

    fn unit_of(&self, p: PersonId) -> Option<&str> {
        self.people.get(&p).map(|w| w.unit.as_str())
    }

    /// The obligation with this key, or this handle as typed.
    fn find(&self, key: &str) -> AppResult<&Obligation> {
        let typed = crockford::normalize(key, HANDLE_LEN);
        self.obligations
            .iter()
            .find(|o| o.key == key || typed.as_deref().is_some_and(|h| handle(&o.key) == h))
            .ok_or_else(|| FieldError::new("reminder", "reminder.not_found").with("id", key).into())
    }
}

fn stage_tag(stage: Stage) -> serde_json::Value {
    serde_json::to_value(stage).unwrap_or_default()
}

/// Why `o` of this person cannot be recorded: the refusal's own words, each reason once.
fn person_refused(name: &str, staff_no: &str, o: &Obligation, why: &AppError) -> FieldError {
    let mut e = FieldError::new("reminders", "reminders.person_refused").with("name", name).with("staff_no", staff_no);
    for lang in [Lang::ZhCn, Lang::En] {
        let api = why.to_api(lang);
        let mut reasons: Vec<String> = api.errors.into_iter().map(|f| f.message).collect();
        if reasons.is_empty() {
            reasons.push(api.message);
        }
        let mut once: Vec<String> = Vec::with_capacity(reasons.len());
        for r in reasons {
            if !once.contains(&r) {
                once.push(r);
            }
        }
        let sep = if lang == Lang::ZhCn { "；" } else { "; " };
        e = e.with(&format!("what.{}", lang.tag()), o.name(lang)).with(&format!("reason.{}", lang.tag()), once.join(sep));
    }
    e
}

/// Nothing was recorded: the count first, then each refused person.
fn batch_refused(refused: Vec<FieldError>) -> AppError {
    let mut errors = vec![FieldError::general("reminders.batch_refused").with("count", refused.len())];
    errors.extend(refused);
    AppError::Invalid(DomainError { errors })
}

fn matches(row: &ReminderRow, filter: &ReminderFilter) -> bool {
    filter.state.is_none_or(|s| row.state == s)
        && filter.unit.as_deref().is_none_or(|u| u.is_empty() || row.unit == u)
        && filter.kind.is_none_or(|k| row.kind == k)
}

impl Office {
    /// Every source's open obligations on `as_of`. A new source appends here, and nowhere else.
    pub(super) async fn register_obligations(&self, as_of: NaiveDate) -> AppResult<Register> {
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let supervised = self.store.supervised().await?;
        let mut obligations = Vec::new();
        let mut people = HashMap::with_capacity(supervised.len());
        // Trips and documents by person: the travel rules read one person's at a time.
        let mut travel: HashMap<PersonId, (Vec<Trip>, Vec<TravelDocument>)> = HashMap::new();
        for t in self.store.trips().await? {
            travel.entry(t.person).or_default().0.push(t);
        }
        for d in self.store.travel_documents().await? {
            travel.entry(d.person).or_default().1.push(d);
        }
        let mut records = HashMap::with_capacity(people.capacity());
        for s in supervised {
            sources::lifecycle_obligations(s.id, &s.record, &policy, &cal, as_of, &mut obligations);
            if let Some((trips, documents)) = travel.get(&s.id) {
                sources::travel_obligations(s.id, trips, documents, &policy.travel, &cal, as_of, &mut obligations);
            }
            people.insert(s.id, Who { staff_no: s.staff_no, name: s.name, unit: s.unit });
            records.insert(s.id, s.record);
        }
        for (person, number, issued_on) in self.store.unreturned_forms().await? {
            if people.contains_key(&person) {
                obligations.push(sources::unreturned_form(person, &number, issued_on, &policy));
            }
        }
        let mut trips = HashMap::new();
        let mut documents = Vec::new();
        for (t, d) in travel.into_values() {
            trips.extend(t.into_iter().map(|t| (t.id, t)));
            documents.extend(d);
        }
        Ok(Register { obligations, people, records, trips, documents, policy, cal, as_of })
    }

    /// The dashboard on `as_of` (default today).
    pub async fn reminder_board(&self, as_of: Option<NaiveDate>, filter: &ReminderFilter) -> AppResult<ReminderBoard> {
        self.allow(Operation::Read).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let reg = self.register_obligations(as_of).await?;
        let acks = self.store.acknowledgements().await?;
        let shown = reminders::reminders(&reg.obligations, &acks, as_of);
        let summary = reminders::summary(&shown, |p| reg.unit_of(p));
        let writable = !self.store.is_read_only();
        let lang = self.lang().await;
        let listed: Vec<&Reminder> = shown
            .iter()
            .filter(|r| {
                filter.state.is_none_or(|s| r.state == s)
                    && filter.unit.as_deref().is_none_or(|u| u.is_empty() || reg.unit_of(r.obligation.person).unwrap_or_default() == u)
                    && filter.kind.is_none_or(|k| r.obligation.kind == k)
            })
            .collect();
        let rows: Vec<ReminderRow> =
            listed.iter().map(|r| ReminderRow { offers: reg.offers(r.obligation, writable, lang), ..reg.reminder_row(r) }).collect();
        let groups = occasion::group(&listed, |r| r.obligation)
            .into_iter()
            .filter_map(|items| {
                let worst = &rows[*items.first()?];
                Some(ReminderGroup {
                    key: occasion::occasion(listed[items[0]].obligation).key(),
                    person_id: worst.person_id,
                    staff_no: worst.staff_no.clone(),
                    name: worst.name.clone(),
                    unit: worst.unit.clone(),
                    state: worst.state,
                    kind: worst.kind,
                    items: items.into_iter().filter_map(|i| u32::try_from(i).ok()).collect(),
                })
            })
            .collect();
        let acknowledged = reminders::hidden_reminders(&reg.obligations, &acks, as_of)
            .iter()
            .map(|h| ReminderRow {
                ack: Some(h.ack.kind.clone()),
                ack_by: Some(h.ack.operator.clone()),
                ..reg.row(h.obligation, h.state, h.days_overdue)
            })
            .filter(|r| matches(r, filter))
            .collect();
        let horizon = as_of.checked_add_days(Days::new(CALENDAR_DAYS)).unwrap_or(NaiveDate::MAX);
        let mut upcoming: Vec<&Obligation> = reg.obligations.iter().filter(|o| o.due.date >= as_of && o.due.date <= horizon).collect();
        upcoming.sort_by(|a, b| a.due.date.cmp(&b.due.date).then(a.person.cmp(&b.person)).then(a.key.cmp(&b.key)));
        let calendar = upcoming
            .into_iter()
            .map(|o| {
                let (state, late) =
                    clearance_domain::deadline::due_state(o.due.date, o.lead_days, as_of).unwrap_or((DueState::Upcoming, 0));
                reg.row(o, state, late)
            })
            .filter(|r| filter.unit.as_deref().is_none_or(|u| u.is_empty() || r.unit == u) && filter.kind.is_none_or(|k| r.kind == k))
            .collect();
        let mut units: Vec<String> = reg.people.values().map(|w| w.unit.clone()).collect();
        units.sort();
        units.dedup();
        Ok(ReminderBoard { as_of, summary, rows, groups, acknowledged, calendar, units })
    }

    /// Acknowledges the reminder `key` with a note: it leaves the list until its due date changes.
    pub async fn acknowledge_reminder(&self, key: &str, note: &str) -> AppResult<ReminderRow> {
        self.allow(Operation::Reminders).await?;
        self.write_ack(key, |o, op, today| Acknowledgement::acknowledge(o, note, op, Utc::now()).map(|a| (a, today))).await
    }

    /// Snoozes the reminder `key` until `until` (after today).
    pub async fn snooze_reminder(&self, key: &str, until: NaiveDate) -> AppResult<ReminderRow> {
        self.allow(Operation::Reminders).await?;
        self.write_ack(key, |o, op, today| Acknowledgement::snooze(o, until, today, op, Utc::now()).map(|a| (a, today))).await
    }

    /// Undoes the acknowledgement or snooze in force for `key`.
    pub async fn cancel_reminder_ack(&self, key: &str) -> AppResult<ReminderRow> {
        self.allow(Operation::Reminders).await?;
        self.write_ack(key, |o, op, today| Acknowledgement::cancel(o, op, Utc::now()).map(|a| (a, today))).await
    }

    /// Records the step of each reminder `keys` names done on `done_on` (everyone who attended
    /// a session, say), in one transaction with an audit entry for each: every one is checked
    /// first, and one refused refuses them all with each refused person and the reason named,
    /// nothing written.
    pub async fn record_reminders_done(&self, keys: &[String], done_on: NaiveDate, note: &str) -> AppResult<RemindersDone> {
        self.allow(Operation::RecordSteps).await?;
        if keys.is_empty() {
            return Err(FieldError::new("reminders", "reminders.none_chosen").into());
        }
        let today = self.today();
        let operator = self.operator().await?;
        let reg = self.register_obligations(today).await?;
        let policy = reg.policy.clone();
        let mut chosen: Vec<(&Obligation, &str)> = Vec::new();
        let mut refused = Vec::new();
        for key in keys {
            let o = reg.find(key.trim())?;
            let step = o.step_id.as_deref().filter(|s| occasion::trip_step(o).is_none() && policy.find_step(s).is_some());
            match step {
                _ if chosen.iter().any(|(c, _)| c.key == o.key) => {}
                Some(step) => chosen.push((o, step)),
                None => {
                    let who = reg.people.get(&o.person);
                    let (name, staff_no) = who.map(|w| (w.name.as_str(), w.staff_no.as_str())).unwrap_or_default();
                    let why = FieldError::general("reminders.not_a_step").into();
                    refused.push(person_refused(name, staff_no, o, &why));
                }
            }
        }
        if !refused.is_empty() {
            return Err(batch_refused(refused));
        }
        self.write(async |tx| {
            let mut changes = Vec::new();
            let mut steps = Vec::new();
            let mut refused = Vec::new();
            for (o, step_id) in &chosen {
                let person = load_person(tx, o.person, today).await?;
                let outcome = match person.archived {
                    Some(_) => Err(FieldError::general("person.archived").into()),
                    None => {
                        let record = tx.lifecycle_record(&person).await?;
                        record_step(&record, &policy, step_id, done_on, &operator, note, today)
                            .map(|step| (record.state.stage, step))
                            .map_err(AppError::from)
                    }
                };
                match outcome {
                    Ok((stage, step)) => {
                        changes.push(Change {
                            action: AuditAction::LifecycleStep,
                            entity: AuditEntity::Lifecycle,
                            entity_id: person.id.to_string(),
                            person_id: Some(person.id),
                            old: Some(json!({ "stage": stage_tag(stage) })),
                            new: Some(json!({ "step": step.step_id, "done_on": step.done_on, "note": step.note })),
                        });
                        steps.push((person.id, step, o.key.clone()));
                    }
                    Err(e @ AppError::Invalid(_)) => refused.push(person_refused(&person.name, &person.staff_no, o, &e)),
                    Err(e) => return Err(e),
                }
            }
            if !refused.is_empty() {
                return Err(batch_refused(refused));
            }
            let mut done = Vec::with_capacity(steps.len());
            let mut people: Vec<PersonId> = Vec::new();
            for (person, step, key) in steps {
                tx.insert_step(person, &step).await?;
                if !people.contains(&person) {
                    people.push(person);
                }
                done.push(key);
            }
            let people = u32::try_from(people.len()).unwrap_or(u32::MAX);
            Ok((RemindersDone { done, people }, changes))
        })
        .await
    }

    async fn write_ack(
        &self,
        key: &str,
        make: impl FnOnce(&Obligation, &str, NaiveDate) -> Result<(Acknowledgement, NaiveDate), clearance_domain::DomainError>,
    ) -> AppResult<ReminderRow> {
        let today = self.today();
        let operator = self.operator().await?;
        let reg = self.register_obligations(today).await?;
        let o = reg.find(key.trim())?;
        let (ack, _) = make(o, &operator, today)?;
        let (state, late) = clearance_domain::deadline::due_state(o.due.date, o.lead_days, today).unwrap_or((DueState::Upcoming, 0));
        let row = ReminderRow { ack: Some(ack.kind.clone()), ack_by: Some(ack.operator.clone()), ..reg.row(o, state, late) };
        let action = match ack.kind {
            AckKind::Acknowledged { .. } => AuditAction::ReminderAcknowledge,
            AckKind::Snoozed { .. } => AuditAction::ReminderSnooze,
            AckKind::Cancelled => AuditAction::ReminderCancelAck,
        };
        let change = Change {
            action,
            entity: AuditEntity::Reminder,
            entity_id: ack.key.clone(),
            person_id: Some(o.person),
            old: None,
            new: Some(json!({ "due_date": ack.due_date_at_ack, "ack": ack.kind })),
        };
        self.write(async |tx| {
            tx.insert_acknowledgement(&ack).await?;
            Ok(((), vec![change]))
        })
        .await?;
        Ok(row)
    }

    /// The iCalendar text of every open obligation on `as_of` (default today), in the office's
    /// language. Each event names the person by staff number and the item only, unless `names`
    /// is asked for: then by name and staff number, with the rule and its source (which can
    /// reveal the person's level).
    pub async fn reminders_ics(&self, as_of: Option<NaiveDate>, names: bool) -> AppResult<String> {
        self.allow(Operation::Export).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let lang = self.lang().await;
        let reg = self.register_obligations(as_of).await?;
        let opts = IcsOptions {
            calendar_name: match lang {
                Lang::ZhCn => "保密管理提醒",
                Lang::En => "Clearance reminders",
            },
            lang,
            stamp: Utc::now(),
            uid_domain: reminders::ics::DEFAULT_UID_DOMAIN,
            sources: names,
        };
        let labels: HashMap<PersonId, String> = reg
            .people
            .iter()
            .map(|(id, w)| (*id, if names { super::audit::person_label(&w.name, &w.staff_no, lang) } else { w.staff_no.clone() }))
            .collect();
        Ok(reminders::ics::ics(&reg.obligations, |p| labels.get(&p).map(String::as_str), &opts))
    }

    /// Today's summary notification, if something became due or overdue since the last one.
    /// `None` when today's was already sent (unless `force`) or nothing new is due: never a
    /// flood, at most one a day. The caller sends it, then calls [`Office::mark_notified`].
    pub async fn notification(&self, force: bool) -> AppResult<Option<NotificationText>> {
        // Nobody signed in, or the session locked: no names on the desktop, and not yet notified
        // (the window asks again once someone signs in).
        if !self.may(Operation::Read) {
            return Ok(None);
        }
        self.allow(Operation::Read).await?;
        let today = self.today();
        let since = self.store.setting(NOTIFIED_ON).await?.and_then(|d| d.parse::<NaiveDate>().ok());
        if since == Some(today) && !force {
            return Ok(None);
        }
        let since = since.filter(|s| *s < today);
        let lang = self.lang().await;
        let reg = self.register_obligations(today).await?;
        let acks = self.store.acknowledgements().await?;
        let shown = reminders::reminders(&reg.obligations, &acks, today);
        // The first notification ever announces everything due or overdue.
        let fresh = match since {
            Some(since) => reminders::became_due_since(&shown, since),
            None => shown.iter().filter(|r| matches!(r.state, DueState::Due | DueState::Overdue)).copied().collect(),
        };
        if fresh.is_empty() {
            return Ok(None);
        }
        let urgent: Vec<Reminder> = shown.iter().filter(|r| matches!(r.state, DueState::Due | DueState::Overdue)).copied().collect();
        let summary = reminders::summary(&urgent, |p| reg.unit_of(p));
        let (title, body) = reminders::summary_text(&summary, lang);
        Ok(Some(NotificationText { title, body, new_items: fresh.len(), due_or_overdue: summary.counts.total() }))
    }

    /// Records that today's notification went out, or that there was nothing new to send (not an
    /// office record: no audit entry).
    pub async fn mark_notified(&self) -> AppResult<()> {
        self.allow(Operation::Read).await?;
        let mut tx = self.store.begin().await?;
        tx.set_setting(NOTIFIED_ON, &self.today().to_string()).await?;
        tx.commit().await?;
        Ok(())
    }
}
