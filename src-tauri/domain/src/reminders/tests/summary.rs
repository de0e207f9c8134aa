//! Counts for the dashboard and the words of the one summary notification.

use std::collections::HashMap;

use super::super::text::TEXTS;
use super::*;

/// As of Fri 20 Mar 2026: three overdue (two reports, a document), one due, two upcoming.
fn sample() -> Vec<Obligation> {
    use ReminderKind as K;
    vec![
        item("trip:1:report", 1, K::TripReport, d(2026, 3, 10), 7), // 10 days overdue
        item("document:1:return:trip:1", 1, K::DocumentReturn, d(2026, 3, 18), 7), // 2
        item("trip:2:report", 2, K::TripReport, d(2026, 3, 19), 7), // 1
        item("person:3:on_duty:re_review", 3, K::ReReview, d(2026, 3, 20), 30), // due today
        item("person:4:on_duty:recurring_training", 4, K::RecurringTraining, d(2026, 4, 1), 30), // from 2 Mar
        item("person:3:on_duty:training_hours", 3, K::TrainingHours, d(2026, 4, 15), 30), // from 16 Mar
        item("person:5:on_duty:re_review", 5, K::ReReview, d(2026, 6, 1), 30), // not yet (from 2 May)
    ]
}

fn units() -> HashMap<PersonId, String> {
    [(1, "科研一部"), (2, "科研一部"), (3, "机要室")].into_iter().map(|(id, unit)| (PersonId(id), unit.to_owned())).collect()
}

fn counts(upcoming: u32, due: u32, overdue: u32) -> StateCounts {
    StateCounts { upcoming, due, overdue }
}

#[test]
fn counts_by_state_kind_and_unit() {
    let list = sample();
    let r = reminders(&list, &[], d(2026, 3, 20));
    let units = units();
    let s = summary(&r, |id| units.get(&id).map(String::as_str));
    assert_eq!(s.counts, counts(2, 1, 3));
    assert_eq!(s.counts.total(), 6);
    let by_kind: Vec<(ReminderKind, StateCounts)> = s.by_kind.iter().map(|k| (k.kind, k.counts)).collect();
    assert_eq!(
        by_kind,
        [
            (ReminderKind::RecurringTraining, counts(1, 0, 0)),
            (ReminderKind::ReReview, counts(0, 1, 0)),
            (ReminderKind::TrainingHours, counts(1, 0, 0)),
            (ReminderKind::DocumentReturn, counts(0, 0, 1)),
            (ReminderKind::TripReport, counts(0, 0, 2)),
        ]
    );
    // Person 4 has no unit: counted above, not here. Units by name (code point order).
    let by_unit: Vec<(&str, StateCounts)> = s.by_unit.iter().map(|u| (u.unit.as_str(), u.counts)).collect();
    assert_eq!(by_unit, [("机要室", counts(1, 1, 0)), ("科研一部", counts(0, 0, 3))]);
    assert_eq!(s.earliest_due, Some(d(2026, 3, 10)));
    // Without units.
    assert!(summary(&r, |_| None).by_unit.is_empty());
}

#[test]
fn the_notification_text_in_chinese_and_english() {
    let list = sample();
    let r = reminders(&list, &[], d(2026, 3, 20));
    let s = summary(&r, |_| None);
    // Kinds with the most overdue first, then the most due, then the most in all; ties in the
    // dashboard's order (recurring training before training hours); four named, one counted.
    let (title, body) = summary_text(&s, Lang::ZhCn);
    assert_eq!(title, "保密提醒:3 项逾期,1 项今日到期,2 项即将到期");
    assert_eq!(body, "回国(境)报告:2 项逾期\n证件交回:1 项逾期\n保密复审:1 项今日到期\n在岗保密教育培训:1 项即将到期\n另有 1 类提醒\n点击打开仪表板查看详情");
    let (title, body) = summary_text(&s, Lang::En);
    assert_eq!(title, "Clearance reminders: 3 overdue, 1 due today, 2 coming up");
    assert_eq!(
        body,
        "Post-trip report: 2 overdue\nTravel document return: 1 overdue\nPeriodic re-review: 1 due today\nRecurring security training: 1 coming up\nand 1 more\nClick to open the dashboard"
    );
}

#[test]
fn the_daily_notification_sums_up_only_what_became_due_and_says_so_when_nothing_did() {
    let list = sample();
    let r = reminders(&list, &[], d(2026, 3, 20));
    // Last notified Wed 18 Mar: the report due the 19th and the re-review due today are new; the
    // document due the 18th was already due then.
    let new = became_due_since(&r, d(2026, 3, 18));
    let s = summary(&new, |_| None);
    assert_eq!(
        summary_text(&s, Lang::ZhCn),
        ("保密提醒:1 项逾期,1 项今日到期".to_owned(), "回国(境)报告:1 项逾期\n保密复审:1 项今日到期\n点击打开仪表板查看详情".to_owned())
    );
    assert_eq!(summary_text(&s, Lang::En).0, "Clearance reminders: 1 overdue, 1 due today");
    let none = summary(&became_due_since(&r, d(2026, 3, 20)), |_| None);
    assert_eq!(none.counts.total(), 0);
    assert_eq!(summary_text(&none, Lang::ZhCn), ("保密提醒:暂无到期事项".to_owned(), "点击打开仪表板查看详情".to_owned()));
    assert_eq!(summary_text(&none, Lang::En).0, "Clearance reminders: nothing due");
}

#[test]
fn every_text_has_both_languages_and_the_same_placeholders() {
    let holes = |s: &str| {
        let mut v: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(str::to_owned).collect();
        v.sort();
        v
    };
    for (code, zh, en) in TEXTS {
        assert!(!zh.is_empty() && !en.is_empty(), "{code}");
        assert_eq!(holes(zh), holes(en), "{code}");
    }
    for kind in ReminderKind::ALL {
        assert!(!kind.name(Lang::ZhCn).is_empty() && !kind.name(Lang::En).is_empty());
        assert_eq!(ReminderKind::ALL[kind.index()], kind);
    }
}
