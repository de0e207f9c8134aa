//! The dashboard's groups: one person's reminders of one occasion are one group, worst first, and
//! the groups stand where their worst item stands.

use super::*;
use crate::reminders::occasion::{group, occasion, trip_step, Occasion};
use crate::travel::trip::TripStepKind;

const LI: PersonId = PersonId(43);

/// The groups as the keys of their items.
fn grouped(list: &[Reminder<'_>]) -> Vec<Vec<String>> {
    group(list, |r| r.obligation).into_iter().map(|g| g.into_iter().map(|i| list[i].obligation.key.clone()).collect()).collect()
}

#[test]
fn a_departing_persons_three_overdue_steps_are_one_group_and_the_trip_another() {
    // 张三 leaves the organisation on Thu 15 Jan 2026: the four departure steps are due that day
    // (0 days after). The reminder talk was held Mon 19 Jan; on Tue 20 Jan the other three are 5
    // days overdue.
    let mut p = departing();
    p.steps.push(done("reminder_talk", d(2026, 1, 19)));
    let as_of = d(2026, 1, 20);
    let mut list = life(&p, as_of);
    // Back from Japan on Thu 2 Oct 2025 with the report never received nor the passport returned:
    // the report was due Thu 9 Oct 2025 (+ 7 days), 22 + 30 + 31 + 20 = 103 days before 20 Jan;
    // the passport Mon 13 Oct 2025 (+ 10 days = Sun 12 Oct, moved to Monday), 99 days before.
    let (doc, trip) = returned(d(2025, 10, 2));
    list.extend(travel(&[trip], &[doc], as_of));
    // 李四, on duty since Thu 20 Mar 2025: his training (12 Mar 2025 + 12 months = Thu 12 Mar 2026)
    // and commitment (Fri 14 Mar 2025 + 12 months = Sat 14 Mar → Mon 16 Mar 2026) are months away
    // on 20 Jan, outside the 30-day lead time: not listed.
    sources::lifecycle_obligations(LI, &on_duty("general"), &prc(), &cn(), as_of, &mut list);

    let shown = reminders(&list, &[], as_of);
    let days: Vec<(String, i64)> = shown.iter().map(|r| (r.obligation.key.clone(), r.days_overdue)).collect();
    assert_eq!(
        days,
        [
            ("trip:10:report".to_owned(), 103),
            ("document:1:return:trip:10".to_owned(), 99),
            ("person:42:departing:access_revoked".to_owned(), 5),
            ("person:42:departing:departure_commitment".to_owned(), 5),
            ("person:42:departing:returned_items".to_owned(), 5),
        ]
    );
    // The trip and its document's return are one occasion; the three departure steps another.
    assert_eq!(
        grouped(&shown),
        [
            vec!["trip:10:report", "document:1:return:trip:10"],
            vec!["person:42:departing:access_revoked", "person:42:departing:departure_commitment", "person:42:departing:returned_items"],
        ]
    );
    let departure = find(&list, "person:42:departing:returned_items");
    assert_eq!(occasion(departure), Occasion::Stage(ZHANG, "departing".into()));
    assert_eq!(occasion(departure).key(), "person:42:departing");
    assert_eq!(occasion(find(&list, "document:1:return:trip:10")).key(), "trip:10");

    // What records each done: the trip page's report and document return, the person page's steps.
    assert_eq!(trip_step(find(&list, "trip:10:report")), Some((TRIP, TripStepKind::Report)));
    assert_eq!(trip_step(find(&list, "document:1:return:trip:10")), Some((TRIP, TripStepKind::DocReturn)));
    assert_eq!(trip_step(departure), None);
}

#[test]
fn a_group_shows_its_worst_item_first_and_stands_where_it_stands() {
    // 李四 on duty, Fri 13 Mar 2026: the training (due Thu 12 Mar) is 1 day overdue, the commitment
    // (due Mon 16 Mar) upcoming. 张三, registered Mon 3 Mar 2025, planned start Wed 2 Apr 2025: on
    // Fri 13 Mar 2026 his three onboarding steps are 345 days overdue (2 Apr 2025 + 365 days = 2 Apr
    // 2026; 20 days earlier).
    let as_of = d(2026, 3, 13);
    let mut list = Vec::new();
    sources::lifecycle_obligations(LI, &on_duty("general"), &prc(), &cn(), as_of, &mut list);
    list.extend(life(&newcomer("general"), as_of));
    let shown = reminders(&list, &[], as_of);
    let states: Vec<(String, Option<(DueState, i64)>)> =
        shown.iter().map(|r| (r.obligation.key.clone(), Some((r.state, r.days_overdue)))).collect();
    assert_eq!(
        states,
        [
            ("person:42:onboarding:commitment".to_owned(), late(345)),
            ("person:42:onboarding:initial_training".to_owned(), late(345)),
            ("person:42:onboarding:security_review".to_owned(), late(345)),
            ("person:43:on_duty:recurring_training".to_owned(), late(1)),
            ("person:43:on_duty:commitment_resign".to_owned(), UP),
        ]
    );
    assert_eq!(
        grouped(&shown),
        [
            vec!["person:42:onboarding:commitment", "person:42:onboarding:initial_training", "person:42:onboarding:security_review"],
            // Overdue first within the group, the upcoming re-sign after it.
            vec!["person:43:on_duty:recurring_training", "person:43:on_duty:commitment_resign"],
        ]
    );
    assert!(group(&[] as &[Reminder<'_>], |r| r.obligation).is_empty());
}

#[test]
fn signed_copies_and_documents_have_occasions_of_their_own() {
    let due = d(2025, 3, 10);
    let form = item("form:2025-0001:signed_copy", 42, ReminderKind::FormUnreturned, due, 0);
    let form2 = item("form:2025-0002:signed_copy", 42, ReminderKind::FormUnreturned, due, 0);
    assert_eq!(occasion(&form), Occasion::SignedCopies(ZHANG));
    assert_eq!(occasion(&form).key(), occasion(&form2).key());
    let mut handin = item("document:1:handin", 42, ReminderKind::DocumentHandin, due, 7);
    handin.subject = Subject::Document(PASSPORT);
    assert_eq!(occasion(&handin), Occasion::Document(PASSPORT));
    assert_eq!(trip_step(&handin), None);
    // Another person's reminder of the same kind on the same day is not in the group.
    let other = item("form:2025-0003:signed_copy", 43, ReminderKind::FormUnreturned, due, 0);
    let list = [form, form2, other];
    // Mon 10 Mar + 2 days.
    let shown = reminders(&list, &[], d(2025, 3, 12));
    assert_eq!(grouped(&shown).iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
}

#[test]
fn a_step_is_offered_as_the_person_page_offers_it() {
    use crate::lifecycle::{available_actions, record_step_offer, LifecycleAction};
    // Departing since Thu 15 Jan 2026 with a notebook still out on Tue 20 Jan.
    let mut p = departing();
    p.state.departure.as_mut().unwrap().items = vec![ReturnedItem {
        item: "涉密笔记本".into(),
        classification: "秘密".into(),
        number: "BJ-001".into(),
        received_by: String::new(),
        returned_on: None,
    }];
    let today = d(2026, 1, 20);
    assert_eq!(record_step_offer(&p, &prc(), "reminder_talk", today), Some(None));
    let blocked = record_step_offer(&p, &prc(), "returned_items", today).expect("offered, blocked");
    assert!(blocked.is_some_and(|e| e.code == "lifecycle.items_not_returned" && e.message(Lang::ZhCn).contains("涉密笔记本")));
    // An onboarding step is not offered to a departing person at all.
    assert_eq!(record_step_offer(&p, &prc(), "security_review", today), None);
    // The same answers as the person page's list of actions.
    for step in ["reminder_talk", "returned_items", "security_review"] {
        let listed = available_actions(&p, &prc(), &cn(), today)
            .into_iter()
            .find(|a| a.action == LifecycleAction::RecordStep { step_id: step.into() })
            .map(|a| a.blocked);
        assert_eq!(record_step_offer(&p, &prc(), step, today), listed, "{step}");
    }
}
