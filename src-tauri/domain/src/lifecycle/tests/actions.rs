//! What the person page offers at each stage, and that the offer and the step functions agree:
//! an action offered and not blocked succeeds with valid inputs dated today; one not offered,
//! or blocked, is refused.

use proptest::prelude::*;

use super::*;

/// Each offered action as `action`, `action*` for the primary one, `action (code)` when
/// blocked, `action [override: n]` when it needs an override reason for n missing steps.
fn shown(list: &[LifecycleActionAvailability]) -> Vec<String> {
    list.iter()
        .map(|a| {
            let name = match &a.action {
                LifecycleAction::RecordStep { step_id } => format!("step {step_id}"),
                other => serde_json::to_value(other).unwrap()["action"].as_str().unwrap().to_owned(),
            };
            let primary = if a.primary { "*" } else { "" };
            let blocked = a.blocked.as_ref().map(|e| format!(" ({})", e.code)).unwrap_or_default();
            let over = if a.needs_override_reason { format!(" [override: {}]", a.reasons.len()) } else { String::new() };
            format!("{name}{primary}{blocked}{over}")
        })
        .collect()
}

fn offer(p: &PersonRecord, today: NaiveDate) -> Vec<String> {
    shown(&available_actions(p, &prc(), &cn(), today))
}

fn overridden() -> PersonRecord {
    let p = newcomer();
    with(&p, go(&p, Transition::StartDuty { date: d(2025, 3, 20), override_reason: Some("急需".into()) }, d(2025, 3, 20)))
}

/// Ready to leave, then in decommissioning from Thu 15 Jan 2026 to Fri 15 Jan 2027.
fn decommissioned() -> PersonRecord {
    let p = ready_to_leave();
    with(&p, go(&p, Transition::StartDecommissioning { period: None, receiving_organisation: None }, d(2026, 1, 15)))
}

#[test]
fn onboarding_offers_its_steps_and_on_duty_with_an_override_when_steps_are_missing() {
    let list = available_actions(&newcomer(), &prc(), &cn(), d(2025, 3, 20));
    assert_eq!(
        shown(&list),
        ["step security_review", "step initial_training", "step commitment", "start_duty* [override: 3]", "add_personal_event"]
    );
    let duty = &list[3];
    assert_eq!(duty.blocked, None, "an override is allowed");
    assert_eq!(duty.reasons[0].message(Lang::ZhCn), "尚未完成:保密审查");
    assert_eq!(duty.reasons[2].message(Lang::En), "Not done yet: Confidentiality commitment signed");
    assert_eq!(offer(&onboarded(), d(2025, 3, 20))[3], "start_duty*");
}

#[test]
fn on_duty_offers_the_recurring_steps_the_onboarding_ones_still_missing_and_the_departure() {
    assert_eq!(
        offer(&on_duty(), d(2025, 6, 1)),
        ["step recurring_training", "step re_review", "step commitment_resign", "depart", "add_personal_event"]
    );
    assert_eq!(
        offer(&overridden(), d(2025, 6, 1)),
        [
            "step security_review",
            "step initial_training",
            "step commitment",
            "step recurring_training",
            "step re_review",
            "step commitment_resign",
            "depart",
            "add_personal_event"
        ]
    );
}

#[test]
fn departing_waits_for_the_steps_and_the_items() {
    let on = d(2026, 1, 15);
    let list = available_actions(&departing(), &prc(), &cn(), on);
    assert_eq!(
        shown(&list),
        [
            "step reminder_talk",
            "step departure_commitment",
            "step returned_items",
            "step access_revoked",
            "set_returned_items",
            "start_decommissioning* (lifecycle.step_missing)",
            "add_personal_event"
        ]
    );
    let fields: Vec<_> = list[5].reasons.iter().map(|e| e.field.clone().unwrap()).collect();
    assert_eq!(fields, ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"]);
    // An item still out blocks its step and the decommissioning period, naming it.
    let mut p = ready_to_leave();
    p.steps.retain(|s| s.step_id != "returned_items");
    p.state.departure.as_mut().unwrap().items.push(item("U 盘", "U-07", None));
    let list = available_actions(&p, &prc(), &cn(), on);
    let items = list.iter().find(|a| a.action == LifecycleAction::RecordStep { step_id: "returned_items".into() }).unwrap();
    assert_eq!(items.blocked.as_ref().unwrap().message(Lang::ZhCn), "尚有物品未清退:U 盘(编号 U-07)");
    // Everything done, but the day before the departure date (Wed 14 Jan): not yet.
    let early = offer(&ready_to_leave(), d(2026, 1, 14));
    assert_eq!(early[5], "start_decommissioning* (lifecycle.before_departure)");
    assert_eq!(offer(&ready_to_leave(), on)[5], "start_decommissioning*");
}

#[test]
fn release_is_blocked_until_the_end_date_which_it_names() {
    let p = decommissioned();
    let list = available_actions(&p, &prc(), &cn(), d(2027, 1, 14));
    assert_eq!(shown(&list), ["extend_decommissioning", "release* (lifecycle.not_ended)", "add_personal_event"]);
    assert_eq!(
        list[1].blocked.as_ref().unwrap().message(Lang::En),
        "The decommissioning period ends on 2027-01-15: release is possible from that day"
    );
    assert_eq!(list[1].blocked.as_ref().unwrap().message(Lang::ZhCn), "脱密期至 2027-01-15 届满,届满前不能解除");
    // Its last day counts: Fri 15 Jan 2027.
    assert_eq!(offer(&p, d(2027, 1, 15))[1], "release*");
    let released = with(&p, go(&p, Transition::Release { date: d(2027, 1, 15) }, d(2027, 1, 15)));
    assert!(available_actions(&released, &prc(), &cn(), d(2027, 2, 1)).is_empty());
}

#[test]
fn the_decommissioning_options_give_every_end_so_the_ui_computes_none() {
    // General, leaving Thu 15 Jan 2026: 6 months → Wed 15 Jul 2026, 12 months (the default) →
    // Fri 15 Jan 2027.
    let o = decommissioning_options(&departing(), &prc(), &cn(), d(2026, 1, 15)).unwrap();
    assert_eq!((o.start, o.min_end, o.max_end, o.default_end), (d(2026, 1, 15), d(2026, 7, 15), d(2027, 1, 15), d(2027, 1, 15)));
    // A chosen period, and an extension, as the dialogs preview them: 9 months → Thu 15 Oct 2026;
    // the period extended by 6 months from 15 Jan 2027 → Thu 15 Jul 2027.
    assert_eq!(decommissioning_end(o.start, &Period::months(9), &cn()), d(2026, 10, 15));
    let dc = decommissioned().state.decommissioning.unwrap();
    assert_eq!(dc.end_if_extended(&Period::months(6), &cn()), d(2027, 7, 15));
}

#[test]
fn set_returned_items_checks_each_item_and_the_stage() {
    let p = departing();
    let today = d(2026, 1, 15);
    let state = set_returned_items(&p, &[item(" 涉密U盘 ", "U-7", Some(today))], today).unwrap();
    assert_eq!(state.departure.unwrap().items[0].item, "涉密U盘");
    let bad = [
        item(" ", "", None),
        ReturnedItem { received_by: " ".into(), ..item("笔记本", "", Some(today)) },
        item("光盘", "", Some(d(2026, 1, 16))),
    ];
    let err = set_returned_items(&p, &bad, today).unwrap_err();
    assert_eq!(
        codes(&err),
        [("lifecycle.item_incomplete", Some("items.0")), ("lifecycle.item_incomplete", Some("items.1")), ("date.future", Some("items.2"))]
    );
    let err = set_returned_items(&on_duty(), &[], today).unwrap_err();
    assert_eq!(codes(&err), [("lifecycle.wrong_stage", None)]);
}

// --- the offer and the step functions agree -------------------------------------------------

/// The policy and calendar parsed once: the walks below ask them thousands of times.
fn shared() -> (&'static Policy, &'static HolidayCalendar) {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    static CAL: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
    (POLICY.get_or_init(prc), CAL.get_or_init(cn))
}

/// Every action there is for the policy: a record of each step, and the others.
fn universe(policy: &Policy) -> Vec<LifecycleAction> {
    let mut all: Vec<LifecycleAction> =
        Stage::ALL.iter().flat_map(|s| policy.steps(*s)).map(|s| LifecycleAction::RecordStep { step_id: s.id.clone() }).collect();
    all.extend([
        LifecycleAction::StartDuty,
        LifecycleAction::Depart,
        LifecycleAction::SetReturnedItems,
        LifecycleAction::StartDecommissioning,
        LifecycleAction::ExtendDecommissioning,
        LifecycleAction::Release,
        LifecycleAction::AddPersonalEvent,
    ]);
    all
}

/// Takes `action` on `today` with valid inputs (every date today; an override reason when
/// `override_reason`), and returns the person as it leaves them.
fn take(p: &PersonRecord, action: &LifecycleAction, override_reason: bool, today: NaiveDate) -> Result<PersonRecord, Refusal> {
    let (policy, cal) = shared();
    let step = |t: Transition| advance(p, &t, policy, cal, today).map(|a| with(p, a));
    match action {
        LifecycleAction::RecordStep { step_id } => record_step(p, policy, step_id, today, "王芳", "", today).map(|r| {
            let mut next = p.clone();
            next.steps.push(r);
            next
        }),
        LifecycleAction::StartDuty => {
            step(Transition::StartDuty { date: today, override_reason: override_reason.then(|| "急需上岗".to_owned()) })
        }
        LifecycleAction::Depart => step(Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: today }),
        LifecycleAction::SetReturnedItems => {
            set_returned_items(p, &[item("涉密笔记本", "BJ-1", Some(today))], today).map(|state| PersonRecord { state, ..p.clone() })
        }
        LifecycleAction::StartDecommissioning => step(Transition::StartDecommissioning { period: None, receiving_organisation: None }),
        LifecycleAction::ExtendDecommissioning => {
            step(Transition::ExtendDecommissioning { by: Period::months(6), reason: "接触核心项目".into() })
        }
        LifecycleAction::Release => step(Transition::Release { date: today }),
        LifecycleAction::AddPersonalEvent => {
            let event =
                PersonalEvent { kind: "配偶移居境外".into(), date: today, action_taken: String::new(), recorded_by: String::new() };
            event.validate(p, today).map(|_| p.clone())
        }
    }
}

/// Checks every action on `p` on `today` against the offer.
fn agree(p: &PersonRecord, today: NaiveDate) -> Result<(), TestCaseError> {
    let (policy, cal) = shared();
    let offered = available_actions(p, policy, cal, today);
    for action in universe(policy) {
        let found = offered.iter().find(|a| a.action == action);
        let open = found.is_some_and(|a| a.blocked.is_none());
        let needs_reason = found.is_some_and(|a| a.needs_override_reason);
        let result = take(p, &action, needs_reason, today);
        prop_assert_eq!(
            open,
            result.is_ok(),
            "{:?} in {:?} on {}: offered {:?}, gave {:?}",
            action,
            p.state.stage,
            today,
            found,
            result.err()
        );
        if needs_reason {
            prop_assert!(take(p, &action, false, today).is_err(), "an override needs its reason");
        }
        if found.is_none() {
            prop_assert!(take(p, &action, true, today).is_err(), "{:?} not offered but accepted with a reason", action);
        }
    }
    Ok(())
}

#[test]
fn the_offer_agrees_with_the_step_functions_at_every_stage() {
    let mut p = ready_to_leave();
    p.state.departure.as_mut().unwrap().items.push(item("U 盘", "U-07", None));
    let cases = [
        (newcomer(), d(2025, 3, 20)),
        (onboarded(), d(2025, 3, 20)),
        (on_duty(), d(2025, 6, 1)),
        (overridden(), d(2025, 6, 1)),
        (departing(), d(2026, 1, 15)),
        (ready_to_leave(), d(2026, 1, 14)),
        (ready_to_leave(), d(2026, 1, 15)),
        (p, d(2026, 1, 15)),
        (decommissioned(), d(2027, 1, 14)),
        (decommissioned(), d(2027, 1, 15)),
    ];
    for (p, today) in cases {
        agree(&p, today).unwrap();
    }
}

/// Moves of a random life: what to try (a number read by [`pick`]), a flag (an override reason
/// given; the returned item left out) and the days since the previous move.
fn walk() -> impl Strategy<Value = Vec<(u32, bool, u64)>> {
    prop::collection::vec((0..100u32, any::<bool>(), 0..90u64), 0..60)
}

/// Mostly the steps of the person's stage (now and then any step) and the transitions forward,
/// so that lives reach the late stages.
fn pick(all: &[LifecycleAction], n: u32, p: &PersonRecord) -> LifecycleAction {
    let stage_steps = shared().0.steps(p.state.stage);
    match n {
        0..35 if !stage_steps.is_empty() => LifecycleAction::RecordStep { step_id: stage_steps[n as usize % stage_steps.len()].id.clone() },
        0..40 => all[n as usize % all.len()].clone(),
        40..55 => LifecycleAction::StartDuty,
        55..65 => LifecycleAction::Depart,
        65..75 => LifecycleAction::SetReturnedItems,
        75..85 => LifecycleAction::StartDecommissioning,
        85..90 => LifecycleAction::ExtendDecommissioning,
        90..97 => LifecycleAction::Release,
        _ => LifecycleAction::AddPersonalEvent,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// From registration (Mon 3 Mar 2025) through random actions on random later days, with the
    /// returned items sometimes left out: the offer and the step functions agree at every point.
    #[test]
    fn the_offer_agrees_with_the_step_functions_along_random_lives(moves in walk()) {
        let all = universe(shared().0);
        let mut p = newcomer();
        let mut today = p.registered_on;
        for (n, flag, days) in moves {
            today = today + chrono::Days::new(days);
            agree(&p, today)?;
            let action = pick(&all, n, &p);
            let next = if action == LifecycleAction::SetReturnedItems && flag {
                set_returned_items(&p, &[item("U 盘", "U-07", None)], today).map(|state| PersonRecord { state, ..p.clone() })
            } else {
                take(&p, &action, flag, today)
            };
            if let Ok(next) = next {
                p = next;
            }
        }
    }
}
