//! The lifecycle operations: recording steps, moving a person between stages, the departure
//! checklist, training sessions for many people, reportable personal events. The rules are the
//! domain's (`clearance_domain::lifecycle`); each write lands with its audit entry or not at all.

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::deadline::{Citation, Deadline, DueState};
use clearance_domain::lifecycle::{
    advance, available_actions, decommissioning_options, obligations, record_step, set_returned_items, DecommissioningOptions,
    LifecycleAction, LifecycleState, Obligation, ObligationKind, PersonRecord, PersonalEvent, ReturnedItem, Stage, StepRecord,
    TrainingAttendance, TrainingSession, Transition,
};
use clearance_domain::person::{Person, PersonId};
use clearance_domain::policy::{FormKind, Policy};
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::FieldError;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::accounts::refused;
use super::{load_person, not_archived, Office};
use crate::error::AppResult;

/// One line of the current stage's checklist.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepView {
    pub step_id: String,
    pub stage: Stage,
    pub name_zh: String,
    pub name_en: String,
    pub required: bool,
    pub form: Option<FormKind>,
    /// The rule (law, regulation or unit rule) that requires the step.
    pub citation: Citation,
    /// The last completion on or before today.
    pub done_on: Option<NaiveDate>,
    /// When it is (next) due, with the rule that set the date; `None` once done (one-off steps).
    pub due: Option<Deadline>,
    pub state: Option<DueState>,
    pub days_overdue: i64,
    /// A recurring on-duty step.
    pub recurring: bool,
    /// The departure step that needs every returned item back.
    pub checklist: bool,
}

/// One stage of the timeline, with the day it began (none for stages not reached).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    pub stage: Stage,
    pub since: Option<NaiveDate>,
    pub current: bool,
}

/// An action the person page (and `stage show`) offers, as the rules allow it now.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionOffer {
    pub action: LifecycleAction,
    /// What the button says.
    pub label: String,
    /// The action that moves the person to the next stage.
    pub primary: bool,
    /// Why it cannot be done now, in the office's language; `None` when it can.
    pub blocked: Option<String>,
    /// Putting on duty with required steps missing: possible only with a written reason.
    pub needs_override_reason: bool,
    /// Every reason, in the office's language: what blocks it, or what an override would skip.
    pub reasons: Vec<String>,
}

/// Everything the person page shows of the lifecycle.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LifecycleView {
    pub person_id: PersonId,
    pub stage: Stage,
    pub state: LifecycleState,
    pub timeline: Vec<TimelineEntry>,
    /// The current stage's steps (on duty: the recurring ones, and onboarding steps still missing).
    pub steps: Vec<StepView>,
    /// Every open obligation, each with its due date and rule.
    pub obligations: Vec<Obligation>,
    pub records: Vec<StepRecord>,
    pub trainings: Vec<TrainingAttendance>,
    pub events: Vec<PersonalEvent>,
    /// While departing: the decommissioning periods the office may choose from.
    pub decommissioning_options: Option<DecommissioningOptions>,
    /// The last day of the decommissioning period (after extensions), with its rule.
    pub decommissioning_end: Option<Deadline>,
    /// What can be done now, from the rules: the page and the CLI offer these, and only these.
    pub actions: Vec<ActionOffer>,
    /// The planned start date (onboarding steps are due by it), with its rule.
    pub planned_start: NaiveDate,
    pub policy_id: String,
    pub today: NaiveDate,
}

fn lifecycle_change(action: AuditAction, person: &Person, old: serde_json::Value, new: serde_json::Value) -> Change {
    Change {
        action,
        entity: AuditEntity::Lifecycle,
        entity_id: person.id.to_string(),
        person_id: Some(person.id),
        old: Some(old),
        new: Some(new),
    }
}

fn stage_tag(stage: Stage) -> serde_json::Value {
    serde_json::to_value(stage).unwrap_or_default()
}

fn step_views(record: &PersonRecord, policy: &Policy, open: &[Obligation], today: NaiveDate) -> Vec<StepView> {
    let stage = record.state.stage;
    let mut stages = vec![stage];
    if stage == Stage::OnDuty && !record.missing_steps(policy, Stage::Onboarding, today).is_empty() {
        stages.insert(0, Stage::Onboarding);
    }
    let mut out = Vec::new();
    for s in stages {
        for step in policy.steps(s) {
            if s != stage && record.is_done(step, today) {
                continue;
            }
            let ob = open.iter().find(|o| o.step_id == step.id && o.kind != ObligationKind::TrainingHours);
            out.push(StepView {
                step_id: step.id.clone(),
                stage: s,
                name_zh: step.name_zh.clone(),
                name_en: step.name_en.clone(),
                required: step.required,
                form: step.form,
                citation: step.citation.clone(),
                done_on: record.last_completion(step, policy, today),
                due: ob.map(|o| o.due.clone()),
                state: ob.and_then(|o| o.state),
                days_overdue: ob.map(|o| o.days_overdue).unwrap_or(0),
                recurring: !step.every.is_empty(),
                checklist: step.checklist,
            });
        }
    }
    out
}

impl Office {
    /// The person page's lifecycle panel.
    pub async fn lifecycle(&self, id: PersonId) -> AppResult<LifecycleView> {
        self.allow(Operation::Read).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let person = self.person(id).await?;
        let record = self.store.lifecycle_record(&person).await?;
        let events = self.store.personal_events(person.id).await?;
        let open = obligations(&record, &policy, &cal, today);
        let steps = step_views(&record, &policy, &open, today);
        let reached: Vec<(Stage, NaiveDate)> = record.timeline();
        let timeline = Stage::ALL
            .iter()
            .map(|s| TimelineEntry {
                stage: *s,
                since: reached.iter().find(|(r, _)| r == s).map(|(_, d)| *d),
                current: *s == record.state.stage,
            })
            .collect();
        let lang = self.lang().await;
        // An archived person's record, or a register open read-only, takes no action.
        let frozen = person.archived.is_some() || self.store.is_read_only();
        // Putting someone on duty with steps missing is the approver's: for another role the
        // offer is blocked with the reason, not a field the backend would refuse.
        let override_refused = self.signed_in().map(|a| refused(a.role, Operation::OverrideOnboarding));
        let may_override = self.may(Operation::OverrideOnboarding);
        let actions = available_actions(&record, &policy, &cal, today)
            .into_iter()
            .filter(|_| !frozen)
            .map(|a| {
                let blocked = match (&a.blocked, &override_refused) {
                    (None, Some(refusal)) if a.needs_override_reason && !may_override => Some(refusal.to_api(lang).message),
                    _ => a.blocked.map(|e| e.message(lang)),
                };
                ActionOffer {
                    label: a.action.words(&policy, lang),
                    action: a.action,
                    primary: a.primary,
                    blocked,
                    needs_override_reason: a.needs_override_reason && may_override,
                    reasons: a.reasons.iter().map(|e| e.message(lang)).collect(),
                }
            })
            .collect();
        let options = match (&record.state.stage, &record.state.departure) {
            (Stage::Departing, Some(d)) => decommissioning_options(&record, &policy, &cal, d.date).ok(),
            _ => None,
        };
        Ok(LifecycleView {
            person_id: person.id,
            stage: record.state.stage,
            state: record.state.clone(),
            timeline,
            steps,
            obligations: open,
            records: record.steps.clone(),
            trainings: record.trainings.clone(),
            events,
            decommissioning_options: options,
            decommissioning_end: record.state.decommissioning.as_ref().map(|d| d.deadline()),
            actions,
            planned_start: record.planned_start,
            policy_id: policy.id.clone(),
            today,
        })
    }

    /// Records a step as done on `done_on`.
    pub async fn record_step(&self, id: PersonId, step_id: &str, done_on: NaiveDate, note: &str) -> AppResult<LifecycleView> {
        self.allow(Operation::RecordSteps).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        self.write(async |tx| {
            let person = load_person(tx, id, today).await?;
            not_archived(&person)?;
            let record = tx.lifecycle_record(&person).await?;
            let step = record_step(&record, &policy, step_id, done_on, &operator, note, today)?;
            tx.insert_step(person.id, &step).await?;
            let change = lifecycle_change(
                AuditAction::LifecycleStep,
                &person,
                json!({ "stage": stage_tag(record.state.stage) }),
                json!({ "step": step.step_id, "done_on": step.done_on, "note": step.note }),
            );
            Ok(((), vec![change]))
        })
        .await?;
        self.lifecycle(id).await
    }

    /// Moves a person to the next stage (or extends the decommissioning period). A refusal writes
    /// nothing; an override of missing onboarding steps writes its reason to the audit trail.
    pub async fn advance(&self, id: PersonId, request: &Transition) -> AppResult<LifecycleView> {
        self.allow(Operation::RecordSteps).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        // Whether an override is needed is known only inside the write: refused there, recorded after.
        let may_override = self.may(Operation::OverrideOnboarding);
        let written = self
            .write(async |tx| {
                let person = load_person(tx, id, today).await?;
                not_archived(&person)?;
                let record = tx.lifecycle_record(&person).await?;
                let advanced = advance(&record, request, &policy, &cal, today)?;
                if advanced.overridden.is_some() && !may_override {
                    return Err(FieldError::general("access.refused").into());
                }
                tx.save_lifecycle(person.id, &advanced.state).await?;
                let action = match request {
                    Transition::StartDuty { .. } if advanced.overridden.is_some() => AuditAction::LifecycleOnDutyOverride,
                    Transition::StartDuty { .. } => AuditAction::LifecycleOnDuty,
                    Transition::Depart { .. } => AuditAction::LifecycleDepart,
                    Transition::StartDecommissioning { .. } => AuditAction::LifecycleDecommissioning,
                    Transition::ExtendDecommissioning { .. } => AuditAction::LifecycleExtend,
                    Transition::Release { .. } => AuditAction::LifecycleRelease,
                };
                let mut new = json!({ "stage": stage_tag(advanced.state.stage), "request": request, "policy": policy.id });
                if let Some(o) = &advanced.overridden {
                    new["override_reason"] = json!(o.reason);
                    new["missing_steps"] = json!(o.missing);
                }
                if let Some(d) = &advanced.deadline {
                    new["due"] = json!(d.date);
                    new["rule"] = json!(d.rule_id);
                }
                let change = lifecycle_change(action, &person, json!({ "stage": stage_tag(record.state.stage) }), new);
                Ok(((), vec![change]))
            })
            .await;
        match written {
            Err(e) if e.code() == "access.refused" => return Err(self.refusal(Operation::OverrideOnboarding).await),
            other => other?,
        }
        self.lifecycle(id).await
    }

    /// Replaces the departure's returned-items checklist (while departing).
    pub async fn set_returned_items(&self, id: PersonId, items: &[ReturnedItem]) -> AppResult<LifecycleView> {
        self.allow(Operation::RecordSteps).await?;
        let today = self.today();
        self.write(async |tx| {
            let person = load_person(tx, id, today).await?;
            not_archived(&person)?;
            let record = tx.lifecycle_record(&person).await?;
            let state = set_returned_items(&record, items, today)?;
            let items_of = |s: &LifecycleState| s.departure.as_ref().map(|d| d.items.clone()).unwrap_or_default();
            tx.save_lifecycle(person.id, &state).await?;
            let change = lifecycle_change(
                AuditAction::LifecycleItems,
                &person,
                json!({ "items": items_of(&record.state) }),
                json!({ "items": items_of(&state) }),
            );
            Ok(((), vec![change]))
        })
        .await?;
        self.lifecycle(id).await
    }

    /// Records one training session for many people, in one transaction: every attendee is
    /// checked first, and one refused attendee refuses the whole session.
    pub async fn add_training(&self, session: &TrainingSession, attendees: &[PersonId]) -> AppResult<usize> {
        self.allow(Operation::RecordSteps).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let operator = self.operator().await?;
        let session = session.validate(&policy, attendees.len(), today)?;
        self.write(async |tx| {
            let mut ids: Vec<PersonId> = Vec::new();
            let mut changes = Vec::new();
            for &id in attendees {
                let person = load_person(tx, id, today).await?;
                not_archived(&person)?;
                let record = tx.lifecycle_record(&person).await?;
                if record.state.stage == Stage::Released {
                    return Err(FieldError::new("attendees", "lifecycle.released").into());
                }
                if !ids.contains(&person.id) {
                    ids.push(person.id);
                    changes.push(lifecycle_change(
                        AuditAction::LifecycleTraining,
                        &person,
                        json!({}),
                        json!({ "date": session.date, "topic": session.topic, "hours": session.hours, "category": session.category }),
                    ));
                }
            }
            tx.insert_training(&session, &operator, &ids).await?;
            Ok((ids.len(), changes))
        })
        .await
    }

    /// Records a reportable personal event.
    pub async fn add_personal_event(&self, id: PersonId, event: &PersonalEvent) -> AppResult<LifecycleView> {
        self.allow(Operation::RecordSteps).await?;
        let today = self.today();
        let operator = self.operator().await?;
        self.write(async |tx| {
            let person = load_person(tx, id, today).await?;
            not_archived(&person)?;
            let record = tx.lifecycle_record(&person).await?;
            let event = PersonalEvent { recorded_by: operator.clone(), ..event.validate(&record, today)? };
            tx.insert_personal_event(person.id, &event).await?;
            let change = lifecycle_change(
                AuditAction::LifecycleEvent,
                &person,
                json!({}),
                json!({ "kind": event.kind, "date": event.date, "action_taken": event.action_taken }),
            );
            Ok(((), vec![change]))
        })
        .await?;
        self.lifecycle(id).await
    }
}
