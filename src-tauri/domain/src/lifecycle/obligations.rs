//! The open obligations of a person on a date: what the person page's checklist, the dashboard
//! and the reminders engine show. Each has a due date computed by a named rule with its citation.
//!
//! By stage:
//! - **onboarding**: every onboarding step not done, due by the planned start date (a fixed date:
//!   it never moves);
//! - **on duty**: every recurring step, due `every` (by the level in force on `as_of`) after its
//!   last completion, the onboarding step named `first_from` counting as the first; the training
//!   hours still short for the calendar year (due 31 December); and any required onboarding step
//!   still missing after an override (which stays an onboarding item: the recurring step that
//!   runs from it is not owed until it is done);
//! - **departing**: every departure step not done, due `due_after` the departure date;
//! - **decommissioning**: the end of the period (a restriction: never moves), and any step;
//! - **released**: nothing.
//!
//! A change of level never wipes out what is already due or overdue (DOMAIN.md §5):
//! - a recurring step whose interval is the same for every level keeps its due date, the last
//!   completion + the interval, whatever the changes since;
//! - where the interval depends on the level (the re-review), the changes after the last
//!   completion are walked in order: at each one, an obligation already due before the change's
//!   effective date keeps that date (its overdue days still count from it); otherwise it is due
//!   the last completion + the new level's interval, but not before the effective date (one
//!   cannot be late under a rule before it applied to one), moved to a working day when the rule
//!   rolls forward.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PersonRecord, Stage};
use crate::calendar::HolidayCalendar;
use crate::deadline::{due_state, Citation, Deadline, DueState};
use crate::i18n::Lang;
use crate::level::LevelId;
use crate::policy::{FormKind, Policy, StepDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// A step to do once (onboarding, departure, decommissioning).
    Step,
    /// A recurring on-duty step (training, re-review, re-signed commitment ...).
    Recurring,
    /// Class hours of training still short for the calendar year.
    TrainingHours,
    /// The decommissioning period ends: the office may release the person from this day.
    DecommissioningEnd,
}

/// Class hours attended in the year against the policy's minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HoursShort {
    pub year: i32,
    pub done: u32,
    pub required: u32,
}

/// One open obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Obligation {
    pub kind: ObligationKind,
    /// The stage whose step this is (an onboarding step may be open while on duty).
    pub stage: Stage,
    /// The policy's step id; `training_hours` and `decommissioning_end` for those kinds.
    pub step_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub required: bool,
    pub form: Option<FormKind>,
    /// Why the obligation exists (the step's source).
    pub citation: Citation,
    /// When it is due, and the rule (and its citation) that set the date.
    pub due: Deadline,
    /// The level whose interval was used, for recurring obligations and hours.
    pub level: Option<LevelId>,
    /// The completion the due date runs from (recurring obligations).
    pub last_done: Option<NaiveDate>,
    pub hours: Option<HoursShort>,
    /// Days before `due.date` that the reminder starts.
    pub lead_days: u32,
    /// The state on `as_of`; `None` while it is not yet within the lead time.
    pub state: Option<DueState>,
    /// Days past due on `as_of` (0 unless overdue).
    pub days_overdue: i64,
}

impl Obligation {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    fn new(kind: ObligationKind, stage: Stage, step: &StepDef, due: Deadline, lead_days: u32, as_of: NaiveDate) -> Obligation {
        let (state, days_overdue) = match due_state(due.date, lead_days, as_of) {
            Some((s, d)) => (Some(s), d),
            None => (None, 0),
        };
        Obligation {
            kind,
            stage,
            step_id: step.id.clone(),
            name_zh: step.name_zh.clone(),
            name_en: step.name_en.clone(),
            required: step.required,
            form: step.form,
            citation: step.citation.clone(),
            due,
            level: None,
            last_done: None,
            hours: None,
            lead_days,
            state,
            days_overdue,
        }
    }
}

/// Every open obligation of `person`'s current stage on `as_of`, earliest due first. Records
/// dated after `as_of` are ignored, so a past date gives the list as it stood that day.
pub fn obligations(person: &PersonRecord, policy: &Policy, cal: &HolidayCalendar, as_of: NaiveDate) -> Vec<Obligation> {
    let mut out = Vec::new();
    match person.state.stage {
        Stage::Onboarding => onboarding(person, policy, as_of, false, &mut out),
        Stage::OnDuty => {
            onboarding(person, policy, as_of, true, &mut out);
            on_duty(person, policy, cal, as_of, &mut out);
        }
        Stage::Departing => departing(person, policy, cal, as_of, &mut out),
        Stage::Decommissioning => decommissioning(person, policy, as_of, &mut out),
        Stage::Released => {}
    }
    out.sort_by_key(|o| o.due.date);
    out
}

fn onboarding(person: &PersonRecord, policy: &Policy, as_of: NaiveDate, required_only: bool, out: &mut Vec<Obligation>) {
    let due = policy.planned_start.fixed(person.planned_start);
    for step in &policy.onboarding {
        if (required_only && !step.required) || person.is_done(step, as_of) {
            continue;
        }
        out.push(Obligation::new(ObligationKind::Step, Stage::Onboarding, step, due.clone(), policy.lead_days_for(step), as_of));
    }
}

fn on_duty(person: &PersonRecord, policy: &Policy, cal: &HolidayCalendar, as_of: NaiveDate, out: &mut Vec<Obligation>) {
    let Some(level) = person.level_on(as_of).cloned() else { return };
    for step in &policy.on_duty {
        let Some(rule) = policy.recurrence(step, &level) else { continue };
        let last = person.last_completion(step, policy, as_of);
        let (due, used_level) = match last {
            Some(last) if same_interval_for_every_level(step) => (rule.due_from(last, cal), level.clone()),
            Some(last) => match due_across_level_changes(person, policy, cal, step, last, as_of) {
                Some(walked) => walked,
                None => (rule.due_from(last, cal), level.clone()),
            },
            // Never done, and the onboarding step it runs from still open (put on duty with an
            // override): that onboarding item is what is owed, not a first recurrence due today.
            None if first_from_open(person, policy, step, as_of) => continue,
            // Never done: an optional step is not owed; a required one is owed from the first day on duty.
            None if step.required => (rule.fixed(person.state.on_duty_since.unwrap_or(person.planned_start)), level.clone()),
            None => continue,
        };
        let mut o = Obligation::new(ObligationKind::Recurring, Stage::OnDuty, step, due, policy.lead_days_for(step), as_of);
        o.level = Some(used_level);
        o.last_done = last;
        out.push(o);
    }
    if let (Some(required), Some(rules)) = (policy.training_hours_for(&level), &policy.training_hours) {
        let year = as_of.year();
        let done: u32 =
            person.trainings.iter().filter(|t| t.date.year() == year && t.date <= as_of).fold(0u32, |sum, t| sum.saturating_add(t.hours));
        if done < required {
            let Some(end_of_year) = NaiveDate::from_ymd_opt(year, 12, 31) else { return };
            let due = Deadline {
                date: end_of_year,
                rule_id: format!("on_duty.training_hours.{level}"),
                citation: rules.citation.clone(),
                beyond_calendar: false,
            };
            let (state, days_overdue) = due_state(due.date, policy.lead_days, as_of).map_or((None, 0), |(s, d)| (Some(s), d));
            out.push(Obligation {
                kind: ObligationKind::TrainingHours,
                stage: Stage::OnDuty,
                step_id: "training_hours".to_owned(),
                name_zh: format!("{year} 年度保密教育培训学时"),
                name_en: format!("Training hours for {year}"),
                required: true,
                form: None,
                citation: rules.citation.clone(),
                due,
                level: Some(level.clone()),
                last_done: None,
                hours: Some(HoursShort { year, done, required }),
                lead_days: policy.lead_days,
                state,
                days_overdue,
            });
        }
    }
}

/// Whether the required onboarding step that `step` counts its first completion from is still
/// open on `as_of` (listed as an onboarding item after an override).
fn first_from_open(person: &PersonRecord, policy: &Policy, step: &StepDef, as_of: NaiveDate) -> bool {
    step.first_from
        .as_deref()
        .and_then(|id| policy.find_step(id))
        .is_some_and(|(stage, first)| stage == Stage::Onboarding && first.required && !person.is_done(first, as_of))
}

/// Whether a level change can move the step's due date at all.
fn same_interval_for_every_level(step: &StepDef) -> bool {
    step.every.windows(2).all(|w| w[0].period == w[1].period)
}

/// The due date of a step whose interval depends on the level, completed last on `last`, with
/// the level changes up to `as_of` walked in order (see the module comment), and the level whose
/// rule set that date. `None` when no level is known from `last` on.
fn due_across_level_changes(
    person: &PersonRecord,
    policy: &Policy,
    cal: &HolidayCalendar,
    step: &StepDef,
    last: NaiveDate,
    as_of: NaiveDate,
) -> Option<(Deadline, LevelId)> {
    let mut current: Option<(Deadline, LevelId)> =
        person.level_on(last).and_then(|level| policy.recurrence(step, level).map(|rule| (rule.due_from(last, cal), level.clone())));
    let mut days: Vec<NaiveDate> = person.level_history.iter().map(|c| c.effective).filter(|d| *d > last && *d <= as_of).collect();
    days.sort();
    days.dedup();
    for effective in days {
        // The level in force that day, so that same-day corrections count as recorded last.
        let Some(level) = person.level_on(effective) else { continue };
        if current.as_ref().is_some_and(|(_, l)| l == level) {
            continue;
        }
        let Some(rule) = policy.recurrence(step, level) else { continue };
        if current.as_ref().is_some_and(|(due, _)| due.date < effective) {
            // Already due before the change: it stays due from its own date.
            continue;
        }
        let mut due = rule.due_from(last, cal);
        if due.date < effective {
            let (date, beyond) = if rule.period.roll_forward { cal.next_working_day(effective) } else { (effective, false) };
            due = Deadline { date, beyond_calendar: beyond, ..due };
        }
        current = Some((due, level.clone()));
    }
    current
}

fn departing(person: &PersonRecord, policy: &Policy, cal: &HolidayCalendar, as_of: NaiveDate, out: &mut Vec<Obligation>) {
    let Some(departure) = &person.state.departure else { return };
    let due = policy.departure_due.due_from(departure.date, cal);
    for step in &policy.departure {
        if !person.is_done(step, as_of) {
            out.push(Obligation::new(ObligationKind::Step, Stage::Departing, step, due.clone(), policy.lead_days_for(step), as_of));
        }
    }
}

fn decommissioning(person: &PersonRecord, policy: &Policy, as_of: NaiveDate, out: &mut Vec<Obligation>) {
    let Some(d) = &person.state.decommissioning else { return };
    let due = d.deadline();
    for step in &policy.decommissioning {
        if !person.is_done(step, as_of) {
            out.push(Obligation::new(ObligationKind::Step, Stage::Decommissioning, step, due.clone(), policy.lead_days_for(step), as_of));
        }
    }
    let end = StepDef {
        id: "decommissioning_end".to_owned(),
        name_zh: "脱密期届满".to_owned(),
        name_en: "Decommissioning period ends".to_owned(),
        required: true,
        form: None,
        citation: d.citation.clone(),
        every: Vec::new(),
        first_from: None,
        training_category: None,
        checklist: false,
        lead_days: None,
    };
    let mut o = Obligation::new(ObligationKind::DecommissioningEnd, Stage::Decommissioning, &end, due, policy.lead_days, as_of);
    o.level = Some(d.level.clone());
    out.push(o);
}
