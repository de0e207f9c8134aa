//! Tests of the travel rules. Every expected date is worked out by hand in a comment, against
//! the shipped CN calendar (2025: National Day and Mid-Autumn holiday Wed 1 – Wed 8 Oct, make-up
//! working days Sun 28 Sep and Sat 11 Oct) or the US federal one.

mod conflicts;
mod documents;
mod input;
mod life;
mod obligations;
mod steps;
mod trips;

use chrono::NaiveDate;

use super::document::Handling;
use super::trip::{TripDecisionInput, TripExtensionInput};
use super::*;
use crate::calendar::HolidayCalendar;
use crate::level::{LevelChange, LevelId};

pub const ALICE: PersonId = PersonId(1);
pub const BOB: PersonId = PersonId(2);
pub const TRIP: TripId = TripId(10);
pub const PASSPORT: DocumentId = DocumentId(1);

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// "Today" for recording: late enough that no fixture date is in the future.
pub fn today() -> NaiveDate {
    d(2026, 6, 30)
}

pub fn cn() -> HolidayCalendar {
    HolidayCalendar::builtin("cn").unwrap()
}

pub fn us() -> HolidayCalendar {
    HolidayCalendar::builtin("us").unwrap()
}

/// The shipped PRC policy's travel rules (parsed once).
pub fn prc() -> TravelRules {
    static PRC: std::sync::OnceLock<TravelRules> = std::sync::OnceLock::new();
    PRC.get_or_init(TravelRules::prc_default).clone()
}

pub fn h(date: NaiveDate) -> Handling<'static> {
    Handling { date, by: "王保密", counterpart: "张三", today: today() }
}

pub fn history(level: &str) -> Vec<LevelChange> {
    vec![LevelChange { level: LevelId(level.to_owned()), effective: d(2020, 1, 1), reason: "post".to_owned() }]
}

pub fn traveller(levels: &[LevelChange], decommissioning: Option<DateSpan>) -> Traveller<'_> {
    Traveller { person: ALICE, levels, decommissioning }
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

/// A document of `person` registered Fri 10 Jan 2025 and handed in the same day to safe 1 box 3.
pub fn document(id: DocumentId, person: PersonId, expires: NaiveDate) -> TravelDocument {
    let input = doc_input(&format!("E{:08}", id.0), d(2024, 6, 1), expires);
    let doc = TravelDocument::register(id, person, &input, d(2025, 1, 10), "王保密", today()).unwrap();
    doc.hand_in(&h(d(2025, 1, 10)), "保险柜1-3号格", &prc()).unwrap()
}

/// Alice's passport, valid until 31 May 2034, in custody.
pub fn passport() -> TravelDocument {
    document(PASSPORT, ALICE, d(2034, 5, 31))
}

/// Requested Mon 1 Sep 2025: Japan, leaving Fri 26 Sep, back Sun 5 Oct 2025, on the passport.
pub fn input() -> TripInput {
    TripInput {
        destinations: vec!["jp".to_owned()],
        purpose: "探亲".to_owned(),
        kind: Some(TripKind::Private),
        planned_departure: Some(d(2025, 9, 26)),
        planned_return: Some(d(2025, 10, 5)),
        document: Some(PASSPORT),
        notes: String::new(),
    }
}

pub fn requested() -> Trip {
    Trip::request(TRIP, ALICE, &input(), d(2025, 9, 1), &[passport()], &prc(), today()).unwrap()
}

pub fn decision(date: NaiveDate, level: ApprovalLevel) -> TripDecisionInput {
    TripDecisionInput {
        by: "李处长".to_owned(),
        date,
        level,
        personnel_opinion: "同意".to_owned(),
        secrecy_office_opinion: "同意,行前须接受保密提醒".to_owned(),
        reason: String::new(),
    }
}

/// Approved Mon 8 Sep 2025 at the standard level (a general-level traveller).
pub fn approved() -> Trip {
    let levels = history("general");
    requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &traveller(&levels, None), &prc(), today()).unwrap()
}

/// Briefed Mon 22 Sep 2025.
pub fn briefed() -> Trip {
    approved().brief(d(2025, 9, 22), "王保密", "行前保密提醒谈话", today()).unwrap()
}

/// Passport checked out Thu 25 Sep 2025 (the earliest day was Fri 19 Sep).
pub fn checked_out() -> (TravelDocument, Trip) {
    passport().check_out(&briefed(), &h(d(2025, 9, 25)), &prc(), &cn()).unwrap()
}

/// Left Fri 26 Sep 2025 as planned.
pub fn departed() -> (TravelDocument, Trip) {
    let (doc, trip) = checked_out();
    (doc, trip.depart(d(2025, 9, 26), &prc(), today()).unwrap())
}

/// Back on `date` instead of the planned Sun 5 Oct.
pub fn returned(date: NaiveDate) -> (TravelDocument, Trip) {
    let (doc, trip) = departed();
    (doc, trip.return_home(date, today()).unwrap())
}

/// An early check-out for the visa appointment, allowed by the head of the office.
pub fn visa() -> EarlyCheckout {
    EarlyCheckout { reason: "日本签证面签,使馆要求提交护照原件".to_owned(), approver: "李处长".to_owned() }
}

pub fn extension(date: NaiveDate, new_return: NaiveDate) -> TripExtensionInput {
    TripExtensionInput { date, new_return, reason: "会议延期".to_owned(), approver: "李处长".to_owned() }
}

/// The refusal codes of a result, for assertions.
pub fn codes<T: std::fmt::Debug>(r: Result<T, crate::DomainError>) -> Vec<String> {
    r.expect_err("should be refused").errors.into_iter().map(|e| e.code).collect()
}
