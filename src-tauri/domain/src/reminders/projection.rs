//! One person's open obligations on a day, with the days for which that list is provably the
//! same: what the reminders' projection stores per person (issue 15), so the dashboard reads an
//! indexed table instead of deriving the whole register on every call.
//!
//! The obligations are the sources' own ([`super::sources`]): nothing here restates a rule. What
//! this module adds is the interval `[valid_from, valid_until)` of as-of days on which the
//! sources give the same list. The rules read the as-of day only in comparisons with
//!
//! - dates in the records: a step done (`done_on <= as_of`), a training attended, a level change
//!   taking effect, a returned item's day, a trip's planned and extended return (a trip is overdue
//!   from the day after it, `Trip::is_overdue`), the decommissioning period's dates, a document's
//!   or an issued form's dates;
//! - the calendar year (training hours are counted per year, due 31 December, named by year);
//!
//! and the obligations' due dates are derived from those dates alone. The list can therefore
//! change only on a day `d` or `d + 1` for a date `d` in the records, or on 1 January. The
//! interval runs from the latest such candidate on or before the day computed for to the earliest
//! after it. To stay on the safe side the candidates also include every obligation's due date and
//! the day after it (where an obligation's state changes, though the list does not), and every
//! date of the records is found by reading the records' serialised form rather than a list of
//! fields, so a date field added later is counted without anyone remembering to add it here.

use chrono::{Datelike, Days, NaiveDate};

use super::obligation::Obligation;
use super::sources;
use crate::calendar::HolidayCalendar;
use crate::lifecycle::PersonRecord;
use crate::person::PersonId;
use crate::policy::Policy;
use crate::travel::{TravelDocument, Trip};

/// What the rules read about one supervised person.
#[derive(Debug, Clone, Copy)]
pub struct PersonRecords<'a> {
    pub id: PersonId,
    pub record: &'a PersonRecord,
    /// The person's trips and travel documents (other people's are skipped by the rules).
    pub trips: &'a [Trip],
    pub documents: &'a [TravelDocument],
    /// Issued forms about the person whose signed copy has not come back: `(number, issued on)`.
    pub forms: &'a [(String, NaiveDate)],
}

/// A person's open obligations on a day and the as-of days for which they are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    pub obligations: Vec<Obligation>,
    /// The first as-of day the list holds for (inclusive).
    pub valid_from: NaiveDate,
    /// The first as-of day it may no longer hold for (exclusive).
    pub valid_until: NaiveDate,
}

impl Projection {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && day < self.valid_until
    }
}

/// Every open obligation of one supervised person on `as_of`, from every source, in the order
/// the sources give them (the same list a full pass over the register makes for the person).
pub fn person_obligations(p: PersonRecords<'_>, policy: &Policy, cal: &HolidayCalendar, as_of: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    sources::lifecycle_obligations(p.id, p.record, policy, cal, as_of, &mut out);
    if !p.trips.is_empty() || !p.documents.is_empty() {
        sources::travel_obligations(p.id, p.trips, p.documents, &policy.travel, cal, as_of, &mut out);
    }
    for (number, issued_on) in p.forms {
        out.push(sources::unreturned_form(p.id, number, *issued_on, policy));
    }
    out
}

/// The person's obligations on `as_of` and the interval of days they hold for.
pub fn project(p: PersonRecords<'_>, policy: &Policy, cal: &HolidayCalendar, as_of: NaiveDate) -> Projection {
    let obligations = person_obligations(p, policy, cal, as_of);
    let (valid_from, valid_until) = interval(p, &obligations, as_of);
    Projection { obligations, valid_from, valid_until }
}

/// `[valid_from, valid_until)` around `as_of`: bounded by the nearest candidate change days
/// (see the module documentation). `valid_from <= as_of < valid_until` always; the interval
/// never spans a 1 January.
pub fn interval(p: PersonRecords<'_>, obligations: &[Obligation], as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this_year = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of);
    let next_year = NaiveDate::from_ymd_opt(as_of.year() + 1, 1, 1).unwrap_or(NaiveDate::MAX);
    let mut bounds = Bounds { as_of, from: this_year, until: next_year };
    let mut text = Vec::new();
    record_dates(p.record, &mut text, &mut bounds);
    for t in p.trips.iter().filter(|t| t.person == p.id) {
        record_dates(t, &mut text, &mut bounds);
    }
    for d in p.documents.iter().filter(|d| d.person == p.id) {
        record_dates(d, &mut text, &mut bounds);
    }
    for (_, issued_on) in p.forms {
        bounds.date(*issued_on);
    }
    for o in obligations {
        bounds.date(o.due.date);
    }
    (bounds.from, bounds.until)
}

/// The nearest candidate change days around `as_of` seen so far.
struct Bounds {
    as_of: NaiveDate,
    from: NaiveDate,
    until: NaiveDate,
}

impl Bounds {
    /// A date the rules compare the as-of day with: the list may change on it or the day after.
    fn date(&mut self, d: NaiveDate) {
        self.candidate(d);
        if let Some(next) = d.checked_add_days(Days::new(1)) {
            self.candidate(next);
        }
    }

    fn candidate(&mut self, c: NaiveDate) {
        if c <= self.as_of {
            self.from = self.from.max(c);
        } else {
            self.until = self.until.min(c);
        }
    }
}

/// Every calendar date in a record's serialised form (`"2026-03-04"`, as chrono writes a
/// `NaiveDate`), fed to `bounds`. Free text that happens to look like a date only narrows the
/// interval, which is safe.
fn record_dates<T: serde::Serialize>(record: &T, buf: &mut Vec<u8>, bounds: &mut Bounds) {
    buf.clear();
    // Serialising these records cannot fail (no maps with non-string keys); were it to, the
    // interval is the smallest one: the day itself.
    if serde_json::to_writer(&mut *buf, record).is_err() {
        bounds.from = bounds.as_of;
        bounds.until = bounds.as_of.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX);
        return;
    }
    let mut i = 0;
    while i + 12 <= buf.len() {
        if buf[i] == b'"' && buf[i + 11] == b'"' && buf[i + 5] == b'-' && buf[i + 8] == b'-' {
            let date = std::str::from_utf8(&buf[i + 1..i + 11]).ok().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            if let Some(d) = date {
                bounds.date(d);
                i += 12;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    //! Every interval is worked out by hand in the comment next to it.

    use super::*;
    use crate::level::{LevelChange, LevelId};
    use crate::lifecycle::{LifecycleState, Stage, StepRecord, TrainingAttendance};
    use crate::travel::trip::{ApprovalLevel, TripDecisionInput};
    use crate::travel::{Traveller, TripId, TripInput, TripKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn prc() -> Policy {
        Policy::builtin("prc-2024").unwrap()
    }

    fn cn() -> HolidayCalendar {
        HolidayCalendar::builtin("cn").unwrap()
    }

    fn id() -> PersonId {
        PersonId::from_stored(7)
    }

    /// Registered Mon 3 Mar 2025 as general, planned start Wed 2 Apr 2025, nothing done.
    fn newcomer() -> PersonRecord {
        PersonRecord {
            registered_on: d(2025, 3, 3),
            planned_start: d(2025, 4, 2),
            level_history: vec![LevelChange { level: LevelId("general".into()), effective: d(2025, 3, 3), reason: "graded".into() }],
            state: LifecycleState::onboarding(),
            steps: vec![],
            trainings: vec![],
        }
    }

    /// The newcomer onboarded (review 10 Mar, training 12 Mar, commitment 14 Mar) and on duty
    /// since Thu 20 Mar 2025.
    fn on_duty() -> PersonRecord {
        let mut p = newcomer();
        let done = |step: &str, on| StepRecord { step_id: step.into(), done_on: on, recorded_by: "王芳".into(), note: String::new() };
        p.steps = vec![done("security_review", d(2025, 3, 10)), done("commitment", d(2025, 3, 14))];
        p.trainings = vec![TrainingAttendance { date: d(2025, 3, 12), hours: 4, category: "security".into(), topic: "保密法".into() }];
        p.state = LifecycleState { stage: Stage::OnDuty, on_duty_since: Some(d(2025, 3, 20)), ..LifecycleState::onboarding() };
        p
    }

    fn records(record: &PersonRecord) -> PersonRecords<'_> {
        PersonRecords { id: id(), record, trips: &[], documents: &[], forms: &[] }
    }

    fn keys_on(record: &PersonRecord, forms: &[(String, NaiveDate)], day: NaiveDate) -> Vec<Obligation> {
        person_obligations(PersonRecords { forms, ..records(record) }, &prc(), &cn(), day)
    }

    #[test]
    fn onboarding_holds_from_the_day_after_registration_to_the_planned_start() {
        // Dates: registered and level effective 3 Mar (candidates 3 and 4 Mar), planned start and
        // the steps' due date 2 Apr (2 and 3 Apr), 1 Jan 2025 and 1 Jan 2026. On 20 Mar the latest
        // candidate before is 4 Mar, the earliest after is 2 Apr.
        let p = newcomer();
        let got = project(records(&p), &prc(), &cn(), d(2025, 3, 20));
        assert_eq!((got.valid_from, got.valid_until), (d(2025, 3, 4), d(2025, 4, 2)));
        assert!(!got.obligations.is_empty());
        for day in [d(2025, 3, 4), d(2025, 4, 1)] {
            assert_eq!(keys_on(&p, &[], day), got.obligations, "{day}");
        }
    }

    #[test]
    fn a_step_recorded_ahead_of_the_day_ends_the_interval_on_its_date() {
        // The review is recorded as done on 10 Mar; on 5 Mar it is not done yet. Candidates after
        // 5 Mar: 10 Mar (the step) first. Before: 4 Mar.
        let mut p = newcomer();
        p.steps = vec![StepRecord {
            step_id: "security_review".into(),
            done_on: d(2025, 3, 10),
            recorded_by: "王芳".into(),
            note: String::new(),
        }];
        let got = project(records(&p), &prc(), &cn(), d(2025, 3, 5));
        assert_eq!((got.valid_from, got.valid_until), (d(2025, 3, 4), d(2025, 3, 10)));
        // And indeed the list differs on 10 Mar (the review is done).
        assert_ne!(keys_on(&p, &[], d(2025, 3, 10)), got.obligations);
        // From 11 Mar (the day after the step) to 2 Apr (the planned start and due date).
        let later = project(records(&p), &prc(), &cn(), d(2025, 3, 11));
        assert_eq!((later.valid_from, later.valid_until), (d(2025, 3, 11), d(2025, 4, 2)));
    }

    #[test]
    fn training_hours_end_the_interval_at_the_year_end() {
        // On duty; the year's hours are short (4 of the policy's minimum), due 31 Dec 2025. On
        // 20 Dec the candidates after are 31 Dec (the due date) and 1 Jan; the latest before is
        // 21 Mar (the day after going on duty).
        let p = on_duty();
        let got = project(records(&p), &prc(), &cn(), d(2025, 12, 20));
        assert!(got.obligations.iter().any(|o| o.key.ends_with(":training_hours")));
        assert_eq!(got.valid_until, d(2025, 12, 31));
        // On 1 Jan 2026 the hours are another year's, named after it: a new list.
        let new_year = project(records(&p), &prc(), &cn(), d(2026, 1, 1));
        assert_eq!(new_year.valid_from, d(2026, 1, 1));
        assert_ne!(new_year.obligations, got.obligations);
    }

    #[test]
    fn an_unreturned_form_is_a_date_and_its_due_date_too() {
        // Issued on 15 Apr 2025: candidates 15 and 16 Apr, and its due date (issue + the policy's
        // lead time) and the day after. On 16 Apr the interval starts that day.
        let p = on_duty();
        let forms = vec![("2025-0001".to_owned(), d(2025, 4, 15))];
        let got = project(PersonRecords { forms: &forms, ..records(&p) }, &prc(), &cn(), d(2025, 4, 16));
        let due = got.obligations.iter().find(|o| o.key == "form:2025-0001:signed_copy").unwrap().due.date;
        assert_eq!(got.valid_from, d(2025, 4, 16));
        assert!(got.valid_until <= due);
    }

    #[test]
    fn an_approved_trip_is_overdue_from_the_day_after_its_return() {
        // Requested Mon 1 Sep 2025, approved Mon 8 Sep, leaving Fri 26 Sep, back Sun 5 Oct, never
        // briefed nor recorded as left. On 5 Oct the return is not owed yet; from Mon 6 Oct the trip
        // is overdue (`Trip::is_overdue`: the day after the return date) and its return is listed.
        // Candidates around 5 Oct: 5 Oct itself (the return date), then 6 Oct (the day after).
        let p = on_duty();
        let policy = prc();
        let input = TripInput {
            destinations: vec!["jp".into()],
            purpose: "探亲".into(),
            kind: Some(TripKind::Private),
            planned_departure: Some(d(2025, 9, 26)),
            planned_return: Some(d(2025, 10, 5)),
            document: None,
            notes: String::new(),
        };
        let today = d(2026, 6, 30);
        let trip = Trip::request(TripId::from_stored(10), id(), &input, d(2025, 9, 1), &[], &policy.travel, today).unwrap();
        let decision = TripDecisionInput {
            by: "李处长".into(),
            date: d(2025, 9, 8),
            level: ApprovalLevel::Standard,
            personnel_opinion: "同意".into(),
            secrecy_office_opinion: "同意".into(),
            reason: String::new(),
        };
        let traveller = Traveller { person: id(), levels: &p.level_history, decommissioning: None };
        let trip = trip.approve(&decision, &traveller, &policy.travel, today).unwrap();
        let trips = [trip];
        let r = PersonRecords { trips: &trips, ..records(&p) };
        let on_the_day = project(r, &policy, &cn(), d(2025, 10, 5));
        assert_eq!((on_the_day.valid_from, on_the_day.valid_until), (d(2025, 10, 5), d(2025, 10, 6)));
        assert!(!on_the_day.obligations.iter().any(|o| o.key == "trip:10:return"));
        let after = project(r, &policy, &cn(), d(2025, 10, 6));
        assert!(after.obligations.iter().any(|o| o.key == "trip:10:return"), "{:#?}", after.obligations);
        assert_eq!(after.valid_from, d(2025, 10, 6));
    }

    #[test]
    fn the_list_is_the_same_on_every_day_of_the_interval() {
        // Every day of 2025 and early 2026, for the on-duty person with a level change, a form
        // and a step recorded ahead: the list on the interval's first and last day is the list
        // of the day computed for.
        let mut p = on_duty();
        p.level_history.push(LevelChange { level: LevelId("core".into()), effective: d(2025, 9, 1), reason: "post".into() });
        p.steps
            .push(StepRecord { step_id: "commitment".into(), done_on: d(2025, 11, 3), recorded_by: "王芳".into(), note: String::new() });
        let forms = vec![("2025-0002".to_owned(), d(2025, 6, 2))];
        let mut day = d(2025, 3, 1);
        while day < d(2026, 3, 1) {
            let r = PersonRecords { forms: &forms, ..records(&p) };
            let got = project(r, &prc(), &cn(), day);
            assert!(got.holds_on(day));
            let last = got.valid_until.pred_opt().unwrap();
            assert_eq!(person_obligations(r, &prc(), &cn(), got.valid_from), got.obligations, "from {}", got.valid_from);
            assert_eq!(person_obligations(r, &prc(), &cn(), last), got.obligations, "until {}", got.valid_until);
            day = day.succ_opt().unwrap();
        }
    }
}
