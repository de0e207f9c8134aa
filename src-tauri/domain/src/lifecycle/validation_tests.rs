//! What the lifecycle refuses of typed input: training sessions, personal events, transitions'
//! dates and texts, steps recorded.

use chrono::NaiveDate;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::level::LevelChange;
use crate::DomainError;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn prc() -> Policy {
    Policy::builtin("prc-2024").unwrap()
}

fn today() -> NaiveDate {
    d(2026, 3, 2)
}

fn codes<T: std::fmt::Debug>(r: Result<T, DomainError>) -> Vec<(String, String)> {
    r.expect_err("should be refused").errors.into_iter().map(|e| (e.field.unwrap_or_default(), e.code)).collect()
}

fn session(hours: u32) -> TrainingSession {
    TrainingSession { date: d(2026, 3, 1), topic: "保密法".into(), hours, category: "security".into() }
}

fn person() -> PersonRecord {
    PersonRecord {
        registered_on: d(2025, 3, 3),
        planned_start: d(2025, 4, 2),
        level_history: vec![LevelChange { level: LevelId("general".into()), effective: d(2025, 3, 3), reason: "post".into() }],
        state: LifecycleState::onboarding(),
        steps: vec![],
        trainings: vec![],
    }
}

#[test]
fn a_session_counts_1_to_24_hours() {
    assert_eq!(session(24).validate(&prc(), 1, today()).unwrap().hours, 24);
    assert_eq!(session(1).validate(&prc(), 1, today()).unwrap().hours, 1);
    for hours in [0, 25, 999, u32::MAX] {
        assert_eq!(codes(session(hours).validate(&prc(), 1, today())), [("hours".into(), "training.hours_range".into())], "{hours}");
    }
    let err = session(25).validate(&prc(), 1, today()).unwrap_err();
    assert_eq!(err.message(Lang::ZhCn), "学时应为 1 至 24 的整数(一次培训为一天,至多 24 学时)");
    assert_eq!(err.message(Lang::En), "Hours must be a whole number from 1 to 24 (a session is one day: 24 hours at most)");
}

#[test]
fn a_session_is_dated_within_the_register_and_not_ahead() {
    let at = |date| TrainingSession { date, ..session(4) };
    assert_eq!(codes(at(d(26, 3, 1)).validate(&prc(), 1, today())), [("date".into(), "date.out_of_range".into())]);
    assert_eq!(codes(at(d(2026, 3, 3)).validate(&prc(), 1, today())), [("date".into(), "date.future".into())]);
    assert!(at(d(1900, 1, 1)).validate(&prc(), 1, today()).is_ok());
}

#[test]
fn a_session_topic_is_checked_text() {
    let long = TrainingSession { topic: "保".repeat(40_000), ..session(4) };
    assert_eq!(codes(long.validate(&prc(), 1, today())), [("topic".into(), "too_long".into())]);
    let hidden = TrainingSession { topic: "保密\u{202E}法".into(), ..session(4) };
    assert_eq!(codes(hidden.validate(&prc(), 1, today())), [("topic".into(), "text.invisible".into())]);
    let odd = TrainingSession { category: "\u{200B}".into(), ..session(4) };
    assert_eq!(codes(odd.validate(&prc(), 1, today())), [("category".into(), "text.invisible".into())]);
    let tidy = TrainingSession { topic: "  保密法\u{3000}解读 ".into(), ..session(4) };
    assert_eq!(tidy.validate(&prc(), 1, today()).unwrap().topic, "保密法 解读");
}

#[test]
fn personal_events_check_their_texts_and_date() {
    let event = PersonalEvent {
        kind: "配偶取得外国国籍".into(),
        date: d(2026, 1, 5),
        action_taken: "谈话\r\n备案".into(),
        recorded_by: String::new(),
    };
    let ok = event.validate(&person(), today()).unwrap();
    assert_eq!(ok.action_taken, "谈话\n备案");
    let bad = PersonalEvent { kind: "\u{202E}".into(), date: d(26, 1, 5), ..event.clone() };
    assert_eq!(
        codes(bad.validate(&person(), today())),
        [("kind".into(), "text.invisible".into()), ("date".into(), "date.out_of_range".into())]
    );
    let long = PersonalEvent { action_taken: "x".repeat(4001), ..event };
    assert_eq!(codes(long.validate(&person(), today())), [("action_taken".into(), "too_long".into())]);
}

#[test]
fn transitions_refuse_dates_outside_the_register_and_invisible_reasons() {
    let cal = HolidayCalendar::builtin("cn").unwrap();
    let p = person();
    let far = Transition::StartDuty { date: d(2101, 1, 1), override_reason: None };
    assert!(advance(&p, &far, &prc(), &cal, d(2101, 1, 2)).unwrap_err().has("date.out_of_range"));
    let hidden = Transition::StartDuty { date: d(2025, 4, 1), override_reason: Some("\u{2067}急需上岗".into()) };
    assert!(advance(&p, &hidden, &prc(), &cal, today()).unwrap_err().has("text.invisible"));

    let mut on_duty = p.clone();
    on_duty.state.stage = Stage::OnDuty;
    on_duty.state.on_duty_since = Some(d(2025, 4, 1));
    let depart = Transition::Depart { kind: DepartureKind::LeavePost, date: d(2101, 1, 1) };
    assert!(advance(&on_duty, &depart, &prc(), &cal, today()).unwrap_err().has("date.out_of_range"));
}

#[test]
fn a_decommissioning_period_of_billions_of_working_days_is_refused_before_it_is_counted() {
    let cal = HolidayCalendar::builtin("cn").unwrap();
    let mut p = person();
    p.state.stage = Stage::Departing;
    p.state.departure = Some(Departure { kind: DepartureKind::LeaveOrganisation, date: d(2026, 1, 5), items: vec![] });
    let huge = crate::deadline::Period::working_days(u32::MAX);
    let start = Transition::StartDecommissioning { period: Some(huge.clone()), receiving_organisation: None };
    let err = advance(&p, &start, &prc(), &cal, today()).unwrap_err();
    assert!(err.has("lifecycle.period_too_long"), "{err:?}");
    assert_eq!(err.errors.iter().find(|e| e.code == "lifecycle.period_too_long").unwrap().message(Lang::ZhCn), "脱密期期限不能超过 100 年");

    let end = d(2028, 1, 5);
    p.state.stage = Stage::Decommissioning;
    p.state.decommissioning = Some(Decommissioning {
        level: LevelId("general".into()),
        period: crate::deadline::Period::years(2),
        start: d(2026, 1, 5),
        chosen_end: end,
        extensions: vec![],
        receiving_organisation: None,
        rule_id: "r".into(),
        citation: crate::deadline::Citation { zh: "z".into(), en: "e".into() },
    });
    let extend = Transition::ExtendDecommissioning { by: huge, reason: "调查".into() };
    assert!(advance(&p, &extend, &prc(), &cal, today()).unwrap_err().has("lifecycle.period_too_long"));
}

#[test]
fn steps_recorded_check_the_operator_the_note_and_the_date() {
    let p = person();
    let r = |date, by: &str, note: &str| record_step(&p, &prc(), "security_review", date, by, note, today());
    assert_eq!(r(d(2025, 3, 10), " 王芳 ", " 通过 ").unwrap().recorded_by, "王芳");
    assert!(r(d(2025, 3, 10), "王\u{200B}芳", "").unwrap_err().has("text.invisible"));
    assert!(r(d(2025, 3, 10), "", "").unwrap_err().has("operator.required"));
    assert!(r(d(2025, 3, 10), "王芳", "\u{1B}[2J").unwrap_err().has("text.invisible"));
    assert!(r(d(2101, 3, 10), "王芳", "").unwrap_err().has("date.out_of_range"));
}
