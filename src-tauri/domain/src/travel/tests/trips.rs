//! Trips: the request's checks, every state transition allowed and refused, the approval level.

use super::*;

#[test]
fn a_request_is_checked_and_normalised() {
    let mut i = input();
    i.destinations = vec![" hk ".to_owned(), "JP".to_owned(), "hk".to_owned(), "".to_owned()];
    let trip = Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[passport()], &prc(), today()).unwrap();
    assert_eq!(trip.destinations, ["HK", "JP"]);
    assert_eq!(trip.state(), TripState::Requested);
    assert_eq!(trip.current_return(), d(2025, 10, 5));
}

#[test]
fn a_request_refuses_bad_input_all_at_once() {
    let mut i = input();
    i.destinations = vec!["XX".to_owned(), "CN".to_owned()];
    i.purpose = "  ".to_owned();
    i.kind = None;
    // Back Thu 25 Sep, before leaving Fri 26 Sep.
    i.planned_return = Some(d(2025, 9, 25));
    let err = Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[passport()], &prc(), today()).unwrap_err();
    let c: Vec<_> = err.errors.iter().map(|e| (e.field.clone().unwrap_or_default(), e.code.clone())).collect();
    assert_eq!(
        c,
        [
            ("destinations".to_owned(), "country.unknown".to_owned()),
            ("destinations".to_owned(), "trip.destination_home".to_owned()),
            ("purpose".to_owned(), "required".to_owned()),
            ("kind".to_owned(), "required".to_owned()),
            ("planned_return".to_owned(), "trip.return_before_departure".to_owned()),
        ]
    );
    assert_eq!(err.errors[0].params["value"], "XX");
}

#[test]
fn a_request_needs_a_destination_dates_and_the_travellers_own_document() {
    let mut i = input();
    i.destinations.clear();
    i.planned_departure = None;
    i.planned_return = None;
    let c = codes(Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[passport()], &prc(), today()));
    assert_eq!(c, ["trip.destinations_required", "required", "required"]);

    let bobs = document(PASSPORT, BOB, d(2034, 5, 31));
    assert_eq!(codes(Trip::request(TRIP, ALICE, &input(), d(2025, 9, 1), &[bobs], &prc(), today())), ["document.other_person"]);
    assert_eq!(codes(Trip::request(TRIP, ALICE, &input(), d(2025, 9, 1), &[], &prc(), today())), ["document.not_found"]);
    // Requested after the planned departure (Fri 26 Sep): not a request any more.
    assert_eq!(
        codes(Trip::request(TRIP, ALICE, &input(), d(2025, 9, 27), &[passport()], &prc(), today())),
        ["trip.departure_before_request"]
    );
    // A day trip (back the same day) is fine.
    let mut i = input();
    i.planned_return = i.planned_departure;
    assert!(Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[passport()], &prc(), today()).is_ok());
}

#[test]
fn the_us_policy_refuses_the_us_as_destination_but_not_china() {
    let us = TravelRules::us_default();
    let mut i = input();
    i.document = None;
    i.destinations = vec!["cn".to_owned()];
    assert!(Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[], &us, today()).is_ok());
    i.destinations = vec!["us".to_owned()];
    assert_eq!(codes(Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[], &us, today())), ["trip.destination_home"]);
}

#[test]
fn the_whole_way_from_request_to_closed() {
    let trip = requested();
    assert_eq!(trip.state(), TripState::Requested);
    let trip = approved();
    assert_eq!(trip.state(), TripState::Approved);
    let d0 = trip.decision.as_ref().unwrap();
    assert!(d0.approved);
    assert_eq!((d0.by.as_str(), d0.personnel_opinion.as_str()), ("李处长", "同意"));
    assert_eq!(briefed().state(), TripState::Briefed);
    assert_eq!(checked_out().1.state(), TripState::DocumentOut);
    assert_eq!(departed().1.state(), TripState::Departed);
    let (doc, trip) = returned(d(2025, 10, 2));
    assert_eq!(trip.state(), TripState::Returned);
    assert_eq!((trip.departed, trip.returned), (Some(d(2025, 9, 26)), Some(d(2025, 10, 2))));
    assert_eq!(trip.planned_return, d(2025, 10, 5), "the plan is kept beside the actual dates");
    let trip = trip.receive_report(d(2025, 10, 9), "王保密", "无异常", today()).unwrap();
    assert_eq!(trip.state(), TripState::Reported);
    let doc = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 9)), "").unwrap();
    let trip = trip.close(d(2025, 10, 10), "王保密", Some(&doc), &prc(), today()).unwrap();
    assert_eq!(trip.state(), TripState::Closed);
}

#[test]
fn approving_twice_or_after_a_refusal_is_refused() {
    let levels = history("general");
    let t = traveller(&levels, None);
    let again = approved().approve(&decision(d(2025, 9, 9), ApprovalLevel::Standard), &t, &prc(), today());
    assert_eq!(codes(again), ["trip.already_approved"]);
    let again =
        briefed().refuse(&TripDecisionInput { reason: "x".into(), ..decision(d(2025, 9, 9), ApprovalLevel::Standard) }, &prc(), today());
    assert_eq!(codes(again), ["trip.already_approved"]);

    let refusal = TripDecisionInput { reason: "目的地为敏感地区".into(), ..decision(d(2025, 9, 8), ApprovalLevel::Standard) };
    let refused = requested().refuse(&refusal, &prc(), today()).unwrap();
    assert_eq!(refused.state(), TripState::Refused);
    assert_eq!(refused.decision.as_ref().unwrap().reason, "目的地为敏感地区");
    assert!(!refused.is_live());
    assert_eq!(codes(refused.approve(&decision(d(2025, 9, 9), ApprovalLevel::Standard), &t, &prc(), today())), ["trip.already_refused"]);
    assert_eq!(codes(refused.refuse(&refusal, &prc(), today())), ["trip.already_refused"]);
}

#[test]
fn a_decision_needs_an_approver_both_opinions_and_a_sound_date() {
    let levels = history("general");
    let t = traveller(&levels, None);
    let mut input = decision(d(2025, 9, 8), ApprovalLevel::Standard);
    input.by = String::new();
    input.personnel_opinion = String::new();
    input.secrecy_office_opinion = String::new();
    let err = requested().approve(&input, &t, &prc(), today()).unwrap_err();
    let fields: Vec<_> = err.errors.iter().map(|e| e.field.clone().unwrap()).collect();
    assert_eq!(fields, ["approver", "personnel_opinion", "secrecy_office_opinion"]);
    // The US policy asks for no opinions.
    input.by = "J. Smith".into();
    assert!(requested().approve(&input, &t, &TravelRules::us_default(), today()).is_ok());

    // Refusal without a reason.
    assert_eq!(codes(requested().refuse(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &prc(), today())), ["required"]);
    // Before the request (Mon 1 Sep); after the planned departure (Fri 26 Sep); in the future.
    assert_eq!(
        codes(requested().approve(&decision(d(2025, 8, 31), ApprovalLevel::Standard), &t, &prc(), today())),
        ["travel.date_before_previous"]
    );
    let late = requested().approve(&decision(d(2025, 9, 27), ApprovalLevel::Standard), &t, &prc(), today()).unwrap_err();
    assert_eq!((late.code(), late.errors[0].params["departure"].as_str()), ("trip.approval_after_departure", "2025-09-26"));
    assert!(
        requested().approve(&decision(d(2025, 9, 26), ApprovalLevel::Standard), &t, &prc(), today()).is_ok(),
        "on the day is still before"
    );
    assert_eq!(codes(requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &t, &prc(), d(2025, 9, 7))), ["date.future"]);
}

#[test]
fn core_people_need_the_higher_approval_level() {
    let levels = history("core");
    let t = traveller(&levels, None);
    let req = requested().required_approval(&t, &prc());
    assert_eq!(req.level, ApprovalLevel::Higher);
    assert_eq!(req.person_level, Some(LevelId("core".into())));
    assert!(req.level_requires_higher && !req.in_decommissioning);
    let err = requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &t, &prc(), today()).unwrap_err();
    assert_eq!((err.code(), err.errors[0].field.as_deref()), ("trip.higher_approval_required", Some("level")));
    assert!(requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Higher), &t, &prc(), today()).is_ok());
    // Important and general people: the standard level is enough (and a higher one is fine).
    for level in ["important", "general"] {
        let levels = history(level);
        let t = traveller(&levels, None);
        assert_eq!(requested().required_approval(&t, &prc()).level, ApprovalLevel::Standard);
        assert!(requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Higher), &t, &prc(), today()).is_ok());
    }
}

#[test]
fn the_level_in_force_on_the_departure_date_decides() {
    // General until Sun 21 Sep 2025, core from Mon 22 Sep: the trip leaves Fri 26 Sep, so the
    // approval given on Mon 8 Sep (when the person was still general) must be the higher one.
    let mut levels = history("general");
    levels.push(LevelChange { level: LevelId("core".into()), effective: d(2025, 9, 22), reason: "post regraded".into() });
    let t = traveller(&levels, None);
    assert_eq!(requested().required_approval(&t, &prc()).level, ApprovalLevel::Higher);
    // Core until Thu 25 Sep, general from Fri 26 Sep (the departure day): standard.
    let mut levels = history("core");
    levels.push(LevelChange { level: LevelId("general".into()), effective: d(2025, 9, 26), reason: "post regraded".into() });
    let t = traveller(&levels, None);
    assert_eq!(requested().required_approval(&t, &prc()).level, ApprovalLevel::Standard);
}

#[test]
fn people_in_decommissioning_need_the_higher_approval_level() {
    let levels = history("general");
    // The period ends Tue 30 Sep 2025, within the trip (26 Sep – 5 Oct): partly inside.
    let partly = traveller(&levels, Some(DateSpan { start: d(2024, 10, 1), end: d(2025, 9, 30) }));
    let req = requested().required_approval(&partly, &prc());
    assert_eq!(req.level, ApprovalLevel::Higher);
    assert!(req.in_decommissioning && !req.level_requires_higher);
    assert_eq!(
        codes(requested().approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &partly, &prc(), today())),
        ["trip.higher_approval_required"]
    );
    // The period starts Sun 5 Oct 2025, the return day: the last day counts.
    let starts = traveller(&levels, Some(DateSpan { start: d(2025, 10, 5), end: d(2026, 10, 4) }));
    assert_eq!(requested().required_approval(&starts, &prc()).level, ApprovalLevel::Higher);
    // The period ended Thu 25 Sep 2025, the day before departure: standard.
    let ended = traveller(&levels, Some(DateSpan { start: d(2024, 9, 26), end: d(2025, 9, 25) }));
    assert_eq!(requested().required_approval(&ended, &prc()).level, ApprovalLevel::Standard);
    // An extension into a period that starts Mon 6 Oct makes it higher.
    let later = traveller(&levels, Some(DateSpan { start: d(2025, 10, 6), end: d(2026, 10, 5) }));
    assert_eq!(approved().required_approval(&later, &prc()).level, ApprovalLevel::Standard);
    let extended = approved().extend(&extension(d(2025, 9, 20), d(2025, 10, 8)), today()).unwrap();
    assert_eq!(extended.required_approval(&later, &prc()).level, ApprovalLevel::Higher);
    // The US policy has no higher level.
    assert_eq!(requested().required_approval(&partly, &TravelRules::us_default()).level, ApprovalLevel::Standard);
}

#[test]
fn briefing_allowed_and_refused() {
    let trip = briefed();
    let b = trip.briefing.as_ref().unwrap();
    assert_eq!((b.date, b.by.as_str()), (d(2025, 9, 22), "王保密"));
    assert_eq!(codes(requested().brief(d(2025, 9, 22), "王保密", "", today())), ["trip.not_approved"]);
    assert_eq!(codes(trip.brief(d(2025, 9, 23), "王保密", "", today())), ["trip.already_briefed"]);
    assert_eq!(codes(departed().1.brief(d(2025, 9, 27), "王保密", "", today())), ["trip.already_briefed"]);
    // Before the approval (Mon 8 Sep); no operator.
    assert_eq!(codes(approved().brief(d(2025, 9, 7), "王保密", "", today())), ["travel.date_before_previous"]);
    assert_eq!(codes(approved().brief(d(2025, 9, 22), "", "", today())), ["operator.required"]);
}

#[test]
fn no_departure_without_approval_briefing_and_document() {
    let date = d(2025, 9, 26);
    assert_eq!(codes(requested().depart(date, &prc(), today())), ["trip.not_approved"]);
    assert_eq!(codes(approved().depart(date, &prc(), today())), ["trip.not_briefed"]);
    assert_eq!(codes(briefed().depart(date, &prc(), today())), ["trip.document_not_out"]);
    let refused = requested()
        .refuse(&TripDecisionInput { reason: "不同意".into(), ..decision(d(2025, 9, 8), ApprovalLevel::Standard) }, &prc(), today())
        .unwrap();
    assert_eq!(codes(refused.depart(date, &prc(), today())), ["trip.refused"]);
    let (_, out) = checked_out();
    // Before the check-out (Thu 25 Sep); after the planned return (Sun 5 Oct); twice.
    assert_eq!(codes(out.depart(d(2025, 9, 24), &prc(), today())), ["travel.date_before_previous"]);
    assert_eq!(codes(out.depart(d(2025, 10, 6), &prc(), today())), ["trip.departure_after_return"]);
    assert_eq!(codes(departed().1.depart(date, &prc(), today())), ["trip.already_departed"]);
    // A day late is fine and recorded as it happened.
    assert_eq!(out.depart(d(2025, 9, 27), &prc(), today()).unwrap().departed, Some(d(2025, 9, 27)));
}

#[test]
fn without_custody_the_briefing_is_enough_to_leave() {
    let us = TravelRules::us_default();
    assert_eq!(briefed().depart(d(2025, 9, 26), &us, today()).unwrap().state(), TripState::Departed);
    assert_eq!(codes(approved().depart(d(2025, 9, 26), &us, today())), ["trip.not_briefed"]);
}

#[test]
fn return_before_departure_is_refused() {
    let (_, trip) = departed();
    let err = trip.return_home(d(2025, 9, 25), today()).unwrap_err();
    assert_eq!((err.code(), err.errors[0].params["departure"].as_str()), ("trip.return_before_departure", "2025-09-26"));
    assert_eq!(trip.return_home(d(2025, 9, 26), today()).unwrap().returned, Some(d(2025, 9, 26)), "same day is fine");
    assert_eq!(codes(checked_out().1.return_home(d(2025, 10, 2), today())), ["trip.not_departed"]);
    assert_eq!(codes(approved().return_home(d(2025, 10, 2), today())), ["trip.not_departed"]);
    assert_eq!(codes(requested().return_home(d(2025, 10, 2), today())), ["trip.not_approved"]);
    assert_eq!(codes(returned(d(2025, 10, 2)).1.return_home(d(2025, 10, 3), today())), ["trip.already_returned"]);
    assert_eq!(codes(trip.return_home(d(2025, 10, 2), d(2025, 10, 1))), ["date.future"]);
}

#[test]
fn the_report_comes_after_the_return() {
    let (_, trip) = returned(d(2025, 10, 2));
    assert_eq!(codes(trip.receive_report(d(2025, 10, 1), "王保密", "", today())), ["travel.date_before_previous"]);
    assert_eq!(codes(departed().1.receive_report(d(2025, 10, 2), "王保密", "", today())), ["trip.not_returned"]);
    let reported = trip.receive_report(d(2025, 10, 2), "王保密", "", today()).unwrap();
    assert_eq!(codes(reported.receive_report(d(2025, 10, 3), "王保密", "", today())), ["trip.already_reported"]);
}

#[test]
fn closing_needs_the_report_and_the_document_back() {
    let (doc, trip) = returned(d(2025, 10, 2));
    assert_eq!(
        codes(trip.close(d(2025, 10, 9), "王保密", Some(&doc), &prc(), today())),
        ["trip.not_reported", "trip.document_not_returned"]
    );
    let reported = trip.receive_report(d(2025, 10, 9), "王保密", "", today()).unwrap();
    assert_eq!(codes(reported.close(d(2025, 10, 9), "王保密", Some(&doc), &prc(), today())), ["trip.document_not_returned"]);
    assert_eq!(codes(reported.close(d(2025, 10, 9), "王保密", None, &prc(), today())), ["trip.document_not_returned"]);
    let back = doc.return_to_custody(Some(&trip), &h(d(2025, 10, 9)), "").unwrap();
    let closed = reported.close(d(2025, 10, 9), "王保密", Some(&back), &prc(), today()).unwrap();
    assert_eq!(codes(closed.close(d(2025, 10, 10), "王保密", Some(&back), &prc(), today())), ["trip.closed"]);
    // Without custody nothing has to come back.
    let us_trip = briefed().depart(d(2025, 9, 26), &TravelRules::us_default(), today()).unwrap();
    let us_trip = us_trip.return_home(d(2025, 10, 2), today()).unwrap().receive_report(d(2025, 10, 3), "J. Smith", "", today()).unwrap();
    assert!(us_trip.close(d(2025, 10, 3), "J. Smith", None, &TravelRules::us_default(), today()).is_ok());
}

#[test]
fn an_extension_moves_the_return_and_is_kept() {
    let (_, trip) = departed();
    let ext = trip.extend(&extension(d(2025, 10, 3), d(2025, 10, 10)), today()).unwrap();
    assert_eq!(ext.current_return(), d(2025, 10, 10));
    assert_eq!(ext.planned_return, d(2025, 10, 5));
    let e = &ext.extensions[0];
    assert_eq!(
        (e.previous_return, e.new_return, e.approver.as_str(), e.reason.as_str()),
        (d(2025, 10, 5), d(2025, 10, 10), "李处长", "会议延期")
    );
    let twice = ext.extend(&extension(d(2025, 10, 8), d(2025, 10, 12)), today()).unwrap();
    assert_eq!((twice.current_return(), twice.extensions[1].previous_return), (d(2025, 10, 12), d(2025, 10, 10)));

    let err = ext.extend(&extension(d(2025, 10, 4), d(2025, 10, 10)), today()).unwrap_err();
    assert_eq!((err.code(), err.errors[0].params["date"].as_str()), ("trip.extension_not_later", "2025-10-10"));
    let mut bare = extension(d(2025, 10, 4), d(2025, 10, 20));
    bare.reason.clear();
    bare.approver.clear();
    assert_eq!(codes(trip.extend(&bare, today())), ["required", "required"]);
    assert_eq!(codes(requested().extend(&extension(d(2025, 9, 5), d(2025, 10, 10)), today())), ["trip.not_approved"]);
    assert_eq!(codes(returned(d(2025, 10, 2)).1.extend(&extension(d(2025, 10, 3), d(2025, 10, 10)), today())), ["trip.already_returned"]);
}

#[test]
fn a_trip_past_its_return_date_with_no_return_is_overdue() {
    let (_, trip) = departed();
    // Planned return Sun 5 Oct 2025: due that day, overdue from Mon 6 Oct.
    assert!(!trip.is_overdue(d(2025, 10, 5)));
    assert!(trip.is_overdue(d(2025, 10, 6)));
    // Extended to Fri 10 Oct: overdue from Sat 11 Oct.
    let ext = trip.extend(&extension(d(2025, 10, 3), d(2025, 10, 10)), today()).unwrap();
    assert!(!ext.is_overdue(d(2025, 10, 10)));
    assert!(ext.is_overdue(d(2025, 10, 11)));
    // Back: never overdue. Approved but never recorded leaving: overdue too (the office must
    // find out what happened). Withdrawn or refused: not.
    assert!(!returned(d(2025, 10, 7)).1.is_overdue(d(2025, 12, 1)));
    assert!(approved().is_overdue(d(2025, 10, 6)));
    assert!(!requested().is_overdue(d(2025, 10, 6)));
    assert!(!approved().withdraw(d(2025, 9, 20), "王保密", "取消", today()).unwrap().is_overdue(d(2025, 10, 6)));
}

#[test]
fn withdrawal_before_departure_only() {
    let w = checked_out().1.withdraw(d(2025, 9, 25), "王保密", "家中有事,取消行程", today()).unwrap();
    assert_eq!(w.state(), TripState::Withdrawn);
    assert_eq!(w.withdrawal.as_ref().unwrap().note, "家中有事,取消行程");
    assert_eq!(codes(departed().1.withdraw(d(2025, 9, 27), "王保密", "x", today())), ["trip.already_departed"]);
    assert_eq!(codes(w.withdraw(d(2025, 9, 26), "王保密", "x", today())), ["trip.withdrawn"]);
    assert_eq!(codes(approved().withdraw(d(2025, 9, 20), "王保密", " ", today())), ["required"]);
    assert_eq!(codes(w.brief(d(2025, 9, 26), "王保密", "", today())), ["trip.withdrawn"]);
}
