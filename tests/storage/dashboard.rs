//! The dashboard works on a real register: one person's reminders of one occasion are one group,
//! each reminder offers what can be done about it, and several are recorded done at once, all or
//! none, each with its own audit entry.

use chrono::NaiveDate;
use clearance_domain::deadline::DueState;
use clearance_domain::person::PersonInput;
use clearance_domain::reminders::Subject;
use clearance_domain::Lang;
use clearance_tracker_lib::office::{Office, ReminderAction, ReminderBoard, ReminderFilter};

use super::{audit_count, li_si, register, who, zhang_san};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn board(office: &Office, as_of: NaiveDate) -> ReminderBoard {
    office.reminder_board(Some(as_of), &ReminderFilter::default()).await.unwrap()
}

/// The groups as the keys of their items.
fn groups(b: &ReminderBoard) -> Vec<Vec<&str>> {
    b.groups.iter().map(|g| g.items.iter().map(|&i| b.rows[i as usize].id.as_str()).collect()).collect()
}

#[tokio::test]
async fn one_persons_onboarding_steps_are_one_group_with_what_each_offers() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    // 李四 registered Sun 1 Nov 2026: planned start + 30 days = Tue 1 Dec 2026.
    r.office.clone().with_today(Some(day(2026, 11, 1))).add_person(&li_si()).await.unwrap();

    // Tue 5 Jan 2027: 张三's three steps (due Sun 27 Dec 2026) are 9 days overdue, 李四's (due Tue 1
    // Dec) 35 days: 李四's group comes first.
    let b = board(&r.office, day(2027, 1, 5)).await;
    assert_eq!(
        groups(&b),
        [
            ["person:2:onboarding:commitment", "person:2:onboarding:initial_training", "person:2:onboarding:security_review"],
            ["person:1:onboarding:commitment", "person:1:onboarding:initial_training", "person:1:onboarding:security_review"],
        ]
    );
    let first = &b.groups[0];
    assert_eq!((first.name.as_str(), first.staff_no.as_str(), first.key.as_str()), ("李四", "S0002", "person:2:onboarding"));
    assert_eq!((first.state, b.rows[0].days_overdue, b.rows[3].days_overdue), (DueState::Overdue, 35, 9));

    // Record done (the step), open the person, acknowledge, snooze: in that order.
    let review = b.rows.iter().find(|r| r.id == "person:1:onboarding:security_review").unwrap();
    let actions: Vec<&ReminderAction> = review.offers.iter().map(|o| &o.action).collect();
    let zhang = who(&r.office, "S0001").await;
    assert_eq!(
        actions,
        [
            &ReminderAction::RecordStep { step_id: "security_review".into() },
            &ReminderAction::Open { subject: Subject::Person(zhang) },
            &ReminderAction::Acknowledge,
            &ReminderAction::Snooze,
        ]
    );
    assert!(review.offers.iter().all(|o| o.blocked.is_none()));

    // Filtered to one unit the groups are those of the rows left.
    let filter = ReminderFilter { unit: Some("无此部门".into()), ..Default::default() };
    let b = r.office.reminder_board(Some(day(2027, 1, 5)), &filter).await.unwrap();
    assert!(b.rows.is_empty() && b.groups.is_empty());
}

#[tokio::test]
async fn everyone_who_attended_is_recorded_at_once_each_audited() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let before = audit_count(&r).await;
    let keys = ["person:1:onboarding:initial_training".to_owned(), "person:2:onboarding:initial_training".to_owned()];

    let done = r.office.record_reminders_done(&keys, day(2026, 11, 27), "11 月保密教育").await.unwrap();
    assert_eq!((done.done.len(), done.people), (2, 2));
    assert_eq!(audit_count(&r).await, before + 2, "one entry for each person");
    let (entries, _) = r.office.store().audit_page(0, 2).await.unwrap();
    assert!(entries.iter().all(|e| e.action == "lifecycle.step"));
    let mut people: Vec<_> = entries.iter().map(|e| e.person_id).collect();
    people.sort();
    assert_eq!(people, [Some(who(&r.office, "S0001").await), Some(who(&r.office, "S0002").await)]);

    // The rows leave the list; each group has two items left.
    let b = board(&r.office, day(2027, 1, 5)).await;
    assert!(b.rows.iter().all(|r| !keys.contains(&r.id)));
    assert_eq!(groups(&b).iter().map(Vec::len).collect::<Vec<_>>(), [2, 2]);
}

#[tokio::test]
async fn one_refused_person_refuses_them_all_named_with_the_reason() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.clone().with_today(Some(day(2026, 11, 1))).add_person(&li_si()).await.unwrap();
    let before = audit_count(&r).await;
    let keys = ["person:1:onboarding:security_review".to_owned(), "person:2:onboarding:security_review".to_owned()];

    // Tue 10 Nov 2026: after 李四's registration (1 Nov), before 张三's (27 Nov).
    let err = r.office.record_reminders_done(&keys, day(2026, 11, 10), "").await.unwrap_err();
    assert!(err.is_user_error());
    let zh = err.to_api(Lang::ZhCn);
    assert_eq!(zh.errors.len(), 2, "{zh:?}");
    assert!(zh.message.contains("未登记任何事项") && zh.message.contains('1'), "{}", zh.message);
    let line = &zh.errors[1].message;
    assert!(line.contains("张三") && line.contains("S0001") && line.contains("登记日期"), "{line}");
    let en = err.to_api(Lang::En);
    assert!(en.errors[1].message.starts_with("张三 (S0001) · "), "{}", en.errors[1].message);
    assert!(!en.errors[1].message.contains("登记"), "the reason in the office's language: {}", en.errors[1].message);

    // Nothing was written, not even 李四's.
    assert_eq!(audit_count(&r).await, before);
    assert_eq!(board(&r.office, day(2027, 1, 5)).await.rows.len(), 6);

    // A reminder that no step records (a document, a trip) is refused the same way; none chosen too.
    assert_eq!(r.office.record_reminders_done(&[], day(2026, 11, 27), "").await.unwrap_err().code(), "reminders.none_chosen");
    assert_eq!(
        r.office.record_reminders_done(&["person:9:onboarding:x".into()], day(2026, 11, 27), "").await.unwrap_err().code(),
        "reminder.not_found"
    );
    assert_eq!(audit_count(&r).await, before);
}

/// The dashboard's unit filter offers the units with someone supervised in them: a unit whose
/// only person is archived is not offered, on either database (on the server its query is
/// written otherwise, for speed: the same answer).
#[tokio::test]
async fn the_unit_filter_offers_the_units_with_someone_supervised() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let li = r.office.add_person(&PersonInput { unit: "档案室".into(), ..li_si() }).await.unwrap();
    let units = |b: &ReminderBoard| b.units.clone();
    assert_eq!(units(&board(&r.office, day(2026, 12, 1)).await), ["机要室", "档案室"]);
    r.office.archive(li.id, "调离").await.unwrap();
    assert_eq!(units(&board(&r.office, day(2026, 12, 1)).await), [zhang_san().unit]);
}
