//! Policies as data: the levels, the steps of each stage, every period and lead time, each with
//! the rule it comes from, read from a TOML file (format: `docs/policy.md`).
//!
//! Two policies ship embedded: `prc-2024` (the default, DOMAIN.md §3) and `us-nispom`
//! (DOMAIN.md §7). An office may copy one, edit it and load it; [`Policy::parse`] refuses a bad
//! file with the line and key at fault, so the app can keep the previous policy.

mod error;
mod file;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::HolidayCalendar;
use crate::deadline::{Citation, Deadline, Period, PeriodRule};
use crate::i18n::Lang;
use crate::level::{LevelDef, LevelId};
use crate::lifecycle::Stage;
use crate::person::IdFormat;

pub(crate) use error::read_toml;
pub use error::{line_col, PolicyError};

pub use crate::form::FormKind;

const BUILTIN: &[(&str, &str)] =
    &[("prc-2024", include_str!("../../../policies/prc-2024.toml")), ("us-nispom", include_str!("../../../policies/us-nispom.toml"))];

/// The policy an office starts with.
pub const DEFAULT_POLICY: &str = "prc-2024";

/// A period that depends on the level, one entry per level of the policy, in level order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelPeriod {
    pub level: LevelId,
    pub period: Period,
}

/// One step of a stage: a thing to do, once (onboarding, departure, decommissioning) or again and
/// again (on duty, with `every`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepDef {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Required steps must be done before the stage can be left. A recurring step that is not
    /// required becomes an obligation only once it has been done a first time.
    pub required: bool,
    pub form: Option<FormKind>,
    pub citation: Citation,
    /// On-duty steps: how often, by level (every level of the policy is listed).
    pub every: Vec<LevelPeriod>,
    /// On-duty steps: the step (of an earlier stage) whose completion counts as the first one,
    /// so the first due date runs from it (the onboarding review for the re-review).
    pub first_from: Option<String>,
    /// A training session of this category, recorded for the person, completes the step.
    pub training_category: Option<String>,
    /// A departure step completed only when every item of the returned-items checklist is back.
    pub checklist: bool,
    /// Days before the due date that the reminder starts; the policy's default when `None`.
    pub lead_days: Option<u32>,
}

impl StepDef {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    /// The recurrence period for `level`, when this step recurs.
    pub fn every_for(&self, level: &LevelId) -> Option<&Period> {
        self.every.iter().find(|p| &p.level == level).map(|p| &p.period)
    }
}

/// The decommissioning period a level allows, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecommissioningRange {
    pub level: LevelId,
    pub min: Period,
    pub max: Period,
}

/// Minimum class hours of training per calendar year, by level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingHours {
    pub per_year: Vec<LevelHours>,
    pub citation: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelHours {
    pub level: LevelId,
    pub hours: u32,
}

/// The travel numbers of a policy (`[travel]`). The fields and rule ids are those of
/// `travel::TravelRules`, which the travel module builds from this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TravelPolicy {
    /// Whether the office holds travel documents (证件集中保管); the document rules apply only then.
    pub custody: bool,
    pub document_handin: PeriodRule,
    pub checkout_lead: PeriodRule,
    pub document_return: PeriodRule,
    pub report: PeriodRule,
    pub expiry_warning: PeriodRule,
    pub lead_days: u32,
    pub higher_approval_levels: Vec<LevelId>,
    pub higher_approval_in_decommissioning: bool,
    pub opinions_required: bool,
    pub home_country: String,
    pub approval_citation: Citation,
    pub briefing_citation: Citation,
}

/// A policy: everything the lifecycle and the reminders compute dates from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Policy {
    pub id: String,
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
    #[ts(type = "\"prc_resident_id\" | \"free_text\"")]
    pub id_format: IdFormat,
    /// Id of the holiday calendar working days are counted with (`cn`, `us`, or one the office loaded).
    pub calendar: String,
    /// Most sensitive first.
    pub levels: Vec<LevelDef>,
    /// Days before a due date that its reminder starts, unless a step says otherwise.
    pub lead_days: u32,
    /// Registration → planned start on the post (a fixed date once recorded; never moves).
    pub planned_start: PeriodRule,
    pub onboarding: Vec<StepDef>,
    pub on_duty: Vec<StepDef>,
    pub training_hours: Option<TrainingHours>,
    pub departure: Vec<StepDef>,
    /// Departure steps are due this period after the departure date (0 days: on the day).
    pub departure_due: PeriodRule,
    pub decommissioning: Vec<StepDef>,
    pub decommissioning_ranges: Vec<DecommissioningRange>,
    pub decommissioning_citation: Citation,
    pub travel: TravelPolicy,
}

impl Policy {
    /// Reads a policy file. A fault is reported with its line and key; nothing is half-loaded.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        file::parse(text)
    }

    /// A shipped policy by id.
    pub fn builtin(id: &str) -> Option<Policy> {
        BUILTIN.iter().find(|(k, _)| *k == id).map(|(_, text)| Policy::parse(text).expect("shipped policy parses"))
    }

    pub fn builtin_ids() -> Vec<&'static str> {
        BUILTIN.iter().map(|(k, _)| *k).collect()
    }

    /// The shipped file's text, for an office that copies and edits it.
    pub fn builtin_text(id: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(k, _)| *k == id).map(|(_, text)| *text)
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    /// The register's levels, most sensitive first.
    pub fn levels(&self) -> Vec<LevelDef> {
        self.levels.clone()
    }

    pub fn level(&self, id: &LevelId) -> Option<&LevelDef> {
        self.levels.iter().find(|l| &l.id == id)
    }

    /// The steps of a stage (none for `Released`).
    pub fn steps(&self, stage: Stage) -> &[StepDef] {
        match stage {
            Stage::Onboarding => &self.onboarding,
            Stage::OnDuty => &self.on_duty,
            Stage::Departing => &self.departure,
            Stage::Decommissioning => &self.decommissioning,
            Stage::Released => &[],
        }
    }

    pub fn step(&self, stage: Stage, id: &str) -> Option<&StepDef> {
        self.steps(stage).iter().find(|s| s.id == id)
    }

    /// A step of any stage, with its stage.
    pub fn find_step(&self, id: &str) -> Option<(Stage, &StepDef)> {
        Stage::ALL.iter().find_map(|stage| self.step(*stage, id).map(|s| (*stage, s)))
    }

    /// Days of lead for a step's reminders.
    pub fn lead_days_for(&self, step: &StepDef) -> u32 {
        step.lead_days.unwrap_or(self.lead_days)
    }

    /// The recurrence rule of an on-duty step for a level: `on_duty.<step>.<level>`.
    pub fn recurrence(&self, step: &StepDef, level: &LevelId) -> Option<PeriodRule> {
        step.every_for(level).map(|p| PeriodRule::new(format!("on_duty.{}.{}", step.id, level), p.clone(), step.citation.clone()))
    }

    pub fn decommissioning_range(&self, level: &LevelId) -> Option<&DecommissioningRange> {
        self.decommissioning_ranges.iter().find(|r| &r.level == level)
    }

    /// The rule a chosen decommissioning period runs under: `decommissioning.<level>`. Never rolls.
    pub fn decommissioning_rule(&self, level: &LevelId, period: &Period) -> PeriodRule {
        let period = Period { roll_forward: false, ..period.clone() };
        PeriodRule::new(format!("decommissioning.{level}"), period, self.decommissioning_citation.clone())
    }

    /// Minimum training hours a year for a level, when the policy sets them.
    pub fn training_hours_for(&self, level: &LevelId) -> Option<u32> {
        self.training_hours.as_ref()?.per_year.iter().find(|h| &h.level == level).map(|h| h.hours)
    }

    /// The default planned start for someone registered on `registered_on`.
    pub fn planned_start_from(&self, registered_on: NaiveDate, cal: &HolidayCalendar) -> Deadline {
        self.planned_start.due_from(registered_on, cal)
    }

    /// Whether a trip needs the higher approval level: by the level in force on the departure
    /// date, or because it falls within the decommissioning period.
    pub fn needs_higher_approval(&self, level: Option<&LevelId>, in_decommissioning: bool) -> bool {
        (in_decommissioning && self.travel.higher_approval_in_decommissioning)
            || level.is_some_and(|l| self.travel.higher_approval_levels.contains(l))
    }

    /// Every period rule of the policy with its id, for a "why is this date what it is" view.
    pub fn period_rules(&self) -> Vec<PeriodRule> {
        let mut rules = vec![self.planned_start.clone()];
        for step in &self.on_duty {
            for lp in &step.every {
                rules.extend(self.recurrence(step, &lp.level));
            }
        }
        rules.push(self.departure_due.clone());
        for r in &self.decommissioning_ranges {
            rules.push(PeriodRule::new(format!("decommissioning.{}.min", r.level), r.min.clone(), self.decommissioning_citation.clone()));
            rules.push(PeriodRule::new(format!("decommissioning.{}.max", r.level), r.max.clone(), self.decommissioning_citation.clone()));
        }
        let t = &self.travel;
        rules.extend([&t.document_handin, &t.checkout_lead, &t.document_return, &t.report, &t.expiry_warning].into_iter().cloned());
        rules
    }
}

#[cfg(test)]
mod tests;
