//! The dashboard's commands: the reminders on a day, acknowledge, snooze, undo, record several
//! done at once, the calendar export.

use chrono::NaiveDate;
use tauri::State;

use super::files::chosen_path;
use super::forms::write_file;
use super::{reply, Reply};
use crate::office::{Office, ReminderBoard, ReminderFilter, ReminderRow, RemindersDone};

#[tauri::command]
pub async fn reminders_board(office: State<'_, Office>, as_of: Option<NaiveDate>, filter: ReminderFilter) -> Reply<ReminderBoard> {
    let board = reply(&office, office.reminder_board(as_of, &filter).await).await;
    crate::trace::mark("dashboard-data");
    board
}

#[tauri::command]
pub async fn reminder_ack(office: State<'_, Office>, id: String, note: String) -> Reply<ReminderRow> {
    reply(&office, office.acknowledge_reminder(&id, &note).await).await
}

#[tauri::command]
pub async fn reminder_snooze(office: State<'_, Office>, id: String, until: NaiveDate) -> Reply<ReminderRow> {
    reply(&office, office.snooze_reminder(&id, until).await).await
}

/// Records the steps of the chosen reminders done, all or none.
#[tauri::command]
pub async fn reminders_record_done(office: State<'_, Office>, ids: Vec<String>, done_on: NaiveDate, note: String) -> Reply<RemindersDone> {
    reply(&office, office.record_reminders_done(&ids, done_on, &note).await).await
}

#[tauri::command]
pub async fn reminder_unack(office: State<'_, Office>, id: String) -> Reply<ReminderRow> {
    reply(&office, office.cancel_reminder_ack(&id).await).await
}

/// Writes the calendar export where the clerk chose in the save dialog and returns where it went;
/// with `names` ticked, each event names the person and cites the rule (see
/// [`Office::reminders_ics`]).
#[tauri::command]
pub async fn reminders_ics_save(office: State<'_, Office>, path: String, names: Option<bool>) -> Reply<String> {
    let result = async {
        let to = chosen_path(&path)?;
        let text = office.reminders_ics(None, names.unwrap_or(false)).await?;
        write_file(to, text.into_bytes()).await
    }
    .await;
    reply(&office, result).await
}
