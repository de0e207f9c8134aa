//! The window's lifecycle, training and policy commands: one `Office` operation each.

use chrono::NaiveDate;
use clearance_domain::lifecycle::{PersonalEvent, ReturnedItem, TrainingSession, Transition};
use clearance_domain::person::{PersonId, PersonSummary};
use clearance_domain::register::PeopleQuery;
use tauri::State;

use super::{reply, Reply};
use crate::office::{LifecycleView, Office, PolicyInfo, TrainingSessionsPage};

#[tauri::command]
pub async fn lifecycle_get(office: State<'_, Office>, id: PersonId) -> Reply<LifecycleView> {
    reply(&office, office.lifecycle(id).await).await
}

#[tauri::command]
pub async fn lifecycle_record_step(
    office: State<'_, Office>,
    id: PersonId,
    step_id: String,
    done_on: NaiveDate,
    note: String,
) -> Reply<LifecycleView> {
    reply(&office, office.record_step(id, &step_id, done_on, &note).await).await
}

#[tauri::command]
pub async fn lifecycle_advance(office: State<'_, Office>, id: PersonId, request: Transition) -> Reply<LifecycleView> {
    reply(&office, office.advance(id, &request).await).await
}

#[tauri::command]
pub async fn lifecycle_set_items(office: State<'_, Office>, id: PersonId, items: Vec<ReturnedItem>) -> Reply<LifecycleView> {
    reply(&office, office.set_returned_items(id, &items).await).await
}

#[tauri::command]
pub async fn lifecycle_add_event(office: State<'_, Office>, id: PersonId, event: PersonalEvent) -> Reply<LifecycleView> {
    reply(&office, office.add_personal_event(id, &event).await).await
}

#[tauri::command]
pub async fn training_add(office: State<'_, Office>, session: TrainingSession, attendees: Vec<PersonId>) -> Reply<usize> {
    reply(&office, office.add_training(&session, &attendees).await).await
}

/// Past training sessions with their attendees and hours, newest first.
#[tauri::command]
pub async fn training_sessions(office: State<'_, Office>, offset: u32, limit: u32) -> Reply<TrainingSessionsPage> {
    reply(&office, office.training_sessions(offset, limit).await).await
}

/// Everyone a query's filters match who can attend a session ("everyone of this unit / level").
#[tauri::command]
pub async fn people_pick(office: State<'_, Office>, query: PeopleQuery) -> Reply<Vec<PersonSummary>> {
    reply(&office, office.people_pick(&query).await).await
}

#[tauri::command]
pub async fn policy_info(office: State<'_, Office>) -> Reply<PolicyInfo> {
    reply(&office, office.policy_info().await).await
}

#[tauri::command]
pub async fn policy_select(office: State<'_, Office>, id: String) -> Reply<PolicyInfo> {
    let info = office.select_policy(&id).await;
    // Another policy: the reminders' projection starts its rebuild now, in the background, with
    // its progress shown (src-tauri/office/projection.rs).
    if info.is_ok() {
        let _ = office.ensure_people_view().await;
    }
    reply(&office, info).await
}

#[tauri::command]
pub async fn policy_load_file(office: State<'_, Office>, path: String) -> Reply<PolicyInfo> {
    let info = office.load_policy_file(&path).await;
    if info.is_ok() {
        let _ = office.ensure_people_view().await;
    }
    reply(&office, info).await
}
