//! The lifecycle of a cleared person (DOMAIN.md §3): onboarding → on duty → departing →
//! decommissioning → released.
//!
//! Everything here is a function of a [`PersonRecord`] (what the register holds about the person:
//! level history, planned start, steps done, training attended, the lifecycle state), a
//! [`Policy`](crate::policy::Policy), a holiday calendar and a date passed in:
//!
//! - [`advance`] checks a requested transition and returns the new state, or a refusal naming
//!   every reason (missing steps, a date out of order, a period out of range ...);
//! - [`record_step`] checks a step being recorded as done, [`set_returned_items`] the departure
//!   checklist;
//! - [`available_actions`] lists what can be done next, from the same preconditions those
//!   functions check first;
//! - [`obligations`] lists what is open for the person on a date, each with its due date and the
//!   rule (and citation) behind it — what the dashboard, the person page and the reminders use.
//!
//! Nothing is stored here: the caller writes the returned state (and, for an override, its reason
//! to the audit trail) in one transaction, and writes nothing when the transition is refused.

mod actions;
mod items;
mod obligations;
mod returned_items;
mod transition;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod validation_tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::check_date;
use crate::deadline::{Citation, Deadline, Period};
use crate::error::{Errors, FieldError};
use crate::i18n::Lang;
use crate::level::{level_at, LevelChange, LevelId};
use crate::limits::{ACTION_TAKEN, CATEGORY, EVENT_KIND, MAX_SESSION_HOURS, MIN_SESSION_HOURS, TOPIC};
use crate::policy::{FormKind, Policy, StepDef};
use crate::text;

pub use actions::{available_actions, record_step_offer, LifecycleAction, LifecycleActionAvailability};
pub use items::set_returned_items;
pub use obligations::{obligations, HoursShort, Obligation, ObligationKind};
pub use returned_items::validate_returned_items;
pub use transition::{
    advance, decommissioning_end, decommissioning_options, record_step, Advanced, DecommissioningOptions, Refusal, Transition,
};

/// The step of the person's current stage that the signed copy of a `form`, back on `on`,
/// completes: a one-off step printed on that form and not done yet, or a recurring one (the
/// annual re-sign) last done before `on`. `None` when the form completes nothing open.
pub fn step_completed_by_form<'p>(person: &PersonRecord, policy: &'p Policy, form: FormKind, on: NaiveDate) -> Option<&'p StepDef> {
    policy.steps(person.state.stage).iter().filter(|s| s.form == Some(form)).find(|s| {
        if s.every.is_empty() {
            !person.is_done(s, on)
        } else {
            person.completions(s, on).last().is_none_or(|last| *last < on)
        }
    })
}

/// A date of something that has happened: within the register's range and not after `today`.
fn past_date(field: &str, date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    check_date(field, date)?;
    if date > today {
        return Err(FieldError::new(field, "date.future").with("field", field).with("today", today));
    }
    Ok(date)
}

/// The stage a person is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Onboarding,
    OnDuty,
    Departing,
    Decommissioning,
    Released,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Onboarding, Stage::OnDuty, Stage::Departing, Stage::Decommissioning, Stage::Released];

    pub fn name(self, lang: Lang) -> &'static str {
        crate::terms::Term::word(self, lang)
    }
}

/// Leaving the post (transfer inside the organisation) or the organisation (resignation,
/// retirement, dismissal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DepartureKind {
    LeavePost,
    LeaveOrganisation,
}

/// A step recorded as done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepRecord {
    pub step_id: String,
    pub done_on: NaiveDate,
    /// The operator who recorded it.
    pub recorded_by: String,
    #[serde(default)]
    pub note: String,
}

/// A training session the person attended (sessions are recorded once for many people; this is
/// one attendee's line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingAttendance {
    pub date: NaiveDate,
    /// Class hours (学时).
    pub hours: u32,
    /// Matches a step's `training_category` in the policy (`security`, `insider_threat` ...).
    pub category: String,
    #[serde(default)]
    pub topic: String,
}

/// One line of the returned-items checklist at departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReturnedItem {
    pub item: String,
    pub classification: String,
    pub number: String,
    /// Who in the office signed for it; empty until returned.
    pub received_by: String,
    pub returned_on: Option<NaiveDate>,
}

impl ReturnedItem {
    pub fn is_returned_by(&self, as_of: NaiveDate) -> bool {
        self.returned_on.is_some_and(|d| d <= as_of) && !self.received_by.trim().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Departure {
    pub kind: DepartureKind,
    /// The departure date the office approves: the decommissioning period starts on it.
    pub date: NaiveDate,
    #[serde(default)]
    pub items: Vec<ReturnedItem>,
}

/// An extension of the decommissioning period, counted from the end in force before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Extension {
    pub by: Period,
    pub reason: String,
    /// The day the extension was decided.
    pub decided_on: NaiveDate,
    /// The end of the period after this extension.
    pub end: NaiveDate,
}

/// The decommissioning period as fixed at departure (and extended since).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decommissioning {
    /// The level in force on the departure date, which chose the range.
    pub level: LevelId,
    pub period: Period,
    /// The departure date. The day itself is not counted (art. 201).
    pub start: NaiveDate,
    /// End of the period as chosen, before any extension.
    pub chosen_end: NaiveDate,
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// The organisation the period is handed over to (脱密期委托管理), if any.
    pub receiving_organisation: Option<String>,
    pub rule_id: String,
    pub citation: Citation,
}

impl Decommissioning {
    /// The last day of the period, after extensions. Release is possible from this day on.
    pub fn end(&self) -> NaiveDate {
        self.extensions.last().map(|e| e.end).unwrap_or(self.chosen_end)
    }

    pub fn deadline(&self) -> Deadline {
        Deadline { date: self.end(), rule_id: self.rule_id.clone(), citation: self.citation.clone(), beyond_calendar: false }
    }
}

/// Why the person went on duty with onboarding steps missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Override {
    pub reason: String,
    /// Ids of the required steps that were missing.
    pub missing: Vec<String>,
}

/// Where a person is in the lifecycle, with what each past transition fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LifecycleState {
    pub stage: Stage,
    pub on_duty_since: Option<NaiveDate>,
    pub on_duty_override: Option<Override>,
    pub departure: Option<Departure>,
    pub decommissioning: Option<Decommissioning>,
    pub released_on: Option<NaiveDate>,
}

impl LifecycleState {
    /// A newly registered person.
    pub fn onboarding() -> LifecycleState {
        LifecycleState {
            stage: Stage::Onboarding,
            on_duty_since: None,
            on_duty_override: None,
            departure: None,
            decommissioning: None,
            released_on: None,
        }
    }
}

/// What the lifecycle rules read about a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonRecord {
    pub registered_on: NaiveDate,
    /// The planned start on the post, recorded at registration: onboarding steps are due by it.
    pub planned_start: NaiveDate,
    /// In recording order (see [`level_at`]).
    pub level_history: Vec<LevelChange>,
    pub state: LifecycleState,
    pub steps: Vec<StepRecord>,
    pub trainings: Vec<TrainingAttendance>,
}

impl PersonRecord {
    pub fn level_on(&self, date: NaiveDate) -> Option<&LevelId> {
        level_at(&self.level_history, date)
    }

    /// The day the level in force on `date` took effect (the latest change on or before `date`
    /// that set the level to something else than it was).
    pub fn level_since(&self, date: NaiveDate) -> Option<NaiveDate> {
        let level = self.level_on(date)?.clone();
        let mut changes: Vec<&LevelChange> = self.level_history.iter().filter(|c| c.effective <= date).collect();
        changes.sort_by_key(|c| c.effective);
        let mut since = None;
        let mut current: Option<&LevelId> = None;
        for c in changes {
            if current != Some(&c.level) {
                since = Some(c.effective);
                current = Some(&c.level);
            }
        }
        (current == Some(&level)).then_some(since).flatten()
    }

    /// Every day `step` was completed on or before `as_of`: recorded as done, or attended as a
    /// training session of the step's category.
    pub fn completions(&self, step: &StepDef, as_of: NaiveDate) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> =
            self.steps.iter().filter(|r| r.step_id == step.id && r.done_on <= as_of).map(|r| r.done_on).collect();
        if let Some(category) = &step.training_category {
            days.extend(self.trainings.iter().filter(|t| &t.category == category && t.date <= as_of).map(|t| t.date));
        }
        days.sort();
        days
    }

    /// The last completion of `step` on or before `as_of`, counting its `first_from` step's.
    pub fn last_completion(&self, step: &StepDef, policy: &Policy, as_of: NaiveDate) -> Option<NaiveDate> {
        let own = self.completions(step, as_of).into_iter().max();
        let first =
            step.first_from.as_deref().and_then(|id| policy.find_step(id)).and_then(|(_, s)| self.completions(s, as_of).into_iter().max());
        own.max(first)
    }

    /// Whether a form of `form` signed on `as_of` is the onboarding one (上岗) rather than a
    /// periodic re-sign (在岗): the person is still onboarding, or was put on duty by an override
    /// with the required onboarding step that uses the form still open.
    pub fn signs_for_onboarding(&self, policy: &Policy, form: FormKind, as_of: NaiveDate) -> bool {
        match self.state.stage {
            Stage::Onboarding => true,
            Stage::OnDuty => policy.onboarding.iter().any(|s| s.form == Some(form) && s.required && !self.is_done(s, as_of)),
            _ => false,
        }
    }

    /// Whether a (non-recurring) step is done by `as_of`; a checklist step also needs every
    /// listed item back.
    pub fn is_done(&self, step: &StepDef, as_of: NaiveDate) -> bool {
        if self.completions(step, as_of).is_empty() {
            return false;
        }
        !step.checklist || self.items_outstanding(as_of) == 0
    }

    /// Items of the departure checklist not yet returned on `as_of`.
    pub fn items_outstanding(&self, as_of: NaiveDate) -> usize {
        self.items_not_returned(as_of).len()
    }

    /// The items of the departure checklist not yet returned on `as_of`, in checklist order.
    pub fn items_not_returned(&self, as_of: NaiveDate) -> Vec<&ReturnedItem> {
        self.state.departure.as_ref().map(|d| d.items.iter().filter(|i| !i.is_returned_by(as_of)).collect()).unwrap_or_default()
    }

    /// The required steps of `stage` not done by `as_of`, in policy order.
    pub fn missing_steps<'p>(&self, policy: &'p Policy, stage: Stage, as_of: NaiveDate) -> Vec<&'p StepDef> {
        policy.steps(stage).iter().filter(|s| s.required && !self.is_done(s, as_of)).collect()
    }

    /// The decommissioning period as an inclusive span of days, from the departure date (the
    /// restrictions apply from the day the person leaves) to the end, for the travel rules.
    pub fn decommissioning_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let d = self.state.decommissioning.as_ref()?;
        Some((d.start, d.end()))
    }

    /// The stages the person went through, with the day each began (for the timeline).
    pub fn timeline(&self) -> Vec<(Stage, NaiveDate)> {
        let s = &self.state;
        let mut out = vec![(Stage::Onboarding, self.registered_on)];
        out.extend(s.on_duty_since.map(|d| (Stage::OnDuty, d)));
        out.extend(s.departure.as_ref().map(|d| (Stage::Departing, d.date)));
        out.extend(s.decommissioning.as_ref().map(|d| (Stage::Decommissioning, d.start)));
        out.extend(s.released_on.map(|d| (Stage::Released, d)));
        out
    }
}

/// A reportable personal event of a person on duty (marriage to a foreign national, a relative
/// settling abroad, an approach by a foreign body ...), with what the office did about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonalEvent {
    pub kind: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub action_taken: String,
    #[serde(default)]
    pub recorded_by: String,
}

impl PersonalEvent {
    /// Checks an event being recorded on `today` for `person`: a kind, a date not in the future
    /// nor before registration; nothing on a released person's record.
    pub fn validate(&self, person: &PersonRecord, today: NaiveDate) -> Result<PersonalEvent, crate::DomainError> {
        let pre = actions::check_add_personal_event(person);
        if !pre.applies() {
            return Err(crate::DomainError { errors: pre.not_applicable });
        }
        let mut errors = Errors::default();
        let kind = errors.take(text::required(EVENT_KIND, &self.kind));
        let action_taken = errors.take(text::optional(ACTION_TAKEN, &self.action_taken));
        if let Err(e) = past_date("date", self.date, today) {
            errors.push(e);
        } else if self.date < person.registered_on {
            errors.push(FieldError::new("date", "date.before_registration").with("field", "date").with("date", person.registered_on));
        }
        errors.finish(|| PersonalEvent { kind: kind.unwrap_or_default(), action_taken: action_taken.unwrap_or_default(), ..self.clone() })
    }
}

/// A training session recorded once for many people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingSession {
    pub date: NaiveDate,
    #[serde(default)]
    pub topic: String,
    pub hours: u32,
    pub category: String,
}

impl TrainingSession {
    /// Checks a session for `attendees` people on `today`: a category the policy knows, a date
    /// not in the future, 1 to 24 class hours (a session is one day), at least one attendee.
    pub fn validate(&self, policy: &Policy, attendees: usize, today: NaiveDate) -> Result<TrainingSession, crate::DomainError> {
        let mut errors = Errors::default();
        let category = errors.take(text::required(CATEGORY, &self.category));
        if let Some(category) = category.as_deref() {
            let known = Stage::ALL.iter().flat_map(|s| policy.steps(*s)).any(|s| s.training_category.as_deref() == Some(category));
            if !known {
                errors.push(FieldError::new("category", "training.unknown_category").with("value", text::shown(category)));
            }
        }
        let topic = errors.take(text::optional(TOPIC, &self.topic));
        errors.take(past_date("date", self.date, today));
        if !(MIN_SESSION_HOURS..=MAX_SESSION_HOURS).contains(&self.hours) {
            errors.push(
                FieldError::new("hours", "training.hours_range")
                    .with("field", "hours")
                    .with("min", MIN_SESSION_HOURS)
                    .with("max", MAX_SESSION_HOURS),
            );
        }
        if attendees == 0 {
            errors.push(FieldError::new("attendees", "training.no_attendees"));
        }
        errors.finish(|| TrainingSession { category: category.unwrap_or_default(), topic: topic.unwrap_or_default(), ..self.clone() })
    }

    /// The training categories a policy uses, in policy order, without repeats.
    pub fn categories(policy: &Policy) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in Stage::ALL.iter().flat_map(|s| policy.steps(*s)).filter_map(|s| s.training_category.clone()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}
