//! Travel in real life: a document checked out before the policy's lead time for a visa
//! appointment (with its reason and approver), and the planned dates of a trip corrected before
//! the departure. Dates worked out by hand against DOMAIN.md §4–5 and the CN calendar of 2025.

use super::*;
use crate::deadline::DueState;
use crate::i18n::Lang;
use crate::travel::trip::{TripCorrectionInput, TripStepKind};

fn correction(departure: NaiveDate, ret: NaiveDate) -> TripCorrectionInput {
    TripCorrectionInput { planned_departure: departure, planned_return: ret, reason: "签证延误,机票改签".to_owned() }
}

fn general() -> Vec<crate::level::LevelChange> {
    history("general")
}

fn correct(trip: &Trip, input: &TripCorrectionInput) -> Result<Trip, crate::DomainError> {
    let levels = general();
    trip.correct_dates(input, "王保密", &traveller(&levels, None), &prc(), &cn(), today())
}

// --- Early check-out ------------------------------------------------------------------------

#[test]
fn an_early_check_out_is_allowed_with_its_reason_and_approver_and_recorded() {
    // Departure Fri 26 Sep 2025: the policy's window opens 7 days before, Fri 19 Sep. The visa
    // appointment is on Tue 16 Sep: the passport leaves the safe on Mon 15 Sep, 4 days early,
    // after the briefing on Mon 15 Sep.
    let trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let (doc, trip) = passport().check_out_with(&trip, &h(d(2025, 9, 15)), Some(&visa()), &prc(), &cn()).unwrap();
    assert_eq!(doc.status, DocumentStatus::CheckedOut);
    assert_eq!(trip.state(), TripState::DocumentOut);
    let m = doc.movements.last().unwrap();
    assert_eq!((m.kind, m.date), (MovementKind::CheckedOut, d(2025, 9, 15)));
    assert_eq!(m.early.as_ref(), Some(&visa()));
    assert_eq!(trip.checkout_early.as_ref(), Some(&visa()));
    assert_eq!(doc.out_early(), Some(&visa()));
    // Back in the safe: no longer out early (the log keeps it).
    let back = doc
        .return_to_custody(Some(&trip.withdraw(d(2025, 9, 17), "王保密", "行程取消", today()).unwrap()), &h(d(2025, 9, 17)), "")
        .unwrap();
    assert_eq!(back.out_early(), None);
    assert_eq!(back.movements.iter().filter(|m| m.early.is_some()).count(), 1);
}

#[test]
fn an_early_check_out_without_its_reason_or_approver_is_refused_and_changes_nothing() {
    let trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let doc = passport();
    // Without anything: the window's first day, Fri 19 Sep, and what an earlier one needs.
    let err = doc.check_out(&trip, &h(d(2025, 9, 15)), &prc(), &cn()).unwrap_err();
    assert_eq!(err.errors.len(), 1);
    assert_eq!(err.errors[0].field.as_deref(), Some("date"));
    assert_eq!(err.errors[0].params["earliest"], "2025-09-19");
    assert!(err.errors[0].message(Lang::En).contains("needs a reason and the approver's name"));
    // A reason but no approver, an approver but blank reason: each field named once.
    let no_approver = EarlyCheckout { approver: "  ".to_owned(), ..visa() };
    let err = doc.check_out_with(&trip, &h(d(2025, 9, 15)), Some(&no_approver), &prc(), &cn()).unwrap_err();
    assert_eq!(
        err.errors.iter().map(|e| (e.field.as_deref().unwrap_or(""), e.code.as_str())).collect::<Vec<_>>(),
        [("approver", "required")]
    );
    let no_reason = EarlyCheckout { reason: String::new(), ..visa() };
    let err = doc.check_out_with(&trip, &h(d(2025, 9, 15)), Some(&no_reason), &prc(), &cn()).unwrap_err();
    assert_eq!(
        err.errors.iter().map(|e| (e.field.as_deref().unwrap_or(""), e.code.as_str())).collect::<Vec<_>>(),
        [("reason", "required")]
    );
    // Still not before the briefing (Mon 15 Sep), early or not.
    let err = doc.check_out_with(&trip, &h(d(2025, 9, 12)), Some(&visa()), &prc(), &cn()).unwrap_err();
    assert!(err.errors.iter().any(|e| e.code == "travel.date_before_previous"));
    // Nor for a trip that is not briefed.
    assert!(doc.check_out_with(&approved(), &h(d(2025, 9, 15)), Some(&visa()), &prc(), &cn()).is_err());
}

#[test]
fn a_reason_given_for_a_check_out_within_the_window_is_not_recorded() {
    // Thu 25 Sep is within the window (from Fri 19 Sep): nothing was early.
    let (doc, trip) = passport().check_out_with(&briefed(), &h(d(2025, 9, 25)), Some(&visa()), &prc(), &cn()).unwrap();
    assert_eq!((doc.out_early(), trip.checkout_early.as_ref()), (None, None));
    // The first day of the window, Fri 19 Sep, is not early either.
    let trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let (doc, _) = passport().check_out(&trip, &h(d(2025, 9, 19)), &prc(), &cn()).unwrap();
    assert_eq!(doc.out_early(), None);
}

// --- Correcting the planned dates ------------------------------------------------------------

#[test]
fn a_correction_moves_the_dates_and_the_deadlines_that_run_from_them() {
    // Requested Mon 1 Sep for Fri 26 Sep – Sun 5 Oct 2025; the visa comes late: Fri 10 – Sun 19 Oct.
    let trip = requested();
    assert_eq!(trip.approval_deadline(&prc()).unwrap().date, d(2025, 9, 26));
    let fixed = correct(&trip, &correction(d(2025, 10, 10), d(2025, 10, 19))).unwrap();
    assert_eq!(
        (fixed.planned_departure, fixed.planned_return, fixed.current_return()),
        (d(2025, 10, 10), d(2025, 10, 19), d(2025, 10, 19))
    );
    assert_eq!(fixed.state(), TripState::Requested);
    let c = fixed.corrections.last().unwrap();
    assert_eq!(
        (c.date, c.by.as_str(), c.previous_departure, c.previous_return, c.new_departure, c.new_return),
        (today(), "王保密", d(2025, 9, 26), d(2025, 10, 5), d(2025, 10, 10), d(2025, 10, 19))
    );
    // The approval is due by the new departure, a fixed date: Fri 10 Oct. Reminded 7 days ahead,
    // from Fri 3 Oct (a holiday does not move a reminder's start).
    let approval = fixed.approval_deadline(&prc()).unwrap();
    assert_eq!((approval.date, approval.rule_id.as_str()), (d(2025, 10, 10), "travel.approval"));
    let list = obligations(ALICE, std::slice::from_ref(&fixed), &[], &prc(), &cn(), d(2025, 10, 2));
    assert_eq!(list[0].kind, TravelObligationKind::Approval);
    assert_eq!(list[0].state, None, "not yet on Thu 2 Oct");
    assert_eq!(list[0].state_on(d(2025, 10, 3)), Some((DueState::Upcoming, 0)));
    assert_eq!(list[0].state_on(d(2025, 10, 10)), Some((DueState::Due, 0)));
    // On the old date, Fri 26 Sep, it would have been due; now it is not even listed.
    let before = obligations(ALICE, std::slice::from_ref(&trip), &[], &prc(), &cn(), d(2025, 9, 26));
    assert_eq!(before[0].state, Some(DueState::Due));
    let after = obligations(ALICE, std::slice::from_ref(&fixed), &[], &prc(), &cn(), d(2025, 9, 26));
    assert_eq!(after[0].state, None);
}

#[test]
fn a_correction_of_an_approved_trip_moves_its_briefing_and_check_out_window() {
    // Approved Mon 8 Sep; corrected to Fri 10 – Sun 19 Oct: briefing due Fri 10 Oct, and the
    // passport may leave the safe from 10 Oct − 7 days = Fri 3 Oct (a holiday: a boundary, it
    // does not move), instead of Fri 19 Sep.
    let trip = approved();
    assert_eq!(trip.checkout_from(&prc(), &cn()).date, d(2025, 9, 19));
    let fixed = correct(&trip, &correction(d(2025, 10, 10), d(2025, 10, 19))).unwrap();
    assert_eq!(fixed.briefing_deadline(&prc()).unwrap().date, d(2025, 10, 10));
    assert_eq!(fixed.checkout_from(&prc(), &cn()).date, d(2025, 10, 3));
    // Briefed Mon 22 Sep: a check-out on Thu 25 Sep is now early (needs its reason).
    let briefed = fixed.brief(d(2025, 9, 22), "王保密", "", today()).unwrap();
    let err = passport().check_out(&briefed, &h(d(2025, 9, 25)), &prc(), &cn()).unwrap_err();
    assert_eq!(err.errors[0].params["earliest"], "2025-10-03");
    // A second correction keeps the first.
    let again = correct(&fixed, &correction(d(2025, 10, 9), d(2025, 10, 19))).unwrap();
    assert_eq!(again.corrections.len(), 2);
    assert_eq!(again.corrections[1].previous_departure, d(2025, 10, 10));
}

#[test]
fn which_states_allow_a_correction() {
    let input = correction(d(2025, 9, 27), d(2025, 10, 6));
    let levels = general();
    let t = traveller(&levels, None);
    let offered = |trip: &Trip, doc: Option<&TravelDocument>| {
        trip.available_steps(&prc(), doc, &cn(), d(2025, 9, 25)).iter().any(|s| s.step == TripStepKind::Correct && s.blocked.is_none())
    };
    // Not yet departed: requested, approved, briefed, document out.
    for trip in [requested(), approved(), briefed()] {
        assert!(offered(&trip, Some(&passport())), "{:?}", trip.state());
        assert!(correct(&trip, &input).is_ok(), "{:?}", trip.state());
    }
    let (doc, out) = checked_out();
    assert!(offered(&out, Some(&doc)));
    assert!(correct(&out, &input).is_ok());
    // Departed, back, refused, withdrawn: the dates are history (an extension moves a return).
    let (doc, gone) = departed();
    assert!(!offered(&gone, Some(&doc)));
    assert_eq!(codes(gone.correct_dates(&input, "王保密", &t, &prc(), &cn(), today())), ["trip.already_departed"]);
    let refused = requested()
        .refuse(&TripDecisionInput { reason: "不同意".into(), ..decision(d(2025, 9, 8), ApprovalLevel::Standard) }, &prc(), today())
        .unwrap();
    assert_eq!(codes(correct(&refused, &input)), ["trip.refused"]);
    let withdrawn = requested().withdraw(d(2025, 9, 10), "王保密", "取消", today()).unwrap();
    assert_eq!(codes(correct(&withdrawn, &input)), ["trip.withdrawn"]);
    // Extended before leaving: another extension moves the return, not a correction.
    let extended = approved().extend(&extension(d(2025, 9, 10), d(2025, 10, 8)), today()).unwrap();
    assert!(!offered(&extended, Some(&passport())));
    assert_eq!(codes(correct(&extended, &input)), ["trip.extended_no_correction"]);
}

#[test]
fn a_correction_is_refused_with_each_reason_and_changes_nothing() {
    let trip = requested();
    // Nothing changed; no reason.
    assert_eq!(codes(correct(&trip, &correction(d(2025, 9, 26), d(2025, 10, 5)))), ["trip.dates_unchanged"]);
    let blank = TripCorrectionInput { reason: " ".into(), ..correction(d(2025, 9, 27), d(2025, 10, 5)) };
    assert_eq!(codes(correct(&trip, &blank)), ["required"]);
    // Back before leaving; leaving before the request (Mon 1 Sep).
    assert_eq!(codes(correct(&trip, &correction(d(2025, 10, 6), d(2025, 10, 5)))), ["trip.return_before_departure"]);
    assert_eq!(codes(correct(&trip, &correction(d(2025, 8, 30), d(2025, 10, 5)))), ["trip.departure_before_request"]);
    // Approved Mon 8 Sep: the departure cannot move before the approval.
    assert_eq!(codes(correct(&approved(), &correction(d(2025, 9, 5), d(2025, 10, 5)))), ["trip.approval_after_departure"]);
    // Briefed Mon 22 Sep: nor before the briefing.
    assert_eq!(codes(correct(&briefed(), &correction(d(2025, 9, 20), d(2025, 10, 5)))), ["trip.briefing_after_departure"]);
    // Checked out Thu 25 Sep within the window of Fri 26 Sep (from Fri 19 Sep): moving the
    // departure to Fri 10 Oct would make that check-out early (window from Fri 3 Oct).
    let (_, out) = checked_out();
    let e = correct(&out, &correction(d(2025, 10, 10), d(2025, 10, 19))).unwrap_err();
    assert_eq!(e.code(), "trip.correction_makes_checkout_early");
    assert_eq!((e.errors[0].params["date"].as_str(), e.errors[0].params["earliest"].as_str()), ("2025-09-25", "2025-10-03"));
    // Up to Thu 2 Oct is fine (window from Thu 25 Sep).
    assert!(correct(&out, &correction(d(2025, 10, 2), d(2025, 10, 9))).is_ok());
    // An early check-out (for the visa) already has its reason: the correction may move it.
    let early_trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let (_, early_out) = passport().check_out_with(&early_trip, &h(d(2025, 9, 15)), Some(&visa()), &prc(), &cn()).unwrap();
    assert!(correct(&early_out, &correction(d(2025, 10, 10), d(2025, 10, 19))).is_ok());
}

#[test]
fn a_correction_into_the_decommissioning_period_needs_the_higher_approval_it_lacks() {
    // Decommissioning from Wed 15 Oct 2025: Fri 26 Sep – Sun 5 Oct is outside it (standard
    // approval), Fri 10 – Sun 19 Oct is partly inside (higher approval).
    let levels = general();
    let span = DateSpan { start: d(2025, 10, 15), end: d(2026, 10, 14) };
    let t = traveller(&levels, Some(span));
    let trip = approved();
    let e = trip.correct_dates(&correction(d(2025, 10, 10), d(2025, 10, 19)), "王保密", &t, &prc(), &cn(), today()).unwrap_err();
    assert_eq!(e.code(), "trip.correction_needs_higher_approval");
    // Before the approval the approver decides at the right level: a requested trip may move.
    assert!(requested().correct_dates(&correction(d(2025, 10, 10), d(2025, 10, 19)), "王保密", &t, &prc(), &cn(), today()).is_ok());
}
