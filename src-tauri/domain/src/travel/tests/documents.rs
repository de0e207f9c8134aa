//! Travel documents: registration, every movement allowed and refused, and their deadlines.

use super::*;
use crate::deadline::DueState;

fn awaiting(issued: NaiveDate, registered: NaiveDate) -> TravelDocument {
    let input = doc_input(" c 1234 5678 ", issued, d(2035, 1, 1));
    TravelDocument::register(DocumentId(2), ALICE, &input, registered, "王保密", today()).unwrap()
}

#[test]
fn registration_normalises_the_number_and_awaits_hand_in() {
    let doc = awaiting(d(2025, 9, 29), d(2025, 9, 29));
    assert_eq!(doc.number, "C12345678");
    assert_eq!(doc.status, DocumentStatus::AwaitingHandIn);
    assert_eq!(doc.movements.len(), 1);
    assert_eq!(doc.movements[0].kind, MovementKind::Registered);
    assert_eq!(doc.movements[0].by, "王保密");
}

#[test]
fn registration_refuses_bad_input_all_at_once() {
    let mut input = doc_input("E1234/567", d(2025, 1, 1), d(2024, 12, 31));
    let r = TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 1, 10), "", today());
    let c = codes(r);
    assert!(c.contains(&"document.number_format".to_owned()), "{c:?}");
    assert!(c.contains(&"document.expires_before_issue".to_owned()), "{c:?}");
    assert!(c.contains(&"operator.required".to_owned()), "operator: {c:?}");

    input = doc_input("", d(2025, 1, 1), d(2030, 1, 1));
    input.issued = None;
    let c = codes(TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 1, 10), "王保密", today()));
    assert_eq!(c, ["required", "required"]);

    // Already expired when registered (valid through 9 Jan, registered 10 Jan).
    let input = doc_input("E1", d(2015, 1, 10), d(2025, 1, 9));
    let c = codes(TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 1, 10), "王保密", today()));
    assert_eq!(c, ["document.expired"]);

    // Issued after the day it was registered; registered in the future.
    let input = doc_input("E1", d(2025, 1, 11), d(2035, 1, 1));
    let c = codes(TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 1, 10), "王保密", today()));
    assert_eq!(c, ["document.issued_after_registration"]);
    let input = doc_input("E1", d(2025, 1, 1), d(2035, 1, 1));
    let c = codes(TravelDocument::register(DocumentId(2), ALICE, &input, d(2026, 7, 1), "王保密", today()));
    assert_eq!(c, ["date.future"]);
}

#[test]
fn hand_in_puts_it_in_the_safe() {
    let doc = awaiting(d(2025, 9, 29), d(2025, 9, 29));
    let doc = doc.hand_in(&h(d(2025, 10, 9)), "保险柜2-1号格", &prc()).unwrap();
    assert_eq!(doc.status, DocumentStatus::InCustody);
    assert_eq!(doc.location, "保险柜2-1号格");
    let m = doc.movements.last().unwrap();
    assert_eq!(
        (m.kind, m.date, m.counterpart.as_str(), m.location.as_str()),
        (MovementKind::HandedIn, d(2025, 10, 9), "张三", "保险柜2-1号格")
    );
}

#[test]
fn hand_in_refusals() {
    let doc = passport();
    assert_eq!(codes(doc.hand_in(&h(d(2025, 2, 1)), "1", &prc())), ["document.already_in_custody"]);
    let (out, _) = checked_out();
    assert_eq!(codes(out.hand_in(&h(d(2025, 9, 26)), "1", &prc())), ["document.return_not_hand_in"]);
    let cancelled = doc.cancel(&h(d(2025, 2, 1)), "遗失").unwrap();
    assert_eq!(codes(cancelled.hand_in(&h(d(2025, 2, 2)), "1", &prc())), ["document.cancelled"]);

    let fresh = awaiting(d(2025, 9, 29), d(2025, 9, 29));
    // No location; a date before registration; a date after today.
    assert_eq!(codes(fresh.hand_in(&h(d(2025, 10, 1)), "  ", &prc())), ["required"]);
    assert_eq!(codes(fresh.hand_in(&h(d(2025, 9, 28)), "1", &prc())), ["travel.date_before_previous"]);
    assert_eq!(codes(fresh.hand_in(&h(d(2026, 7, 1)), "1", &prc())), ["date.future"]);
    // Without custody (US policy) there is nothing to hand in.
    assert_eq!(codes(fresh.hand_in(&h(d(2025, 10, 1)), "1", &TravelRules::us_default())), ["document.custody_off"]);
    // Handed in only after it expired (valid through Wed 1 Oct 2025, handed in Thu 2 Oct).
    let input = doc_input("E1", d(2015, 10, 2), d(2025, 10, 1));
    let short = TravelDocument::register(DocumentId(2), ALICE, &input, d(2025, 9, 29), "王保密", today()).unwrap();
    assert_eq!(codes(short.hand_in(&h(d(2025, 10, 2)), "1", &prc())), ["document.expired"]);
}

#[test]
fn a_document_given_back_or_refused_can_be_handed_in_again() {
    let doc = passport().return_to_holder(&h(d(2025, 3, 1)), "调离本单位").unwrap();
    assert_eq!(doc.status, DocumentStatus::Returned);
    assert_eq!(doc.hand_in(&h(d(2025, 4, 1)), "1", &prc()).unwrap().status, DocumentStatus::InCustody);

    let doc = awaiting(d(2025, 9, 29), d(2025, 9, 29)).refuse_to_return(&h(d(2025, 10, 20)), "拒绝上交").unwrap();
    assert_eq!(doc.status, DocumentStatus::RefusedToReturn);
    assert_eq!(doc.hand_in(&h(d(2025, 10, 21)), "1", &prc()).unwrap().status, DocumentStatus::InCustody);
}

#[test]
fn check_out_for_an_approved_and_briefed_trip() {
    let (doc, trip) = checked_out();
    assert_eq!(doc.status, DocumentStatus::CheckedOut);
    assert_eq!(doc.trip, Some(TRIP));
    let m = doc.movements.last().unwrap();
    assert_eq!((m.kind, m.trip, m.counterpart.as_str()), (MovementKind::CheckedOut, Some(TRIP), "张三"));
    assert_eq!(trip.state(), TripState::DocumentOut);
    assert_eq!(trip.checkout.unwrap().document, PASSPORT);
}

#[test]
fn check_out_names_the_document_when_the_request_did_not() {
    let mut trip = briefed();
    trip.document = None;
    let (_, trip) = passport().check_out(&trip, &h(d(2025, 9, 25)), &prc(), &cn()).unwrap();
    assert_eq!(trip.document, Some(PASSPORT));
}

#[test]
fn check_out_no_earlier_than_seven_days_before_departure() {
    // Departure Fri 26 Sep 2025 − 7 days = Fri 19 Sep 2025: the 18th is refused, the 19th is fine.
    let trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let err = passport().check_out(&trip, &h(d(2025, 9, 18)), &prc(), &cn()).unwrap_err();
    assert_eq!(err.code(), "document.checkout_too_early");
    assert_eq!(err.errors[0].params["earliest"], "2025-09-19");
    assert_eq!(err.errors[0].params["departure"], "2025-09-26");
    assert!(passport().check_out(&trip, &h(d(2025, 9, 19)), &prc(), &cn()).is_ok());
}

#[test]
fn the_checkout_window_does_not_move_for_holidays() {
    // Departure Mon 13 Oct 2025 − 7 days = Mon 6 Oct 2025, a holiday (Mid-Autumn): a boundary, not
    // a deadline to do something, so it stays on the 6th (the office is closed, but the limit is
    // the limit). The 5th is refused.
    let mut input = input();
    input.planned_departure = Some(d(2025, 10, 13));
    input.planned_return = Some(d(2025, 10, 20));
    let levels = history("general");
    let trip = Trip::request(TRIP, ALICE, &input, d(2025, 9, 1), &[passport()], &prc(), today())
        .unwrap()
        .approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &traveller(&levels, None), &prc(), today())
        .unwrap()
        .brief(d(2025, 9, 30), "王保密", "", today())
        .unwrap();
    let err = passport().check_out(&trip, &h(d(2025, 10, 5)), &prc(), &cn()).unwrap_err();
    assert_eq!(err.errors[0].params["earliest"], "2025-10-06");
    assert!(passport().check_out(&trip, &h(d(2025, 10, 6)), &prc(), &cn()).is_ok());
}

#[test]
fn check_out_refusals_of_the_document() {
    let trip = briefed();
    let date = h(d(2025, 9, 25));
    // Another person's document (Bob's, id 1 as well so only the owner differs).
    let bobs = document(PASSPORT, BOB, d(2034, 5, 31));
    assert_eq!(codes(bobs.check_out(&trip, &date, &prc(), &cn())), ["document.other_person"]);
    // Not the trip's document.
    let other = document(DocumentId(7), ALICE, d(2034, 5, 31));
    assert_eq!(codes(other.check_out(&trip, &date, &prc(), &cn())), ["document.not_for_trip"]);
    // Already out (for this trip, checked out twice).
    let (out, trip_out) = checked_out();
    assert!(codes(out.check_out(&trip_out, &date, &prc(), &cn())).contains(&"document.already_out".to_owned()));
    // Never handed in.
    let mut pending =
        TravelDocument::register(PASSPORT, ALICE, &doc_input("E1", d(2024, 6, 1), d(2034, 5, 31)), d(2025, 1, 10), "王保密", today())
            .unwrap();
    assert_eq!(codes(pending.check_out(&trip, &date, &prc(), &cn())), ["document.not_in_custody"]);
    // Cancelled.
    pending = passport().cancel(&h(d(2025, 9, 1)), "换发新证").unwrap();
    assert_eq!(codes(pending.check_out(&trip, &date, &prc(), &cn())), ["document.cancelled"]);
    // Expired: valid through Wed 24 Sep 2025, checked out Thu 25 Sep.
    let expired = document(PASSPORT, ALICE, d(2025, 9, 24));
    assert_eq!(codes(expired.check_out(&trip, &date, &prc(), &cn())), ["document.expired"]);
    // Marked expired in the register.
    let marked = expired.mark_expired(&h(d(2025, 9, 25))).unwrap();
    assert_eq!(codes(marked.check_out(&trip, &date, &prc(), &cn())), ["document.expired"]);
    // Expires Wed 1 Oct 2025, during the trip (planned return Sun 5 Oct).
    let short = document(PASSPORT, ALICE, d(2025, 10, 1));
    let err = short.check_out(&trip, &date, &prc(), &cn()).unwrap_err();
    assert_eq!(err.code(), "document.expires_during_trip");
    assert_eq!(err.errors[0].params["return"], "2025-10-05");
    // No custody under the US policy.
    assert!(codes(passport().check_out(&trip, &date, &TravelRules::us_default(), &us())).contains(&"document.custody_off".to_owned()));
}

#[test]
fn check_out_refusals_of_the_trip() {
    let date = h(d(2025, 9, 25));
    assert_eq!(codes(passport().check_out(&requested(), &date, &prc(), &cn())), ["trip.not_approved"]);
    assert_eq!(codes(passport().check_out(&approved(), &date, &prc(), &cn())), ["trip.not_briefed"]);
    let mut refusal = decision(d(2025, 9, 8), ApprovalLevel::Standard);
    refusal.reason = "目的地敏感".to_owned();
    let refused = requested().refuse(&refusal, &prc(), today()).unwrap();
    assert_eq!(codes(passport().check_out(&refused, &date, &prc(), &cn())), ["trip.refused"]);
    let withdrawn = briefed().withdraw(d(2025, 9, 23), "王保密", "行程取消", today()).unwrap();
    assert_eq!(codes(passport().check_out(&withdrawn, &date, &prc(), &cn())), ["trip.withdrawn"]);
    // Before the briefing it was recorded on (Mon 22 Sep): the 20th is within the window.
    assert_eq!(codes(passport().check_out(&briefed(), &h(d(2025, 9, 20)), &prc(), &cn())), ["travel.date_before_previous"]);
}

#[test]
fn return_to_custody_and_its_refusal() {
    let (doc, trip) = returned(d(2025, 10, 2));
    let back = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 9)), "").unwrap();
    assert_eq!(back.status, DocumentStatus::InCustody);
    assert_eq!(back.trip, None);
    assert_eq!(back.location, "保险柜1-3号格", "kept where it was");
    let m = back.movements.last().unwrap();
    assert_eq!((m.kind, m.trip), (MovementKind::ReturnedToCustody, Some(TRIP)), "the log says which trip");
    let moved = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 9)), "保险柜2-5号格").unwrap();
    assert_eq!(moved.location, "保险柜2-5号格");
    assert_eq!(codes(back.return_to_custody(Some(&trip), &h(d(2025, 10, 10)), "")), ["document.not_out"]);
    assert_eq!(codes(back.return_to_custody(None, &h(d(2025, 10, 10)), "")), ["document.not_out"]);
    // Before it went out (Thu 25 Sep).
    assert_eq!(codes(doc.return_to_custody(Some(&trip), &h(d(2025, 9, 24)), "")), ["travel.date_before_previous"]);
    // Not while the trip still needs it: checked out but not left, or abroad. Withdrawn: yes.
    let (out, trip_out) = checked_out();
    assert_eq!(codes(out.return_to_custody(Some(&trip_out), &h(d(2025, 9, 25)), "")), ["trip.document_still_needed"]);
    let (abroad, trip_abroad) = departed();
    assert_eq!(codes(abroad.return_to_custody(Some(&trip_abroad), &h(d(2025, 9, 30)), "")), ["trip.document_still_needed"]);
    let withdrawn = trip_out.withdraw(d(2025, 9, 25), "王保密", "行程取消", today()).unwrap();
    assert!(out.return_to_custody(Some(&withdrawn), &h(d(2025, 9, 26)), "").is_ok());
    // With another trip, or none, when it is out for this one.
    let mut other = trip.clone();
    other.id = TripId(11);
    assert_eq!(codes(doc.return_to_custody(Some(&other), &h(d(2025, 10, 9)), "")), ["document.not_for_trip"]);
    assert_eq!(codes(doc.return_to_custody(None, &h(d(2025, 10, 9)), "")), ["document.not_for_trip"]);
}

#[test]
fn return_to_holder_refuse_to_return_cancel_and_expire() {
    let (out, _) = checked_out();
    assert_eq!(codes(out.return_to_holder(&h(d(2025, 9, 26)), "离职")), ["document.already_out"]);
    assert_eq!(codes(passport().return_to_holder(&h(d(2025, 9, 26)), " ")), ["required"]);

    let refused = out.refuse_to_return(&h(d(2025, 10, 20)), "称已遗失,拒不交回").unwrap();
    assert_eq!(refused.status, DocumentStatus::RefusedToReturn);
    assert_eq!(codes(passport().refuse_to_return(&h(d(2025, 10, 20)), "")), ["document.not_with_holder"]);

    let cancelled = out.cancel(&h(d(2025, 10, 20)), "境外遗失").unwrap();
    assert_eq!((cancelled.status, cancelled.trip), (DocumentStatus::Cancelled, None));
    assert_eq!(codes(cancelled.cancel(&h(d(2025, 10, 21)), "再次")), ["document.cancelled"]);
    assert_eq!(codes(passport().cancel(&h(d(2025, 10, 21)), "")), ["required"]);

    let old = document(DocumentId(3), ALICE, d(2025, 5, 31));
    assert_eq!(codes(old.mark_expired(&h(d(2025, 5, 31)))), ["document.not_expired"]);
    assert_eq!(old.mark_expired(&h(d(2025, 6, 1))).unwrap().status, DocumentStatus::Expired);
    assert!(codes(out.mark_expired(&h(d(2035, 1, 1)))).contains(&"document.already_out".to_owned()));
}

#[test]
fn the_custody_log_holds_every_movement() {
    let (doc, trip) = returned(d(2025, 10, 2));
    let doc = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 9)), "").unwrap();
    let doc = doc.return_to_holder(&h(d(2026, 3, 1)), "离职,脱密期满").unwrap();
    let kinds: Vec<_> = doc.movements.iter().map(|m| (m.kind, m.date)).collect();
    assert_eq!(
        kinds,
        [
            (MovementKind::Registered, d(2025, 1, 10)),
            (MovementKind::HandedIn, d(2025, 1, 10)),
            (MovementKind::CheckedOut, d(2025, 9, 25)),
            (MovementKind::ReturnedToCustody, d(2025, 10, 9)),
            (MovementKind::ReturnedToHolder, d(2026, 3, 1)),
        ]
    );
    assert!(doc.movements.iter().all(|m| m.by == "王保密"));
    assert_eq!(doc.movements[4].note, "离职,脱密期满");
}

#[test]
fn hand_in_is_due_seven_days_after_issue_rolled_past_the_holiday() {
    // Issued and registered Mon 29 Sep 2025 + 7 days = Mon 6 Oct, a holiday; the next working day
    // is Thu 9 Oct (1–8 Oct off).
    let doc = awaiting(d(2025, 9, 29), d(2025, 9, 29));
    let due = doc.handin_deadline(&prc(), &cn()).unwrap();
    assert_eq!((due.date, due.rule_id.as_str()), (d(2025, 10, 9), "travel.document_handin"));
    assert!(!due.beyond_calendar);
    // Issued Mon 1 Sep 2025 but only declared Mon 15 Sep: counted from the registration,
    // + 7 = Mon 22 Sep, a working day.
    let late = awaiting(d(2025, 9, 1), d(2025, 9, 15));
    assert_eq!(late.handin_deadline(&prc(), &cn()).unwrap().date, d(2025, 9, 22));
    // Nothing once in the safe, nor without custody.
    assert_eq!(passport().handin_deadline(&prc(), &cn()), None);
    assert_eq!(doc.handin_deadline(&TravelRules::us_default(), &us()), None);
}

#[test]
fn expiry_is_announced_six_months_ahead() {
    // Expires Tue 31 Mar 2026; 6 months before is Tue 30 Sep 2025, 182 days ahead
    // (Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31).
    let doc = document(DocumentId(3), ALICE, d(2026, 3, 31));
    let (due, lead) = doc.expiry_deadline(&prc(), &cn()).unwrap();
    assert_eq!((due.date, lead, due.rule_id.as_str()), (d(2026, 3, 31), 182, "travel.expiry_warning"));
    assert_eq!(crate::deadline::due_state(due.date, lead, d(2025, 9, 29)), None);
    assert_eq!(crate::deadline::due_state(due.date, lead, d(2025, 9, 30)), Some((DueState::Upcoming, 0)));
    // Expires Mon 31 Aug 2026: 6 months back has no 31 Feb, so Sat 28 Feb 2026, 184 days ahead
    // (Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31).
    let doc = document(DocumentId(4), ALICE, d(2026, 8, 31));
    assert_eq!(doc.expiry_deadline(&prc(), &cn()).unwrap().1, 184);
    // A document given back or cancelled is no longer watched.
    let gone = doc.return_to_holder(&h(d(2026, 1, 5)), "离职").unwrap();
    assert_eq!(gone.expiry_deadline(&prc(), &cn()), None);
}

#[test]
fn a_document_is_overdue_with_its_trip_or_after_its_return_date() {
    // Out since Thu 25 Sep 2025 for the trip due back Sun 5 Oct.
    let (doc, trip) = departed();
    assert_eq!(doc.out_since(), Some(d(2025, 9, 25)));
    assert!(!doc.is_overdue(Some(&trip), &prc(), &cn(), d(2025, 10, 5)));
    assert!(doc.is_overdue(Some(&trip), &prc(), &cn(), d(2025, 10, 6)), "the trip is overdue, so is its document");
    // Back Thu 2 Oct: the document is due Mon 13 Oct (see the obligations tests).
    let trip = trip.return_home(d(2025, 10, 2), today()).unwrap();
    assert!(!doc.is_overdue(Some(&trip), &prc(), &cn(), d(2025, 10, 13)));
    assert!(doc.is_overdue(Some(&trip), &prc(), &cn(), d(2025, 10, 14)));
    let back = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 14)), "").unwrap();
    assert_eq!(back.out_since(), None);
    assert!(!back.is_overdue(Some(&trip), &prc(), &cn(), d(2025, 12, 1)));
    // Never handed in: registered Mon 29 Sep 2025, due Thu 9 Oct.
    let pending = awaiting(d(2025, 9, 29), d(2025, 9, 29));
    assert!(!pending.is_overdue(None, &prc(), &cn(), d(2025, 10, 9)));
    assert!(pending.is_overdue(None, &prc(), &cn(), d(2025, 10, 10)));
}
