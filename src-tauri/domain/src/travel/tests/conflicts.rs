//! The approver's view: each flag it raises, and none for a clean trip.

use super::*;
use crate::i18n::Lang;
use crate::travel::conflicts::ReviewContext;

/// Reviewed on Mon 8 Sep 2025.
fn review(trip: &Trip, t: Traveller, documents: &[TravelDocument], trips: &[Trip]) -> Vec<TravelConflict> {
    let rules = prc();
    let cal = cn();
    let ctx = ReviewContext { traveller: t, documents, trips, rules: &rules, cal: &cal, as_of: d(2025, 9, 8) };
    conflicts(trip, &ctx)
}

/// An earlier trip on `doc`: requested Tue 1 Jul 2025, leaving Fri 1 Aug, back Sun 10 Aug planned;
/// approved 2 Jul, briefed and checked out Thu 31 Jul, left Fri 1 Aug.
fn earlier(id: TripId, doc: &TravelDocument) -> (TravelDocument, Trip) {
    let levels = history("general");
    let mut i = input();
    i.document = Some(doc.id);
    i.planned_departure = Some(d(2025, 8, 1));
    i.planned_return = Some(d(2025, 8, 10));
    let trip = Trip::request(id, ALICE, &i, d(2025, 7, 1), std::slice::from_ref(doc), &prc(), today())
        .unwrap()
        .approve(&decision(d(2025, 7, 2), ApprovalLevel::Standard), &traveller(&levels, None), &prc(), today())
        .unwrap()
        .brief(d(2025, 7, 31), "王保密", "", today())
        .unwrap();
    let (doc, trip) = doc.check_out(&trip, &h(d(2025, 7, 31)), &prc(), &cn()).unwrap();
    (doc, trip.depart(d(2025, 8, 1), &prc(), today()).unwrap())
}

#[test]
fn a_clean_trip_has_no_conflicts() {
    let levels = history("general");
    let trip = requested();
    assert_eq!(review(&trip, traveller(&levels, None), &[passport()], std::slice::from_ref(&trip)), []);
}

#[test]
fn a_trip_in_the_decommissioning_period_is_flagged_with_the_higher_level() {
    // Period Tue 1 Oct 2024 – Tue 30 Sep 2025; the trip is 26 Sep – 5 Oct: partly inside.
    let levels = history("general");
    let period = DateSpan { start: d(2024, 10, 1), end: d(2025, 9, 30) };
    let found = review(&requested(), traveller(&levels, Some(period)), &[passport()], &[]);
    assert_eq!(
        found,
        [
            TravelConflict::HigherApprovalRequired { person_level: None, in_decommissioning: true },
            TravelConflict::InDecommissioning { start: d(2024, 10, 1), end: d(2025, 9, 30) },
        ]
    );
    assert_eq!(found[1].message(Lang::ZhCn), "行程处于脱密期内(2024-10-01 至 2025-09-30)");
    assert_eq!(found[1].message(Lang::En), "The trip falls within the decommissioning period (2024-10-01 to 2025-09-30)");
    assert_eq!(found[0].to_message().code, "conflict.higher_approval_decommissioning");
    // Ended the day before departure: nothing.
    let ended = DateSpan { start: d(2024, 9, 26), end: d(2025, 9, 25) };
    assert_eq!(review(&requested(), traveller(&levels, Some(ended)), &[passport()], &[]), []);
}

#[test]
fn a_core_traveller_is_flagged_for_the_higher_level() {
    let levels = history("core");
    let found = review(&requested(), traveller(&levels, None), &[passport()], &[]);
    assert_eq!(found, [TravelConflict::HigherApprovalRequired { person_level: Some(LevelId("core".into())), in_decommissioning: false }]);
    assert_eq!(found[0].message(Lang::En), "The level on departure is core: the higher approval level is needed");
}

#[test]
fn the_document_not_in_custody_or_expiring_is_flagged() {
    let levels = history("general");
    let t = traveller(&levels, None);
    // Never handed in: registered Fri 10 Jan 2025, so due in the safe Fri 17 Jan, long overdue.
    let pending =
        TravelDocument::register(PASSPORT, ALICE, &doc_input("E1", d(2024, 6, 1), d(2034, 5, 31)), d(2025, 1, 10), "王保密", today())
            .unwrap();
    assert_eq!(
        review(&requested(), t, &[pending], &[]),
        [
            TravelConflict::DocumentNotInCustody { document: PASSPORT, status: DocumentStatus::AwaitingHandIn },
            TravelConflict::OverdueDocument { trip: None, document: PASSPORT, due: d(2025, 1, 17) },
        ]
    );
    // Expires Wed 1 Oct 2025, before the return on Sun 5 Oct.
    let short = document(PASSPORT, ALICE, d(2025, 10, 1));
    assert_eq!(
        review(&requested(), t, &[short], &[]),
        [TravelConflict::DocumentExpiresBeforeReturn { document: PASSPORT, expires: d(2025, 10, 1) }]
    );
    // Expires on the return day: still valid on it.
    let exact = document(PASSPORT, ALICE, d(2025, 10, 5));
    assert_eq!(review(&requested(), t, &[exact], &[]), []);
    // None chosen; another person's.
    let mut none = requested();
    none.document = None;
    assert_eq!(review(&none, t, &[passport()], &[]), [TravelConflict::NoDocument]);
    let bobs = document(PASSPORT, BOB, d(2034, 5, 31));
    assert_eq!(review(&requested(), t, &[bobs], &[]), [TravelConflict::DocumentOfOtherPerson { document: PASSPORT }]);
    // Out for this very trip (an extension reviewed later): not a conflict.
    let (out, trip) = checked_out();
    assert_eq!(review(&trip, t, &[out], &[]), []);
}

#[test]
fn the_document_out_for_another_trip_is_flagged() {
    let levels = history("general");
    let (out, other) = earlier(TripId(5), &passport());
    let found = review(&requested(), traveller(&levels, None), &[out], &[other]);
    assert!(found.contains(&TravelConflict::DocumentNotInCustody { document: PASSPORT, status: DocumentStatus::CheckedOut }), "{found:?}");
}

#[test]
fn an_overdue_report_and_document_from_an_earlier_trip_are_flagged() {
    // The earlier trip, on Alice's HK/Macao permit, came back Mon 4 Aug 2025.
    // Report: 4 Aug + 7 = Mon 11 Aug (working day). Permit: 4 Aug + 10 = Thu 14 Aug.
    // Both overdue on Mon 8 Sep.
    let levels = history("general");
    let permit = document(DocumentId(2), ALICE, d(2030, 1, 1));
    let (permit, old) = earlier(TripId(5), &permit);
    let old = old.return_home(d(2025, 8, 4), today()).unwrap();
    let found = review(&requested(), traveller(&levels, None), &[passport(), permit.clone()], std::slice::from_ref(&old));
    assert_eq!(
        found,
        [
            TravelConflict::OverdueReport { trip: TripId(5), due: d(2025, 8, 11) },
            TravelConflict::OverdueDocument { trip: Some(TripId(5)), document: DocumentId(2), due: d(2025, 8, 14) },
        ]
    );
    assert_eq!(found[1].message(Lang::ZhCn), "证件 2 逾期未交回(应于 2025-08-14 前)");
    // Reported and handed back: clear.
    let old = old.receive_report(d(2025, 8, 11), "王保密", "", today()).unwrap();
    let permit = permit.return_to_custody(Some(&old), &h(d(2025, 8, 14)), "").unwrap();
    assert_eq!(review(&requested(), traveller(&levels, None), &[passport(), permit], &[old]), []);
}

#[test]
fn an_earlier_trip_never_recorded_back_is_flagged() {
    // Due back Sun 10 Aug 2025, nothing recorded by Mon 8 Sep.
    let levels = history("general");
    let permit = document(DocumentId(2), ALICE, d(2030, 1, 1));
    let (permit, old) = earlier(TripId(5), &permit);
    let found = review(&requested(), traveller(&levels, None), &[passport(), permit], &[old]);
    assert_eq!(found, [TravelConflict::OverdueReturn { trip: TripId(5), due: d(2025, 8, 10) }]);
}

#[test]
fn a_document_never_handed_in_or_refused_is_flagged() {
    // A permit issued Mon 1 Sep 2025 and registered the same day: + 7 = Mon 8 Sep, due today, not
    // yet overdue; on a review Tue 9 Sep it would be. A refusal to return is flagged at once.
    let levels = history("general");
    let t = traveller(&levels, None);
    let permit =
        TravelDocument::register(DocumentId(2), ALICE, &doc_input("C1", d(2025, 8, 25), d(2030, 1, 1)), d(2025, 8, 25), "王保密", today())
            .unwrap();
    // Registered Mon 25 Aug + 7 = Mon 1 Sep: overdue on 8 Sep.
    assert_eq!(
        review(&requested(), t, &[passport(), permit.clone()], &[]),
        [TravelConflict::OverdueDocument { trip: None, document: DocumentId(2), due: d(2025, 9, 1) }]
    );
    let refused = permit.refuse_to_return(&h(d(2025, 9, 2)), "拒不上交").unwrap();
    assert_eq!(review(&requested(), t, &[passport(), refused], &[]), [TravelConflict::DocumentRefusedToReturn { document: DocumentId(2) }]);
}

#[test]
fn overlapping_trips_are_flagged_but_not_refused_withdrawn_or_adjacent_ones() {
    let levels = history("general");
    let t = traveller(&levels, None);
    let other = |id: i64, dep: NaiveDate, ret: NaiveDate| {
        let mut i = input();
        i.planned_departure = Some(dep);
        i.planned_return = Some(ret);
        Trip::request(TripId(id), ALICE, &i, d(2025, 9, 1), &[passport()], &prc(), today()).unwrap()
    };
    // Under review: 26 Sep – 5 Oct 2025.
    let inside = other(20, d(2025, 10, 1), d(2025, 10, 3));
    let touching = other(21, d(2025, 10, 5), d(2025, 10, 7));
    let before = other(22, d(2025, 9, 20), d(2025, 9, 25));
    let refusal = TripDecisionInput { reason: "不同意".into(), ..decision(d(2025, 9, 2), ApprovalLevel::Standard) };
    let refused = other(23, d(2025, 9, 27), d(2025, 9, 30)).refuse(&refusal, &prc(), today()).unwrap();
    let withdrawn = other(24, d(2025, 9, 27), d(2025, 9, 30)).withdraw(d(2025, 9, 3), "王保密", "取消", today()).unwrap();
    let trip = requested();
    let all = [trip.clone(), inside, touching, before, refused, withdrawn];
    let found = review(&trip, t, &[passport()], &all);
    assert_eq!(
        found,
        [
            TravelConflict::OverlappingTrip { trip: TripId(20), start: d(2025, 10, 1), end: d(2025, 10, 3) },
            TravelConflict::OverlappingTrip { trip: TripId(21), start: d(2025, 10, 5), end: d(2025, 10, 7) },
        ]
    );
    assert_eq!(found[0].message(Lang::En), "Overlaps trip 20 (2025-10-01 to 2025-10-03)");
}

#[test]
fn every_conflict_has_a_message_in_both_languages() {
    let all = [
        TravelConflict::HigherApprovalRequired { person_level: Some(LevelId("core".into())), in_decommissioning: false },
        TravelConflict::HigherApprovalRequired { person_level: None, in_decommissioning: true },
        TravelConflict::InDecommissioning { start: d(2025, 1, 1), end: d(2025, 12, 31) },
        TravelConflict::NoDocument,
        TravelConflict::DocumentOfOtherPerson { document: PASSPORT },
        TravelConflict::DocumentNotInCustody { document: PASSPORT, status: DocumentStatus::CheckedOut },
        TravelConflict::DocumentExpiresBeforeReturn { document: PASSPORT, expires: d(2025, 1, 1) },
        TravelConflict::OverdueReport { trip: TRIP, due: d(2025, 1, 1) },
        TravelConflict::OverdueDocument { trip: None, document: PASSPORT, due: d(2025, 1, 1) },
        TravelConflict::DocumentRefusedToReturn { document: PASSPORT },
        TravelConflict::OverdueReturn { trip: TRIP, due: d(2025, 1, 1) },
        TravelConflict::OverlappingTrip { trip: TRIP, start: d(2025, 1, 1), end: d(2025, 1, 2) },
    ];
    for c in all {
        let m = c.to_message();
        for lang in [Lang::ZhCn, Lang::En] {
            let text = c.message(lang);
            assert_ne!(text, m.code, "{c:?} has no {lang:?} text");
            assert!(!text.contains('{'), "{c:?}: unfilled placeholder in {text}");
        }
    }
}
