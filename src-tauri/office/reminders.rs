//! Reminders for the dashboard, the notification, the calendar export and the CLI, and the
//! operators' acknowledgements and snoozes written with their audit entries.
//!
//! Reminders are derived from the records, never stored as truth. Two ways to the same output:
//!
//! - **the projection** (issue 15): every supervised person's open obligations kept in
//!   `reminder_projection`, rewritten in the same transaction as every write that touches them
//!   (office::projection). When [`Office::ensure_projection`] says it holds for the day asked for,
//!   the board is indexed reads (store/board.rs): a page of rows in the board's order, the counts
//!   by an aggregate, the calendar's counts per day and a few items each;
//! - **the full recomputation** ([`Office::register_obligations`]: every source's obligations
//!   for the whole register, the domain's engine over them): for a day the projection does not
//!   hold for (another day than today on a register open read-only, say), and the reference
//!   `reminders check` compares the projection with.
//!
//! Both go through [`Parts`] and [`Office::finish`], so the window cannot tell them apart; the
//! storage test `board_from_the_projection_is_the_full_recomputation` proves it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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
    self, handle, ics::IcsOptions, occasion, sources, AckKind, Acknowledgement, KindCounts, Obligation, Reminder, ReminderKind,
    ReminderSummary, StateCounts, Subject, UnitCounts, HANDLE_LEN,
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
use crate::store::board::{BoardRead, ListedCount, Narrow, ProjectedRow};

/// The setting holding the day the last summary notification was sent.
const NOTIFIED_ON: &str = "reminders_notified_on";

/// Days ahead the dashboard's calendar shows.
pub const CALENDAR_DAYS: u64 = 90;

/// Items of one day the calendar carries; the rest are counted in `calendar_days`.
pub const CALENDAR_ITEMS_PER_DAY: u32 = 8;

/// Which reminders to list.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ReminderFilter {
    pub state: Option<DueState>,
    pub unit: Option<String>,
    pub kind: Option<ReminderKind>,
    /// Rows wanted: the first `limit` in the board's order, and the rest of every group begun
    /// among them (a group is never cut). `None`: every row (the CLI, the export).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// How many obligations fall due on one day of the calendar (filtered by unit and kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarDayCount {
    pub date: NaiveDate,
    pub count: u32,
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
    /// The filtered reminders, overdue first (most days overdue first), then due, then upcoming:
    /// the first `filter.limit` and the rest of the groups begun among them.
    pub rows: Vec<ReminderRow>,
    /// Every row the filter lists, before the limit.
    pub total_rows: u32,
    /// `rows` in groups of the same person and occasion, each where its worst item stands.
    pub groups: Vec<ReminderGroup>,
    /// Reminders within their lead time that an acknowledgement or snooze holds back.
    pub acknowledged: Vec<ReminderRow>,
    /// Open obligations due in the next [`CALENDAR_DAYS`] days, lead time or not, by date: at
    /// most [`CALENDAR_ITEMS_PER_DAY`] a day (the day's count is in `calendar_days`).
    pub calendar: Vec<ReminderRow>,
    /// Each day from `as_of` to `as_of` + [`CALENDAR_DAYS`] with the number of obligations due.
    pub calendar_days: Vec<CalendarDayCount>,
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
#[derive(Debug, Clone, Default)]
pub(crate) struct Who {
    pub(crate) staff_no: String,
    pub(crate) name: String,
    pub(crate) unit: String,
}

/// Every open obligation in the register on `as_of`, computed from the records: the reference
/// the projection is compared with, and the dashboard's source on a day the projection does not
/// hold for.
pub(crate) struct Register {
    pub(crate) obligations: Vec<Obligation>,
    pub(crate) people: HashMap<PersonId, Who>,
}

impl Register {
    fn who(&self, p: PersonId) -> Who {
        self.people.get(&p).cloned().unwrap_or_default()
    }

    fn item(&self, o: &Obligation) -> Item {
        Item { o: o.clone(), handle: handle(&o.key), who: self.who(o.person) }
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
            .ok_or_else(|| not_found(key))
    }
}

fn not_found(key: &str) -> AppError {
    FieldError::new("reminder", "reminder.not_found").with("id", key).into()
}

/// One obligation with its handle and who it is about, from either source.
#[derive(Debug, Clone)]
struct Item {
    o: Obligation,
    handle: String,
    who: Who,
}

impl From<ProjectedRow> for Item {
    fn from(r: ProjectedRow) -> Item {
        Item { o: r.obligation, handle: r.handle, who: Who { staff_no: r.staff_no, name: r.name, unit: r.unit } }
    }
}

impl Item {
    fn row(&self, state: DueState, days_overdue: i64) -> ReminderRow {
        let o = &self.o;
        ReminderRow {
            id: o.key.clone(),
            handle: self.handle.clone(),
            person_id: o.person,
            staff_no: self.who.staff_no.clone(),
            name: self.who.name.clone(),
            unit: self.who.unit.clone(),
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

    /// [`Item::row`] without copying: the item's strings move into the row (the CLI's list of
    /// every row).
    fn into_row(self, state: DueState, days_overdue: i64) -> ReminderRow {
        let o = self.o;
        ReminderRow {
            id: o.key,
            handle: self.handle,
            person_id: o.person,
            staff_no: self.who.staff_no,
            name: self.who.name,
            unit: self.who.unit,
            kind: o.kind,
            subject: o.subject,
            what_zh: o.name_zh.into_owned(),
            what_en: o.name_en.into_owned(),
            due_date: o.due.date,
            state,
            days_overdue,
            rule_id: o.due.rule_id,
            citation: o.due.citation,
            beyond_calendar: o.due.beyond_calendar,
            snoozed_until: None,
            ack: None,
            ack_by: None,
            offers: Vec::new(),
        }
    }

    /// Its state on `as_of` (an obligation not listed yet is upcoming, for the calendar).
    fn state(&self, as_of: NaiveDate) -> (DueState, i64) {
        clearance_domain::deadline::due_state(self.o.due.date, self.o.lead_days, as_of).unwrap_or((DueState::Upcoming, 0))
    }
}

/// A listed reminder: its state, and the day a snooze of it ended.
struct Shown {
    item: Item,
    state: DueState,
    days_overdue: i64,
    snoozed_until: Option<NaiveDate>,
}

/// A reminder an acknowledgement or snooze holds back.
#[derive(Clone)]
struct Held {
    item: Item,
    state: DueState,
    days_overdue: i64,
    ack: Acknowledgement,
}

/// What the board is made of, from the projection or from the full recomputation alike.
struct Parts {
    summary: ReminderSummary,
    total_rows: u32,
    page: Vec<Shown>,
    acknowledged: Vec<Held>,
    calendar: Vec<Item>,
    calendar_days: Vec<CalendarDayCount>,
    units: Vec<String>,
}

impl Parts {
    /// The counts and the page, without the extras (acknowledged list, calendar, units).
    fn listing(summary: ReminderSummary, total_rows: u32, page: Vec<Shown>) -> Parts {
        Parts { summary, total_rows, page, acknowledged: Vec::new(), calendar: Vec::new(), calendar_days: Vec::new(), units: Vec::new() }
    }
}

/// What a caller needs besides the rows and the counts.
#[derive(Debug, Clone, Copy)]
struct Want {
    /// The offers on each row (the window); the CLI and the export list without them.
    offers: bool,
    /// The acknowledged list, the calendar and the units (the window).
    extras: bool,
}

/// What the filter keeps.
fn narrowed(filter: &ReminderFilter, state: DueState, unit: &str, kind: ReminderKind) -> bool {
    filter.state.is_none_or(|s| state == s)
        && filter.unit.as_deref().is_none_or(|u| u.is_empty() || unit == u)
        && filter.kind.is_none_or(|k| kind == k)
}

/// The positions of the rows a page shows: the first `limit`, and every later row of a group
/// (one person's occasion) begun among them, so that no group is cut.
fn page_of<T>(listed: &[T], limit: Option<u32>, obligation: impl Fn(&T) -> &Obligation) -> Vec<usize> {
    let limit = limit.map_or(usize::MAX, |l| l as usize);
    if limit >= listed.len() {
        return (0..listed.len()).collect();
    }
    let begun: HashSet<(PersonId, occasion::Occasion)> = listed[..limit]
        .iter()
        .map(|t| {
            let o = obligation(t);
            (o.person, occasion::occasion(o))
        })
        .collect();
    let people: HashSet<PersonId> = begun.iter().map(|(p, _)| *p).collect();
    (0..listed.len())
        .filter(|&i| {
            let o = obligation(&listed[i]);
            i < limit || (people.contains(&o.person) && begun.contains(&(o.person, occasion::occasion(o))))
        })
        .collect()
}

/// Counts by state, kind and unit as the domain's `reminders::summary` makes them.
fn summary_of(counts: &[ListedCount], earliest_due: Option<NaiveDate>) -> ReminderSummary {
    fn add(c: &mut StateCounts, state: DueState, n: u32) {
        match state {
            DueState::Upcoming => c.upcoming += n,
            DueState::Due => c.due += n,
            DueState::Overdue => c.overdue += n,
        }
    }
    let mut total = StateCounts::default();
    let mut kinds = [StateCounts::default(); ReminderKind::ALL.len()];
    let mut units: std::collections::BTreeMap<&str, StateCounts> = std::collections::BTreeMap::new();
    for c in counts.iter().filter(|c| c.count > 0) {
        add(&mut total, c.state, c.count);
        if let Some(i) = ReminderKind::ALL.iter().position(|k| *k == c.kind) {
            add(&mut kinds[i], c.state, c.count);
        }
        add(units.entry(c.unit.as_str()).or_default(), c.state, c.count);
    }
    ReminderSummary {
        counts: total,
        by_kind: ReminderKind::ALL
            .iter()
            .zip(kinds)
            .filter(|(_, c)| c.total() > 0)
            .map(|(kind, counts)| KindCounts { kind: *kind, counts })
            .collect(),
        by_unit: units.into_iter().map(|(unit, counts)| UnitCounts { unit: unit.to_owned(), counts }).collect(),
        earliest_due,
    }
}

/// What acknowledgements and snoozes do on a day to the obligations they were recorded for.
#[derive(Default)]
struct Holds {
    /// Held back, by key, in the board's order.
    hidden: Vec<Held>,
    hidden_keys: HashSet<String>,
    /// Listed again after a snooze that ended on this day, by key.
    snoozed: HashMap<String, NaiveDate>,
    /// Those of them due or overdue: (due date, the snooze's end).
    back: Vec<(NaiveDate, NaiveDate)>,
}

impl Holds {
    fn of(acked: Vec<Item>, acks: &[Acknowledgement], as_of: NaiveDate) -> Holds {
        let obligations: Vec<Obligation> = acked.iter().map(|i| i.o.clone()).collect();
        let at: HashMap<&str, usize> = obligations.iter().enumerate().map(|(i, o)| (o.key.as_str(), i)).collect();
        let hidden: Vec<Held> = reminders::hidden_reminders(&obligations, acks, as_of)
            .into_iter()
            .filter_map(|h| {
                let item = acked.get(*at.get(h.obligation.key.as_str())?)?.clone();
                Some(Held { item, state: h.state, days_overdue: h.days_overdue, ack: h.ack.clone() })
            })
            .collect();
        let shown = reminders::reminders(&obligations, acks, as_of);
        let snoozed = shown.iter().filter_map(|r| r.snoozed_until.map(|d| (r.obligation.key.clone(), d))).collect();
        let back = shown
            .iter()
            .filter(|r| matches!(r.state, DueState::Due | DueState::Overdue))
            .filter_map(|r| r.snoozed_until.map(|d| (r.obligation.due.date, d)))
            .collect();
        let hidden_keys = hidden.iter().map(|h| h.item.o.key.clone()).collect();
        Holds { hidden, hidden_keys, snoozed, back }
    }

    /// Takes what they hold back out of the counts.
    fn subtract(&self, counts: &mut [ListedCount]) {
        for h in &self.hidden {
            if let Some(c) = counts.iter_mut().find(|c| c.kind == h.item.o.kind && c.unit == h.item.who.unit && c.state == h.state) {
                c.count = c.count.saturating_sub(1);
            }
        }
    }
}

/// What the dashboard offers on the rows of a page, and what that is checked against: the
/// records of those rows' people only, the trips and documents of their trip steps only.
struct Offers {
    records: HashMap<PersonId, PersonRecord>,
    trips: HashMap<TripId, Trip>,
    documents: HashMap<clearance_domain::travel::DocumentId, TravelDocument>,
    policy: Arc<Policy>,
    cal: HolidayCalendar,
    as_of: NaiveDate,
    writable: bool,
    lang: Lang,
}

impl Offers {
    /// What the dashboard offers on `o`: record it done (when a step does it and the rules allow
    /// it now), open its record, acknowledge, snooze. Only *Open* on a register open read-only.
    fn of(&self, o: &Obligation) -> Vec<ReminderOffer> {
        let mut out = Vec::new();
        if self.writable {
            out.extend(self.record_offer(o));
        }
        // A document is kept on its holder's page.
        let subject = match o.subject {
            Subject::Document(_) => Subject::Person(o.person),
            s => s,
        };
        out.push(ReminderOffer { action: ReminderAction::Open { subject }, blocked: None });
        if self.writable {
            out.push(ReminderOffer { action: ReminderAction::Acknowledge, blocked: None });
            out.push(ReminderOffer { action: ReminderAction::Snooze, blocked: None });
        }
        out
    }

    fn record_offer(&self, o: &Obligation) -> Option<ReminderOffer> {
        if let Some((trip_id, step)) = occasion::trip_step(o) {
            let trip = self.trips.get(&trip_id)?;
            let document = trip.checkout.map(|c| c.document).or(trip.document).and_then(|d| self.documents.get(&d));
            let rules = &self.policy.travel;
            let available = trip.available_steps(rules, document, &self.cal, self.as_of).into_iter().find(|s| s.step == step)?;
            return Some(ReminderOffer {
                action: ReminderAction::TripStep { trip: trip_id, step },
                blocked: available.blocked.map(|e| e.message(self.lang)),
            });
        }
        let step_id = o.step_id.as_ref()?;
        let record = self.records.get(&o.person)?;
        let blocked = record_step_offer(record, &self.policy, step_id, self.as_of)?;
        Some(ReminderOffer {
            action: ReminderAction::RecordStep { step_id: step_id.clone() },
            blocked: blocked.map(|e| e.message(self.lang)),
        })
    }
}

/// Where `record_reminders_done` and the acknowledgements find an obligation by key or handle.
enum Finder {
    Projection(BoardRead),
    Register(Register),
}

impl Finder {
    async fn find(&mut self, key: &str) -> AppResult<(Obligation, Who)> {
        let key = key.trim();
        match self {
            Finder::Projection(read) => {
                let typed = crockford::normalize(key, HANDLE_LEN);
                let found = read.find(key, typed.as_deref()).await?.ok_or_else(|| not_found(key))?;
                let item = Item::from(found);
                Ok((item.o, item.who))
            }
            Finder::Register(reg) => {
                let o = reg.find(key)?;
                Ok((o.clone(), reg.who(o.person)))
            }
        }
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

impl Office {
    /// Every source's open obligations on `as_of`. A new source appends here, and nowhere else.
    pub(crate) async fn register_obligations(&self, as_of: NaiveDate) -> AppResult<Register> {
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
        for s in supervised {
            sources::lifecycle_obligations(s.id, &s.record, &policy, &cal, as_of, &mut obligations);
            if let Some((trips, documents)) = travel.get(&s.id) {
                sources::travel_obligations(s.id, trips, documents, &policy.travel, &cal, as_of, &mut obligations);
            }
            people.insert(s.id, Who { staff_no: s.staff_no, name: s.name, unit: s.unit });
        }
        for (person, number, issued_on) in self.store.unreturned_forms().await? {
            if people.contains_key(&person) {
                obligations.push(sources::unreturned_form(person, &number, issued_on, &policy));
            }
        }
        Ok(Register { obligations, people })
    }

    /// Whether the projection holds for `as_of`, made current first where it can be
    /// (office/projection.rs); when it does not, the callers recompute from the records.
    async fn projection_holds(&self, as_of: NaiveDate) -> AppResult<bool> {
        self.ensure_projection(as_of).await
    }

    /// The dashboard on `as_of` (default today): the first `filter.limit` rows with what can be
    /// done on each, the counts, the acknowledged list, the 90-day calendar.
    pub async fn reminder_board(&self, as_of: Option<NaiveDate>, filter: &ReminderFilter) -> AppResult<ReminderBoard> {
        self.allow(Operation::Read).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        self.board(as_of, filter, Want { offers: true, extras: true }, self.projection_holds(as_of).await?).await
    }

    /// The reminders as the CLI lists them and the export writes them: the rows and the counts,
    /// without the offers, the groups, the acknowledged list or the calendar (empty).
    pub async fn reminder_list(&self, as_of: Option<NaiveDate>, filter: &ReminderFilter) -> AppResult<ReminderBoard> {
        self.allow(Operation::Read).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        self.board(as_of, filter, Want { offers: false, extras: false }, self.projection_holds(as_of).await?).await
    }

    /// [`Office::reminder_board`] from the full recomputation whatever the projection holds: the
    /// reference the projection's board is compared with (tests, `reminders check`).
    pub async fn reminder_board_recomputed(&self, as_of: Option<NaiveDate>, filter: &ReminderFilter) -> AppResult<ReminderBoard> {
        self.allow(Operation::Read).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        self.board(as_of, filter, Want { offers: true, extras: true }, false).await
    }

    async fn board(&self, as_of: NaiveDate, filter: &ReminderFilter, want: Want, projected: bool) -> AppResult<ReminderBoard> {
        let parts =
            if projected { self.parts_projected(as_of, filter, want).await? } else { self.parts_recomputed(as_of, filter, want).await? };
        let offers = match want.offers {
            true => Some(self.offers(&parts.page, as_of).await?),
            false => None,
        };
        Ok(finish(parts, as_of, want, offers.as_ref()))
    }

    /// The parts of the board from every source's obligations, computed from the records.
    async fn parts_recomputed(&self, as_of: NaiveDate, filter: &ReminderFilter, want: Want) -> AppResult<Parts> {
        let reg = self.register_obligations(as_of).await?;
        let acks = self.store.acknowledgements().await?;
        let shown = reminders::reminders(&reg.obligations, &acks, as_of);
        let summary = reminders::summary(&shown, |p| reg.unit_of(p));
        let listed: Vec<&Reminder> = shown
            .iter()
            .filter(|r| narrowed(filter, r.state, reg.unit_of(r.obligation.person).unwrap_or_default(), r.obligation.kind))
            .collect();
        let total_rows = u32::try_from(listed.len()).unwrap_or(u32::MAX);
        let page = page_of(&listed, filter.limit, |r| r.obligation)
            .into_iter()
            .map(|i| {
                let r = listed[i];
                Shown { item: reg.item(r.obligation), state: r.state, days_overdue: r.days_overdue, snoozed_until: r.snoozed_until }
            })
            .collect();
        let mut parts = Parts::listing(summary, total_rows, page);
        if !want.extras {
            return Ok(parts);
        }
        parts.acknowledged = reminders::hidden_reminders(&reg.obligations, &acks, as_of)
            .into_iter()
            .filter(|h| narrowed(filter, h.state, reg.unit_of(h.obligation.person).unwrap_or_default(), h.obligation.kind))
            .map(|h| Held { item: reg.item(h.obligation), state: h.state, days_overdue: h.days_overdue, ack: h.ack.clone() })
            .collect();
        let horizon = horizon(as_of);
        let mut upcoming: Vec<&Obligation> = reg
            .obligations
            .iter()
            .filter(|o| o.due.date >= as_of && o.due.date <= horizon)
            .filter(|o| {
                filter.unit.as_deref().is_none_or(|u| u.is_empty() || reg.unit_of(o.person) == Some(u))
                    && filter.kind.is_none_or(|k| o.kind == k)
            })
            .collect();
        upcoming.sort_by(|a, b| (a.due.date, a.person, a.kind).cmp(&(b.due.date, b.person, b.kind)).then_with(|| a.key.cmp(&b.key)));
        let mut per_day: HashMap<NaiveDate, u32> = HashMap::new();
        for o in upcoming {
            let n = per_day.entry(o.due.date).or_default();
            *n += 1;
            if *n <= CALENDAR_ITEMS_PER_DAY {
                parts.calendar.push(reg.item(o));
            }
        }
        parts.calendar_days = days(as_of, |d| per_day.get(&d).copied().unwrap_or(0));
        let mut units: Vec<String> = reg.people.values().map(|w| w.unit.clone()).collect();
        units.sort();
        units.dedup();
        parts.units = units;
        Ok(parts)
    }

    /// The parts of the board read from the projection: a page of rows by the order's index, the
    /// counts by an aggregate, the acknowledgements (few) looked up by key.
    async fn parts_projected(&self, as_of: NaiveDate, filter: &ReminderFilter, want: Want) -> AppResult<Parts> {
        let mut read = self.store.board_read().await?;
        let narrow = Narrow { state: filter.state, unit: filter.unit.as_deref().filter(|u| !u.is_empty()), kind: filter.kind };
        let holds = self.holds(&mut read, as_of).await?;
        let mut counts = read.listed_counts(as_of, false).await?;
        holds.subtract(&mut counts);
        let hidden = u32::try_from(holds.hidden.len()).unwrap_or(u32::MAX);
        let earliest = read.first_listed(as_of, hidden.saturating_add(1)).await?.into_iter().find(|(k, _)| !holds.hidden_keys.contains(k));
        let summary = summary_of(&counts, earliest.map(|(_, d)| d));
        let total_rows = counts.iter().filter(|c| narrowed(filter, c.state, &c.unit, c.kind)).map(|c| c.count).sum();

        let mut rows = read.listed(as_of, &narrow, filter.limit.map(|l| l.saturating_add(hidden))).await?;
        rows.retain(|r| !holds.hidden_keys.contains(&r.obligation.key));
        if let Some(limit) = filter.limit {
            let limit = limit as usize;
            // As many rows as asked for: the last one's group may go on past them.
            if rows.len() >= limit {
                rows.truncate(limit);
                // The rest of the groups begun on the page: read for those people.
                let begun: HashSet<(PersonId, occasion::Occasion)> =
                    rows.iter().map(|r| (r.obligation.person, occasion::occasion(&r.obligation))).collect();
                let mut people: Vec<PersonId> = begun.iter().map(|(p, _)| *p).collect();
                people.sort();
                people.dedup();
                let have: HashSet<String> = rows.iter().map(|r| r.obligation.key.clone()).collect();
                for chunk in people.chunks(500) {
                    for r in read.listed_of(as_of, &narrow, chunk).await? {
                        let o = &r.obligation;
                        if !have.contains(&o.key)
                            && !holds.hidden_keys.contains(&o.key)
                            && begun.contains(&(o.person, occasion::occasion(o)))
                        {
                            rows.push(r);
                        }
                    }
                }
                crate::store::board::sort(&mut rows);
            }
        }
        let page = rows
            .into_iter()
            .map(|r| {
                let item = Item::from(r);
                let (state, days_overdue) = item.state(as_of);
                let snoozed_until = holds.snoozed.get(&item.o.key).copied();
                Shown { item, state, days_overdue, snoozed_until }
            })
            .collect();
        let mut parts = Parts::listing(summary, total_rows, page);
        if !want.extras {
            return Ok(parts);
        }
        parts.acknowledged = holds.hidden.into_iter().filter(|h| narrowed(filter, h.state, &h.item.who.unit, h.item.o.kind)).collect();
        let dated = Narrow { state: None, ..narrow };
        let per_day: HashMap<NaiveDate, u32> = read.due_per_day(as_of, horizon(as_of), &dated).await?.into_iter().collect();
        parts.calendar_days = days(as_of, |d| per_day.get(&d).copied().unwrap_or(0));
        parts.calendar =
            read.due_each_day(as_of, horizon(as_of), &dated, CALENDAR_ITEMS_PER_DAY).await?.into_iter().map(Item::from).collect();
        parts.units = read.supervised_units().await?;
        Ok(parts)
    }

    /// What the acknowledgements and snoozes do on `as_of` to the obligations they were recorded
    /// for: those obligations looked up in the projection by key (few), the domain's rules laid
    /// over them.
    async fn holds(&self, read: &mut BoardRead, as_of: NaiveDate) -> AppResult<Holds> {
        let acked: Vec<Item> = read.acknowledged().await?.into_iter().map(Item::from).collect();
        if acked.is_empty() {
            return Ok(Holds::default());
        }
        let acks = self.store.acknowledgements().await?;
        Ok(Holds::of(acked, &acks, as_of))
    }

    /// The offers on a page's rows: the records of its people and its trips' only.
    async fn offers(&self, page: &[Shown], as_of: NaiveDate) -> AppResult<Offers> {
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let mut people: Vec<PersonId> = Vec::new();
        let mut trip_ids: Vec<TripId> = Vec::new();
        for s in page {
            match occasion::trip_step(&s.item.o) {
                Some((t, _)) => trip_ids.push(t),
                None if s.item.o.step_id.is_some() => people.push(s.item.o.person),
                None => {}
            }
        }
        people.sort();
        people.dedup();
        trip_ids.sort();
        trip_ids.dedup();
        let mut records = HashMap::with_capacity(people.len());
        if !people.is_empty() {
            let mut read = self.store.board_read().await?;
            for chunk in people.chunks(500) {
                records.extend(read.records_of(chunk).await?);
            }
        }
        let mut trips = HashMap::new();
        let mut documents = HashMap::new();
        for id in trip_ids {
            let Some(trip) = self.store.trip(id).await? else { continue };
            if let Some(d) = trip.checkout.map(|c| c.document).or(trip.document) {
                if let Some(doc) = self.store.travel_document(d).await? {
                    documents.insert(d, doc);
                }
            }
            trips.insert(id, trip);
        }
        Ok(Offers { records, trips, documents, policy, cal, as_of, writable: !self.store.is_read_only(), lang: self.lang().await })
    }

    /// Where to find the obligations keys name on `today`: the projection when it holds, else
    /// the full recomputation.
    async fn finder(&self, today: NaiveDate) -> AppResult<Finder> {
        Ok(match self.projection_holds(today).await? {
            true => Finder::Projection(self.store.board_read().await?),
            false => Finder::Register(self.register_obligations(today).await?),
        })
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
        let policy = self.policy().await?;
        let mut finder = self.finder(today).await?;
        let mut chosen: Vec<(Obligation, String)> = Vec::new();
        let mut refused = Vec::new();
        for key in keys {
            let (o, who) = finder.find(key).await?;
            let step = o.step_id.clone().filter(|s| occasion::trip_step(&o).is_none() && policy.find_step(s).is_some());
            match step {
                _ if chosen.iter().any(|(c, _)| c.key == o.key) => {}
                Some(step) => chosen.push((o, step)),
                None => {
                    let why = FieldError::general("reminders.not_a_step").into();
                    refused.push(person_refused(&who.name, &who.staff_no, &o, &why));
                }
            }
        }
        drop(finder);
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
        let (o, who) = self.finder(today).await?.find(key).await?;
        let (ack, _) = make(&o, &operator, today)?;
        let item = Item { handle: handle(&o.key), o, who };
        let (state, late) = item.state(today);
        let row = ReminderRow { ack: Some(ack.kind.clone()), ack_by: Some(ack.operator.clone()), ..item.row(state, late) };
        let o = item.o;
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
        // Every open obligation in the board's order, and how each person is named.
        let label = |name: &str, staff_no: &str| if names { super::audit::person_label(name, staff_no, lang) } else { staff_no.to_owned() };
        let mut labels: HashMap<PersonId, String> = HashMap::new();
        let obligations: Vec<Obligation> = if self.projection_holds(as_of).await? {
            let rows = self.store.board_read().await?.all().await?;
            let mut obligations = Vec::with_capacity(rows.len());
            for r in rows {
                labels.entry(r.obligation.person).or_insert_with(|| label(&r.name, &r.staff_no));
                obligations.push(r.obligation);
            }
            obligations
        } else {
            let reg = self.register_obligations(as_of).await?;
            labels.extend(reg.people.iter().map(|(id, w)| (*id, label(&w.name, &w.staff_no))));
            let mut obligations = reg.obligations;
            obligations.sort_unstable_by(|a, b| {
                (a.due.date, a.person, a.kind).cmp(&(b.due.date, b.person, b.kind)).then_with(|| a.key.cmp(&b.key))
            });
            obligations
        };
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
        Ok(reminders::ics::ics(&obligations, |p| labels.get(&p).map(String::as_str), &opts))
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
        let (new_items, summary) = match self.projection_holds(today).await? {
            true => self.notification_projected(today, since).await?,
            false => {
                let reg = self.register_obligations(today).await?;
                let acks = self.store.acknowledgements().await?;
                let shown = reminders::reminders(&reg.obligations, &acks, today);
                // The first notification ever announces everything due or overdue.
                let fresh = match since {
                    Some(since) => reminders::became_due_since(&shown, since).len(),
                    None => shown.iter().filter(|r| matches!(r.state, DueState::Due | DueState::Overdue)).count(),
                };
                let urgent: Vec<Reminder> =
                    shown.iter().filter(|r| matches!(r.state, DueState::Due | DueState::Overdue)).copied().collect();
                (fresh, reminders::summary(&urgent, |p| reg.unit_of(p)))
            }
        };
        if new_items == 0 {
            return Ok(None);
        }
        let (title, body) = reminders::summary_text(&summary, lang);
        Ok(Some(NotificationText { title, body, new_items, due_or_overdue: summary.counts.total() }))
    }

    /// What the notification counts, from the projection: the reminders due or overdue today
    /// counted by an aggregate, and those that became so since `since` (due after it, or back
    /// from a snooze that ended after it), less what acknowledgements hold back.
    async fn notification_projected(&self, today: NaiveDate, since: Option<NaiveDate>) -> AppResult<(usize, ReminderSummary)> {
        let mut read = self.store.board_read().await?;
        let holds = self.holds(&mut read, today).await?;
        let mut counts = read.listed_counts(today, true).await?;
        holds.subtract(&mut counts);
        let summary = summary_of(&counts, None);
        let fresh = match since {
            None => summary.counts.total() as usize,
            Some(since) => {
                let due = read.count_due_between(since, today).await? as usize;
                let held = holds.hidden.iter().filter(|h| h.item.o.due.date > since && h.item.o.due.date <= today).count();
                let back = holds.back.iter().filter(|(due, until)| *due <= since && *until > since).count();
                due.saturating_sub(held) + back
            }
        };
        Ok((fresh, summary))
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

/// The last day of the calendar.
fn horizon(as_of: NaiveDate) -> NaiveDate {
    as_of.checked_add_days(Days::new(CALENDAR_DAYS)).unwrap_or(NaiveDate::MAX)
}

/// Each day of the calendar with its count.
fn days(as_of: NaiveDate, count: impl Fn(NaiveDate) -> u32) -> Vec<CalendarDayCount> {
    as_of.iter_days().take(CALENDAR_DAYS as usize + 1).map(|date| CalendarDayCount { date, count: count(date) }).collect()
}

/// The board from its parts: the rows with their offers, the groups, the lists.
fn finish(parts: Parts, as_of: NaiveDate, want: Want, offers: Option<&Offers>) -> ReminderBoard {
    // The groups (the window's; a listing has none), each under its occasion's key.
    let grouped: Vec<(String, Vec<usize>)> = match want.extras {
        true => occasion::group(&parts.page, |s| &s.item.o)
            .into_iter()
            .filter_map(|items| Some((occasion::occasion(&parts.page.get(*items.first()?)?.item.o).key(), items)))
            .collect(),
        false => Vec::new(),
    };
    let rows: Vec<ReminderRow> = parts
        .page
        .into_iter()
        .map(|s| {
            let offers = offers.map(|x| x.of(&s.item.o)).unwrap_or_default();
            ReminderRow { snoozed_until: s.snoozed_until, offers, ..s.item.into_row(s.state, s.days_overdue) }
        })
        .collect();
    let groups = grouped
        .into_iter()
        .filter_map(|(key, items)| {
            let worst = rows.get(*items.first()?)?;
            Some(ReminderGroup {
                key,
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
    let acknowledged = parts
        .acknowledged
        .iter()
        .map(|h| ReminderRow { ack: Some(h.ack.kind.clone()), ack_by: Some(h.ack.operator.clone()), ..h.item.row(h.state, h.days_overdue) })
        .collect();
    let calendar = parts
        .calendar
        .iter()
        .map(|i| {
            let (state, late) = i.state(as_of);
            i.row(state, late)
        })
        .collect();
    ReminderBoard {
        as_of,
        summary: parts.summary,
        rows,
        total_rows: parts.total_rows,
        groups,
        acknowledged,
        calendar,
        calendar_days: parts.calendar_days,
        units: parts.units,
    }
}
