//! The open obligations of a person on a date: what the person page's checklist, the dashboard
//! and the reminders engine show. Each has a due date computed by a named rule with its citation.
//!
//! By stage:
//! - **onboarding**: every onboarding step not done, due by the planned start date (a fixed date:
//!   it never moves);
//! - **on duty**: every recurring step, due `every` (by the level in force on `as_of`) after its
//!   last completion, the onboarding step named `first_from` counting as the first; the training
//!   hours still short for the calendar year (due 31 December); and any required onboarding step
//!   still missing after an override;
//! - **departing**: every departure step not done, due `due_after` the departure date;
//! - **decommissioning**: the end of the period (a restriction: never moves), and any step;
//! - **released**: nothing.
//!
//! A level change during duty: the interval is that of the level in force on `as_of`. When that
//! level took effect after the last completion and the new interval would put the due date before
//! the change, the obligation is due on the day of the change (one cannot be late under a rule
//! before it applied to one).

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
    let level_since = person.level_since(as_of);
    for step in &policy.on_duty {
        let Some(rule) = policy.recurrence(step, &level) else { continue };
        let last = person.last_completion(step, policy, as_of);
        let mut due = match last {
            Some(last) => rule.due_from(last, cal),
            // Never done: an optional step is not owed; a required one is owed from the first day on duty.
            None if step.required => rule.fixed(person.state.on_duty_since.unwrap_or(person.planned_start)),
            None => continue,
        };
        if let (Some(since), Some(last)) = (level_since, last) {
            if since > last && due.date < since {
                let (date, beyond) = if rule.period.roll_forward { cal.next_working_day(since) } else { (since, false) };
                due = Deadline { date, beyond_calendar: beyond, ..due };
            }
        }
        let mut o = Obligation::new(ObligationKind::Recurring, Stage::OnDuty, step, due, policy.lead_days_for(step), as_of);
        o.level = Some(level.clone());
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
