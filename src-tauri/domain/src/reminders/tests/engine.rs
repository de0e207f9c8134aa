//! The engine: lead-time boundaries, order, acknowledgements, snoozes and what the daily
//! notification announces.

use super::*;

#[test]
fn listed_from_exactly_due_minus_lead_and_never_before() {
    // Due Tue 31 Mar 2026, lead 30: 31 Mar − 30 = Sun 1 Mar (February 2026 has 28 days).
    let list = [item("x", 1, ReminderKind::RecurringStep, d(2026, 3, 31), 30)];
    assert_eq!(state_of(&list, "x", d(2026, 2, 28)), None);
    assert_eq!(state_of(&list, "x", d(2026, 3, 1)), UP);
    assert_eq!(state_of(&list, "x", d(2026, 3, 30)), UP);
    assert_eq!(state_of(&list, "x", d(2026, 3, 31)), DUE);
    assert_eq!(state_of(&list, "x", d(2026, 4, 1)), late(1));
    // Lead 0: nothing before the day itself.
    let list = [item("y", 1, ReminderKind::RecurringStep, d(2026, 3, 31), 0)];
    assert_eq!(state_of(&list, "y", d(2026, 3, 30)), None);
    assert_eq!(state_of(&list, "y", d(2026, 3, 31)), DUE);
}

#[test]
fn overdue_first_most_days_overdue_first_then_due_then_upcoming_by_date() {
    use ReminderKind as K;
    // As of Fri 20 Mar 2026.
    let list = [
        item("upcoming-19-apr", 4, K::TripReport, d(2026, 4, 19), 30), // 19 Apr − 30 = 20 Mar: upcoming
        item("overdue-5-p2", 2, K::TripReport, d(2026, 3, 15), 30),
        item("due", 3, K::ReReview, d(2026, 3, 20), 30),
        item("not-yet", 6, K::ReReview, d(2026, 4, 20), 30), // from 21 Mar
        item("upcoming-25-mar", 5, K::DocumentReturn, d(2026, 3, 25), 7),
        item("overdue-19", 1, K::OnboardingStep, d(2026, 3, 1), 30),
        item("overdue-5-p1", 1, K::DocumentReturn, d(2026, 3, 15), 7),
    ];
    let r = reminders(&list, &[], d(2026, 3, 20));
    assert_eq!(keys(&r), ["overdue-19", "overdue-5-p1", "overdue-5-p2", "due", "upcoming-25-mar", "upcoming-19-apr"]);
    let states: Vec<(DueState, i64)> = r.iter().map(|r| (r.state, r.days_overdue)).collect();
    assert_eq!(
        states,
        [
            (DueState::Overdue, 19),
            (DueState::Overdue, 5),
            (DueState::Overdue, 5),
            (DueState::Due, 0),
            (DueState::Upcoming, 0),
            (DueState::Upcoming, 0)
        ]
    );
    // The same whatever order the sources came in.
    let mut reversed = list.clone();
    reversed.reverse();
    assert_eq!(keys(&reminders(&reversed, &[], d(2026, 3, 20))), keys(&r));
}

#[test]
fn an_acknowledged_reminder_stays_hidden_until_its_due_date_changes() {
    // The trip was due back Sun 5 Oct 2025 and no return is recorded: overdue on Mon 6 Oct. The
    // officer phones the traveller and acknowledges it.
    let (doc, trip) = departed();
    let key = "trip:10:return";
    let list = travel(std::slice::from_ref(&trip), std::slice::from_ref(&doc), d(2025, 10, 6));
    assert_eq!(state_of(&list, key, d(2025, 10, 6)), late(1));
    let ack =
        Acknowledgement::acknowledge(find(&list, key), " 已电话联系,会议延期,正在办理延期审批 ", "王保密", at(d(2025, 10, 6), 2)).unwrap();
    assert_eq!(ack.due_date_at_ack, d(2025, 10, 5));
    assert_eq!(ack.kind, AckKind::Acknowledged { note: "已电话联系,会议延期,正在办理延期审批".into() });
    let acks = [ack];
    for day in [6, 7, 10] {
        // Still overdue, still the same due date: hidden.
        assert!(reminders(&list, &acks, d(2025, 10, day)).is_empty(), "6 Oct + {day}");
        let hidden = hidden_reminders(&list, &acks, d(2025, 10, day));
        assert_eq!((hidden.len(), hidden[0].obligation.key.as_str(), hidden[0].ack), (1, key, &acks[0]));
    }
    // The extension is recorded on Mon 6 Oct: back by Sun 12 Oct. A new due date, so the reminder
    // is back (upcoming from 12 − 7 = 5 Oct), and overdue on the 13th if nothing happens.
    let trip = trip.extend(&extension(d(2025, 10, 6), d(2025, 10, 12)), recording_day()).unwrap();
    let list = travel(&[trip], &[doc], d(2025, 10, 7));
    let r = reminders(&list, &acks, d(2025, 10, 7));
    assert_eq!(keys(&r), [key]);
    assert_eq!((r[0].state, r[0].obligation.due.date, r[0].snoozed_until), (DueState::Upcoming, d(2025, 10, 12), None));
    assert!(hidden_reminders(&list, &acks, d(2025, 10, 7)).is_empty());
}

#[test]
fn an_acknowledgement_of_one_cycle_ends_when_the_recurring_obligation_is_done_again() {
    let mut p = on_duty("general");
    let key = "person:42:on_duty:recurring_training";
    // Training due Thu 12 Mar 2026, acknowledged on Mon 2 Mar: hidden, even once overdue.
    let list = life(&p, d(2026, 3, 2));
    let acks = [Acknowledgement::acknowledge(find(&list, key), "3 月 20 日集中培训", "王保密", at(d(2026, 3, 2), 1)).unwrap()];
    assert!(reminders(&life(&p, d(2026, 3, 2)), &acks, d(2026, 3, 2)).iter().all(|r| r.obligation.key != key));
    assert!(reminders(&life(&p, d(2026, 3, 19)), &acks, d(2026, 3, 19)).iter().all(|r| r.obligation.key != key));
    // Trained Fri 20 Mar 2026: next due Sat 20 Mar 2027 → Mon 22 Mar 2027; 22 Mar − 30 = Sat 20 Feb
    // 2027. The old acknowledgement does not hide the new cycle.
    p.trainings.push(training(d(2026, 3, 20), 8));
    let list = life(&p, d(2027, 2, 20));
    assert_eq!(find(&list, key).due.date, d(2027, 3, 22));
    let r = reminders(&list, &acks, d(2027, 2, 20));
    assert!(r.iter().any(|r| r.obligation.key == key && r.state == DueState::Upcoming));
}

#[test]
fn the_latest_acknowledgement_wins_and_a_cancellation_brings_the_reminder_back() {
    let list = [item("x", 1, ReminderKind::TripReport, d(2026, 3, 10), 7)];
    let o = &list[0];
    let ack = Acknowledgement::acknowledge(o, "已催交", "王保密", at(d(2026, 3, 11), 1)).unwrap();
    let cancel = Acknowledgement::cancel(o, "李强", at(d(2026, 3, 12), 1)).unwrap();
    let as_of = d(2026, 3, 12);
    assert!(reminders(&list, std::slice::from_ref(&ack), as_of).is_empty());
    assert_eq!(keys(&reminders(&list, &[ack.clone(), cancel.clone()], as_of)), ["x"]);
    // Order in the list does not matter: the time does.
    assert_eq!(keys(&reminders(&list, &[cancel.clone(), ack.clone()], as_of)), ["x"]);
    // A cancellation older than the acknowledgement changes nothing.
    let old_cancel = Acknowledgement { at: at(d(2026, 3, 10), 1), ..cancel };
    assert!(reminders(&list, &[ack, old_cancel], as_of).is_empty());
    // Another key's acknowledgement hides nothing here.
    let other = Acknowledgement { key: "y".into(), ..Acknowledgement::acknowledge(o, "n", "王保密", at(as_of, 1)).unwrap() };
    assert_eq!(keys(&reminders(&list, &[other], as_of)), ["x"]);
}

#[test]
fn a_snoozed_reminder_comes_back_on_its_date() {
    let p = on_duty("general");
    let key = "person:42:on_duty:commitment_resign";
    let shown = |as_of: NaiveDate, acks: &[Acknowledgement]| -> Option<(DueState, i64, Option<NaiveDate>)> {
        reminders(&life(&p, as_of), acks, as_of)
            .iter()
            .find(|r| r.obligation.key == key)
            .map(|r| (r.state, r.days_overdue, r.snoozed_until))
    };
    // Due Mon 16 Mar 2026, upcoming from Sat 14 Feb. Snoozed on Mon 16 Feb until Mon 2 Mar.
    let o = find(&life(&p, d(2026, 2, 16)), key).clone();
    let snooze = Acknowledgement::snooze(&o, d(2026, 3, 2), d(2026, 2, 16), "王保密", at(d(2026, 2, 16), 1)).unwrap();
    assert_eq!(snooze.kind, AckKind::Snoozed { until: d(2026, 3, 2) });
    let acks = [snooze];
    assert_eq!(shown(d(2026, 2, 16), &[]), Some((DueState::Upcoming, 0, None)));
    assert_eq!(shown(d(2026, 2, 16), &acks), None);
    assert_eq!(shown(d(2026, 3, 1), &acks), None);
    // Back on Mon 2 Mar, marked as back from the snooze; and so on after.
    assert_eq!(shown(d(2026, 3, 2), &acks), Some((DueState::Upcoming, 0, Some(d(2026, 3, 2)))));
    assert_eq!(shown(d(2026, 3, 17), &acks), Some((DueState::Overdue, 1, Some(d(2026, 3, 2)))));

    // Snoozed past the due date, until Fri 20 Mar: hidden while due and overdue, back on the 20th
    // 4 days overdue.
    let acks = [Acknowledgement::snooze(&o, d(2026, 3, 20), d(2026, 3, 1), "王保密", at(d(2026, 3, 1), 1)).unwrap()];
    assert_eq!(shown(d(2026, 3, 16), &acks), None);
    assert_eq!(shown(d(2026, 3, 19), &acks), None);
    assert_eq!(shown(d(2026, 3, 20), &acks), Some((DueState::Overdue, 4, Some(d(2026, 3, 20)))));
}

#[test]
fn a_snooze_ends_early_when_the_due_date_changes() {
    let before = [item("x", 1, ReminderKind::ReReview, d(2026, 3, 16), 30)];
    let acks = [Acknowledgement::snooze(&before[0], d(2026, 4, 1), d(2026, 2, 20), "王保密", at(d(2026, 2, 20), 1)).unwrap()];
    assert!(reminders(&before, &acks, d(2026, 2, 25)).is_empty());
    // The level changed and the re-review is now due Tue 10 Mar: shown, not "back from a snooze".
    let after = [item("x", 1, ReminderKind::ReReview, d(2026, 3, 10), 30)];
    let r = reminders(&after, &acks, d(2026, 2, 25));
    assert_eq!((keys(&r), r[0].snoozed_until), (vec!["x".to_owned()], None));
}

#[test]
fn the_daily_notification_announces_what_became_due_or_overdue_since_the_last_one() {
    let p = on_duty("general");
    // As of Tue 17 Mar 2026: training due Thu 12 Mar (5 days overdue), commitment due Mon 16 Mar
    // (1 day overdue); the rest is far off.
    let today = d(2026, 3, 17);
    let list = life(&p, today);
    let r = reminders(&list, &[], today);
    assert_eq!(keys(&r), ["person:42:on_duty:recurring_training", "person:42:on_duty:commitment_resign"]);
    // Last notified Fri 13 Mar: the training was already overdue then; the commitment was not.
    assert_eq!(keys(&became_due_since(&r, d(2026, 3, 13))), ["person:42:on_duty:commitment_resign"]);
    // Last notified Wed 11 Mar: both are new.
    assert_eq!(became_due_since(&r, d(2026, 3, 11)).len(), 2);
    // Already notified today: nothing.
    assert!(became_due_since(&r, today).is_empty());
    // Upcoming reminders are never announced as due.
    let r = reminders(&list, &[], d(2026, 3, 1));
    assert!(became_due_since(&r, d(2026, 2, 1)).is_empty());

    // The training, snoozed on 12 Mar until Sun 15 Mar, came back after the notification of the
    // 13th: announced again. After a notification on the 15th it is not.
    let acks = [Acknowledgement::snooze(
        find(&list, "person:42:on_duty:recurring_training"),
        d(2026, 3, 15),
        d(2026, 3, 12),
        "王保密",
        at(d(2026, 3, 12), 1),
    )
    .unwrap()];
    let r = reminders(&list, &acks, today);
    assert_eq!(became_due_since(&r, d(2026, 3, 13)).len(), 2);
    assert_eq!(keys(&became_due_since(&r, d(2026, 3, 15))), ["person:42:on_duty:commitment_resign"]);
}

#[test]
fn lifecycle_and_travel_feed_one_list_without_the_engine_knowing_which_is_which() {
    // Back Thu 2 Oct 2025 from the trip, and training hours short for 2025 (due 31 Dec).
    let p = on_duty("general");
    let (doc, trip) = returned(d(2025, 10, 2));
    let as_of = d(2025, 12, 15);
    let mut list = life(&p, as_of);
    sources::travel_obligations(ZHANG, &[trip], &[doc], &rules(), &cn(), as_of, &mut list);
    let r = reminders(&list, &[], as_of);
    // Report due 9 Oct: 67 days overdue on 15 Dec (22 in October + 30 + 15). Document due 13 Oct:
    // 63. Hours: upcoming (from 1 Dec).
    let view: Vec<(&str, DueState, i64)> = r.iter().map(|r| (r.obligation.key.as_str(), r.state, r.days_overdue)).collect();
    assert_eq!(
        view,
        [
            ("trip:10:report", DueState::Overdue, 67),
            ("document:1:return:trip:10", DueState::Overdue, 63),
            ("person:42:on_duty:training_hours", DueState::Upcoming, 0),
        ]
    );
}

#[test]
fn reminders_serialise_for_the_window_with_their_obligation() {
    let list = [item("trip:7:report", 3, ReminderKind::TripReport, d(2026, 3, 10), 7)];
    let r = reminders(&list, &[], d(2026, 3, 12));
    let json = serde_json::to_value(r[0]).unwrap();
    assert_eq!(json["state"], "overdue");
    assert_eq!(json["days_overdue"], 2);
    assert_eq!(json["obligation"]["key"], "trip:7:report");
    assert_eq!(json["obligation"]["kind"], "trip_report");
    assert_eq!(json["obligation"]["subject"], serde_json::json!({"type": "person", "id": 3}));
    assert_eq!(json["obligation"]["due"]["date"], "2026-03-10");
    assert_eq!(json["obligation"]["name_zh"], "回国(境)报告");
    // The obligation reads back (the CLI's JSON and the window use the same shape).
    let back: Obligation = serde_json::from_value(json["obligation"].clone()).unwrap();
    assert_eq!(back, list[0]);
}
