//! Registering, editing, re-grading and archiving people.

use chrono::NaiveDate;
use clearance_domain::access::Operation;
use clearance_domain::audit::Change;
use clearance_domain::history::AuditLine;
use clearance_domain::id_card::mask;
use clearance_domain::level::{level_at, validate_change};
use clearance_domain::lifecycle::Stage;
use clearance_domain::person::{validate_archive, validate_unarchive, Person, PersonId, PersonInput, PersonRef};
use clearance_domain::register::{PeoplePage, PeopleQuery};
use clearance_domain::sample::{sample_history, sample_people, sample_registered_on, sample_travel};
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::FieldError;
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use super::{load_person, not_archived, person_not_found, row_version, Office};
use crate::error::AppResult;
use crate::store::Versioned;

/// The person page: the person (their ID number masked: the whole number is read only through
/// [`Office::reveal_id_number`], which the audit trail records) and their history in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PersonDetail {
    pub person: Person,
    pub history: Vec<AuditLine>,
    /// The person's row version as this page was read: the edit dialog sends it back, and the
    /// edit is refused if another clerk changed the person since ([`Office::update_person_at`]).
    pub version: i64,
}

/// A person as the window and the CLI show them: the ID number masked.
fn shown(person: Person) -> Person {
    Person { id_number: mask(&person.id_number), ..person }
}

/// What the audit trail records of a person: every field the office can see or change.
fn snapshot(p: &Person) -> Value {
    json!({
        "name": p.name,
        "staff_no": p.staff_no,
        "id_number": p.id_number,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "unit": p.unit,
        "post": p.post,
        "level": p.level,
        "start_date": p.start_date,
        "phone": p.phone,
        "notes": p.notes,
        "archived_on": p.archived.as_ref().map(|a| a.on),
        "archive_reason": p.archived.as_ref().map(|a| a.reason.clone()),
    })
}

pub(super) fn person_change(action: AuditAction, old: Option<&Person>, new: &Person) -> Change {
    Change {
        action,
        entity: AuditEntity::Person,
        entity_id: new.id.to_string(),
        person_id: Some(new.id),
        old: old.map(snapshot),
        new: Some(snapshot(new)),
    }
}

/// A person added in bulk (an import, the sample) with the stage and the steps they came with:
/// recorded in their `person.add` entry, so the trail replay (`office/replay.rs`) can check the
/// lifecycle the tables hold against it.
pub(super) fn with_history(
    mut change: Change,
    state: &clearance_domain::lifecycle::LifecycleState,
    steps: &[clearance_domain::lifecycle::StepRecord],
) -> Change {
    if let Some(Value::Object(new)) = change.new.as_mut() {
        new.insert("stage".to_owned(), serde_json::to_value(state.stage).unwrap_or_default());
        if !steps.is_empty() {
            let steps: Vec<Value> = steps.iter().map(|s| json!({ "step": s.step_id, "done_on": s.done_on, "note": s.note })).collect();
            new.insert("steps".to_owned(), Value::Array(steps));
        }
    }
    change
}

impl Office {
    /// A page of the people table, each person with their stage and next due item (made
    /// current for today first: see [`Office::ensure_people_view`]; should that fail, the page
    /// shows what was stored rather than nothing).
    pub async fn people(&self, query: &PeopleQuery) -> AppResult<PeoplePage> {
        self.allow(Operation::Read).await?;
        let _ = self.ensure_people_view().await;
        Ok(self.store.people_on(query, Some(self.today())).await?)
    }

    pub async fn units(&self) -> AppResult<Vec<String>> {
        self.allow(Operation::Read).await?;
        Ok(self.store.units().await?)
    }

    pub async fn person(&self, id: PersonId) -> AppResult<Person> {
        self.allow(Operation::Read).await?;
        self.store.person(id, self.today()).await?.ok_or_else(|| person_not_found(id))
    }

    /// The person someone typed at the command line: a staff number, or an internal id as `#42`
    /// (see [`PersonRef`]). The window never calls this: it always holds the id.
    pub async fn resolve_person(&self, typed: &str) -> AppResult<PersonId> {
        self.allow(Operation::Read).await?;
        match PersonRef::parse(typed)? {
            PersonRef::Id(id) => Ok(self.person(id).await?.id),
            PersonRef::StaffNo(no) => self
                .store
                .person_id_by_staff_no(&no)
                .await?
                .ok_or_else(|| FieldError::new("person", "person.no_staff_no").with("value", no).into()),
        }
    }

    pub async fn person_detail(&self, id: PersonId) -> AppResult<PersonDetail> {
        self.allow(Operation::Read).await?;
        // The version before the data: a write between the two reads makes an edit from this
        // page refused, never accepted over a change the page does not show.
        let version = self.store.row_version(Versioned::Person, id.get()).await?.ok_or_else(|| person_not_found(id))?;
        let person = shown(self.person(id).await?);
        let history = self.person_history(id).await?;
        Ok(PersonDetail { person, history, version })
    }

    /// The whole ID number, for the one who asked to see it: the read is an audit entry of its
    /// own (who, when, whose; never the number itself).
    pub async fn reveal_id_number(&self, id: PersonId) -> AppResult<String> {
        self.allow(Operation::RevealId).await?;
        self.write(async |tx| {
            let number = tx.id_number(id).await?;
            let change = Change {
                action: AuditAction::PersonRevealId,
                entity: AuditEntity::Person,
                entity_id: id.to_string(),
                person_id: Some(id),
                old: None,
                new: None,
            };
            Ok((number, vec![change]))
        })
        .await
    }

    pub async fn add_person(&self, input: &PersonInput) -> AppResult<Person> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        let policy = self.policy().await?;
        let valid = input.validate(&self.person_rules(&policy, today), today, today)?;
        self.write(async |tx| {
            let id = tx.insert_person(&valid, today).await?;
            let person = load_person(tx, id, today).await?;
            let change = person_change(AuditAction::PersonAdd, None, &person);
            Ok((person, vec![change]))
        })
        .await
        .map(shown)
    }

    /// Edits a person's details. The level is not touched: re-grading is a dated change of its own.
    pub async fn update_person(&self, id: PersonId, input: &PersonInput) -> AppResult<Person> {
        self.update_person_at(id, input, None).await
    }

    /// [`Office::update_person`] from a screen that loaded the person at `version`
    /// ([`PersonDetail::version`]): refused, with who changed them and when, if another clerk
    /// changed them since; nothing is written then.
    pub async fn update_person_at(&self, id: PersonId, input: &PersonInput, version: Option<i64>) -> AppResult<Person> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        let policy = self.policy().await?;
        self.write(async |tx| {
            let old = load_person(tx, id, today).await?;
            // First: an edit from a page loaded before another clerk's change is refused as such.
            row_version::claim(tx, Versioned::Person, id.get(), id.get(), version).await?;
            not_archived(&old)?;
            // The window shows the ID number masked and sends it back empty unless it was retyped.
            let id_number = if input.id_number.trim().is_empty() { old.id_number.clone() } else { input.id_number.clone() };
            let input = PersonInput { level: old.level.0.clone(), id_number, ..input.clone() };
            let valid = input.validate(&self.person_rules(&policy, old.registered_on), old.registered_on, today)?;
            tx.update_person(id, &valid).await?;
            let new = load_person(tx, id, today).await?;
            let change = person_change(AuditAction::PersonEdit, Some(&old), &new);
            Ok((new, vec![change]))
        })
        .await
        .map(shown)
    }

    pub async fn set_level(&self, id: PersonId, level: &str, effective: NaiveDate, reason: &str) -> AppResult<Person> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        let policy = self.policy().await?;
        self.write(async |tx| {
            let old = load_person(tx, id, today).await?;
            not_archived(&old)?;
            let change = validate_change(&old.level_history, level, effective, reason, today, &policy.levels)?;
            row_version::claim(tx, Versioned::Person, id.get(), id.get(), None).await?;
            tx.insert_level_change(old.id, &change).await?;
            let mut history = old.level_history.clone();
            history.push(change.clone());
            let current = level_at(&history, today).cloned().unwrap_or(change.level.clone());
            tx.set_current_level(old.id, current.as_str()).await?;
            let new = load_person(tx, id, today).await?;
            let audit = Change {
                action: AuditAction::PersonLevel,
                entity: AuditEntity::Person,
                entity_id: old.id.to_string(),
                person_id: Some(old.id),
                old: Some(json!({ "level": level_at(&old.level_history, effective) })),
                new: Some(json!({ "level": change.level, "effective": change.effective, "reason": change.reason })),
            };
            Ok((new, vec![audit]))
        })
        .await
        .map(shown)
    }

    pub async fn archive(&self, id: PersonId, reason: &str) -> AppResult<Person> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        self.write(async |tx| {
            let old = load_person(tx, id, today).await?;
            let reason = validate_archive(&old, reason)?;
            row_version::claim(tx, Versioned::Person, id.get(), id.get(), None).await?;
            tx.set_archived(id, Some((today, &reason))).await?;
            let new = load_person(tx, id, today).await?;
            let change = person_change(AuditAction::PersonArchive, Some(&old), &new);
            Ok((new, vec![change]))
        })
        .await
        .map(shown)
    }

    pub async fn unarchive(&self, id: PersonId) -> AppResult<Person> {
        self.allow(Operation::EditPeople).await?;
        let today = self.today();
        self.write(async |tx| {
            let old = load_person(tx, id, today).await?;
            validate_unarchive(&old)?;
            row_version::claim(tx, Versioned::Person, id.get(), id.get(), None).await?;
            tx.set_archived(id, None).await?;
            let new = load_person(tx, id, today).await?;
            let change = person_change(AuditAction::PersonUnarchive, Some(&old), &new);
            Ok((new, vec![change]))
        })
        .await
        .map(shown)
    }

    /// Fills an empty register with the sample people, all or none. Refused once the register
    /// holds anyone: sample data must never mix with the office's real records.
    pub async fn load_sample(&self) -> AppResult<usize> {
        self.allow(Operation::Settings).await?;
        let today = self.today();
        if self.store.person_count().await? > 0 {
            return Err(FieldError::general("register.not_empty").into());
        }
        let people = sample_people(today);
        let policy = self.policy().await?;
        let cal = self.calendar(&policy);
        let rules = self.person_rules(&policy, today);
        let valid = people.iter().map(|p| p.validate(&rules, sample_registered_on(p, today), today)).collect::<Result<Vec<_>, _>>()?;
        let history = sample_history(&people, &policy, &cal, today);
        // Trips in every state, documents in and out of the safe, a post re-graded.
        let travel = sample_travel(&people, &history, &policy, &cal, today);
        let operator = self.operator().await?;
        self.write(async |tx| {
            let mut changes = Vec::with_capacity(valid.len() + 1);
            let mut ids = Vec::with_capacity(valid.len());
            for ((v, p), record) in valid.iter().zip(&people).zip(&history.records) {
                let id = tx.insert_person(v, sample_registered_on(p, today)).await?;
                for step in &record.steps {
                    tx.insert_step(id, step).await?;
                }
                if record.state.stage != Stage::Onboarding {
                    tx.save_lifecycle(id, &record.state).await?;
                }
                let person = load_person(tx, id, today).await?;
                changes.push(with_history(person_change(AuditAction::PersonAdd, None, &person), &record.state, &record.steps));
                ids.push(id);
            }
            // Each sample record has its entry, as if the office had recorded it: the trail
            // replay checks the sample register like any other.
            for s in &history.sessions {
                let attendees: Vec<PersonId> = s.attendees.iter().filter_map(|&i| ids.get(i).copied()).collect();
                tx.insert_training(&s.session, &operator, &attendees).await?;
                for &id in &attendees {
                    changes.push(Change {
                        action: AuditAction::LifecycleTraining,
                        entity: AuditEntity::Lifecycle,
                        entity_id: id.to_string(),
                        person_id: Some(id),
                        old: Some(json!({})),
                        new: Some(json!({
                            "date": s.session.date, "topic": s.session.topic, "hours": s.session.hours, "category": s.session.category
                        })),
                    });
                }
            }
            for c in &travel.level_changes {
                let Some(&id) = ids.get(c.person) else { continue };
                let before = load_person(tx, id, today).await?.level;
                tx.insert_level_change(id, &c.change).await?;
                tx.set_current_level(id, c.change.level.as_str()).await?;
                changes.push(Change {
                    action: AuditAction::PersonLevel,
                    entity: AuditEntity::Person,
                    entity_id: id.to_string(),
                    person_id: Some(id),
                    old: Some(json!({ "level": before })),
                    new: Some(json!({ "level": c.change.level, "effective": c.change.effective, "reason": c.change.reason })),
                });
            }
            let (documents, trips, travel_changes) = super::travel::insert_sample_travel(tx, &travel, &ids).await?;
            changes.extend(travel_changes);
            changes.push(Change {
                action: AuditAction::SampleHistories,
                entity: AuditEntity::Register,
                entity_id: "sample".to_owned(),
                person_id: None,
                old: None,
                new: Some(json!({
                    "steps": history.records.iter().map(|r| r.steps.len()).sum::<usize>(),
                    "training_sessions": history.sessions.len(),
                    "level_changes": travel.level_changes.len(),
                    "travel_documents": documents,
                    "trips": trips,
                })),
            });
            Ok((valid.len(), changes))
        })
        .await
    }
}
