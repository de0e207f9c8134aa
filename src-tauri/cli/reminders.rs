//! `reminders …`: the dashboard's list on the command line, acknowledge and snooze, the calendar
//! export, and the summary notification for a scheduled task.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use clearance_domain::deadline::DueState;
use clearance_domain::{FieldError, Lang};
use serde_json::json;

use super::output::Printer;
use crate::error::AppResult;
use crate::notify;
use crate::office::{Office, ReminderFilter, ReminderRow};

fn parse_state(s: &str) -> Result<DueState, String> {
    match s {
        "upcoming" => Ok(DueState::Upcoming),
        "due" => Ok(DueState::Due),
        "overdue" => Ok(DueState::Overdue),
        _ => Err(format!("expected upcoming, due or overdue, got {s:?}")),
    }
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RemindersArgs {
    #[command(subcommand)]
    pub command: Option<RemindersCommand>,
    /// The day to compute the reminders for (default today).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// upcoming, due or overdue.
    #[arg(long, value_parser = parse_state)]
    pub state: Option<DueState>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum RemindersCommand {
    /// Acknowledge a reminder (it leaves the list until its due date changes).
    Ack {
        /// The reminder's id, as `reminders --json` prints it.
        id: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Snooze a reminder until a day (it comes back that day).
    Snooze {
        id: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Undo the acknowledgement or snooze of a reminder.
    Unack {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write every open obligation as an iCalendar (.ics) file.
    Ics {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// Send the day's summary notification (for a scheduled task); at most one a day.
    Notify {
        /// Send it even if today's was already sent.
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
}

fn state_word(state: DueState, lang: Lang) -> &'static str {
    match (state, lang) {
        (DueState::Overdue, Lang::ZhCn) => "逾期",
        (DueState::Due, Lang::ZhCn) => "今日到期",
        (DueState::Upcoming, Lang::ZhCn) => "即将到期",
        (DueState::Overdue, Lang::En) => "overdue",
        (DueState::Due, Lang::En) => "due today",
        (DueState::Upcoming, Lang::En) => "upcoming",
    }
}

fn line(r: &ReminderRow, lang: Lang) -> String {
    let what = if lang == Lang::ZhCn { &r.what_zh } else { &r.what_en };
    let late = if r.days_overdue > 0 { format!(" (+{})", r.days_overdue) } else { String::new() };
    format!("{}  {}{late}  {} {}  {}  [{}]  {}", r.due_date, state_word(r.state, lang), r.staff_no, r.name, what, r.rule_id, r.id)
}

pub async fn run(office: &Office, args: RemindersArgs, out: &Printer) -> AppResult<()> {
    match args.command {
        None => {
            let filter = ReminderFilter { state: args.state, unit: args.unit, kind: None };
            let board = office.reminder_board(args.as_of, &filter).await?;
            if args.json {
                out.json_or(&json!({ "as_of": board.as_of, "reminders": board.rows, "summary": board.summary }), true, String::new);
            } else if board.rows.is_empty() {
                println!("{}", out.t("没有需要提醒的事项", "Nothing to remind of"));
            } else {
                for r in &board.rows {
                    println!("{}", line(r, out.lang));
                }
            }
            Ok(())
        }
        Some(RemindersCommand::Ack { id, note, json }) => {
            let row = office.acknowledge_reminder(&id, &note).await?;
            out.json_or(&row, json, || line(&row, out.lang));
            Ok(())
        }
        Some(RemindersCommand::Snooze { id, until, json }) => {
            let row = office.snooze_reminder(&id, until).await?;
            out.json_or(&row, json, || line(&row, out.lang));
            Ok(())
        }
        Some(RemindersCommand::Unack { id, json }) => {
            let row = office.cancel_reminder_ack(&id).await?;
            out.json_or(&row, json, || line(&row, out.lang));
            Ok(())
        }
        Some(RemindersCommand::Ics { out: path, as_of }) => {
            let text = office.reminders_ics(as_of).await?;
            std::fs::write(&path, text)
                .map_err(|e| FieldError::new("out", "form.save_failed").with("path", path.display()).with("detail", e.to_string()))?;
            println!("{}", path.display());
            Ok(())
        }
        Some(RemindersCommand::Notify { force, json }) => {
            let text = office.notification(force).await?;
            if let Some(t) = &text {
                notify::send(&t.title, &t.body).map_err(|e| FieldError::general("notify.failed").with("detail", e))?;
            }
            office.mark_notified().await?;
            let sent = text.is_some();
            out.json_or(&json!({ "sent": sent, "notification": text }), json, || match &text {
                Some(t) => format!("{}\n{}", t.title, t.body),
                None => out.t("今天没有新的到期事项", "Nothing newly due today").to_owned(),
            });
            Ok(())
        }
    }
}
