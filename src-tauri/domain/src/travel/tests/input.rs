//! What the travel rules refuse of typed input: dates outside the register, invisible
//! characters, full-width document numbers and country codes.

use super::*;

#[test]
fn a_request_with_dates_outside_the_register_is_refused() {
    let far = TripInput { planned_departure: Some(d(2101, 1, 1)), planned_return: Some(d(2101, 1, 5)), ..input() };
    let r = Trip::request(TRIP, ALICE, &far, d(2025, 9, 1), &[passport()], &prc(), today());
    assert_eq!(codes(r), ["date.out_of_range", "date.out_of_range"]);
    let r = Trip::request(TRIP, ALICE, &input(), d(25, 9, 1), &[passport()], &prc(), today());
    assert_eq!(codes(r), ["date.out_of_range"]);
}

#[test]
fn a_request_keeps_rare_characters_and_refuses_invisible_ones() {
    let ok =
        TripInput { destinations: vec!["ＪＰ".into()], purpose: "探望 王喆".into(), notes: "第一行\n第二行".into(), ..input() };
    let trip = Trip::request(TRIP, ALICE, &ok, d(2025, 9, 1), &[passport()], &prc(), today()).unwrap();
    assert_eq!((trip.destinations[0].as_str(), trip.purpose.as_str(), trip.notes.as_str()), ("JP", "探望 王喆", "第一行\n第二行"));
    let bad = TripInput { purpose: "探亲\u{202E}".into(), notes: "\u{FEFF}".into(), ..input() };
    assert_eq!(
        codes(Trip::request(TRIP, ALICE, &bad, d(2025, 9, 1), &[passport()], &prc(), today())),
        ["text.invisible", "text.invisible"]
    );
    let long = TripInput { purpose: "会".repeat(501), ..input() };
    assert_eq!(codes(Trip::request(TRIP, ALICE, &long, d(2025, 9, 1), &[passport()], &prc(), today())), ["too_long"]);
}

#[test]
fn steps_refuse_invisible_operators_and_dates_outside_the_register() {
    assert_eq!(codes(approved().brief(d(2025, 9, 22), "王\u{200D}保密", "", today())), ["text.invisible"]);
    let (_, trip) = departed();
    assert_eq!(codes(trip.return_home(d(2101, 1, 1), d(2101, 1, 2))), ["date.out_of_range"]);
    assert_eq!(codes(approved().extend(&extension(d(2025, 9, 10), d(2101, 1, 1)), today())), ["date.out_of_range"]);
    let mut dec = decision(d(2025, 9, 8), ApprovalLevel::Standard);
    dec.by = "\u{2066}李处长\u{2069}".into();
    let levels = history("general");
    assert_eq!(codes(requested().approve(&dec, &traveller(&levels, None), &prc(), today())), ["text.invisible"]);
}

#[test]
fn documents_take_full_width_numbers_and_refuse_dates_outside_the_register() {
    let input = doc_input("ｅ１２３４５６７８", d(2024, 6, 1), d(2034, 5, 31));
    let doc = TravelDocument::register(PASSPORT, ALICE, &input, d(2025, 1, 10), "王保密", today()).unwrap();
    assert_eq!(doc.number, "E12345678");
    let input = doc_input("E12345678", d(24, 6, 1), d(2134, 5, 31));
    let r = TravelDocument::register(PASSPORT, ALICE, &input, d(2025, 1, 10), "王保密", today());
    assert_eq!(codes(r), ["date.out_of_range", "date.out_of_range"]);
    let handling = Handling { date: d(2025, 1, 10), by: "王保密", counterpart: "张\u{200B}三", today: today() };
    assert_eq!(codes(doc.hand_in(&handling, "保险柜1-3号格", &prc())), ["text.invisible"]);
    assert_eq!(codes(doc.hand_in(&h(d(2025, 1, 10)), "保险柜\u{7}", &prc())), ["text.invisible"]);
}
