//! Reminders on a real register: derived from the records on every call, acknowledgements and
//! snoozes stored append-only with their audit entries, a refused snooze writes nothing.

use chrono::NaiveDate;
use clearance_domain::deadline::DueState;
use clearance_domain::person::PersonInput;
use clearance_domain::reminders::AckKind;
use clearance_tracker_lib::office::{Office, ReminderBoard, ReminderFilter};

use super::{audit_count, register, who, zhang_san};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn board(office: &Office, as_of: NaiveDate) -> ReminderBoard {
    office.reminder_board(Some(as_of), &ReminderFilter::default()).await.unwrap()
}

fn ids(b: &ReminderBoard) -> Vec<&str> {
    b.rows.iter().map(|r| r.id.as_str()).collect()
}

// 张三 is registered on 27 Nov 2026 with the default planned start 30 days later, 27 Dec 2026:
// the three onboarding steps are due then, and the policy's 30-day lead time starts on 27 Nov.
const REVIEW: &str = "person:1:onboarding:security_review";
const TRAINING: &str = "person:1:onboarding:initial_training";
const COMMITMENT: &str = "person:1:onboarding:commitment";

#[tokio::test]
async fn onboarding_steps_are_upcoming_then_overdue_and_a_done_step_disappears() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();

    // The day before the lead time starts: nothing yet.
    assert!(board(&r.office, day(2026, 11, 26)).await.rows.is_empty());
    let b = board(&r.office, day(2026, 11, 27)).await;
    assert_eq!(ids(&b), [COMMITMENT, TRAINING, REVIEW], "same due date: by kind, then key");
    assert!(b.rows.iter().all(|r| r.state == DueState::Upcoming && r.due_date == day(2026, 12, 27)));
    assert_eq!(b.rows[0].staff_no, "S0001");
    assert_eq!(b.rows[0].unit, "机要室");

    let b = board(&r.office, day(2026, 12, 27)).await;
    assert!(b.rows.iter().all(|r| r.state == DueState::Due && r.days_overdue == 0));
    // 5 Jan 2027 is 9 days after 27 Dec 2026.
    let b = board(&r.office, day(2027, 1, 5)).await;
    assert!(b.rows.iter().all(|r| r.state == DueState::Overdue && r.days_overdue == 9));
    assert_eq!(b.summary.counts.overdue, 3);
    assert!(!b.rows[0].rule_id.is_empty() && !b.rows[0].citation.zh.is_empty());

    r.office.record_step(who(&r.office, "S0001").await, "security_review", day(2026, 11, 27), "").await.unwrap();
    let b = board(&r.office, day(2027, 1, 5)).await;
    assert_eq!(ids(&b), [COMMITMENT, TRAINING]);

    // The 90-day calendar lists them whatever the lead time (on 1 Oct the review was not done yet:
    // a past date gives the list as it stood that day).
    let b = board(&r.office, day(2026, 10, 1)).await;
    assert!(b.rows.is_empty());
    assert_eq!(b.calendar.len(), 3);
    assert!(b.calendar.iter().all(|r| r.due_date == day(2026, 12, 27)));
}

#[tokio::test]
async fn an_acknowledgement_is_stored_audited_and_lapses_when_the_due_date_changes() {
    let r = register().await;
    let person = r.office.add_person(&zhang_san()).await.unwrap();
    let audits = audit_count(&r).await;

    let row = r.office.acknowledge_reminder(REVIEW, "已约谈,材料补交中").await.unwrap();
    assert!(matches!(row.ack, Some(AckKind::Acknowledged { ref note }) if note == "已约谈,材料补交中"));
    assert_eq!(audit_count(&r).await, audits + 1);
    let entry = &r.office.store().audit_page(0, 1).await.unwrap().0[0];
    assert_eq!(entry.action, "reminder.acknowledge");
    assert_eq!(entry.entity_id, REVIEW);

    // Held back, listed as acknowledged, and still so from a fresh start of the app.
    let reopened = r.reopen().await;
    let b = board(&reopened, day(2026, 12, 30)).await;
    assert_eq!(ids(&b), [COMMITMENT, TRAINING]);
    assert_eq!(b.acknowledged.len(), 1);
    assert_eq!(b.acknowledged[0].ack_by.as_deref(), Some("王芳"));

    // A new planned start moves the due date: the reminder is a new one and comes back.
    let moved = PersonInput { start_date: Some(day(2027, 1, 15)), ..zhang_san() };
    r.office.update_person(person.id, &moved).await.unwrap();
    let b = board(&r.office, day(2027, 1, 20)).await;
    assert!(ids(&b).contains(&REVIEW));
    assert!(b.acknowledged.is_empty());

    // Undo: a cancellation is a new row, the first one stays.
    r.office.acknowledge_reminder(REVIEW, "再次确认").await.unwrap();
    r.office.cancel_reminder_ack(REVIEW).await.unwrap();
    assert!(ids(&board(&r.office, day(2027, 1, 20)).await).contains(&REVIEW));
    assert_eq!(r.office.store().acknowledgements().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_snoozed_reminder_comes_back_on_its_day_and_a_bad_snooze_writes_nothing() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let audits = audit_count(&r).await;

    // Not after today (27 Nov): refused, in both languages, nothing written.
    let err = r.office.snooze_reminder(REVIEW, day(2026, 11, 27)).await.unwrap_err();
    let api = err.to_api(clearance_domain::Lang::En);
    assert_eq!(api.errors[0].field.as_deref(), Some("until"));
    assert!(api.message.contains("2026-11-27"), "{}", api.message);
    assert!(err.to_api(clearance_domain::Lang::ZhCn).message.contains("暂缓"));
    // An unknown reminder: refused too.
    assert!(r.office.acknowledge_reminder("person:99:onboarding:x", "note").await.is_err());
    // A note is required.
    assert!(r.office.acknowledge_reminder(REVIEW, "  ").await.is_err());
    assert_eq!(audit_count(&r).await, audits);
    assert!(r.office.store().acknowledgements().await.unwrap().is_empty());

    r.office.snooze_reminder(REVIEW, day(2026, 12, 1)).await.unwrap();
    assert!(!ids(&board(&r.office, day(2026, 11, 30)).await).contains(&REVIEW));
    let back = board(&r.office, day(2026, 12, 1)).await;
    let row = back.rows.iter().find(|r| r.id == REVIEW).expect("back on the day the snooze ends");
    assert_eq!(row.snoozed_until, Some(day(2026, 12, 1)));
}

#[tokio::test]
async fn the_notification_announces_what_became_due_once_a_day() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // On 27 Nov the steps are only upcoming: nothing to announce.
    assert!(r.office.notification(false).await.unwrap().is_none());
    r.office.mark_notified().await.unwrap();

    let later = r.office.clone().with_today(Some(day(2026, 12, 28)));
    let n = later.notification(false).await.unwrap().expect("three steps became overdue");
    assert_eq!(n.new_items, 3);
    assert_eq!(n.due_or_overdue, 3);
    later.mark_notified().await.unwrap();
    // Once a day: the same day gives nothing more, unless forced.
    assert!(later.notification(false).await.unwrap().is_none());
    assert!(later.notification(true).await.unwrap().is_some());
}

#[tokio::test]
async fn a_trip_awaiting_approval_is_reminded_on_the_dashboard() {
    use clearance_domain::reminders::ReminderKind;
    use clearance_domain::travel::{TripInput, TripKind};
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // Requested on 27 Nov for a trip leaving Mon 14 Dec 2026: the approval is due before the
    // planned departure, and the policy's travel lead time (7 days) starts on 7 Dec.
    let input = TripInput {
        destinations: vec!["jp".into()],
        purpose: "学术会议".into(),
        kind: Some(TripKind::Official),
        planned_departure: Some(day(2026, 12, 14)),
        planned_return: Some(day(2026, 12, 20)),
        document: None,
        notes: String::new(),
    };
    let trip = r.office.request_trip(who(&r.office, "S0001").await, &input, day(2026, 11, 27)).await.unwrap();
    let b = board(&r.office, day(2026, 12, 10)).await;
    let row = b.rows.iter().find(|row| row.kind == ReminderKind::TripApproval).expect("the approval is reminded");
    assert_eq!(row.id, format!("trip:{}:approval", trip.trip.id));
    assert_eq!(row.staff_no, "S0001");
    assert!(row.due_date <= day(2026, 12, 14));
}
