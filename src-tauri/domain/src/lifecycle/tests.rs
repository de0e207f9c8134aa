//! Lifecycle tests. Every date is worked out by hand in the comment next to it.

use chrono::NaiveDate;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::deadline::{DueState, Period};
use crate::level::LevelChange;

mod actions;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn prc() -> Policy {
    Policy::builtin("prc-2024").unwrap()
}

fn us() -> Policy {
    Policy::builtin("us-nispom").unwrap()
}

fn cn() -> HolidayCalendar {
    HolidayCalendar::builtin("cn").unwrap()
}

fn lid(s: &str) -> LevelId {
    LevelId(s.to_owned())
}

fn change(level: &str, effective: NaiveDate) -> LevelChange {
    LevelChange { level: lid(level), effective, reason: "post graded".into() }
}

fn done(step: &str, on: NaiveDate) -> StepRecord {
    StepRecord { step_id: step.into(), done_on: on, recorded_by: "王芳".into(), note: String::new() }
}

fn training(on: NaiveDate, hours: u32, category: &str) -> TrainingAttendance {
    TrainingAttendance { date: on, hours, category: category.into(), topic: "保密法".into() }
}

/// Registered Mon 3 Mar 2025 as general; planned start 3 Mar + 30 days = Wed 2 Apr 2025.
fn newcomer() -> PersonRecord {
    PersonRecord {
        registered_on: d(2025, 3, 3),
        planned_start: d(2025, 4, 2),
        level_history: vec![change("general", d(2025, 3, 3))],
        state: LifecycleState::onboarding(),
        steps: vec![],
        trainings: vec![],
    }
}

/// The newcomer with every onboarding step done: review Mon 10 Mar, initial training (a 4-hour
/// session of category `security`) Wed 12 Mar, commitment Fri 14 Mar 2025.
fn onboarded() -> PersonRecord {
    let mut p = newcomer();
    p.steps = vec![done("security_review", d(2025, 3, 10)), done("commitment", d(2025, 3, 14))];
    p.trainings = vec![training(d(2025, 3, 12), 4, "security")];
    p
}

/// On duty since Thu 20 Mar 2025.
fn on_duty() -> PersonRecord {
    let p = onboarded();
    with(&p, go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: None }, d(2025, 3, 20)))
}

fn go(p: &PersonRecord, t: Transition, today: NaiveDate) -> Advanced {
    advance(p, &t, &prc(), &cn(), today).unwrap()
}

fn refuse(p: &PersonRecord, t: Transition, today: NaiveDate) -> Refusal {
    advance(p, &t, &prc(), &cn(), today).unwrap_err()
}

fn with(p: &PersonRecord, a: Advanced) -> PersonRecord {
    PersonRecord { state: a.state, ..p.clone() }
}

fn codes(r: &Refusal) -> Vec<(&str, Option<&str>)> {
    r.errors.iter().map(|e| (e.code.as_str(), e.field.as_deref())).collect()
}

/// On duty, then departing (leaving the organisation) on Thu 15 Jan 2026.
fn departing() -> PersonRecord {
    let p = on_duty();
    with(&p, go(&p, Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: d(2026, 1, 15) }, d(2026, 1, 5)))
}

/// Departing with every departure step done and the one returned item signed for.
fn ready_to_leave() -> PersonRecord {
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

// --- onboarding → on duty -------------------------------------------------------------------

#[test]
fn on_duty_is_refused_naming_every_missing_step() {
    let mut p = newcomer();
    p.steps.push(done("security_review", d(2025, 3, 10)));
    let r = refuse(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: None }, d(2025, 3, 20));
    assert_eq!(codes(&r), [("lifecycle.step_missing", Some("initial_training")), ("lifecycle.step_missing", Some("commitment"))]);
    assert_eq!(r.errors[0].message(Lang::ZhCn), "尚未完成:上岗前保密教育培训");
    assert_eq!(r.errors[1].message(Lang::En), "Not done yet: Confidentiality commitment signed");
    assert_eq!(r.message(Lang::En), "Not done yet: Initial security training; Not done yet: Confidentiality commitment signed");
}

#[test]
fn on_duty_is_allowed_when_the_required_steps_are_done() {
    let p = onboarded();
    let a = go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: None }, d(2025, 3, 20));
    assert_eq!(a.state.stage, Stage::OnDuty);
    assert_eq!(a.state.on_duty_since, Some(d(2025, 3, 20)));
    assert_eq!(a.overridden, None);
    // A step done after the on-duty date does not count for it: commitment on 14 Mar, on duty 13 Mar.
    let r = refuse(&p, Transition::StartDuty { date: d(2025, 3, 13), override_reason: None }, d(2025, 3, 20));
    assert_eq!(codes(&r), [("lifecycle.step_missing", Some("commitment"))]);
}

#[test]
fn an_override_needs_a_written_reason_and_says_it_was_one() {
    let p = newcomer();
    let a = go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some(" 项目急需,手续后补 ".into()) }, d(2025, 3, 20));
    assert_eq!(a.state.stage, Stage::OnDuty);
    let o = a.overridden.unwrap();
    assert_eq!(o.reason, "项目急需,手续后补");
    assert_eq!(o.missing, ["security_review", "initial_training", "commitment"]);
    assert_eq!(a.state.on_duty_override.as_ref(), Some(&o));

    let r = refuse(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("   ".into()) }, d(2025, 3, 20));
    assert!(r.has("lifecycle.step_missing"));
    assert_eq!(r.errors.last().unwrap().message(Lang::En), "Reason for the override is required");

    // Nothing missing: a reason given anyway is not an override.
    let a = go(&onboarded(), Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("x".into()) }, d(2025, 3, 20));
    assert_eq!(a.overridden, None);
}

#[test]
fn on_duty_dates_must_be_between_registration_and_today() {
    let p = onboarded();
    let r = refuse(&p, Transition::StartDuty { date: d(2025, 3, 21), override_reason: None }, d(2025, 3, 20));
    assert_eq!(codes(&r), [("date.future", Some("duty_date"))]);
    let r = refuse(&p, Transition::StartDuty { date: d(2025, 3, 2), override_reason: Some("x".into()) }, d(2025, 3, 20));
    assert_eq!(codes(&r)[0], ("date.before_registration", Some("duty_date")));
}

#[test]
fn transitions_from_the_wrong_stage_are_refused() {
    let p = newcomer();
    let r = refuse(&p, Transition::Depart { kind: DepartureKind::LeavePost, date: d(2025, 5, 1) }, d(2025, 5, 1));
    assert_eq!(codes(&r), [("lifecycle.wrong_stage", None)]);
    assert_eq!(r.message(Lang::En), "The person is in the stage \"Onboarding\": cannot start the departure");
    assert_eq!(r.message(Lang::ZhCn), "当前阶段为“上岗”,不能办理离岗离职");
    let p = on_duty();
    for t in [
        Transition::StartDuty { date: d(2025, 4, 1), override_reason: None },
        Transition::StartDecommissioning { period: None, receiving_organisation: None },
        Transition::ExtendDecommissioning { by: Period::months(6), reason: "x".into() },
        Transition::Release { date: d(2025, 4, 1) },
    ] {
        assert!(refuse(&p, t, d(2025, 4, 1)).has("lifecycle.wrong_stage"));
    }
}

// --- on duty → departing ----------------------------------------------------------------------

#[test]
fn departure_starts_with_its_steps_due_on_the_departure_date() {
    let p = on_duty();
    let a = go(&p, Transition::Depart { kind: DepartureKind::LeavePost, date: d(2026, 1, 15) }, d(2026, 1, 5));
    assert_eq!(a.state.stage, Stage::Departing);
    assert_eq!(a.state.departure.as_ref().unwrap().kind, DepartureKind::LeavePost);
    // due_after "0 days": Thu 15 Jan 2026 itself.
    let due = a.deadline.unwrap();
    assert_eq!((due.date, due.rule_id.as_str()), (d(2026, 1, 15), "departure.due"));
    // Before the start on duty (20 Mar 2025): refused.
    let r = refuse(&p, Transition::Depart { kind: DepartureKind::LeavePost, date: d(2025, 3, 19) }, d(2025, 3, 20));
    assert_eq!(codes(&r), [("lifecycle.before_on_duty", Some("departure_date"))]);
}

// --- departing → decommissioning ------------------------------------------------------------

#[test]
fn decommissioning_is_refused_until_the_departure_steps_are_done() {
    let p = departing();
    let r = refuse(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15));
    let fields: Vec<_> = r.errors.iter().map(|e| e.field.clone().unwrap()).collect();
    assert_eq!(fields, ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"]);
    assert!(r.errors.iter().all(|e| e.code == "lifecycle.step_missing"));

    // Checklist recorded but one item still out.
    let mut p = ready_to_leave();
    p.state.departure.as_mut().unwrap().items.push(ReturnedItem {
        item: "U 盘".into(),
        classification: "机密".into(),
        number: "U-07".into(),
        received_by: String::new(),
        returned_on: None,
    });
    let r = refuse(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15));
    assert_eq!(codes(&r), [("lifecycle.items_outstanding", Some("returned_items"))]);
    assert_eq!(r.message(Lang::ZhCn), "清退国家秘密载体和设备:尚有 1 件物品未清退");

    // Before the departure date: refused.
    let r = refuse(&ready_to_leave(), Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 14));
    assert_eq!(codes(&r), [("lifecycle.before_departure", None)]);
}

#[test]
fn decommissioning_defaults_to_the_upper_bound_and_never_rolls() {
    let p = ready_to_leave();
    let a = go(&p, Transition::StartDecommissioning { period: None, receiving_organisation: Some(" 某研究所 ".into()) }, d(2026, 1, 15));
    assert_eq!(a.state.stage, Stage::Decommissioning);
    let dc = a.state.decommissioning.as_ref().unwrap();
    // General: 6–12 months, default 12 months from Thu 15 Jan 2026 → Fri 15 Jan 2027.
    assert_eq!(dc.level, lid("general"));
    assert_eq!(dc.period, Period::months(12));
    assert_eq!(dc.end(), d(2027, 1, 15));
    assert_eq!(dc.receiving_organisation.as_deref(), Some("某研究所"));
    let due = a.deadline.clone().unwrap();
    assert_eq!((due.date, due.rule_id.as_str()), (d(2027, 1, 15), "decommissioning.general"));
    assert!(due.citation.zh.contains("第四十六条"));
    assert_eq!(with(&p, a).decommissioning_span(), Some((d(2026, 1, 15), d(2027, 1, 15))));
}

#[test]
fn a_period_outside_the_range_is_refused() {
    let p = ready_to_leave();
    let t = |period| Transition::StartDecommissioning { period: Some(period), receiving_organisation: None };
    let r = refuse(&p, t(Period::months(18)), d(2026, 1, 15));
    assert_eq!(codes(&r), [("lifecycle.period_out_of_range", Some("period"))]);
    assert_eq!(r.message(Lang::ZhCn), "脱密期 18 个月 不在一般涉密人员的范围(6 个月至12 个月)内");
    assert_eq!(
        r.message(Lang::En),
        "A decommissioning period of 18 months is outside the range for General personnel (6 months to 12 months)"
    );
    assert!(refuse(&p, t(Period::months(5)), d(2026, 1, 15)).has("lifecycle.period_out_of_range"));
    // 6 months (the lower bound) from 15 Jan 2026 → Wed 15 Jul 2026; "1 year" equals the upper bound.
    assert_eq!(go(&p, t(Period::months(6)), d(2026, 1, 15)).deadline.unwrap().date, d(2026, 7, 15));
    assert_eq!(go(&p, t(Period::years(1)), d(2026, 1, 15)).deadline.unwrap().date, d(2027, 1, 15));
    // 200 days is inside 6–12 months: 15 Jan 2026 + 200 days → 3 Aug 2026 (16 left in Jan, 28 Feb,
    // 31 Mar, 30 Apr, 31 May, 30 Jun, 31 Jul = 197 → 3 Aug).
    assert_eq!(go(&p, t(Period::days(200)), d(2026, 1, 15)).deadline.unwrap().date, d(2026, 8, 3));
}

#[test]
fn decommissioning_ends_for_each_level_at_both_ends_of_its_range() {
    let policy = prc();
    let cal = cn();
    let person = |level: &str| PersonRecord {
        level_history: vec![change(level, d(2020, 1, 1))],
        registered_on: d(2020, 1, 1),
        planned_start: d(2020, 1, 31),
        ..newcomer()
    };
    let ends = |level: &str, departure: NaiveDate| {
        let o = decommissioning_options(&person(level), &policy, &cal, departure).unwrap();
        (o.min_end, o.max_end)
    };
    // Departure Thu 29 Feb 2024 (leap day):
    // core 2–3 years → 28 Feb 2026 (Sat; 2026 has no 29 Feb) .. 28 Feb 2027 (Sun): never rolled.
    assert_eq!(ends("core", d(2024, 2, 29)), (d(2026, 2, 28), d(2027, 2, 28)));
    // important 1–2 years → 28 Feb 2025 .. 28 Feb 2026.
    assert_eq!(ends("important", d(2024, 2, 29)), (d(2025, 2, 28), d(2026, 2, 28)));
    // general 6–12 months → 29 Aug 2024 .. 28 Feb 2025.
    assert_eq!(ends("general", d(2024, 2, 29)), (d(2024, 8, 29), d(2025, 2, 28)));
    // Departure Fri 31 Jan 2025:
    // core → 31 Jan 2027 (Sun, stays) .. 31 Jan 2028.
    assert_eq!(ends("core", d(2025, 1, 31)), (d(2027, 1, 31), d(2028, 1, 31)));
    // important → 31 Jan 2026 (Sat, stays) .. 31 Jan 2027.
    assert_eq!(ends("important", d(2025, 1, 31)), (d(2026, 1, 31), d(2027, 1, 31)));
    // general → 31 Jul 2025 .. 31 Jan 2026.
    assert_eq!(ends("general", d(2025, 1, 31)), (d(2025, 7, 31), d(2026, 1, 31)));
    // Departure Sun 31 Aug 2025, general: 6 months → 28 Feb 2026 (month end), 12 months → 31 Aug 2026.
    assert_eq!(ends("general", d(2025, 8, 31)), (d(2026, 2, 28), d(2026, 8, 31)));
}

#[test]
fn the_level_in_force_on_the_departure_date_chooses_the_range() {
    // General until Tue 30 Sep 2025, core from Wed 1 Oct 2025; departure 15 Jan 2026 → core range
    // 2–3 years: default 3 years → Mon 15 Jan 2029.
    let mut p = ready_to_leave();
    p.level_history.push(change("core", d(2025, 10, 1)));
    let a = go(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 20));
    let dc = a.state.decommissioning.unwrap();
    assert_eq!((dc.level.clone(), dc.end()), (lid("core"), d(2029, 1, 15)));
}

#[test]
fn the_office_may_extend_the_period_with_a_reason() {
    let p = ready_to_leave();
    let p = with(&p, go(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15)));
    // End Fri 15 Jan 2027 + 6 months → Thu 15 Jul 2027.
    let a = go(&p, Transition::ExtendDecommissioning { by: Period::months(6), reason: "接触核心项目".into() }, d(2026, 9, 1));
    assert_eq!(a.state.stage, Stage::Decommissioning);
    let dc = a.state.decommissioning.as_ref().unwrap();
    assert_eq!(dc.end(), d(2027, 7, 15));
    assert_eq!(dc.chosen_end, d(2027, 1, 15));
    assert_eq!(dc.extensions[0].decided_on, d(2026, 9, 1));
    assert_eq!(a.deadline.unwrap().date, d(2027, 7, 15));
    let r = refuse(&p, Transition::ExtendDecommissioning { by: Period::days(0), reason: " ".into() }, d(2026, 9, 1));
    assert_eq!(codes(&r), [("required", Some("reason")), ("lifecycle.extension_empty", Some("extension"))]);
}

// --- decommissioning → released -------------------------------------------------------------

#[test]
fn release_only_on_or_after_the_end() {
    let p = ready_to_leave();
    let p = with(
        &p,
        go(&p, Transition::StartDecommissioning { period: Some(Period::months(6)), receiving_organisation: None }, d(2026, 1, 15)),
    );
    // End Wed 15 Jul 2026.
    let r = refuse(&p, Transition::Release { date: d(2026, 7, 14) }, d(2026, 7, 20));
    assert_eq!(codes(&r), [("lifecycle.not_ended", Some("release_date"))]);
    assert_eq!(r.message(Lang::En), "The decommissioning period ends on 2026-07-15: release is possible from that day");
    let r = refuse(&p, Transition::Release { date: d(2026, 7, 21) }, d(2026, 7, 20));
    assert_eq!(codes(&r), [("date.future", Some("release_date"))]);
    let a = go(&p, Transition::Release { date: d(2026, 7, 15) }, d(2026, 7, 15));
    assert_eq!((a.state.stage, a.state.released_on), (Stage::Released, Some(d(2026, 7, 15))));

    // Released is read-only.
    let released = with(&p, a);
    let r = refuse(&released, Transition::Release { date: d(2026, 7, 16) }, d(2026, 7, 16));
    assert_eq!(codes(&r), [("lifecycle.released", None)]);
    let r = record_step(&released, &prc(), "reminder_talk", d(2026, 7, 16), "王芳", "", d(2026, 7, 16)).unwrap_err();
    assert_eq!(codes(&r), [("lifecycle.released", None)]);
    assert!(obligations(&released, &prc(), &cn(), d(2026, 8, 1)).is_empty());
    let stages: Vec<Stage> = released.timeline().into_iter().map(|(s, _)| s).collect();
    assert_eq!(stages, Stage::ALL);
}

#[test]
fn the_us_policy_has_no_restriction_period() {
    let us = us();
    let uscal = HolidayCalendar::builtin("us").unwrap();
    let mut p = PersonRecord { level_history: vec![change("secret", d(2025, 3, 3))], ..newcomer() };
    for s in ["eligibility", "sf312"] {
        p.steps.push(done(s, d(2025, 3, 10)));
    }
    p.trainings = vec![training(d(2025, 3, 11), 1, "initial_briefing"), training(d(2025, 3, 11), 1, "insider_threat")];
    let step = |p: &PersonRecord, t: Transition, today| with(p, advance(p, &t, &us, &uscal, today).unwrap());
    let p = step(&p, Transition::StartDuty { date: d(2025, 3, 12), override_reason: None }, d(2025, 3, 12));
    let mut p = step(&p, Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: d(2025, 9, 30) }, d(2025, 9, 1));
    for s in ["debriefing", "returned_items", "access_revoked"] {
        p.steps.push(done(s, d(2025, 9, 30)));
    }
    let p = step(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2025, 9, 30));
    assert_eq!(p.state.decommissioning.as_ref().unwrap().end(), d(2025, 9, 30));
    let p = step(&p, Transition::Release { date: d(2025, 9, 30) }, d(2025, 9, 30));
    assert_eq!(p.state.stage, Stage::Released);
}

// --- recording steps --------------------------------------------------------------------------

#[test]
fn recording_a_step_checks_the_stage_the_date_and_the_operator() {
    let policy = prc();
    let p = newcomer();
    let r = record_step(&p, &policy, "security_review", d(2025, 3, 10), " 王芳 ", " 合格 ", d(2025, 3, 10)).unwrap();
    assert_eq!(
        r,
        StepRecord { step_id: "security_review".into(), done_on: d(2025, 3, 10), recorded_by: "王芳".into(), note: "合格".into() }
    );
    let err = record_step(&p, &policy, "security_reveiw", d(2025, 3, 10), "王芳", "", d(2025, 3, 10)).unwrap_err();
    assert_eq!(codes(&err), [("lifecycle.unknown_step", Some("step"))]);
    let err = record_step(&p, &policy, "reminder_talk", d(2025, 3, 11), "", "", d(2025, 3, 10)).unwrap_err();
    assert_eq!(
        codes(&err),
        [("lifecycle.step_not_now", Some("step")), ("date.future", Some("done_on")), ("operator.required", Some("operator"))]
    );
    assert_eq!(err.errors[0].message(Lang::En), "The person is in the stage \"Onboarding\": \"Reminder talk\" cannot be recorded now");
    let err = record_step(&p, &policy, "commitment", d(2025, 3, 2), "王芳", "", d(2025, 3, 10)).unwrap_err();
    assert_eq!(codes(&err), [("date.before_registration", Some("done_on"))]);
    // On duty a recurring step may be recorded, not a departure step.
    let p = on_duty();
    assert!(record_step(&p, &policy, "re_review", d(2025, 4, 1), "王芳", "", d(2025, 4, 1)).is_ok());
    assert!(record_step(&p, &policy, "access_revoked", d(2025, 4, 1), "王芳", "", d(2025, 4, 1)).is_err());
    // An onboarding step done (the commitment, Fri 14 Mar 2025) is not recorded again on duty:
    // it counts as the first re-sign, so a second record would restart that count.
    let err = record_step(&p, &policy, "commitment", d(2025, 4, 1), "王芳", "", d(2025, 4, 1)).unwrap_err();
    assert_eq!(codes(&err), [("lifecycle.step_already_done", Some("step"))]);
    assert_eq!(err.message(Lang::ZhCn), "“签订保密承诺书”已于 2025-03-14 完成");
    // Missing after an override on Thu 20 Mar, it may be recorded late, on duty.
    let p = newcomer();
    let p = with(&p, go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("急需".into()) }, d(2025, 3, 20)));
    assert!(record_step(&p, &policy, "commitment", d(2025, 4, 1), "王芳", "", d(2025, 4, 1)).is_ok());
}

fn item(name: &str, number: &str, returned_on: Option<NaiveDate>) -> ReturnedItem {
    ReturnedItem {
        item: name.into(),
        classification: "秘密".into(),
        number: number.into(),
        received_by: if returned_on.is_some() { "李强".into() } else { String::new() },
        returned_on,
    }
}

#[test]
fn the_returned_items_step_is_refused_while_items_are_out_naming_them() {
    let policy = prc();
    // Departing since Thu 15 Jan 2026; the laptop and the USB stick are still out, the notebook
    // came back on Wed 14 Jan.
    let mut p = departing();
    p.state.departure.as_mut().unwrap().items =
        vec![item("涉密笔记本", "BJ-001", Some(d(2026, 1, 14))), item("笔记本电脑", "A-17", None), item("U 盘", "", None)];
    let err = record_step(&p, &policy, "returned_items", d(2026, 1, 15), "王芳", "", d(2026, 1, 15)).unwrap_err();
    assert_eq!(codes(&err), [("lifecycle.items_not_returned", Some("step"))]);
    assert_eq!(err.message(Lang::ZhCn), "尚有物品未清退:笔记本电脑(编号 A-17)、U 盘");
    p.state.departure.as_mut().unwrap().items = vec![item("laptop", "A-17", None), item("USB stick", " ", None)];
    let err = record_step(&p, &policy, "returned_items", d(2026, 1, 15), "王芳", "", d(2026, 1, 15)).unwrap_err();
    assert_eq!(err.message(Lang::En), "Items not yet returned: laptop (no. A-17), USB stick");

    // Both back on Fri 16 Jan: recording the step dated the 15th is still refused (they were out
    // that day), dated the 16th it is accepted.
    p.state.departure.as_mut().unwrap().items =
        vec![item("laptop", "A-17", Some(d(2026, 1, 16))), item("USB stick", "", Some(d(2026, 1, 16)))];
    let err = record_step(&p, &policy, "returned_items", d(2026, 1, 15), "王芳", "", d(2026, 1, 16)).unwrap_err();
    assert_eq!(err.message(Lang::En), "Items not yet returned: laptop (no. A-17), USB stick");
    assert!(record_step(&p, &policy, "returned_items", d(2026, 1, 16), "王芳", "", d(2026, 1, 16)).is_ok());
    // Returned without anyone signing for it does not count.
    p.state.departure.as_mut().unwrap().items[1].received_by = " ".into();
    assert!(record_step(&p, &policy, "returned_items", d(2026, 1, 16), "王芳", "", d(2026, 1, 16)).is_err());
    // An empty checklist (nothing was handed out) and the other departure steps are not concerned.
    p.state.departure.as_mut().unwrap().items.clear();
    assert!(record_step(&p, &policy, "returned_items", d(2026, 1, 16), "王芳", "", d(2026, 1, 16)).is_ok());
    p.state.departure.as_mut().unwrap().items = vec![item("laptop", "A-17", None)];
    assert!(record_step(&p, &policy, "reminder_talk", d(2026, 1, 16), "王芳", "", d(2026, 1, 16)).is_ok());
}

// --- obligations ------------------------------------------------------------------------------

fn find<'a>(list: &'a [Obligation], step: &str) -> &'a Obligation {
    list.iter().find(|o| o.step_id == step).unwrap_or_else(|| panic!("{step} not in {list:#?}"))
}

#[test]
fn onboarding_steps_are_due_by_the_planned_start_which_never_moves() {
    let mut p = newcomer();
    p.steps.push(done("security_review", d(2025, 3, 10)));
    let list = obligations(&p, &prc(), &cn(), d(2025, 3, 20));
    let ids: Vec<&str> = list.iter().map(|o| o.step_id.as_str()).collect();
    assert_eq!(ids, ["initial_training", "commitment"]);
    let o = &list[0];
    assert_eq!((o.kind, o.stage), (ObligationKind::Step, Stage::Onboarding));
    assert_eq!((o.due.date, o.due.rule_id.as_str()), (d(2025, 4, 2), "onboarding.planned_start"));
    // Lead 30 days: upcoming from 3 Mar (2 Apr − 30) on.
    assert_eq!((o.state, o.days_overdue), (Some(DueState::Upcoming), 0));
    // Thu 3 Apr 2025: overdue by 1 day.
    let o = &obligations(&p, &prc(), &cn(), d(2025, 4, 3))[0];
    assert_eq!((o.state, o.days_overdue), (Some(DueState::Overdue), 1));
    // A planned start on National Day (Wed 1 Oct 2025) stays there: it is a fixed date.
    p.planned_start = d(2025, 10, 1);
    assert_eq!(obligations(&p, &prc(), &cn(), d(2025, 9, 1))[0].due.date, d(2025, 10, 1));
}

#[test]
fn recurring_obligations_run_from_the_onboarding_completions() {
    let p = on_duty();
    let list = obligations(&p, &prc(), &cn(), d(2025, 6, 1));
    // Recurring training: last = the initial training session, Wed 12 Mar 2025 + 12 months →
    // Thu 12 Mar 2026.
    let o = find(&list, "recurring_training");
    assert_eq!((o.kind, o.last_done, o.due.date), (ObligationKind::Recurring, Some(d(2025, 3, 12)), d(2026, 3, 12)));
    assert_eq!(o.due.rule_id, "on_duty.recurring_training.general");
    assert_eq!(o.state, None);
    // Commitment re-signed: Fri 14 Mar 2025 + 12 months → Sat 14 Mar 2026 → rolls to Mon 16 Mar.
    assert_eq!(find(&list, "commitment_resign").due.date, d(2026, 3, 16));
    // Re-review (general, 5 years) from the review Mon 10 Mar 2025 → Sun 10 Mar 2030; 2030 is not
    // in the calendar, so only the weekend is known: Mon 11 Mar 2030, flagged.
    let o = find(&list, "re_review");
    assert_eq!((o.due.date, o.due.beyond_calendar), (d(2030, 3, 11), true));
    assert_eq!(o.level, Some(lid("general")));
    // Training hours: 4 of 10 in 2025, due Wed 31 Dec 2025; not yet in the lead time on 1 Jun.
    let o = find(&list, "training_hours");
    assert_eq!(o.hours, Some(HoursShort { year: 2025, done: 4, required: 10 }));
    assert_eq!((o.due.date, o.due.rule_id.as_str(), o.state), (d(2025, 12, 31), "on_duty.training_hours.general", None));
    // In order of due date.
    let dates: Vec<NaiveDate> = list.iter().map(|o| o.due.date).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn a_new_completion_restarts_the_count_and_hours_are_per_calendar_year() {
    let mut p = on_duty();
    // Recurring training session Wed 10 Dec 2025, 6 hours: 4 + 6 = 10 hours in 2025, and the next
    // training is due Thu 10 Dec 2026.
    p.trainings.push(training(d(2025, 12, 10), 6, "security"));
    let list = obligations(&p, &prc(), &cn(), d(2025, 12, 15));
    assert_eq!(find(&list, "recurring_training").due.date, d(2026, 12, 10));
    assert!(list.iter().all(|o| o.step_id != "training_hours"));
    // In 2026 the count starts again at 0.
    let list = obligations(&p, &prc(), &cn(), d(2026, 1, 10));
    assert_eq!(find(&list, "training_hours").hours.unwrap().done, 0);
    // A record dated after as_of is ignored.
    let list = obligations(&p, &prc(), &cn(), d(2025, 12, 9));
    assert_eq!(find(&list, "recurring_training").due.date, d(2026, 3, 12));
}

#[test]
fn roll_forward_lands_on_a_make_up_sunday_after_new_year() {
    // Commitment signed Wed 1 Jan 2025; re-sign due 12 months later, Thu 1 Jan 2026: New Year's Day
    // (1–3 Jan off). The next working day is Sun 4 Jan 2026, a make-up working day (调休上班).
    let mut p = on_duty();
    p.steps.retain(|s| s.step_id != "commitment");
    p.steps.push(done("commitment", d(2025, 1, 1)));
    p.registered_on = d(2024, 12, 2);
    let list = obligations(&p, &prc(), &cn(), d(2025, 12, 15));
    let o = find(&list, "commitment_resign");
    assert_eq!((o.due.date, o.due.beyond_calendar), (d(2026, 1, 4), false));
    // 15 Dec 2025 is within 30 days of 4 Jan 2026 (5 Dec on): upcoming.
    assert_eq!(o.state, Some(DueState::Upcoming));
}

#[test]
fn recurring_due_dates_follow_the_level_in_force() {
    let mut p = on_duty();
    // General until Sun 4 Jan 2026, core from Mon 5 Jan 2026. Core re-review every year from the
    // review Mon 10 Mar 2025 → Tue 10 Mar 2026 (after the change, so it stands).
    p.level_history.push(change("core", d(2026, 1, 5)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 2, 1)), "re_review").clone();
    assert_eq!((o.due.date, o.due.rule_id.as_str(), o.level), (d(2026, 3, 10), "on_duty.re_review.core", Some(lid("core"))));
    // Before the change the general interval applied: 5 years → 11 Mar 2030 (see above).
    assert_eq!(find(&obligations(&p, &prc(), &cn(), d(2026, 1, 4)), "re_review").due.date, d(2030, 3, 11));

    // Core from Mon 1 Jun 2026 instead: 10 Mar 2025 + 1 year = 10 Mar 2026 lies before the change,
    // so the re-review is due on the day of the change, Mon 1 Jun 2026; on Wed 1 Jul it is 30 days
    // overdue.
    let mut p = on_duty();
    p.level_history.push(change("core", d(2026, 6, 1)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 7, 1)), "re_review").clone();
    assert_eq!((o.due.date, o.state, o.days_overdue), (d(2026, 6, 1), Some(DueState::Overdue), 30));
    // A re-review recorded Mon 15 Jun 2026 restarts the count: core, 1 year → Tue 15 Jun 2027.
    p.steps.push(done("re_review", d(2026, 6, 15)));
    assert_eq!(find(&obligations(&p, &prc(), &cn(), d(2026, 7, 1)), "re_review").due.date, d(2027, 6, 15));

    // Core → general (downgrade) on Thu 1 Oct 2026: general, 5 years from 15 Jun 2026 →
    // Sun 15 Jun 2031, rolled to Mon 16 Jun 2031 (2031 is beyond the calendar: weekends only).
    p.level_history.push(change("general", d(2026, 10, 1)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 10, 2)), "re_review").clone();
    assert_eq!((o.due.date, o.due.beyond_calendar), (d(2031, 6, 16), true));
}

// --- a change of level never wipes out what is due (DOMAIN.md §5) ---------------------------

/// Registered Thu 2 Jan 2025 at `level`; review, initial training and commitment all done Mon
/// 6 Jan 2025; on duty Tue 7 Jan 2025; the commitment re-signed Mon 2 Jun 2025.
fn regraded_newcomer(level: &str) -> PersonRecord {
    let mut p = PersonRecord {
        registered_on: d(2025, 1, 2),
        planned_start: d(2025, 2, 1),
        level_history: vec![change(level, d(2025, 1, 2))],
        state: LifecycleState::onboarding(),
        steps: ["security_review", "initial_training", "commitment"].iter().map(|s| done(s, d(2025, 1, 6))).collect(),
        trainings: vec![],
    };
    p = with(&p, go(&p, Transition::StartDuty { date: d(2025, 1, 7), override_reason: None }, d(2025, 1, 7)));
    p.steps.push(done("commitment_resign", d(2025, 6, 2)));
    p
}

fn due_on(p: &PersonRecord, step: &str, as_of: NaiveDate) -> (NaiveDate, Option<DueState>, i64) {
    let o = find(&obligations(p, &prc(), &cn(), as_of), step).clone();
    (o.due.date, o.state, o.days_overdue)
}

#[test]
fn a_regrade_keeps_training_and_the_commitment_due_on_their_own_dates() {
    // Recurring training, 12 months (every level) from the initial training Mon 6 Jan 2025 →
    // Tue 6 Jan 2026, a working day (New Year is 1–3 Jan), so it does not roll. On Sun 1 Mar 2026
    // it is 25 (rest of January) + 28 (February) + 1 = 54 days overdue.
    // Commitment re-signed Mon 2 Jun 2025 + 12 months → Tue 2 Jun 2026 (a working day; the
    // Dragon Boat holiday is 19–21 Jun): not yet within its 30-day lead on 1 Mar.
    for (from, to) in [("general", "core"), ("core", "general")] {
        let before = regraded_newcomer(from);
        assert_eq!(due_on(&before, "recurring_training", d(2026, 3, 1)), (d(2026, 1, 6), Some(DueState::Overdue), 54));
        assert_eq!(due_on(&before, "commitment_resign", d(2026, 3, 1)), (d(2026, 6, 2), None, 0));
        // The post is re-graded from Mon 2 Mar 2026. On Tue 3 Mar the training is still due on
        // 6 Jan, 25 + 28 + 3 = 56 days overdue (not 1 day, from the change); the commitment
        // still on 2 Jun.
        let mut after = before.clone();
        after.level_history.push(change(to, d(2026, 3, 2)));
        assert_eq!(due_on(&after, "recurring_training", d(2026, 3, 3)), (d(2026, 1, 6), Some(DueState::Overdue), 56), "{from} → {to}");
        assert_eq!(due_on(&after, "commitment_resign", d(2026, 3, 3)), (d(2026, 6, 2), None, 0), "{from} → {to}");
        let o = find(&obligations(&after, &prc(), &cn(), d(2026, 3, 3)), "recurring_training").clone();
        assert_eq!((o.level, o.due.rule_id.as_str()), (Some(lid(to)), format!("on_duty.recurring_training.{to}").as_str()));

        // Without the re-sign, the commitment runs from the onboarding one, Mon 6 Jan 2025 →
        // Tue 6 Jan 2026: overdue, and it stays so across the change (56 days on 3 Mar).
        let mut unsigned = after.clone();
        unsigned.steps.retain(|s| s.step_id != "commitment_resign");
        assert_eq!(due_on(&unsigned, "commitment_resign", d(2026, 3, 3)), (d(2026, 1, 6), Some(DueState::Overdue), 56), "{from} → {to}");
    }
}

#[test]
fn a_regrade_to_a_shorter_re_review_interval_is_not_due_before_the_change() {
    // Important: re-review 3 years from the review Mon 6 Jan 2025 → Thu 6 Jan 2028 (2028 is not
    // in the calendar: weekends only, flagged).
    let mut p = regraded_newcomer("important");
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 3, 1)), "re_review").clone();
    assert_eq!((o.due.date, o.due.beyond_calendar, o.due.rule_id.as_str()), (d(2028, 1, 6), true, "on_duty.re_review.important"));
    // Core from Mon 2 Mar 2026: 1 year from 6 Jan 2025 is Tue 6 Jan 2026, before the change, so
    // the re-review is due on the change day itself, a working day; 1 day overdue on Tue 3 Mar.
    p.level_history.push(change("core", d(2026, 3, 2)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 3, 3)), "re_review").clone();
    assert_eq!((o.due.date, o.state, o.days_overdue), (d(2026, 3, 2), Some(DueState::Overdue), 1));
    assert_eq!((o.level, o.due.rule_id.as_str()), (Some(lid("core")), "on_duty.re_review.core"));

    // Core from Sun 1 Mar 2026 instead (a weekend): the re-review rolls to Mon 2 Mar.
    let mut p = regraded_newcomer("important");
    p.level_history.push(change("core", d(2026, 3, 1)));
    assert_eq!(due_on(&p, "re_review", d(2026, 3, 1)).0, d(2026, 3, 2));
}

#[test]
fn a_regrade_to_a_shorter_re_review_interval_that_lands_after_the_change_counts_from_the_last_review() {
    // Important → core from Mon 3 Nov 2025: 1 year from the review (6 Jan 2025) is Tue 6 Jan
    // 2026, after the change, so that is the due date; on Tue 3 Mar 2026 it is 56 days overdue.
    let mut p = regraded_newcomer("important");
    p.level_history.push(change("core", d(2025, 11, 3)));
    assert_eq!(due_on(&p, "re_review", d(2026, 3, 3)), (d(2026, 1, 6), Some(DueState::Overdue), 56));
}

#[test]
fn a_regrade_to_a_longer_re_review_interval_before_it_is_due_moves_it_later() {
    // Core: re-review due Tue 6 Jan 2026. General from Mon 1 Dec 2025, before that: 5 years from
    // 6 Jan 2025 → Sun 6 Jan 2030 (6 Jan 2026 Tue, 2027 Wed, 2028 Thu, 2029 Sat after 29 Feb
    // 2028, 2030 Sun), rolled to Mon 7 Jan 2030 (beyond the calendar: weekends only).
    let mut p = regraded_newcomer("core");
    assert_eq!(due_on(&p, "re_review", d(2025, 11, 30)).0, d(2026, 1, 6));
    p.level_history.push(change("general", d(2025, 12, 1)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2025, 12, 2)), "re_review").clone();
    assert_eq!((o.due.date, o.due.beyond_calendar, o.level), (d(2030, 1, 7), true, Some(lid("general"))));
}

#[test]
fn an_overdue_re_review_stays_overdue_across_a_regrade() {
    // Core: due Tue 6 Jan 2026, 54 days overdue on Sun 1 Mar. General from Mon 2 Mar 2026: the
    // 5-year interval would give 2030, but the re-review was overdue before the change, so it
    // stays due on 6 Jan 2026 under the core rule: 56 days overdue on Tue 3 Mar.
    let mut p = regraded_newcomer("core");
    assert_eq!(due_on(&p, "re_review", d(2026, 3, 1)), (d(2026, 1, 6), Some(DueState::Overdue), 54));
    p.level_history.push(change("general", d(2026, 3, 2)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 3, 3)), "re_review").clone();
    assert_eq!((o.due.date, o.state, o.days_overdue), (d(2026, 1, 6), Some(DueState::Overdue), 56));
    assert_eq!((o.level, o.due.rule_id.as_str()), (Some(lid("core")), "on_duty.re_review.core"));
    // Due on the change day is not "before" it: core due Tue 6 Jan 2026, general from that day →
    // 7 Jan 2030 as above.
    let mut p = regraded_newcomer("core");
    p.level_history.push(change("general", d(2026, 1, 6)));
    assert_eq!(due_on(&p, "re_review", d(2026, 1, 6)).0, d(2030, 1, 7));
    // A new re-review restarts the count under the level in force: general, Tue 10 Mar 2026 +
    // 5 years → Mon 10 Mar 2031 (2027 Wed, 2028 Fri after 29 Feb, 2029 Sat, 2030 Sun, 2031 Mon).
    let mut p = regraded_newcomer("core");
    p.level_history.push(change("general", d(2026, 3, 2)));
    p.steps.push(done("re_review", d(2026, 3, 10)));
    assert_eq!(due_on(&p, "re_review", d(2026, 3, 11)).0, d(2031, 3, 10));
}

#[test]
fn several_regrades_after_the_last_review_are_walked_in_order() {
    // General → core from Tue 3 Jun 2025: core 1 year from the review (6 Jan 2025) → Tue 6 Jan
    // 2026, after that change. Core → general from Mon 2 Feb 2026: the re-review was overdue
    // since 6 Jan, so it stays there (general's 5 years would have wiped it): 56 days on 3 Mar.
    let mut p = regraded_newcomer("general");
    p.level_history.push(change("core", d(2025, 6, 3)));
    p.level_history.push(change("general", d(2026, 2, 2)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2026, 3, 3)), "re_review").clone();
    assert_eq!((o.due.date, o.days_overdue, o.level), (d(2026, 1, 6), 56, Some(lid("core"))));
    // Recorded out of order (the later change first): the same.
    let mut q = regraded_newcomer("general");
    q.level_history.push(change("general", d(2026, 2, 2)));
    q.level_history.insert(1, change("core", d(2025, 6, 3)));
    assert_eq!(due_on(&q, "re_review", d(2026, 3, 3)).0, d(2026, 1, 6));
    // General → core (3 Jun 2025, due 6 Jan 2026) → important from Mon 1 Sep 2025, before that
    // date: 3 years from the review → Thu 6 Jan 2028.
    let mut p = regraded_newcomer("general");
    p.level_history.push(change("core", d(2025, 6, 3)));
    p.level_history.push(change("important", d(2025, 9, 1)));
    let o = find(&obligations(&p, &prc(), &cn(), d(2025, 9, 2)), "re_review").clone();
    assert_eq!((o.due.date, o.level), (d(2028, 1, 6), Some(lid("important"))));
    // A same-day correction (core, then important, both from 3 Jun 2025) counts as recorded last.
    let mut p = regraded_newcomer("general");
    p.level_history.push(change("core", d(2025, 6, 3)));
    p.level_history.push(change("important", d(2025, 6, 3)));
    assert_eq!(due_on(&p, "re_review", d(2025, 9, 2)).0, d(2028, 1, 6));
}

#[test]
fn after_an_override_the_missing_onboarding_steps_stay_open_on_duty() {
    let p = newcomer();
    let p = with(&p, go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("急需".into()) }, d(2025, 3, 20)));
    let list = obligations(&p, &prc(), &cn(), d(2025, 4, 10));
    let open: Vec<(&str, Stage)> = list.iter().filter(|o| o.kind == ObligationKind::Step).map(|o| (o.step_id.as_str(), o.stage)).collect();
    assert_eq!(open, [("security_review", Stage::Onboarding), ("initial_training", Stage::Onboarding), ("commitment", Stage::Onboarding)]);
    // Overdue since the planned start, Wed 2 Apr 2025: 8 days on Thu 10 Apr.
    assert_eq!(find(&list, "security_review").days_overdue, 8);
    // The recurring steps that run from those onboarding steps (training, re-review, re-signed
    // commitment) are not owed on top of them: the onboarding items are what is open.
    assert!(list.iter().all(|o| o.kind != ObligationKind::Recurring), "{list:#?}");
}

#[test]
fn an_override_with_the_commitment_unsigned_keeps_it_an_onboarding_item_not_a_re_sign_due_today() {
    // Registered Mon 3 Mar 2025, planned start Wed 2 Apr 2025 (DOMAIN.md §3: steps due by it).
    // Review Mon 10 Mar and initial training Tue 11 Mar done; the commitment not signed; put on
    // duty by an override on Thu 20 Mar 2025.
    let policy = prc();
    let mut p = newcomer();
    p.steps.push(done("security_review", d(2025, 3, 10)));
    p.steps.push(done("initial_training", d(2025, 3, 11)));
    let p = with(&p, go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("项目急需".into()) }, d(2025, 3, 20)));
    // On the day: the commitment is an onboarding step due by the planned start, Wed 2 Apr,
    // 13 days ahead, within the 30-day lead: upcoming, not "re-sign due today".
    let list = obligations(&p, &policy, &cn(), d(2025, 3, 20));
    let c = find(&list, "commitment");
    assert_eq!((c.kind, c.stage, c.due.date, c.state), (ObligationKind::Step, Stage::Onboarding, d(2025, 4, 2), Some(DueState::Upcoming)));
    assert!(list.iter().all(|o| o.step_id != "commitment_resign"), "no re-sign owed: {list:#?}");
    // The others run from their onboarding dates: training 12 months from Tue 11 Mar 2025 →
    // Wed 11 Mar 2026; re-review (general, 5 years) from Mon 10 Mar 2025 → Sun 10 Mar 2030, a
    // weekend → Mon 11 Mar 2030 (art. 203).
    assert_eq!(find(&list, "recurring_training").due.date, d(2026, 3, 11));
    assert_eq!(find(&list, "re_review").due.date, d(2030, 3, 11));
    // A form signed now is the onboarding commitment (上岗), not the periodic re-sign (在岗).
    assert!(p.signs_for_onboarding(&policy, FormKind::Commitment, d(2025, 3, 20)));
    // Signed on Fri 28 Mar: the onboarding item closes, and the first re-sign falls due 12 months
    // later, Sat 28 Mar 2026, a weekend → Mon 30 Mar 2026 (art. 203).
    let mut signed = p.clone();
    signed.steps.push(done("commitment", d(2025, 3, 28)));
    let list = obligations(&signed, &policy, &cn(), d(2025, 3, 28));
    assert!(list.iter().all(|o| o.step_id != "commitment"));
    assert_eq!(find(&list, "commitment_resign").due.date, d(2026, 3, 30));
    assert!(!signed.signs_for_onboarding(&policy, FormKind::Commitment, d(2025, 3, 28)));
    // Still onboarding, anyone signs the onboarding commitment.
    assert!(newcomer().signs_for_onboarding(&policy, FormKind::Commitment, d(2025, 3, 5)));
}

#[test]
fn departure_steps_due_in_working_days_across_national_day() {
    // A policy whose departure steps are due 5 working days after the departure date.
    let text = Policy::builtin_text("prc-2024").unwrap().replace("due_after = \"0 days\"", "due_after = \"5 working_days\"");
    let policy = Policy::parse(&text).unwrap();
    let p = on_duty();
    // Departure Fri 26 Sep 2025: Sun 28 Sep (make-up, 1), Mon 29 (2), Tue 30 (3), 1–8 Oct off,
    // Thu 9 Oct (4), Fri 10 Oct (5).
    let a =
        advance(&p, &Transition::Depart { kind: DepartureKind::LeavePost, date: d(2025, 9, 26) }, &policy, &cn(), d(2025, 9, 26)).unwrap();
    assert_eq!(a.deadline.as_ref().unwrap().date, d(2025, 10, 10));
    let p = with(&p, a);
    let list = obligations(&p, &policy, &cn(), d(2025, 10, 9));
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|o| o.due.date == d(2025, 10, 10) && o.due.rule_id == "departure.due"));
    assert!(list.iter().all(|o| o.state == Some(DueState::Upcoming)));
}

#[test]
fn departing_and_decommissioning_obligations() {
    let p = departing();
    let list = obligations(&p, &prc(), &cn(), d(2026, 1, 15));
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|o| o.due.date == d(2026, 1, 15) && o.state == Some(DueState::Due)));
    // With the checklist recorded but an item still out, the step stays open.
    let mut p = ready_to_leave();
    p.state.departure.as_mut().unwrap().items[0].returned_on = None;
    let list = obligations(&p, &prc(), &cn(), d(2026, 1, 15));
    assert_eq!(list.iter().map(|o| o.step_id.as_str()).collect::<Vec<_>>(), ["returned_items"]);

    let p = ready_to_leave();
    let p = with(&p, go(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15)));
    let list = obligations(&p, &prc(), &cn(), d(2026, 12, 20));
    assert_eq!(list.len(), 1);
    let o = &list[0];
    // Ends Fri 15 Jan 2027; 20 Dec 2026 is within 30 days (from 16 Dec).
    assert_eq!((o.kind, o.due.date, o.state), (ObligationKind::DecommissioningEnd, d(2027, 1, 15), Some(DueState::Upcoming)));
    assert_eq!(o.due.rule_id, "decommissioning.general");
}

#[test]
fn an_optional_recurring_step_is_owed_only_once_done() {
    let us = us();
    let uscal = HolidayCalendar::builtin("us").unwrap();
    let mut p = PersonRecord { level_history: vec![change("top_secret", d(2025, 3, 3))], ..newcomer() };
    p.steps = vec![done("eligibility", d(2025, 3, 5)), done("sf312", d(2025, 3, 10))];
    p.trainings = vec![training(d(2025, 3, 11), 1, "initial_briefing"), training(d(2025, 3, 11), 1, "insider_threat")];
    let p =
        with(&p, advance(&p, &Transition::StartDuty { date: d(2025, 3, 12), override_reason: None }, &us, &uscal, d(2025, 3, 12)).unwrap());
    let list = obligations(&p, &us, &uscal, d(2025, 4, 1));
    assert!(list.iter().all(|o| o.step_id != "derivative_classification"));
    // Reinvestigation, Top Secret every 5 years from eligibility Wed 5 Mar 2025 → Tue 5 Mar 2030.
    assert_eq!(find(&list, "reinvestigation").due.date, d(2030, 3, 5));
    // Refresher from the initial briefing Tue 11 Mar 2025 → Wed 11 Mar 2026.
    assert_eq!(find(&list, "refresher").due.date, d(2026, 3, 11));
    // Derivative-classification training taken Mon 5 May 2025: + 2 years → Wed 5 May 2027.
    let mut p = p;
    p.trainings.push(training(d(2025, 5, 5), 2, "derivative_classification"));
    let list = obligations(&p, &us, &uscal, d(2025, 6, 1));
    assert_eq!(find(&list, "derivative_classification").due.date, d(2027, 5, 5));
}

#[test]
fn a_signed_copy_completes_the_open_step_printed_on_its_form() {
    use crate::policy::FormKind;
    let policy = prc();
    // Onboarding, nothing done: the commitment comes back Fri 14 Mar 2025 and completes the
    // onboarding commitment; the review form completes the security review.
    let p = newcomer();
    let step = |p: &PersonRecord, form, on| step_completed_by_form(p, &policy, form, on).map(|s| s.id.as_str());
    assert_eq!(step(&p, FormKind::Commitment, d(2025, 3, 14)), Some("commitment"));
    assert_eq!(step(&p, FormKind::Review, d(2025, 3, 14)), Some("security_review"));
    // Done already: a second copy completes nothing.
    assert_eq!(step(&onboarded(), FormKind::Commitment, d(2025, 3, 15)), None);
    // On duty since Thu 20 Mar 2025: the re-signed commitment is the recurring step, whenever
    // its copy comes back after the last completion (the onboarding one on 14 Mar counts as the
    // first, through `first_from`, but belongs to another step id).
    let duty = on_duty();
    assert_eq!(step(&duty, FormKind::Commitment, d(2026, 3, 10)), Some("commitment_resign"));
    assert_eq!(step(&duty, FormKind::Review, d(2026, 3, 10)), Some("re_review"));
    let mut resigned = duty.clone();
    resigned.steps.push(done("commitment_resign", d(2026, 3, 10)));
    assert_eq!(step(&resigned, FormKind::Commitment, d(2026, 3, 10)), None, "the same day twice");
    assert_eq!(step(&resigned, FormKind::Commitment, d(2027, 3, 9)), Some("commitment_resign"));
    // No step of the stage is printed on a travel form.
    assert_eq!(step(&duty, FormKind::TravelApproval, d(2026, 3, 10)), None);
}
