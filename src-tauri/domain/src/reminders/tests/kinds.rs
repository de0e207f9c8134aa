//! Each kind of obligation the lifecycle and travel rules produce: its key, kind and subject, the
//! days it turns upcoming, due and overdue, and that it goes once done.

use super::*;

// --- lifecycle --------------------------------------------------------------------------------

#[test]
fn onboarding_steps_are_reminded_from_30_days_before_the_planned_start_and_go_once_done() {
    let mut p = newcomer("general");
    p.steps.push(done("security_review", d(2025, 3, 10)));
    let key = "person:42:onboarding:initial_training";
    let s = |p: &PersonRecord, as_of| state_of(&life(p, as_of), key, as_of);
    // Planned start Wed 2 Apr 2025; 2 Apr − 30 days = Mon 3 Mar (28 days of March after the 3rd,
    // then 1 and 2 April). Sun 2 Mar: not listed.
    assert_eq!(s(&p, d(2025, 3, 2)), None);
    assert_eq!(s(&p, d(2025, 3, 3)), UP);
    assert_eq!(s(&p, d(2025, 4, 1)), UP);
    assert_eq!(s(&p, d(2025, 4, 2)), DUE);
    assert_eq!(s(&p, d(2025, 4, 3)), late(1));
    // Wed 30 Apr: 28 days after 2 Apr.
    assert_eq!(s(&p, d(2025, 4, 30)), late(28));

    let list = life(&p, d(2025, 3, 20));
    let o = find(&list, key);
    assert_eq!((o.kind, o.subject, o.person), (ReminderKind::OnboardingStep, Subject::Person(ZHANG), ZHANG));
    assert_eq!((o.due.date, o.due.rule_id.as_str(), o.lead_days), (d(2025, 4, 2), "onboarding.planned_start", 30));
    assert_eq!((o.name(Lang::ZhCn), o.name(Lang::En)), ("上岗前保密教育培训", "Initial security training"));
    assert_eq!(o.step_id.as_deref(), Some("initial_training"));
    // The review, done Mon 10 Mar, is not listed from that day on.
    let keys: Vec<&str> = list.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["person:42:onboarding:initial_training", "person:42:onboarding:commitment"]);

    // Training and commitment done Tue 1 Apr: nothing is left on the 3rd.
    p.trainings.push(training(d(2025, 4, 1), 4));
    p.steps.push(done("commitment", d(2025, 4, 1)));
    assert!(life(&p, d(2025, 4, 3)).is_empty());
    assert!(reminders(&life(&p, d(2025, 4, 3)), &[], d(2025, 4, 3)).is_empty());
}

#[test]
fn recurring_training_and_the_re_signed_commitment_run_from_the_onboarding_completions() {
    let p = on_duty("general");
    let s = |key, as_of| state_of(&life(&p, as_of), key, as_of);
    // Training: initial Wed 12 Mar 2025 + 12 months = Thu 12 Mar 2026. Lead 30 days: 12 Mar − 12 =
    // 28 Feb (2026 is not a leap year), − 18 more = Tue 10 Feb.
    let training = "person:42:on_duty:recurring_training";
    assert_eq!(s(training, d(2026, 2, 9)), None);
    assert_eq!(s(training, d(2026, 2, 10)), UP);
    assert_eq!(s(training, d(2026, 3, 12)), DUE);
    assert_eq!(s(training, d(2026, 3, 13)), late(1));
    // Commitment: Fri 14 Mar 2025 + 12 months = Sat 14 Mar 2026, moved to Mon 16 Mar (art. 203).
    // 16 Mar − 30 days = Sat 14 Feb (16 − 16 = 28 Feb, − 14 more).
    let commitment = "person:42:on_duty:commitment_resign";
    assert_eq!(s(commitment, d(2026, 2, 13)), None);
    assert_eq!(s(commitment, d(2026, 2, 14)), UP);
    assert_eq!(s(commitment, d(2026, 3, 14)), UP, "the Saturday itself is not the due day");
    assert_eq!(s(commitment, d(2026, 3, 16)), DUE);
    assert_eq!(s(commitment, d(2026, 3, 17)), late(1));

    let list = life(&p, d(2026, 3, 1));
    assert_eq!(find(&list, training).kind, ReminderKind::RecurringTraining);
    let o = find(&list, commitment);
    assert_eq!(
        (o.kind, o.due.date, o.due.rule_id.as_str()),
        (ReminderKind::CommitmentResign, d(2026, 3, 16), "on_duty.commitment_resign.general")
    );
    // General re-review every 5 years: Mon 11 Mar 2030 (past the loaded calendar), far off.
    let o = find(&list, "person:42:on_duty:re_review");
    assert_eq!((o.kind, o.due.date, o.due.beyond_calendar), (ReminderKind::ReReview, d(2030, 3, 11), true));
    assert_eq!(state_of(&list, "person:42:on_duty:re_review", d(2026, 3, 1)), None);

    // Training done again Thu 5 Mar 2026: next due Fri 5 Mar 2027, so on 13 Mar 2026 it is gone.
    let mut p = p;
    p.trainings.push(super::training(d(2026, 3, 5), 6));
    assert_eq!(state_of(&life(&p, d(2026, 3, 13)), training, d(2026, 3, 13)), None);
    assert_eq!(find(&life(&p, d(2026, 3, 13)), training).due.date, d(2027, 3, 5));
}

#[test]
fn a_core_re_review_is_due_a_year_after_the_onboarding_review() {
    let p = on_duty("core");
    let key = "person:42:on_duty:re_review";
    let s = |as_of| state_of(&life(&p, as_of), key, as_of);
    // Mon 10 Mar 2025 + 1 year = Tue 10 Mar 2026, a working day. 10 Mar − 30 = Sun 8 Feb
    // (10 − 10 = 28 Feb, − 20 more).
    assert_eq!(s(d(2026, 2, 7)), None);
    assert_eq!(s(d(2026, 2, 8)), UP);
    assert_eq!(s(d(2026, 3, 10)), DUE);
    assert_eq!(s(d(2026, 3, 11)), late(1));
    let list = life(&p, d(2026, 3, 11));
    let o = find(&list, key);
    assert_eq!((o.kind, o.due.rule_id.as_str()), (ReminderKind::ReReview, "on_duty.re_review.core"));
    assert!(o.due.citation.zh.contains("条例第五十条"));
}

#[test]
fn a_due_date_at_a_month_end_rolls_into_the_next_month_and_the_lead_counts_back_over_it() {
    let mut p = on_duty("general");
    // Training Fri 31 Oct 2025 + 12 months = Sat 31 Oct 2026 → Sun 1 Nov → Mon 2 Nov 2026.
    p.trainings.push(training(d(2025, 10, 31), 6));
    let key = "person:42:on_duty:recurring_training";
    let s = |as_of| state_of(&life(&p, as_of), key, as_of);
    assert_eq!(find(&life(&p, d(2026, 10, 1)), key).due.date, d(2026, 11, 2));
    // 2 Nov − 30 days: 2 Nov − 2 = 31 Oct, − 28 more = Sat 3 Oct 2026 (in the National Day
    // holiday: the lead counts calendar days).
    assert_eq!(s(d(2026, 10, 2)), None);
    assert_eq!(s(d(2026, 10, 3)), UP);
    assert_eq!(s(d(2026, 10, 31)), UP);
    assert_eq!(s(d(2026, 11, 2)), DUE);
    assert_eq!(s(d(2026, 12, 1)), late(29));
}

#[test]
fn training_hours_short_for_the_year_are_due_on_31_december() {
    let p = on_duty("general");
    let key = "person:42:on_duty:training_hours";
    let s = |as_of| state_of(&life(&p, as_of), key, as_of);
    // 4 of 10 hours in 2025, due Wed 31 Dec 2025; 31 Dec − 30 days = Mon 1 Dec.
    assert_eq!(s(d(2025, 11, 30)), None);
    assert_eq!(s(d(2025, 12, 1)), UP);
    assert_eq!(s(d(2025, 12, 31)), DUE);
    let list = life(&p, d(2025, 12, 1));
    let o = find(&list, key);
    assert_eq!((o.kind, o.name(Lang::ZhCn)), (ReminderKind::TrainingHours, "2025 年度保密教育培训学时"));
    // Six more hours on Wed 10 Dec 2025 make ten: gone.
    let mut p = p;
    p.trainings.push(training(d(2025, 12, 10), 6));
    assert_eq!(state_of(&life(&p, d(2025, 12, 11)), key, d(2025, 12, 11)), None);
}

#[test]
fn departure_steps_are_due_on_the_departure_date_and_go_once_done() {
    let p = departing();
    // Departure Thu 15 Jan 2026, due_after 0 days. 15 Jan − 30 = Tue 16 Dec 2025.
    let key = "person:42:departing:reminder_talk";
    let s = |p: &PersonRecord, as_of| state_of(&life(p, as_of), key, as_of);
    assert_eq!(s(&p, d(2025, 12, 15)), None);
    assert_eq!(s(&p, d(2025, 12, 16)), UP);
    assert_eq!(s(&p, d(2026, 1, 15)), DUE);
    assert_eq!(s(&p, d(2026, 1, 16)), late(1));
    let list = life(&p, d(2026, 1, 15));
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|o| o.kind == ReminderKind::DepartureStep && o.key.starts_with("person:42:departing:")));
    // All done (and the notebook signed for) on Wed 14 Jan: nothing left on the 15th.
    assert!(life(&ready_to_leave(), d(2026, 1, 15)).is_empty());
}

#[test]
fn departure_steps_due_in_five_working_days_across_national_day() {
    let text = Policy::builtin_text("prc-2024").unwrap().replace("due_after = \"0 days\"", "due_after = \"5 working_days\"");
    let policy = Policy::parse(&text).unwrap();
    let p = on_duty("general");
    let a =
        advance(&p, &Transition::Depart { kind: DepartureKind::LeavePost, date: d(2025, 9, 26) }, &policy, &cn(), d(2025, 9, 26)).unwrap();
    let p = PersonRecord { state: a.state, ..p };
    // Departure Fri 26 Sep 2025: Sat 27 off, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3), 1–8 Oct
    // holiday, Thu 9 Oct (4), Fri 10 Oct (5). Lead 30: 10 Oct − 10 = 30 Sep, − 20 = Wed 10 Sep.
    let s = |as_of| {
        let mut list = Vec::new();
        sources::lifecycle_obligations(ZHANG, &p, &policy, &cn(), as_of, &mut list);
        state_of(&list, "person:42:departing:access_revoked", as_of)
    };
    assert_eq!(s(d(2025, 9, 9)), None);
    assert_eq!(s(d(2025, 9, 10)), UP);
    assert_eq!(s(d(2025, 10, 8)), UP, "the last day of the holiday");
    assert_eq!(s(d(2025, 10, 10)), DUE);
    assert_eq!(s(d(2025, 10, 11)), late(1));
}

#[test]
fn the_end_of_the_decommissioning_period_is_reminded_and_never_moves() {
    let p = ready_to_leave();
    let p = with(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15));
    // General: 12 months from Thu 15 Jan 2026 → Fri 15 Jan 2027. 15 Jan − 30 = Wed 16 Dec 2026.
    let key = "person:42:decommissioning:decommissioning_end";
    let s = |as_of| state_of(&life(&p, as_of), key, as_of);
    assert_eq!(s(d(2026, 12, 15)), None);
    assert_eq!(s(d(2026, 12, 16)), UP);
    assert_eq!(s(d(2027, 1, 15)), DUE);
    assert_eq!(s(d(2027, 1, 16)), late(1));
    let list = life(&p, d(2027, 1, 15));
    let o = find(&list, key);
    assert_eq!((o.kind, o.due.rule_id.as_str()), (ReminderKind::DecommissioningEnd, "decommissioning.general"));
    assert_eq!(list.len(), 1);
}

// --- travel -----------------------------------------------------------------------------------

#[test]
fn approval_then_briefing_are_due_by_the_planned_departure() {
    // Departure Fri 26 Sep 2025; lead 7 days: from Fri 19 Sep.
    let key = "trip:10:approval";
    let list = travel(&[requested()], &[passport()], d(2025, 9, 1));
    let o = find(&list, key);
    assert_eq!((o.kind, o.subject, o.lead_days), (ReminderKind::TripApproval, Subject::Trip(TRIP), 7));
    assert_eq!((o.due.date, o.due.rule_id.as_str()), (d(2025, 9, 26), "travel.approval"));
    assert_eq!(state_of(&list, key, d(2025, 9, 18)), None);
    assert_eq!(state_of(&list, key, d(2025, 9, 19)), UP);
    assert_eq!(state_of(&list, key, d(2025, 9, 26)), DUE);
    assert_eq!(state_of(&list, key, d(2025, 9, 27)), late(1));
    // Approved Mon 8 Sep: the approval goes, the briefing comes, due the same day.
    let list = travel(&[approved()], &[passport()], d(2025, 9, 20));
    assert!(list.iter().all(|o| o.key != key));
    let o = find(&list, "trip:10:briefing");
    assert_eq!((o.kind, o.due.date), (ReminderKind::TripBriefing, d(2025, 9, 26)));
    assert_eq!(state_of(&list, "trip:10:briefing", d(2025, 9, 20)), UP);
    // Briefed and gone: nothing of the trip is listed until it is under way.
    let (doc, trip) = departed();
    let list = travel(&[trip], &[doc], d(2025, 9, 26));
    assert!(list.iter().all(|o| o.key != "trip:10:briefing"));
}

#[test]
fn a_trip_under_way_is_due_back_and_overdue_without_a_recorded_return() {
    let (doc, trip) = departed();
    let key = "trip:10:return";
    // Planned return Sun 5 Oct 2025 (a fixed date: it does not roll); 5 Oct − 7 = Sun 28 Sep.
    let list = travel(&[trip], std::slice::from_ref(&doc), d(2025, 10, 6));
    let o = find(&list, key);
    assert_eq!((o.kind, o.subject, o.due.date), (ReminderKind::TripReturn, Subject::Trip(TRIP), d(2025, 10, 5)));
    assert_eq!(state_of(&list, key, d(2025, 9, 27)), None);
    assert_eq!(state_of(&list, key, d(2025, 9, 28)), UP);
    assert_eq!(state_of(&list, key, d(2025, 10, 5)), DUE);
    assert_eq!(state_of(&list, key, d(2025, 10, 6)), late(1));
    assert_eq!(state_of(&list, key, d(2025, 10, 15)), late(10));
}

#[test]
fn the_report_and_the_document_run_from_the_actual_return_and_go_once_done() {
    // Back Thu 2 Oct 2025 (in the holiday). Report: + 7 days = Thu 9 Oct, a working day.
    // Document: + 10 days = Sun 12 Oct → Mon 13 Oct (art. 203).
    let (doc, trip) = returned(d(2025, 10, 2));
    let list = travel(std::slice::from_ref(&trip), std::slice::from_ref(&doc), d(2025, 10, 2));
    let keys: Vec<&str> = list.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["trip:10:report", "document:1:return:trip:10", "document:1:expiry"]);
    let report = find(&list, "trip:10:report");
    assert_eq!((report.kind, report.due.date, report.due.rule_id.as_str()), (ReminderKind::TripReport, d(2025, 10, 9), "travel.report"));
    let back = find(&list, "document:1:return:trip:10");
    assert_eq!((back.kind, back.subject, back.due.date), (ReminderKind::DocumentReturn, Subject::Document(PASSPORT), d(2025, 10, 13)));
    // Report: 9 Oct − 7 = Thu 2 Oct. Document: 13 Oct − 7 = Mon 6 Oct.
    assert_eq!(state_of(&list, "trip:10:report", d(2025, 10, 1)), None);
    assert_eq!(state_of(&list, "trip:10:report", d(2025, 10, 2)), UP);
    assert_eq!(state_of(&list, "trip:10:report", d(2025, 10, 9)), DUE);
    assert_eq!(state_of(&list, "trip:10:report", d(2025, 10, 10)), late(1));
    assert_eq!(state_of(&list, "document:1:return:trip:10", d(2025, 10, 5)), None);
    assert_eq!(state_of(&list, "document:1:return:trip:10", d(2025, 10, 6)), UP);
    assert_eq!(state_of(&list, "document:1:return:trip:10", d(2025, 10, 13)), DUE);
    assert_eq!(state_of(&list, "document:1:return:trip:10", d(2025, 10, 14)), late(1));

    // Report received Thu 9 Oct, passport back Mon 13 Oct: only the far expiry is left.
    let trip = trip.receive_report(d(2025, 10, 9), "王保密", "行程顺利,无异常", recording_day()).unwrap();
    let doc = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 13)), "").unwrap();
    let list = travel(&[trip], &[doc], d(2025, 10, 14));
    assert_eq!(list.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(), ["document:1:expiry"]);
    assert!(reminders(&list, &[], d(2025, 10, 14)).is_empty());
}

#[test]
fn a_new_document_handed_in_within_7_days_across_national_day() {
    // Registered Wed 24 Sep 2025: + 7 days = Wed 1 Oct, National Day → Thu 9 Oct.
    // 9 Oct − 7 = Thu 2 Oct.
    let doc = registered_document(DocumentId(2), d(2025, 9, 24), d(2035, 1, 1));
    let key = "document:2:handin";
    let list = travel(&[], std::slice::from_ref(&doc), d(2025, 9, 24));
    let o = find(&list, key);
    assert_eq!((o.kind, o.subject, o.due.date), (ReminderKind::DocumentHandin, Subject::Document(DocumentId(2)), d(2025, 10, 9)));
    assert_eq!(state_of(&list, key, d(2025, 10, 1)), None);
    assert_eq!(state_of(&list, key, d(2025, 10, 2)), UP);
    assert_eq!(state_of(&list, key, d(2025, 10, 9)), DUE);
    assert_eq!(state_of(&list, key, d(2025, 10, 10)), late(1));
    // Handed in Thu 9 Oct: gone.
    let doc = doc.hand_in(&h(d(2025, 10, 9)), "保险柜1-4号格", &rules()).unwrap();
    assert!(travel(&[], &[doc], d(2025, 10, 10)).iter().all(|o| o.key != key));
}

#[test]
fn a_document_expiring_at_a_month_end_is_announced_six_months_ahead() {
    // Expires Mon 31 Aug 2026. Six months before: 31 Feb does not exist → Sat 28 Feb 2026.
    // Lead: 28 Feb → 31 Aug = 31 + 30 + 31 + 30 + 31 + 31 = 184 days.
    let doc =
        registered_document(DocumentId(3), d(2025, 1, 10), d(2026, 8, 31)).hand_in(&h(d(2025, 1, 10)), "保险柜1-5号格", &rules()).unwrap();
    let key = "document:3:expiry";
    let list = travel(&[], &[doc], d(2026, 2, 1));
    let o = find(&list, key);
    assert_eq!((o.kind, o.due.date, o.lead_days), (ReminderKind::DocumentExpiry, d(2026, 8, 31), 184));
    assert_eq!(state_of(&list, key, d(2026, 2, 27)), None);
    assert_eq!(state_of(&list, key, d(2026, 2, 28)), UP);
    assert_eq!(state_of(&list, key, d(2026, 8, 31)), DUE);
    assert_eq!(state_of(&list, key, d(2026, 9, 1)), late(1));
}

#[test]
fn keys_stay_the_same_from_one_day_to_the_next() {
    let p = on_duty("general");
    let a: Vec<String> = life(&p, d(2026, 3, 1)).into_iter().map(|o| o.key).collect();
    let b: Vec<String> = life(&p, d(2026, 3, 20)).into_iter().map(|o| o.key).collect();
    assert_eq!(a, b);
    assert_eq!(
        a,
        [
            "person:42:on_duty:recurring_training",
            "person:42:on_duty:commitment_resign",
            "person:42:on_duty:training_hours",
            "person:42:on_duty:re_review",
        ]
    );
}

// --- issued forms -----------------------------------------------------------------------------

#[test]
fn an_unreturned_signed_copy_is_due_30_days_after_issue_and_not_reminded_before() {
    let policy = Policy::builtin("prc-2024").unwrap();
    // Issued Fri 31 Oct 2025; 30 days later is Sun 30 Nov (31 Oct + 30 = 30 Nov).
    let o = sources::unreturned_form(ZHANG, "2025-0007", d(2025, 10, 31), &policy);
    assert_eq!(o.key, "form:2025-0007:signed_copy");
    assert_eq!((o.kind, o.subject, o.due.date, o.lead_days), (ReminderKind::FormUnreturned, Subject::Person(ZHANG), d(2025, 11, 30), 0));
    assert_eq!(o.due.rule_id, "forms.signed_copy");
    assert!(o.name(Lang::ZhCn).contains("2025-0007"));
    let list = [o];
    let s = |as_of| state_of(&list, "form:2025-0007:signed_copy", as_of);
    assert_eq!(s(d(2025, 11, 29)), None);
    assert_eq!(s(d(2025, 11, 30)), DUE);
    assert_eq!(s(d(2025, 12, 2)), late(2));
}
