//! The steps a trip offers in each state, and that the offer and the step functions agree: a
//! step offered and not blocked succeeds with valid inputs; a step not offered, or blocked, is
//! refused.

use proptest::prelude::*;

use super::*;
use crate::i18n::Lang;
use crate::travel::trip::{StepAvailability, TripCorrectionInput, TripStepKind as K};

/// Each offered step as `Step`, `Step*` for the primary one, `Step (code)` when blocked.
fn shown(list: &[StepAvailability]) -> Vec<String> {
    list.iter()
        .map(|s| {
            let blocked = s.blocked.as_ref().map(|e| format!(" ({})", e.code)).unwrap_or_default();
            format!("{:?}{}{blocked}", s.step, if s.primary { "*" } else { "" })
        })
        .collect()
}

fn offer(trip: &Trip, doc: Option<&TravelDocument>, on: NaiveDate) -> Vec<String> {
    shown(&trip.available_steps(&prc(), doc, &cn(), on))
}

#[test]
fn each_state_offers_its_steps_with_the_next_one_first() {
    let on = d(2025, 9, 25);
    assert_eq!(offer(&requested(), Some(&passport()), on), ["Approve*", "Refuse", "Correct", "Withdraw"]);
    assert_eq!(offer(&approved(), Some(&passport()), on), ["Brief*", "Correct", "Extend", "Withdraw"]);
    // Briefed, with custody: the check-out is next; the departure is there but waits for it.
    assert_eq!(offer(&briefed(), Some(&passport()), on), ["Checkout*", "Depart (trip.document_not_out)", "Correct", "Extend", "Withdraw"]);
    // Without custody (US policy) the briefing is enough to leave.
    let without = briefed().available_steps(&TravelRules::us_default(), None, &us(), on);
    assert_eq!(shown(&without), ["Depart*", "Correct", "Extend", "Withdraw"]);
    let (doc, trip) = checked_out();
    assert_eq!(offer(&trip, Some(&doc), on), ["Depart*", "Correct", "Extend", "Withdraw"]);
    let (doc, trip) = departed();
    assert_eq!(offer(&trip, Some(&doc), d(2025, 9, 30)), ["Return*", "Extend"]);
    // Back: the report (due in 7 days) before the document (10 days); both offered.
    let (doc, trip) = returned(d(2025, 10, 2));
    let on = d(2025, 10, 3);
    assert_eq!(offer(&trip, Some(&doc), on), ["DocReturn", "Report*"]);
    let reported = trip.receive_report(on, "王保密", "", today()).unwrap();
    assert_eq!(offer(&reported, Some(&doc), on), ["DocReturn*", "Close (trip.document_not_returned)"]);
    let back = doc.return_to_custody(Some(&reported), &h(on), "").unwrap();
    assert_eq!(offer(&reported, Some(&back), on), ["Close*"]);
    let closed = reported.close(on, "王保密", Some(&back), &prc(), today()).unwrap();
    assert!(offer(&closed, Some(&back), on).is_empty());
    // Withdrawn with the document out: only its return; refused: nothing.
    let (doc, trip) = checked_out();
    let withdrawn = trip.withdraw(d(2025, 9, 25), "王保密", "取消", today()).unwrap();
    assert_eq!(offer(&withdrawn, Some(&doc), d(2025, 9, 26)), ["DocReturn*"]);
    let refused = requested()
        .refuse(&TripDecisionInput { reason: "不同意".into(), ..decision(d(2025, 9, 8), ApprovalLevel::Standard) }, &prc(), today())
        .unwrap();
    assert!(offer(&refused, Some(&passport()), d(2025, 9, 8)).is_empty());
}

#[test]
fn the_check_out_is_blocked_by_the_document_not_by_its_window() {
    // Briefed Mon 15 Sep; departure Fri 26 Sep − 7 days = Fri 19 Sep, the first day of the window.
    // On Thu 18 Sep the check-out is offered all the same: the dialog asks for the reason and the
    // approver of an early check-out (a visa appointment), and the step refuses it without them.
    let trip = approved().brief(d(2025, 9, 15), "王保密", "", today()).unwrap();
    let early = trip.available_steps(&prc(), Some(&passport()), &cn(), d(2025, 9, 18));
    let checkout = &early[0];
    assert_eq!((checkout.step, checkout.primary, checkout.blocked.as_ref()), (K::Checkout, true, None));
    assert_eq!(trip.checkout_from(&prc(), &cn()).date, d(2025, 9, 19));
    let e = passport().check_out(&trip, &h(d(2025, 9, 18)), &prc(), &cn()).unwrap_err();
    assert_eq!((e.errors[0].code.as_str(), e.errors[0].params["earliest"].as_str()), ("document.checkout_too_early", "2025-09-19"));
    assert_eq!(e.errors[0].message(Lang::ZhCn), "最早可于 2025-09-19 领取证件(出发日期 2025-09-26);提前领取须填写原因和审批人");
    assert!(passport().check_out_with(&trip, &h(d(2025, 9, 18)), Some(&visa()), &prc(), &cn()).is_ok());
    // Never handed in; expiring during the trip (Wed 1 Oct, back Sun 5 Oct).
    let pending =
        TravelDocument::register(PASSPORT, ALICE, &doc_input("E1", d(2024, 6, 1), d(2034, 5, 31)), d(2025, 1, 10), "王保密", today())
            .unwrap();
    let blocked = |doc: &TravelDocument| trip.available_steps(&prc(), Some(doc), &cn(), d(2025, 9, 22))[0].blocked.clone().unwrap().code;
    assert_eq!(blocked(&pending), "document.not_in_custody");
    assert_eq!(blocked(&document(PASSPORT, ALICE, d(2025, 10, 1))), "document.expires_during_trip");
    // No document named yet: the check-out dialog chooses one, so nothing blocks it here.
    assert_eq!(trip.available_steps(&prc(), None, &cn(), d(2025, 9, 22))[0].blocked, None);
}

#[test]
fn a_departure_with_no_day_left_before_the_return_waits_for_an_extension() {
    // A day trip on Fri 26 Sep (US policy, no custody), briefed only on Sat 27 Sep: no day is
    // both on or after the briefing and on or before the planned return, until it is extended.
    let mut i = input();
    i.planned_return = Some(d(2025, 9, 26));
    i.document = None;
    let levels = history("general");
    let rules = TravelRules::us_default();
    let trip = Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[], &rules, today())
        .unwrap()
        .approve(&decision(d(2025, 9, 8), ApprovalLevel::Standard), &traveller(&levels, None), &rules, today())
        .unwrap()
        .brief(d(2025, 9, 27), "王保密", "", today())
        .unwrap();
    let list = trip.available_steps(&rules, None, &us(), d(2025, 9, 27));
    assert_eq!(shown(&list)[0], "Depart* (trip.departure_after_return)");
    let err = trip.depart(d(2025, 9, 27), &rules, today()).unwrap_err();
    assert_eq!(err.errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["trip.departure_after_return"], "said once");
    let extended = trip.extend(&extension(d(2025, 9, 27), d(2025, 10, 3)), today()).unwrap();
    assert_eq!(extended.available_steps(&rules, None, &us(), d(2025, 9, 27))[0].blocked, None);
}

/// One trip and its document as a sequence of steps leaves them.
#[derive(Debug, Clone)]
struct World {
    rules: TravelRules,
    cal: HolidayCalendar,
    trip: Trip,
    doc: Option<TravelDocument>,
    today: NaiveDate,
}

impl World {
    fn h(&self) -> Handling<'static> {
        Handling { date: self.today, by: "王保密", counterpart: "张三", today: self.today }
    }

    /// Takes `step` with inputs that are valid whenever the trip's state allows the step: every
    /// date is the first one the step accepts (today, or the earliest after the previous step).
    fn take(&self, step: K) -> Result<(Trip, Option<TravelDocument>), crate::DomainError> {
        let (trip, today, rules) = (&self.trip, self.today, &self.rules);
        let levels = history("general");
        let same_doc = |t: Trip| (t, self.doc.clone());
        match step {
            K::Approve => {
                let date = today.min(trip.planned_departure).max(trip.requested);
                trip.approve(&decision(date, ApprovalLevel::Standard), &traveller(&levels, None), rules, today).map(same_doc)
            }
            K::Refuse => {
                let input = TripDecisionInput { reason: "不同意".into(), ..decision(today, ApprovalLevel::Standard) };
                trip.refuse(&input, rules, today).map(same_doc)
            }
            K::Brief => trip.brief(today, "王保密", "", today).map(same_doc),
            // Before the window, with the reason and approver an early check-out needs.
            K::Checkout => match &self.doc {
                Some(doc) => doc.check_out_with(trip, &self.h(), Some(&visa()), rules, &self.cal).map(|(doc, trip)| (trip, Some(doc))),
                None => Err(FieldError::new("document", "required").into()),
            },
            K::Depart => trip
                .depart(trip.checkout.map(|c| c.date).or(trip.briefing.as_ref().map(|b| b.date)).unwrap_or(today), rules, today)
                .map(same_doc),
            K::Return => trip.return_home(today, today).map(same_doc),
            K::Report => trip.receive_report(today, "王保密", "", today).map(same_doc),
            K::DocReturn => match &self.doc {
                Some(doc) => doc.return_to_custody(Some(trip), &self.h(), "").map(|doc| (trip.clone(), Some(doc))),
                None => Err(FieldError::new("document", "document.not_out").into()),
            },
            K::Close => trip.close(today, "王保密", self.doc.as_ref(), rules, today).map(same_doc),
            K::Extend => {
                let later = trip.current_return() + chrono::Days::new(7);
                trip.extend(&extension(today, later), today).map(same_doc)
            }
            K::Correct => {
                let input = TripCorrectionInput {
                    planned_departure: trip.planned_departure,
                    planned_return: trip.planned_return + chrono::Days::new(1),
                    reason: "机票改签".into(),
                };
                trip.correct_dates(&input, "王保密", &traveller(&levels, None), rules, &self.cal, today).map(same_doc)
            }
            K::Withdraw => trip.withdraw(today, "王保密", "取消", today).map(same_doc),
        }
    }
}

/// A step of a random sequence: one of the trip's steps, or the document handed in (which a
/// sequence needs to reach the check-out when the document started out with its holder), after
/// some days.
#[derive(Debug, Clone)]
enum Action {
    Step(K),
    HandIn,
}

/// Mostly the way forward, so that sequences reach the late states (the document back, a
/// briefing after the planned return ...); refusals and withdrawals end a trip early.
fn actions() -> impl Strategy<Value = Vec<(Action, u64)>> {
    let forward = prop::sample::select(vec![K::Approve, K::Brief, K::Checkout, K::Depart, K::Return, K::Report, K::DocReturn, K::Close]);
    let action = prop_oneof![
        12 => forward.prop_map(Action::Step),
        2 => Just(Action::Step(K::Extend)),
        2 => Just(Action::Step(K::Correct)),
        1 => Just(Action::Step(K::Refuse)),
        1 => Just(Action::Step(K::Withdraw)),
        2 => Just(Action::HandIn),
    ];
    prop::collection::vec((action, 0..8u64), 0..30)
}

/// A trip requested Mon 1 Sep 2025 (Japan, 26 Sep – 5 Oct), under the PRC policy with the
/// passport in the safe or still with its holder, valid for years or expiring during the trip;
/// or under the US policy, without custody.
fn worlds() -> impl Strategy<Value = World> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(custody, handed_in, long_valid)| {
        let expires = if long_valid { d(2034, 5, 31) } else { d(2025, 10, 1) };
        if custody {
            let input = doc_input("E00000001", d(2024, 6, 1), expires);
            let mut doc = TravelDocument::register(PASSPORT, ALICE, &input, d(2025, 8, 1), "王保密", today()).unwrap();
            if handed_in {
                doc = doc.hand_in(&h(d(2025, 8, 1)), "保险柜1-3号格", &prc()).unwrap();
            }
            World { rules: prc(), cal: cn(), trip: requested(), doc: Some(doc), today: d(2025, 9, 1) }
        } else {
            let mut i = input();
            i.document = None;
            let us = TravelRules::us_default();
            let trip = Trip::request(TRIP, ALICE, &i, d(2025, 9, 1), &[], &us, today()).unwrap();
            World { rules: us, cal: super::us(), trip, doc: None, today: d(2025, 9, 1) }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn the_offer_and_the_step_functions_agree(world in worlds(), actions in actions()) {
        let mut w = world;
        for (action, days) in actions {
            w.today = w.today + chrono::Days::new(days);
            let offered = w.trip.available_steps(&w.rules, w.doc.as_ref(), &w.cal, w.today);
            prop_assert!(offered.iter().filter(|s| s.primary).count() <= 1, "one primary at most: {:?}", offered);
            for step in K::ALL {
                let open = offered.iter().any(|s| s.step == step && s.blocked.is_none());
                let result = w.take(step);
                prop_assert_eq!(
                    open,
                    result.is_ok(),
                    "{:?} in state {:?} on {}: offered {:?}, step gave {:?}",
                    step, w.trip.state(), w.today, offered, result.as_ref().err()
                );
            }
            match action {
                Action::Step(step) => {
                    if let Ok((trip, doc)) = w.take(step) {
                        w.trip = trip;
                        w.doc = doc;
                    }
                }
                Action::HandIn => {
                    if let Some(doc) = &w.doc {
                        if let Ok(next) = doc.hand_in(&w.h(), "保险柜1-3号格", &w.rules) {
                            w.doc = Some(next);
                        }
                    }
                }
            }
        }
    }
}
