//! Tests of the reminders. Every date is worked out by hand in the comment next to it, against the
//! shipped CN calendar (2025: National Day and Mid-Autumn Wed 1 – Wed 8 Oct, make-up working days
//! Sun 28 Sep and Sat 11 Oct) and the shipped `prc-2024` policy (lead 30 days, travel 7 days).

mod ack;
mod engine;
mod ics;
mod kinds;
mod occasion;
mod summary;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::calendar::HolidayCalendar;
use crate::deadline::{Citation, Deadline, DueState};
use crate::i18n::Lang;
use crate::level::{LevelChange, LevelId};
use crate::lifecycle::{advance, DepartureKind, LifecycleState, PersonRecord, ReturnedItem, StepRecord, TrainingAttendance, Transition};
use crate::person::PersonId;
use crate::policy::Policy;
use crate::travel::document::Handling;
use crate::travel::trip::{TripDecisionInput, TripExtensionInput};
use crate::travel::{
    ApprovalLevel, DocumentId, DocumentInput, DocumentKind, TravelDocument, TravelRules, Traveller, Trip, TripId, TripInput, TripKind,
};

pub const ZHANG: PersonId = PersonId(42);
pub const TRIP: TripId = TripId(10);
pub const PASSPORT: DocumentId = DocumentId(1);

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An instant on `date` at `hour`:00 UTC.
pub fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
}

/// "Today" for recording travel steps: late enough that no fixture date is in the future.
pub fn recording_day() -> NaiveDate {
    d(2026, 6, 30)
}

pub fn cn() -> HolidayCalendar {
    HolidayCalendar::builtin("cn").unwrap()
}

pub fn prc() -> Policy {
    static PRC: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    PRC.get_or_init(|| Policy::builtin("prc-2024").unwrap()).clone()
}

pub fn rules() -> TravelRules {
    prc().travel
}

// --- lifecycle records ----------------------------------------------------------------------

fn change(level: &str, effective: NaiveDate) -> LevelChange {
    LevelChange { level: LevelId(level.to_owned()), effective, reason: "post graded".into() }
}

pub fn done(step: &str, on: NaiveDate) -> StepRecord {
    StepRecord { step_id: step.into(), done_on: on, recorded_by: "王芳".into(), note: String::new() }
}

pub fn training(on: NaiveDate, hours: u32) -> TrainingAttendance {
    TrainingAttendance { date: on, hours, category: "security".into(), topic: "保密法".into() }
}

/// Registered Mon 3 Mar 2025 as `level`; planned start 3 Mar + 30 days = Wed 2 Apr 2025.
pub fn newcomer(level: &str) -> PersonRecord {
    PersonRecord {
        registered_on: d(2025, 3, 3),
        planned_start: d(2025, 4, 2),
        level_history: vec![change(level, d(2025, 3, 3))],
        state: LifecycleState::onboarding(),
        steps: vec![],
        trainings: vec![],
    }
}

pub fn with(p: &PersonRecord, t: Transition, today: NaiveDate) -> PersonRecord {
    let a = advance(p, &t, &prc(), &cn(), today).unwrap();
    PersonRecord { state: a.state, ..p.clone() }
}

/// Onboarding done (review Mon 10 Mar, a 4-hour initial training Wed 12 Mar, commitment Fri
/// 14 Mar 2025) and on duty from Thu 20 Mar 2025.
pub fn on_duty(level: &str) -> PersonRecord {
    let mut p = newcomer(level);
    p.steps = vec![done("security_review", d(2025, 3, 10)), done("commitment", d(2025, 3, 14))];
    p.trainings = vec![training(d(2025, 3, 12), 4)];
    with(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: None }, d(2025, 3, 20))
}

/// On duty, then leaving the organisation on Thu 15 Jan 2026 (recorded Mon 5 Jan).
pub fn departing() -> PersonRecord {
    let p = on_duty("general");
    with(&p, Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: d(2026, 1, 15) }, d(2026, 1, 5))
}

/// Departing with every departure step done on Wed 14 Jan 2026 and the one item signed for.
pub fn ready_to_leave() -> PersonRecord {
    let mut p = departing();
    for s in ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"] {
        p.steps.push(done(s, d(2026, 1, 14)));
    }
    p.state.departure.as_mut().unwrap().items = vec![ReturnedItem {
        item: "涉密笔记本".into(),
        classification: "秘密".into(),
        number: "BJ-001".into(),
        received_by: "李强".into(),
        returned_on: Some(d(2026, 1, 14)),
    }];
    p
}

/// The lifecycle reminders source, as the app feeds it.
pub fn life(p: &PersonRecord, as_of: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    sources::lifecycle_obligations(ZHANG, p, &prc(), &cn(), as_of, &mut out);
    out
}

// --- travel records -------------------------------------------------------------------------

pub fn h(date: NaiveDate) -> Handling<'static> {
    Handling { date, by: "王保密", counterpart: "张伟", today: recording_day() }
}

pub fn doc_input(number: &str, issued: NaiveDate, expires: NaiveDate) -> DocumentInput {
    DocumentInput {
        kind: DocumentKind::Passport,
        number: number.to_owned(),
        issued: Some(issued),
        expires: Some(expires),
        notes: String::new(),
    }
}

/// Registered on `registered` (issued 1 Jun 2024, valid until `expires`), not yet handed in.
pub fn registered_document(id: DocumentId, registered: NaiveDate, expires: NaiveDate) -> TravelDocument {
    let input = doc_input(&format!("E{:08}", id.0), d(2024, 6, 1), expires);
    TravelDocument::register(id, ZHANG, &input, registered, "王保密", recording_day()).unwrap()
}

/// The passport, valid until Wed 31 May 2034, registered and handed in Fri 10 Jan 2025.
pub fn passport() -> TravelDocument {
    registered_document(PASSPORT, d(2025, 1, 10), d(2034, 5, 31)).hand_in(&h(d(2025, 1, 10)), "保险柜1-3号格", &rules()).unwrap()
}

/// Requested Mon 1 Sep 2025: Japan, leaving Fri 26 Sep, back Sun 5 Oct 2025, on the passport.
pub fn requested() -> Trip {
    let input = TripInput {
        destinations: vec!["jp".to_owned()],
        purpose: "探亲".to_owned(),
        kind: Some(TripKind::Private),
        planned_departure: Some(d(2025, 9, 26)),
        planned_return: Some(d(2025, 10, 5)),
        document: Some(PASSPORT),
        notes: String::new(),
    };
    Trip::request(TRIP, ZHANG, &input, d(2025, 9, 1), &[passport()], &rules(), recording_day()).unwrap()
}

/// Approved Mon 8 Sep 2025 (a general-level traveller, the standard approval level).
pub fn approved() -> Trip {
    let levels = vec![change("general", d(2020, 1, 1))];
    let decision = TripDecisionInput {
        by: "李处长".to_owned(),
        date: d(2025, 9, 8),
        level: ApprovalLevel::Standard,
        personnel_opinion: "同意".to_owned(),
        secrecy_office_opinion: "同意".to_owned(),
        reason: String::new(),
    };
    let traveller = Traveller { person: ZHANG, levels: &levels, decommissioning: None };
    requested().approve(&decision, &traveller, &rules(), recording_day()).unwrap()
}

/// Briefed Mon 22 Sep, passport out Thu 25 Sep, left Fri 26 Sep 2025.
pub fn departed() -> (TravelDocument, Trip) {
    let trip = approved().brief(d(2025, 9, 22), "王保密", "行前保密提醒谈话", recording_day()).unwrap();
    let (doc, trip) = passport().check_out(&trip, &h(d(2025, 9, 25)), &rules(), &cn()).unwrap();
    (doc, trip.depart(d(2025, 9, 26), &rules(), recording_day()).unwrap())
}

/// Back on `date`.
pub fn returned(date: NaiveDate) -> (TravelDocument, Trip) {
    let (doc, trip) = departed();
    (doc, trip.return_home(date, recording_day()).unwrap())
}

pub fn extension(date: NaiveDate, new_return: NaiveDate) -> TripExtensionInput {
    TripExtensionInput { date, new_return, reason: "会议延期".to_owned(), approver: "李处长".to_owned() }
}

/// The travel reminders source, as the app feeds it.
pub fn travel(trips: &[Trip], documents: &[TravelDocument], as_of: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    sources::travel_obligations(ZHANG, trips, documents, &rules(), &cn(), as_of, &mut out);
    out
}

// --- the engine's view ----------------------------------------------------------------------

/// `(state, days overdue)` of the reminder with `key` on `as_of`, or `None` when not listed.
pub fn state_of(list: &[Obligation], key: &str, as_of: NaiveDate) -> Option<(DueState, i64)> {
    reminders(list, &[], as_of).iter().find(|r| r.obligation.key == key).map(|r| (r.state, r.days_overdue))
}

pub fn find<'a>(list: &'a [Obligation], key: &str) -> &'a Obligation {
    list.iter().find(|o| o.key == key).unwrap_or_else(|| panic!("{key} not in {:#?}", list.iter().map(|o| &o.key).collect::<Vec<_>>()))
}

pub fn keys(list: &[Reminder<'_>]) -> Vec<String> {
    list.iter().map(|r| r.obligation.key.clone()).collect()
}

/// A made-up obligation for the engine's own tests.
pub fn item(key: &str, person: i64, kind: ReminderKind, due: NaiveDate, lead_days: u32) -> Obligation {
    let deadline = Deadline {
        date: due,
        rule_id: "test.rule".into(),
        citation: Citation { zh: "单位规定".into(), en: "Unit rule".into() },
        beyond_calendar: false,
    };
    Obligation::new(key.to_owned(), PersonId(person), Subject::Person(PersonId(person)), kind, deadline, lead_days)
}

pub const UP: Option<(DueState, i64)> = Some((DueState::Upcoming, 0));
pub const DUE: Option<(DueState, i64)> = Some((DueState::Due, 0));

pub fn late(days: i64) -> Option<(DueState, i64)> {
    Some((DueState::Overdue, days))
}
