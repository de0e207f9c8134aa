//! What can be done next for a person, and why the rest cannot: the preconditions [`advance`],
//! [`record_step`], [`set_returned_items`] and [`PersonalEvent::validate`] check first, and the
//! list the person page offers ([`available_actions`]), are the same functions.
//!
//! The stage decides which actions apply; the steps done, the items returned and the dates
//! decide whether an applicable one is blocked. Marking on duty with required steps missing is
//! not blocked: it needs a written override reason, which the availability says.
//!
//! [`advance`]: super::advance
//! [`record_step`]: super::record_step
//! [`set_returned_items`]: super::set_returned_items
//! [`PersonalEvent::validate`]: super::PersonalEvent::validate

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::items::all_items_returned;
use super::transition::{both, decommissioning_options, released, unfinished};
use super::{PersonRecord, Stage};
use crate::availability::Preconditions;
use crate::calendar::HolidayCalendar;
use crate::error::FieldError;
use crate::i18n::Lang;
use crate::policy::Policy;

/// An action on a person's lifecycle, as the person page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum LifecycleAction {
    /// Record a step of the policy as done.
    RecordStep {
        step_id: String,
    },
    /// Onboarding → on duty.
    StartDuty,
    /// On duty → departing.
    Depart,
    /// Edit the departure's returned-items checklist.
    SetReturnedItems,
    /// Departing → decommissioning.
    StartDecommissioning,
    ExtendDecommissioning,
    /// Decommissioning → released.
    Release,
    /// Record a reportable personal event (个人重大事项).
    AddPersonalEvent,
}

impl LifecycleAction {
    /// What the action is called on a button or in the CLI (a step by its policy name).
    pub fn words(&self, policy: &Policy, lang: Lang) -> String {
        let (zh, en) = match self {
            LifecycleAction::RecordStep { step_id } => {
                let name = policy.find_step(step_id).map(|(_, s)| s.name(lang).to_owned()).unwrap_or_else(|| step_id.clone());
                return match lang {
                    Lang::ZhCn => format!("登记完成:{name}"),
                    Lang::En => format!("Record done: {name}"),
                };
            }
            LifecycleAction::StartDuty => ("标记为在岗", "Put on duty"),
            LifecycleAction::Depart => ("办理离岗离职", "Start the departure"),
            LifecycleAction::SetReturnedItems => ("清退物品清单", "Returned items"),
            LifecycleAction::StartDecommissioning => ("进入脱密期", "Start the decommissioning period"),
            LifecycleAction::ExtendDecommissioning => ("延长脱密期", "Extend the decommissioning period"),
            LifecycleAction::Release => ("解除脱密期管理", "Release"),
            LifecycleAction::AddPersonalEvent => ("登记个人重大事项", "Record a personal event"),
        };
        match lang {
            Lang::ZhCn => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// An action that applies to the person in their current stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LifecycleActionAvailability {
    pub action: LifecycleAction,
    /// The action that moves the person to the next stage (none while on duty).
    pub primary: bool,
    /// Why it cannot be done right now (the first reason); `None` when it can.
    pub blocked: Option<FieldError>,
    /// `start_duty` with required onboarding steps missing: allowed, but only with a written
    /// override reason (kept in the audit trail).
    pub needs_override_reason: bool,
    /// Every reason: what blocks the action (missing steps, items out, the end date ...), or for
    /// `start_duty` the missing steps an override would cover.
    pub reasons: Vec<FieldError>,
}

/// The actions that apply to `person` on `today`, steps first in policy order, each with whether
/// it is blocked and why.
pub fn available_actions(
    person: &PersonRecord,
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> Vec<LifecycleActionAvailability> {
    let mut out = Vec::new();
    for stage in Stage::ALL {
        for step in policy.steps(stage) {
            let action = LifecycleAction::RecordStep { step_id: step.id.clone() };
            out.extend(offer(action, check_record_step(person, policy, &step.id, today, today), false));
        }
    }
    if let Some(mut duty) = offer(LifecycleAction::StartDuty, check_start_duty(person), true) {
        duty.reasons = missing_for_duty(person, policy, today);
        duty.needs_override_reason = !duty.reasons.is_empty();
        out.push(duty);
    }
    out.extend(offer(LifecycleAction::Depart, check_depart(person), false));
    out.extend(offer(LifecycleAction::SetReturnedItems, check_set_returned_items(person), false));
    out.extend(offer(LifecycleAction::StartDecommissioning, check_start_decommissioning(person, policy, cal, today), true));
    out.extend(offer(LifecycleAction::ExtendDecommissioning, check_extend_decommissioning(person), false));
    out.extend(offer(LifecycleAction::Release, check_release(person, policy, today), true));
    out.extend(offer(LifecycleAction::AddPersonalEvent, check_add_personal_event(person), false));
    out
}

/// The offer to record `step_id` done on `today`, as [`available_actions`] makes it, for one
/// step without working out every other action (the dashboard asks this for each reminder):
/// `None` when the step does not apply to the person now, else why it is blocked, if it is.
pub fn record_step_offer(person: &PersonRecord, policy: &Policy, step_id: &str, today: NaiveDate) -> Option<Option<FieldError>> {
    let pre = check_record_step(person, policy, step_id, today, today);
    pre.applies().then(|| pre.blocker())
}

fn offer(action: LifecycleAction, pre: Preconditions, primary: bool) -> Option<LifecycleActionAvailability> {
    pre.applies().then(|| LifecycleActionAvailability {
        action,
        primary,
        blocked: pre.blocker(),
        needs_override_reason: false,
        reasons: pre.waiting,
    })
}

/// The person is in `from`, the stage the action starts from.
fn check_stage(person: &PersonRecord, from: Stage, action: (&str, &str)) -> Preconditions {
    let stage = person.state.stage;
    if stage == Stage::Released {
        return Preconditions::not_applicable(released());
    }
    if stage != from {
        let e = both(FieldError::general("lifecycle.wrong_stage"), "stage", stage.name(Lang::ZhCn), stage.name(Lang::En));
        return Preconditions::not_applicable(both(e, "action", action.0, action.1));
    }
    Preconditions::met()
}

pub(super) fn check_start_duty(person: &PersonRecord) -> Preconditions {
    check_stage(person, Stage::Onboarding, ("标记为在岗", "mark on duty"))
}

/// The required onboarding steps not done on `on`, which an override must cover.
pub(super) fn missing_for_duty(person: &PersonRecord, policy: &Policy, on: NaiveDate) -> Vec<FieldError> {
    unfinished(person, policy, Stage::Onboarding, on)
}

pub(super) fn check_depart(person: &PersonRecord) -> Preconditions {
    check_stage(person, Stage::OnDuty, ("办理离岗离职", "start the departure"))
}

pub(super) fn check_set_returned_items(person: &PersonRecord) -> Preconditions {
    let p = check_stage(person, Stage::Departing, ("登记清退物品", "set the returned items"));
    if p.applies() && person.state.departure.is_none() {
        return Preconditions::not_applicable(FieldError::general("lifecycle.no_departure"));
    }
    p
}

/// The decommissioning period starts on `on` once the departure date has come, every required
/// departure step is done (the checklist with its items back), and the policy has a range for
/// the level.
pub(super) fn check_start_decommissioning(person: &PersonRecord, policy: &Policy, cal: &HolidayCalendar, on: NaiveDate) -> Preconditions {
    let mut p = check_stage(person, Stage::Departing, ("进入脱密期", "start the decommissioning period"));
    if !p.applies() {
        return p;
    }
    let Some(departure) = &person.state.departure else {
        return Preconditions::not_applicable(FieldError::general("lifecycle.no_departure"));
    };
    if on < departure.date {
        p = p.and_waiting(FieldError::general("lifecycle.before_departure").with("date", departure.date));
    }
    for e in unfinished(person, policy, Stage::Departing, on) {
        p = p.and_waiting(e);
    }
    if let Err(e) = decommissioning_options(person, policy, cal, departure.date) {
        for e in e.errors {
            p = p.and_waiting(e);
        }
    }
    p
}

pub(super) fn check_extend_decommissioning(person: &PersonRecord) -> Preconditions {
    let p = check_stage(person, Stage::Decommissioning, ("延长脱密期", "extend the decommissioning period"));
    if p.applies() && person.state.decommissioning.is_none() {
        return Preconditions::not_applicable(FieldError::general("lifecycle.no_departure"));
    }
    p
}

/// Release on `on`: the period has ended (its last day counts) and every required step of the
/// stage is done.
pub(super) fn check_release(person: &PersonRecord, policy: &Policy, on: NaiveDate) -> Preconditions {
    let mut p = check_stage(person, Stage::Decommissioning, ("解除脱密期管理", "release"));
    if !p.applies() {
        return p;
    }
    let Some(current) = &person.state.decommissioning else {
        return Preconditions::not_applicable(FieldError::general("lifecycle.no_departure"));
    };
    if on < current.end() {
        p = p.and_waiting(FieldError::new("release_date", "lifecycle.not_ended").with("end", current.end()));
    }
    for e in unfinished(person, policy, Stage::Decommissioning, on) {
        p = p.and_waiting(e);
    }
    p
}

/// A step of the current stage may be recorded; an onboarding step also on duty while it is
/// still missing on `today` (after an override: once done, a second record would restart the
/// recurring step that counts it as its first completion). A checklist step waits for every item
/// back on `on`, the day it is recorded as done.
pub(super) fn check_record_step(person: &PersonRecord, policy: &Policy, step_id: &str, on: NaiveDate, today: NaiveDate) -> Preconditions {
    let stage = person.state.stage;
    if stage == Stage::Released {
        return Preconditions::not_applicable(released());
    }
    let Some((step_stage, step)) = policy.find_step(step_id) else {
        return Preconditions::not_applicable(FieldError::new("step", "lifecycle.unknown_step").with("value", step_id));
    };
    let late_onboarding = step_stage == Stage::Onboarding && stage == Stage::OnDuty;
    if step_stage != stage && !late_onboarding {
        let e = both(FieldError::new("step", "lifecycle.step_not_now"), "step", &step.name_zh, &step.name_en);
        return Preconditions::not_applicable(both(e, "stage", stage.name(Lang::ZhCn), stage.name(Lang::En)));
    }
    if late_onboarding {
        if let Some(last) = person.completions(step, today).last() {
            let e = both(FieldError::new("step", "lifecycle.step_already_done"), "step", &step.name_zh, &step.name_en);
            return Preconditions::not_applicable(e.with("date", last));
        }
    }
    match step.checklist.then(|| all_items_returned(person, on)) {
        Some(Err(e)) => Preconditions::waiting(e),
        _ => Preconditions::met(),
    }
}

/// A personal event may be recorded at any stage but released.
pub(crate) fn check_add_personal_event(person: &PersonRecord) -> Preconditions {
    if person.state.stage == Stage::Released {
        return Preconditions::not_applicable(released());
    }
    Preconditions::met()
}
