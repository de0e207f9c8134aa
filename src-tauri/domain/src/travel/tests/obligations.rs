//! Open obligations and their due dates, from the ACTUAL return.

use super::*;
use crate::deadline::DueState;
use crate::i18n::Lang;

fn of_kind(list: &[TravelObligation], kind: TravelObligationKind) -> Vec<&TravelObligation> {
    list.iter().filter(|o| o.kind == kind).collect()
}

fn due(list: &[TravelObligation], kind: TravelObligationKind) -> NaiveDate {
    let found = of_kind(list, kind);
    assert_eq!(found.len(), 1, "{kind:?} in {list:#?}");
    found[0].due.date
}

#[test]
fn report_and_document_return_run_from_the_actual_return_during_national_day() {
    // Planned back Sun 5 Oct 2025, actually back Thu 2 Oct (a holiday).
    // Report: 2 Oct + 7 days = Thu 9 Oct, a working day (the holiday ends Wed 8 Oct): 9 Oct.
    // Document: 2 Oct + 10 days = Sun 12 Oct, a weekend (Sat 11 is the make-up working day, Sun
    // 12 is not): art. 203 moves it to Mon 13 Oct.
    // From the planned return it would have been 12 Oct → 13 Oct and 15 Oct: not what we count.
    let (doc, trip) = returned(d(2025, 10, 2));
    let list = obligations(ALICE, std::slice::from_ref(&trip), std::slice::from_ref(&doc), &prc(), &cn(), d(2025, 10, 2));
    assert_eq!(due(&list, TravelObligationKind::Report), d(2025, 10, 9));
    assert_eq!(due(&list, TravelObligationKind::DocumentReturn), d(2025, 10, 13));
    let report = of_kind(&list, TravelObligationKind::Report)[0];
    assert_eq!((report.trip, report.due.rule_id.as_str(), report.lead_days), (Some(TRIP), "travel.report", 7));
    assert!(report.due.citation.zh.contains("第五十二条"));
    let back = of_kind(&list, TravelObligationKind::DocumentReturn)[0];
    assert_eq!((back.trip, back.document, back.due.rule_id.as_str()), (Some(TRIP), Some(PASSPORT), "travel.document_return"));
    // No trip-return obligation once back.
    assert!(of_kind(&list, TravelObligationKind::TripReturn).is_empty());

    // States: the report is upcoming from 9 − 7 = Thu 2 Oct, due on the 9th, 1 day overdue on the 10th.
    assert_eq!(report.state_on(d(2025, 10, 1)), None);
    assert_eq!(report.state_on(d(2025, 10, 2)), Some((DueState::Upcoming, 0)));
    assert_eq!(report.state_on(d(2025, 10, 9)), Some((DueState::Due, 0)));
    assert_eq!(report.state_on(d(2025, 10, 10)), Some((DueState::Overdue, 1)));
    assert_eq!(back.state_on(d(2025, 10, 14)), Some((DueState::Overdue, 1)));

    // Once reported and handed back, nothing is left but the passport's far expiry.
    let trip = trip.receive_report(d(2025, 10, 9), "王保密", "", today()).unwrap();
    let doc = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 13)), "").unwrap();
    let list = obligations(ALICE, &[trip], &[doc], &prc(), &cn(), d(2025, 10, 13));
    let kinds: Vec<_> = list.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, [TravelObligationKind::DocumentExpiry]);
}

#[test]
fn a_return_on_saturday_27_september_rolls_both_into_the_holiday_and_past_it() {
    // Back Sat 27 Sep 2025. Report: + 7 = Sat 4 Oct, a holiday → next working day Thu 9 Oct.
    // Document: + 10 = Tue 7 Oct, a holiday → Thu 9 Oct.
    let (doc, trip) = returned(d(2025, 9, 27));
    let list = obligations(ALICE, std::slice::from_ref(&trip), std::slice::from_ref(&doc), &prc(), &cn(), d(2025, 9, 27));
    assert_eq!(due(&list, TravelObligationKind::Report), d(2025, 10, 9));
    assert_eq!(due(&list, TravelObligationKind::DocumentReturn), d(2025, 10, 9));
    // With the policy's art. 203 switch off, the report stays on Sat 4 Oct.
    let mut rules = prc();
    rules.report.period.roll_forward = false;
    let list = obligations(ALICE, &[trip], &[doc], &rules, &cn(), d(2025, 9, 27));
    assert_eq!(due(&list, TravelObligationKind::Report), d(2025, 10, 4));
}

#[test]
fn the_us_report_is_due_within_five_business_days() {
    let rules = TravelRules::us_default();
    let trip = briefed().depart(d(2025, 9, 26), &rules, today()).unwrap();
    // Back Wed 1 Oct 2025: Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 → Wed 8 Oct.
    let back = trip.return_home(d(2025, 10, 1), today()).unwrap();
    let list = obligations(ALICE, &[back], &[], &rules, &us(), d(2025, 10, 1));
    assert_eq!(due(&list, TravelObligationKind::Report), d(2025, 10, 8));
    assert!(of_kind(&list, TravelObligationKind::Report)[0].due.citation.en.contains("SEAD 3"));
    // Back Wed 26 Nov 2025: Thu 27 is Thanksgiving; Fri 28, Mon 1, Tue 2, Wed 3, Thu 4 → Thu 4 Dec.
    let mut late = trip.extend(&extension(d(2025, 9, 30), d(2025, 11, 26)), today()).unwrap();
    late = late.return_home(d(2025, 11, 26), today()).unwrap();
    let list = obligations(ALICE, &[late], &[], &rules, &us(), d(2025, 11, 26));
    assert_eq!(due(&list, TravelObligationKind::Report), d(2025, 12, 4));
    assert!(of_kind(&list, TravelObligationKind::DocumentReturn).is_empty(), "no custody");
}

#[test]
fn approval_and_briefing_are_due_by_the_planned_departure() {
    // Planned departure Fri 26 Sep 2025; with 7 days' lead the reminder starts Fri 19 Sep.
    let list = obligations(ALICE, &[requested()], &[passport()], &prc(), &cn(), d(2025, 9, 1));
    let approval = of_kind(&list, TravelObligationKind::Approval)[0];
    assert_eq!((approval.due.date, approval.due.rule_id.as_str()), (d(2025, 9, 26), "travel.approval"));
    assert!(approval.due.citation.zh.contains("第四十五条"));
    assert_eq!(approval.state_on(d(2025, 9, 18)), None);
    assert_eq!(approval.state_on(d(2025, 9, 19)), Some((DueState::Upcoming, 0)));
    assert_eq!(approval.state_on(d(2025, 9, 27)), Some((DueState::Overdue, 1)));
    assert!(of_kind(&list, TravelObligationKind::Briefing).is_empty());

    let list = obligations(ALICE, &[approved()], &[passport()], &prc(), &cn(), d(2025, 9, 8));
    assert!(of_kind(&list, TravelObligationKind::Approval).is_empty());
    let briefing = of_kind(&list, TravelObligationKind::Briefing)[0];
    assert_eq!((briefing.due.date, briefing.due.rule_id.as_str()), (d(2025, 9, 26), "travel.briefing"));

    let list = obligations(ALICE, &[briefed()], &[passport()], &prc(), &cn(), d(2025, 9, 22));
    assert!(of_kind(&list, TravelObligationKind::Briefing).is_empty());
}

#[test]
fn a_trip_is_due_back_on_its_extended_return_and_then_overdue() {
    let (doc, trip) = departed();
    let list = obligations(ALICE, std::slice::from_ref(&trip), std::slice::from_ref(&doc), &prc(), &cn(), d(2025, 10, 6));
    let back = of_kind(&list, TravelObligationKind::TripReturn)[0];
    assert_eq!((back.due.date, back.document), (d(2025, 10, 5), Some(PASSPORT)));
    assert_eq!(back.state_on(d(2025, 10, 6)), Some((DueState::Overdue, 1)));
    // Nothing is due for the document before the actual return is known.
    assert!(of_kind(&list, TravelObligationKind::DocumentReturn).is_empty());
    let ext = trip.extend(&extension(d(2025, 10, 3), d(2025, 10, 10)), today()).unwrap();
    let list = obligations(ALICE, &[ext], &[doc], &prc(), &cn(), d(2025, 10, 6));
    assert_eq!(due(&list, TravelObligationKind::TripReturn), d(2025, 10, 10));

    // Approved but never recorded leaving: listed only once the return date has passed.
    let list = obligations(ALICE, &[briefed()], &[passport()], &prc(), &cn(), d(2025, 10, 5));
    assert!(of_kind(&list, TravelObligationKind::TripReturn).is_empty());
    let list = obligations(ALICE, &[briefed()], &[passport()], &prc(), &cn(), d(2025, 10, 6));
    assert_eq!(due(&list, TravelObligationKind::TripReturn), d(2025, 10, 5));
}

#[test]
fn hand_in_and_expiry_obligations_of_documents() {
    // Registered Mon 29 Sep 2025 + 7 = Mon 6 Oct (holiday) → Thu 9 Oct.
    let input = doc_input("C1", d(2025, 9, 29), d(2026, 3, 31));
    let permit = TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 9, 29), "王保密", today()).unwrap();
    let list = obligations(ALICE, &[], &[permit], &prc(), &cn(), d(2025, 9, 29));
    assert_eq!(due(&list, TravelObligationKind::DocumentHandIn), d(2025, 10, 9));
    // Expiry Tue 31 Mar 2026, warned from Tue 30 Sep 2025 (182 days ahead).
    let expiry = of_kind(&list, TravelObligationKind::DocumentExpiry)[0];
    assert_eq!((expiry.due.date, expiry.lead_days, expiry.document), (d(2026, 3, 31), 182, Some(DocumentId(2))));
    assert_eq!(expiry.state_on(d(2025, 9, 29)), None);
    assert_eq!(expiry.state_on(d(2025, 9, 30)), Some((DueState::Upcoming, 0)));
}

#[test]
fn a_withdrawn_trip_owes_its_document_from_the_withdrawal() {
    // Withdrawn Thu 25 Sep 2025 with the passport out: + 10 = Sun 5 Oct (holiday) → Thu 9 Oct.
    let (doc, trip) = checked_out();
    let trip = trip.withdraw(d(2025, 9, 25), "王保密", "行程取消", today()).unwrap();
    let list = obligations(ALICE, &[trip], &[doc], &prc(), &cn(), d(2025, 9, 25));
    assert_eq!(due(&list, TravelObligationKind::DocumentReturn), d(2025, 10, 9));
    assert!(of_kind(&list, TravelObligationKind::TripReturn).is_empty());
}

#[test]
fn other_peoples_records_are_skipped_and_the_list_is_by_date() {
    let bobs = document(DocumentId(9), BOB, d(2025, 12, 31));
    let (doc, trip) = returned(d(2025, 10, 2));
    let list = obligations(ALICE, &[trip], &[doc, bobs], &prc(), &cn(), d(2025, 10, 2));
    assert!(list.iter().all(|o| o.person == ALICE && o.document != Some(DocumentId(9))));
    assert!(list.windows(2).all(|w| w[0].due.date <= w[1].due.date));
    assert!(obligations(BOB, &[requested()], &[], &prc(), &cn(), d(2025, 10, 2)).is_empty());
}

#[test]
fn the_state_on_the_day_of_the_list_is_filled_in() {
    // Back Thu 2 Oct 2025; listed on Fri 10 Oct: the report (due Thu 9 Oct) is 1 day overdue, the
    // document (due Mon 13 Oct) upcoming, the passport's expiry (2034) not yet shown.
    let (doc, trip) = returned(d(2025, 10, 2));
    let list = obligations(ALICE, &[trip], &[doc], &prc(), &cn(), d(2025, 10, 10));
    let report = of_kind(&list, TravelObligationKind::Report)[0];
    assert_eq!((report.state, report.days_overdue), (Some(DueState::Overdue), 1));
    assert!(report.is_overdue());
    let back = of_kind(&list, TravelObligationKind::DocumentReturn)[0];
    assert_eq!((back.state, back.days_overdue), (Some(DueState::Upcoming), 0));
    let expiry = of_kind(&list, TravelObligationKind::DocumentExpiry)[0];
    assert_eq!((expiry.state, expiry.days_overdue), (None, 0));
    assert_eq!(report.kind.name(Lang::ZhCn), "回国(境)报告");
    assert_eq!(report.kind.name(Lang::En), "Post-trip report");
}
