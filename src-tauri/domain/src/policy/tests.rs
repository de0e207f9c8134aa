use chrono::NaiveDate;

use super::*;
use crate::deadline::PeriodUnit;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn lid(s: &str) -> LevelId {
    LevelId(s.to_owned())
}

fn prc() -> Policy {
    Policy::builtin("prc-2024").unwrap()
}

fn prc_text() -> &'static str {
    Policy::builtin_text("prc-2024").unwrap()
}

/// The shipped PRC file with one line replaced (`from` must occur exactly once).
fn prc_with(from: &str, to: &str) -> String {
    let text = prc_text();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replace(from, to)
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).expect(needle) as u32 + 1
}

#[test]
fn both_shipped_policies_load() {
    assert_eq!(Policy::builtin_ids(), vec!["prc-2024", "us-nispom"]);
    assert_eq!(DEFAULT_POLICY, "prc-2024");
    for id in Policy::builtin_ids() {
        let p = Policy::builtin(id).unwrap();
        assert_eq!(p.id, id);
        assert!(HolidayCalendar::builtin(&p.calendar).is_some(), "{id} names a shipped calendar");
        // Every step and rule has a citation in both languages.
        for stage in Stage::ALL {
            for s in p.steps(stage) {
                assert!(!s.citation.zh.is_empty() && !s.citation.en.is_empty(), "{id}/{}", s.id);
            }
        }
        for r in p.period_rules() {
            assert!(!r.citation.zh.is_empty() && !r.citation.en.is_empty(), "{id}/{}", r.id);
        }
    }
    assert!(Policy::builtin("nope").is_none());
}

#[test]
fn the_prc_policy_has_the_numbers_of_domain_md() {
    let p = prc();
    assert_eq!(p.id_format, IdFormat::PrcResidentId);
    assert_eq!(p.calendar, "cn");
    assert_eq!(p.lead_days, 30);
    let ids: Vec<&str> = p.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["core", "important", "general"]);
    assert_eq!(p.levels(), crate::level::default_levels());
    assert_eq!(p.planned_start.period, Period::days(30));
    assert_eq!(p.planned_start.id, "onboarding.planned_start");

    let required: Vec<&str> = p.onboarding.iter().filter(|s| s.required).map(|s| s.id.as_str()).collect();
    assert_eq!(required, ["security_review", "initial_training", "commitment"]);
    assert_eq!(p.step(Stage::Onboarding, "security_review").unwrap().form, Some(FormKind::Review));

    let training = p.step(Stage::OnDuty, "recurring_training").unwrap();
    assert_eq!(training.every_for(&lid("general")), Some(&Period::months(12).rolling()));
    assert_eq!(training.first_from.as_deref(), Some("initial_training"));
    let re_review = p.step(Stage::OnDuty, "re_review").unwrap();
    assert_eq!(re_review.every_for(&lid("core")), Some(&Period::years(1).rolling()));
    assert_eq!(re_review.every_for(&lid("important")), Some(&Period::years(3).rolling()));
    assert_eq!(re_review.every_for(&lid("general")), Some(&Period::years(5).rolling()));
    let rule = p.recurrence(re_review, &lid("important")).unwrap();
    assert_eq!(rule.id, "on_duty.re_review.important");
    assert!(rule.citation.zh.contains("第五十条"));
    assert_eq!(p.step(Stage::OnDuty, "commitment_resign").unwrap().every_for(&lid("core")), Some(&Period::months(12).rolling()));
    assert_eq!(p.training_hours_for(&lid("core")), Some(10));

    let departure: Vec<&str> = p.departure.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(departure, ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"]);
    assert!(p.departure.iter().all(|s| s.required));
    assert!(p.step(Stage::Departing, "returned_items").unwrap().checklist);
    assert_eq!(p.departure_due.period, Period::days(0));

    let range = |l: &str| {
        let r = p.decommissioning_range(&lid(l)).unwrap();
        (r.min.clone(), r.max.clone())
    };
    assert_eq!(range("core"), (Period::years(2), Period::years(3)));
    assert_eq!(range("important"), (Period::years(1), Period::years(2)));
    assert_eq!(range("general"), (Period::months(6), Period::months(12)));
    let rule = p.decommissioning_rule(&lid("core"), &Period::years(3).rolling());
    assert!(!rule.period.roll_forward, "a restriction period never rolls");
    assert_eq!(rule.id, "decommissioning.core");

    let t = &p.travel;
    assert!(t.custody);
    assert_eq!(t.lead_days, 7);
    assert_eq!(t.document_handin.period, Period::days(7).rolling());
    assert_eq!(t.checkout_lead.period, Period::days(7));
    assert_eq!(t.document_return.period, Period::days(10).rolling());
    assert_eq!(t.report.period, Period::days(7).rolling());
    assert_eq!(t.report.id, "travel.report");
    assert_eq!(t.expiry_warning.period, Period::months(6));
    assert!(p.needs_higher_approval(Some(&lid("core")), false));
    assert!(p.needs_higher_approval(Some(&lid("general")), true));
    assert!(!p.needs_higher_approval(Some(&lid("important")), false));
}

#[test]
fn the_us_policy_follows_domain_md_section_7() {
    let p = Policy::builtin("us-nispom").unwrap();
    assert_eq!(p.id_format, IdFormat::FreeText);
    assert_eq!(p.calendar, "us");
    let ids: Vec<&str> = p.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["top_secret", "secret", "confidential"]);
    let required: Vec<&str> = p.onboarding.iter().filter(|s| s.required).map(|s| s.id.as_str()).collect();
    assert_eq!(required, ["eligibility", "sf312", "initial_briefing", "insider_threat_initial"]);
    let every = |step: &str, level: &str| p.step(Stage::OnDuty, step).unwrap().every_for(&lid(level)).cloned().unwrap();
    assert_eq!(every("refresher", "secret"), Period::months(12).rolling());
    assert_eq!(every("insider_threat", "secret"), Period::months(12).rolling());
    assert_eq!(every("derivative_classification", "secret"), Period::years(2).rolling());
    assert!(!p.step(Stage::OnDuty, "derivative_classification").unwrap().required);
    assert_eq!(every("reinvestigation", "top_secret"), Period::years(5).rolling());
    assert_eq!(every("reinvestigation", "secret"), Period::years(10).rolling());
    assert_eq!(every("reinvestigation", "confidential"), Period::years(15).rolling());
    assert!(p.step(Stage::Departing, "debriefing").is_some());
    assert_eq!(p.training_hours, None);
    assert_eq!(p.travel.report.period, Period { amount: 5, unit: PeriodUnit::WorkingDays, roll_forward: true });
    assert!(!p.travel.custody);
    assert!(!p.needs_higher_approval(Some(&lid("top_secret")), true));
    let r = p.decommissioning_range(&lid("secret")).unwrap();
    assert_eq!((r.min.clone(), r.max.clone()), (Period::days(0), Period::days(0)));
}

#[test]
fn us_post_trip_report_counts_business_days_on_the_us_calendar() {
    let p = Policy::builtin("us-nispom").unwrap();
    let us = HolidayCalendar::builtin("us").unwrap();
    // Return Thu 26 Jun 2025. Fri 27 (1); Mon 30 (2); Tue 1 Jul (3); Wed 2 (4); Thu 3 (5).
    assert_eq!(p.travel.report.due_from(d(2025, 6, 26), &us).date, d(2025, 7, 3));
    // Return Tue 1 Jul 2025: Wed 2 (1), Thu 3 (2), Fri 4 Independence Day skipped, Mon 7 (3),
    // Tue 8 (4), Wed 9 (5).
    assert_eq!(p.travel.report.due_from(d(2025, 7, 1), &us).date, d(2025, 7, 9));
}

#[test]
fn the_planned_start_defaults_to_registration_plus_30_days() {
    let p = prc();
    // Registered Mon 3 Mar 2025 + 30 days → Wed 2 Apr 2025 (March has 31 days: 3 + 30 = 33 → 2 Apr).
    let due = p.planned_start_from(d(2025, 3, 3), &HolidayCalendar::builtin("cn").unwrap());
    assert_eq!(due.date, d(2025, 4, 2));
    assert_eq!(due.rule_id, "onboarding.planned_start");
}

#[test]
fn policies_serialise_for_the_window() {
    let json = serde_json::to_value(prc()).unwrap();
    assert_eq!(json["id_format"], "prc_resident_id");
    assert_eq!(json["onboarding"][0]["form"], "review");
    assert_eq!(json["on_duty"][1]["every"][0]["period"]["unit"], "years");
    let back: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(back, prc());
}

// --- broken files: line and field -----------------------------------------------------------

#[test]
fn a_syntax_error_gives_its_line() {
    let text = prc_with("lead_days = 30\n", "lead_days = 30 days\n");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.syntax");
    assert_eq!(err.line, Some(line_of(&text, "lead_days = 30 days")));
    assert!(err.message(Lang::En).starts_with(&format!("line {}: TOML syntax error", err.line.unwrap())), "{}", err.message(Lang::En));
    assert!(err.message(Lang::ZhCn).starts_with(&format!("第 {} 行:TOML 语法错误", err.line.unwrap())));
}

#[test]
fn an_unknown_field_gives_its_line_and_name() {
    let text = prc_with("name_en = \"Reminder talk\"\n", "name_en = \"Reminder talk\"\nrequird = false\n");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.unknown_field");
    assert_eq!(err.line, Some(line_of(&text, "requird")));
    assert!(err.field.as_deref().unwrap().ends_with("requird"), "{:?}", err.field);
}

#[test]
fn a_missing_field_is_named() {
    let text = prc_with("lead_days = 30\n", "");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.missing_field");
    assert_eq!(err.field.as_deref(), Some("lead_days"));
    assert!(err.message(Lang::En).contains("lead_days"));
}

#[test]
fn an_unknown_form_or_id_format_gives_its_line() {
    let text = prc_with("form = \"departure\"\n", "form = \"farewell\"\n");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.unknown_value");
    assert_eq!(err.line, Some(line_of(&text, "farewell")));

    let text = prc_with("id_format = \"prc_resident_id\"\n", "id_format = \"passport\"\n");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.line, Some(line_of(&text, "passport")));
}

#[test]
fn a_rule_naming_an_unknown_level_gives_its_line() {
    let text = prc_with("general = \"5 years\" }", "genral = \"5 years\" }");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.unknown_level");
    assert_eq!(err.line, Some(line_of(&text, "genral")));
    assert_eq!(err.field.as_deref(), Some("on_duty.steps[1].every.genral"));
    assert_eq!(err.params["allowed"], "core, important, general");
    let en = err.message(Lang::En);
    assert_eq!(
        en,
        format!(
            "line {} (on_duty.steps[1].every.genral): Unknown level \"genral\"; this policy's levels: core, important, general",
            err.line.unwrap()
        )
    );

    let text = prc_with("higher_approval_levels = [\"core\"]", "higher_approval_levels = [\"kore\"]");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!((err.code.as_str(), err.line), ("policy.unknown_level", Some(line_of(&text, "kore"))));
}

#[test]
fn a_per_level_table_must_name_every_level() {
    let text = prc_with("general = { min = \"6 months\", max = \"12 months\" }\n", "");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.level_missing");
    assert_eq!(err.params["value"], "general");
    assert_eq!(err.line, Some(line_of(&text, "[decommissioning.range]")));
}

#[test]
fn a_range_whose_minimum_exceeds_its_maximum_gives_its_line() {
    let text = prc_with("important = { min = \"1 year\", max = \"2 years\" }", "important = { min = \"3 years\", max = \"2 years\" }");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.min_after_max");
    assert_eq!(err.line, Some(line_of(&text, "important = { min = \"3 years\"")));
    assert_eq!(err.field.as_deref(), Some("decommissioning.range.important.min"));
    // Mixed units compare by their ends: 13 months > 1 year.
    let text = prc_with("general = { min = \"6 months\", max = \"12 months\" }", "general = { min = \"13 months\", max = \"1 year\" }");
    assert_eq!(Policy::parse(&text).unwrap_err().code, "policy.min_after_max");
    let text = prc_with("general = { min = \"6 months\", max = \"12 months\" }", "general = { min = \"180 days\", max = \"1 year\" }");
    assert!(Policy::parse(&text).is_ok());
}

#[test]
fn a_bad_period_gives_its_line() {
    let text = prc_with("every = \"12 months\"\nfirst_from = \"commitment\"", "every = \"12 moons\"\nfirst_from = \"commitment\"");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.period");
    assert_eq!(err.line, Some(line_of(&text, "12 moons")));
    assert_eq!(err.field.as_deref(), Some("on_duty.steps[2].every"));
    assert!(err.message(Lang::ZhCn).contains("“12 moons” 不是期限"));
}

#[test]
fn a_period_longer_than_100_years_is_refused_before_it_is_counted() {
    // Counted day by day, four billion working days would not end: refused at once.
    let text =
        prc_with("core = { min = \"2 years\", max = \"3 years\" }", "core = { min = \"2 years\", max = \"4294967295 working_days\" }");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.period_too_long");
    assert_eq!(err.field.as_deref(), Some("decommissioning.range.core.max"));
    assert!(err.message(Lang::ZhCn).contains("期限 “4294967295 working_days” 超过 100 年"));
    let text = prc_with("every = \"12 months\"\nfirst_from = \"commitment\"", "every = \"1201 months\"\nfirst_from = \"commitment\"");
    assert_eq!(Policy::parse(&text).unwrap_err().code, "policy.period_too_long");
}

#[test]
fn references_to_steps_and_duplicates_are_checked() {
    let text = prc_with("first_from = \"security_review\"", "first_from = \"security_reveiw\"");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!((err.code.as_str(), err.line), ("policy.unknown_step", Some(line_of(&text, "security_reveiw"))));

    let text = prc_with("id = \"access_revoked\"", "id = \"reminder_talk\"");
    let err = Policy::parse(&text).unwrap_err();
    assert_eq!(err.code, "policy.duplicate_id");
    assert_eq!(err.field.as_deref(), Some("departure.steps[3].id"));

    let text = prc_with("id = \"general\"", "id = \"core\"");
    assert_eq!(Policy::parse(&text).unwrap_err().code, "policy.duplicate_id");

    // An on-duty step needs a period; other stages may not have one.
    let text = prc_with("every = \"12 months\"\nfirst_from = \"commitment\"\n", "first_from = \"commitment\"\n");
    assert_eq!(Policy::parse(&text).unwrap_err().code, "policy.every_required");
    let text = prc_with("checklist = true\n", "checklist = true\nevery = \"1 year\"\n");
    assert_eq!(Policy::parse(&text).unwrap_err().code, "policy.every_not_here");
}

#[test]
fn the_error_converts_to_a_field_error_with_its_line() {
    let text = prc_with("general = \"5 years\" }", "genral = \"5 years\" }");
    let fe = Policy::parse(&text).unwrap_err().to_field_error();
    assert_eq!(fe.code, "policy.unknown_level");
    assert_eq!(fe.params["line"], line_of(&text, "genral").to_string());
}
