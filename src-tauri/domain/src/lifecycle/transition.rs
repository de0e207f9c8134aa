//! The transitions between stages and the checks on a step being recorded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actions::{
    check_depart, check_extend_decommissioning, check_record_step, check_release, check_start_decommissioning, check_start_duty,
    missing_for_duty,
};
use super::{Decommissioning, Departure, DepartureKind, Extension, LifecycleState, Override, PersonRecord, Stage, StepRecord};
use crate::calendar::HolidayCalendar;
use crate::date::check_date;
use crate::deadline::{add_period, Citation, Deadline, Period, MAX_PERIOD_YEARS};
use crate::error::{DomainError, Errors, FieldError};
use crate::i18n::Lang;
use crate::level::LevelId;
use crate::limits::{NOTE, OVERRIDE_REASON, REASON, RECEIVING_ORGANISATION};
use crate::policy::{Policy, StepDef};
use crate::text;

/// A refused transition or step: every reason, each a coded field error with messages in both
/// languages. Nothing is to be written when one is returned.
pub type Refusal = DomainError;

/// A requested change of stage (or, for `ExtendDecommissioning`, of the current stage's terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Transition {
    /// Onboarding → on duty on `date`. With required onboarding steps missing it is refused,
    /// unless `override_reason` gives a written reason (recorded in the audit trail).
    StartDuty {
        date: NaiveDate,
        #[serde(default)]
        override_reason: Option<String>,
    },
    /// On duty → departing, leaving on `date` (the departure date the office approves).
    Depart { kind: DepartureKind, date: NaiveDate },
    /// Departing → decommissioning, once every required departure step is done, with a period
    /// within the policy's range for the level in force on the departure date (default: the
    /// upper bound).
    StartDecommissioning {
        #[serde(default)]
        period: Option<Period>,
        #[serde(default)]
        receiving_organisation: Option<String>,
    },
    /// Lengthens the decommissioning period by `by`, counted from its current end.
    ExtendDecommissioning { by: Period, reason: String },
    /// Decommissioning → released, on or after the end of the period.
    Release { date: NaiveDate },
}

/// An allowed transition: the state to store, and what the caller must also record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Advanced {
    pub state: LifecycleState,
    /// Set when on duty was granted with steps missing: write it to the audit trail.
    pub overridden: Option<Override>,
    /// The date this transition fixed, with its rule: the departure steps' due date, the
    /// decommissioning end.
    pub deadline: Option<Deadline>,
}

/// The decommissioning periods the office may choose from for a departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecommissioningOptions {
    pub level: LevelId,
    pub min: Period,
    pub max: Period,
    /// The upper bound, unless the office chooses otherwise.
    pub default: Period,
    /// The departure date the period runs from (the day itself not counted).
    pub start: NaiveDate,
    pub min_end: NaiveDate,
    pub max_end: NaiveDate,
    /// The end with the default period.
    pub default_end: NaiveDate,
    pub rule_id: String,
    pub citation: Citation,
}

/// Adds a value given in both languages: `{key}` is filled in the message's language.
pub(super) fn both(e: FieldError, key: &str, zh: &str, en: &str) -> FieldError {
    e.with(&format!("{key}.{}", Lang::ZhCn.tag()), zh).with(&format!("{key}.{}", Lang::En.tag()), en)
}

fn step_missing(step: &StepDef) -> FieldError {
    both(FieldError::new(step.id.clone(), "lifecycle.step_missing"), "step", &step.name_zh, &step.name_en)
}

pub(super) fn released() -> FieldError {
    FieldError::general("lifecycle.released")
}

/// Refuses a date outside the register's range or after today.
fn not_future(field: &str, date: NaiveDate, today: NaiveDate) -> Option<FieldError> {
    super::past_date(field, date, today).err()
}

/// Refuses a period longer than any rule allows before it is counted (a count of billions of
/// working days would not end).
fn too_long(field: &str, p: &Period) -> Option<FieldError> {
    (!p.is_within_limit()).then(|| FieldError::new(field, "lifecycle.period_too_long").with("field", field).with("years", MAX_PERIOD_YEARS))
}

fn period_param(e: FieldError, key: &str, p: &Period) -> FieldError {
    both(e, key, &p.describe(Lang::ZhCn), &p.describe(Lang::En))
}

/// Why each required step of `stage` is not done by `as_of`: missing, or (a checklist step) items
/// still out.
pub(super) fn unfinished(person: &PersonRecord, policy: &Policy, stage: Stage, as_of: NaiveDate) -> Vec<FieldError> {
    person
        .missing_steps(policy, stage, as_of)
        .into_iter()
        .map(|step| {
            let outstanding = person.items_outstanding(as_of);
            if step.checklist && !person.completions(step, as_of).is_empty() && outstanding > 0 {
                both(FieldError::new(step.id.clone(), "lifecycle.items_outstanding"), "step", &step.name_zh, &step.name_en)
                    .with("count", outstanding)
            } else {
                step_missing(step)
            }
        })
        .collect()
}

/// The last day of a decommissioning period of `period` from the departure on `start` (the day
/// itself not counted). A restriction period: it never moves to a working day.
pub fn decommissioning_end(start: NaiveDate, period: &Period, cal: &HolidayCalendar) -> NaiveDate {
    add_period(start, &Period { roll_forward: false, ..period.clone() }, cal).0
}

/// The periods a departure on `departure` may choose, by the level in force that day, with the
/// end each bound and the default give.
pub fn decommissioning_options(
    person: &PersonRecord,
    policy: &Policy,
    cal: &HolidayCalendar,
    departure: NaiveDate,
) -> Result<DecommissioningOptions, Refusal> {
    let level = person.level_on(departure).ok_or_else(|| FieldError::general("lifecycle.no_level").with("date", departure))?;
    let range = policy.decommissioning_range(level).ok_or_else(|| FieldError::general("lifecycle.no_range").with("value", level))?;
    let rule = policy.decommissioning_rule(level, &range.max);
    let end = |p: &Period| decommissioning_end(departure, p, cal);
    Ok(DecommissioningOptions {
        level: level.clone(),
        min: range.min.clone(),
        max: range.max.clone(),
        default: range.max.clone(),
        start: departure,
        min_end: end(&range.min),
        max_end: end(&range.max),
        default_end: end(&range.max),
        rule_id: rule.id,
        citation: rule.citation,
    })
}

impl Decommissioning {
    /// The end of the period if it were extended now by `by`, counted from its current end.
    pub fn end_if_extended(&self, by: &Period, cal: &HolidayCalendar) -> NaiveDate {
        decommissioning_end(self.end(), by, cal)
    }
}

/// Refuses at once when the request has no place in the person's state (released, another
/// stage, nothing to extend ...): those reasons are not to be mixed with the input's.
fn applies(pre: &crate::availability::Preconditions) -> Result<(), Refusal> {
    if pre.applies() {
        Ok(())
    } else {
        Err(DomainError { errors: pre.not_applicable.clone() })
    }
}

/// Checks `request` against the person's state and the policy on `today`, and returns the new
/// state, or every reason it is refused. The preconditions are those `available_actions` shows.
pub fn advance(
    person: &PersonRecord,
    request: &Transition,
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> Result<Advanced, Refusal> {
    let state = &person.state;
    let mut errors = Errors::default();
    match request {
        Transition::StartDuty { date, override_reason } => {
            applies(&check_start_duty(person))?;
            if let Some(e) = not_future("duty_date", *date, today) {
                errors.push(e);
            }
            if *date < person.registered_on {
                errors.push(
                    FieldError::new("duty_date", "date.before_registration").with("field", "duty_date").with("date", person.registered_on),
                );
            }
            let missing = person.missing_steps(policy, Stage::Onboarding, *date);
            let reason = override_reason.as_deref().and_then(|r| errors.take(text::optional(OVERRIDE_REASON, r))).unwrap_or_default();
            let overridden = if missing.is_empty() {
                None
            } else if !reason.is_empty() {
                Some(Override { reason: reason.clone(), missing: missing.iter().map(|s| s.id.clone()).collect() })
            } else {
                for e in missing_for_duty(person, policy, *date) {
                    errors.push(e);
                }
                if override_reason.is_some() {
                    errors.push(FieldError::new("override_reason", "required").with("field", "override_reason"));
                }
                None
            };
            errors.finish(|| Advanced {
                state: LifecycleState {
                    stage: Stage::OnDuty,
                    on_duty_since: Some(*date),
                    on_duty_override: overridden.clone(),
                    ..state.clone()
                },
                overridden,
                deadline: None,
            })
        }
        Transition::Depart { kind, date } => {
            applies(&check_depart(person))?;
            errors.take(check_date("departure_date", *date));
            if let Some(since) = state.on_duty_since {
                if *date < since {
                    errors.push(FieldError::new("departure_date", "lifecycle.before_on_duty").with("date", since));
                }
            }
            if person.level_on(*date).is_none() {
                errors.push(FieldError::new("departure_date", "lifecycle.no_level").with("date", date));
            }
            let due = policy.departure_due.due_from(*date, cal);
            errors.finish(|| Advanced {
                state: LifecycleState {
                    stage: Stage::Departing,
                    departure: Some(Departure { kind: *kind, date: *date, items: Vec::new() }),
                    ..state.clone()
                },
                overridden: None,
                deadline: Some(due),
            })
        }
        Transition::StartDecommissioning { period, receiving_organisation } => {
            let pre = check_start_decommissioning(person, policy, cal, today);
            applies(&pre)?;
            pre.report(&mut errors);
            let Some(departure) = &state.departure else {
                return Err(FieldError::general("lifecycle.no_departure").into());
            };
            let receiving_organisation = receiving_organisation
                .as_deref()
                .and_then(|o| errors.take(text::optional(RECEIVING_ORGANISATION, o)))
                .filter(|o| !o.is_empty());
            // The precondition already reported a refusal of the options.
            let refused_period = period.as_ref().and_then(|p| too_long("period", p));
            let options = decommissioning_options(person, policy, cal, departure.date).ok().filter(|_| refused_period.is_none());
            errors.extend(refused_period);
            let mut fixed = None;
            if let Some(o) = options {
                let chosen = Period { roll_forward: false, ..period.clone().unwrap_or_else(|| o.default.clone()) };
                let end = decommissioning_end(departure.date, &chosen, cal);
                if end < o.min_end || end > o.max_end {
                    let level = policy.level(&o.level);
                    let e = FieldError::new("period", "lifecycle.period_out_of_range");
                    let e = period_param(period_param(period_param(e, "period", &chosen), "min", &o.min), "max", &o.max);
                    let (zh, en) = level.map(|l| (l.name_zh.as_str(), l.name_en.as_str())).unwrap_or((o.level.as_str(), o.level.as_str()));
                    errors.push(both(e, "level", zh, en));
                } else {
                    let rule = policy.decommissioning_rule(&o.level, &chosen);
                    fixed = Some(Decommissioning {
                        level: o.level.clone(),
                        period: chosen,
                        start: departure.date,
                        chosen_end: end,
                        extensions: Vec::new(),
                        receiving_organisation: receiving_organisation.clone(),
                        rule_id: rule.id,
                        citation: rule.citation,
                    });
                }
            }
            // Without a refusal the period was fixed; the `no_range` refusal only keeps that
            // promise without a panic.
            let level = person.level_on(departure.date).map(ToString::to_string).unwrap_or_default();
            let d = errors.finish(|| fixed)?.ok_or_else(|| FieldError::general("lifecycle.no_range").with("value", level))?;
            let deadline = d.deadline();
            Ok(Advanced {
                state: LifecycleState { stage: Stage::Decommissioning, decommissioning: Some(d), ..state.clone() },
                overridden: None,
                deadline: Some(deadline),
            })
        }
        Transition::ExtendDecommissioning { by, reason } => {
            applies(&check_extend_decommissioning(person))?;
            let Some(current) = &state.decommissioning else {
                return Err(FieldError::general("lifecycle.no_departure").into());
            };
            let reason = errors.take(text::required(REASON, reason)).unwrap_or_default();
            if by.amount == 0 {
                errors.push(FieldError::new("extension", "lifecycle.extension_empty"));
            }
            let by = Period { roll_forward: false, ..by.clone() };
            let refused_by = too_long("extension", &by);
            let end = if refused_by.is_some() { current.end() } else { current.end_if_extended(&by, cal) };
            errors.extend(refused_by);
            errors.finish(|| {
                let mut d = current.clone();
                d.extensions.push(Extension { by, reason, decided_on: today, end });
                let deadline = d.deadline();
                Advanced { state: LifecycleState { decommissioning: Some(d), ..state.clone() }, overridden: None, deadline: Some(deadline) }
            })
        }
        Transition::Release { date } => {
            let pre = check_release(person, policy, *date);
            applies(&pre)?;
            if let Some(e) = not_future("release_date", *date, today) {
                errors.push(e);
            }
            pre.report(&mut errors);
            errors.finish(|| Advanced {
                state: LifecycleState { stage: Stage::Released, released_on: Some(*date), ..state.clone() },
                overridden: None,
                deadline: None,
            })
        }
    }
}

/// Checks a step being recorded as done on `done_on` by `recorded_by`, and returns the record.
/// Onboarding steps may be recorded while onboarding or, while still missing (after an
/// override), on duty; the steps of the other stages only in their stage; a checklist step only
/// once every item is back on `done_on`. A released person's record is read-only. The
/// preconditions are those `available_actions` shows.
pub fn record_step(
    person: &PersonRecord,
    policy: &Policy,
    step_id: &str,
    done_on: NaiveDate,
    recorded_by: &str,
    note: &str,
    today: NaiveDate,
) -> Result<StepRecord, Refusal> {
    if person.state.stage == Stage::Released {
        return Err(released().into());
    }
    let Some((_, step)) = policy.find_step(step_id) else {
        return Err(FieldError::new("step", "lifecycle.unknown_step").with("value", step_id).into());
    };
    let mut errors = Errors::default();
    check_record_step(person, policy, step_id, done_on, today).report(&mut errors);
    if let Some(e) = not_future("done_on", done_on, today) {
        errors.push(e);
    }
    if done_on < person.registered_on {
        errors.push(FieldError::new("done_on", "date.before_registration").with("field", "done_on").with("date", person.registered_on));
    }
    let recorded_by = errors.take(text::operator_name(recorded_by)).unwrap_or_default();
    let note = errors.take(text::optional(NOTE, note)).unwrap_or_default();
    errors.finish(|| StepRecord { step_id: step.id.clone(), done_on, recorded_by, note })
}
