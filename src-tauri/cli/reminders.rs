//! `reminders …`: the dashboard's list on the command line, acknowledge and snooze, record
//! several done at once, the calendar export, and the summary notification for a scheduled task.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use clearance_domain::deadline::DueState;
use clearance_domain::terms::Term;
use clearance_domain::{FieldError, Lang};
use serde_json::json;

use super::args::term;
use super::output::{say, Printer};
use crate::error::AppResult;
use crate::notify;
use crate::office::{Office, ReminderFilter, ReminderRow};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RemindersArgs {
    #[command(subcommand)]
    pub command: Option<RemindersCommand>,
    /// The day to compute the reminders for (default today).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
    pub as_of: Option<NaiveDate>,
    /// upcoming, due or overdue.
    #[arg(long, value_parser = term::<DueState>(&[]))]
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
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        until: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Record the steps of one or more reminders done on a day (everyone who attended a
    /// session, say): all of them or, when one is refused, none, each refused person named.
    Done {
        /// The reminders' ids (as `reminders --json` prints them) or handles.
        #[arg(required = true)]
        ids: Vec<String>,
        /// The day they were done (default today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Undo the acknowledgement or snooze of a reminder.
    Unack {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write every open obligation as an iCalendar (.ics) file: each event names the person by
    /// staff number and the item only, unless --names is given.
    Ics {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        /// Name each person (name and staff number) and cite each rule and its source, which can
        /// reveal the person's level.
        #[arg(long)]
        names: bool,
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        as_of: Option<NaiveDate>,
    },
    /// Rebuild the reminders' projection (what the dashboard reads) from the records, for today
    /// and the policy in force; progress on stderr.
    Rebuild {
        #[arg(long)]
        json: bool,
    },
    /// Compare the reminders' projection with a full recomputation from the records on a day
    /// (default today): exit 0 when they agree; otherwise each difference, and exit 1.
    Check {
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
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

/// A reminder on one line: due date, state, who, what, the source of the date, and the handle
/// that `reminders ack|snooze|unack` take.
fn line(r: &ReminderRow, lang: Lang) -> String {
    let (what, citation) = match lang {
        Lang::ZhCn => (&r.what_zh, &r.citation.zh),
        Lang::En => (&r.what_en, &r.citation.en),
    };
    let late = if r.days_overdue > 0 { format!(" (+{})", r.days_overdue) } else { String::new() };
    format!("{}  {}{late}  {} {}  {}  [{citation}]  {}", r.due_date, r.state.word(lang), r.staff_no, r.name, what, r.handle)
}

pub async fn run(office: &Office, args: RemindersArgs, out: &Printer) -> AppResult<()> {
    match args.command {
        None => {
            // Every row, without the offers (the window's buttons) that a listing does not show.
            let filter = ReminderFilter { state: args.state, unit: args.unit, kind: None, limit: None };
            let board = office.reminder_list(args.as_of, &filter).await?;
            if args.json {
                // Written straight from the rows (no JSON tree built first: 59,000 rows on a large register).
                #[derive(serde::Serialize)]
                struct Listing<'a> {
                    as_of: NaiveDate,
                    reminders: &'a [ReminderRow],
                    summary: &'a clearance_domain::reminders::ReminderSummary,
                }
                let listing = Listing { as_of: board.as_of, reminders: &board.rows, summary: &board.summary };
                out.json_or(&listing, true, String::new);
            } else if board.rows.is_empty() {
                say!("{}", out.text("cli.nothing_to_remind_of"));
            } else {
                for r in &board.rows {
                    say!("{}", line(r, out.lang));
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
        Some(RemindersCommand::Done { ids, date, note, json }) => {
            let done = office.record_reminders_done(&ids, date.unwrap_or_else(|| office.today()), &note).await?;
            out.json_or(&done, json, || {
                FieldError::general("cli.reminders_done").with("n", done.done.len()).with("people", done.people).message(out.lang)
            });
            Ok(())
        }
        Some(RemindersCommand::Unack { id, json }) => {
            let row = office.cancel_reminder_ack(&id).await?;
            out.json_or(&row, json, || line(&row, out.lang));
            Ok(())
        }
        Some(RemindersCommand::Ics { out: path, as_of, names }) => {
            let text = office.reminders_ics(as_of, names).await?;
            std::fs::write(&path, text)
                .map_err(|e| FieldError::new("out", "form.save_failed").with("path", path.display()).with("detail", e.to_string()))?;
            say!("{}", path.display());
            Ok(())
        }
        Some(RemindersCommand::Rebuild { json }) => {
            let lang = out.lang;
            let step = std::sync::atomic::AtomicU64::new(0);
            let done = office
                .rebuild_projection(|n, total| {
                    // A line now and then: at the start, every tenth and the end.
                    let tenth = (total / 10).max(1);
                    if n == 0 || n == total || n / tenth != step.load(std::sync::atomic::Ordering::Relaxed) {
                        step.store(n / tenth, std::sync::atomic::Ordering::Relaxed);
                        eprintln!(
                            "{}",
                            FieldError::general("cli.projection_rebuilding").with("done", n).with("total", total).message(lang)
                        );
                    }
                })
                .await?;
            let code = if done.built { "cli.projection_rebuilt" } else { "cli.projection_not_built" };
            out.json_or(&done, json, || FieldError::general(code).with("people", done.people).with("rows", done.rows).message(lang));
            Ok(())
        }
        Some(RemindersCommand::Check { as_of, json }) => {
            let check = office.check_projection(as_of).await?;
            let lang = out.lang;
            out.json_or(&check, json, || {
                let mut text = if check.is_equal() {
                    FieldError::general("cli.projection_equal")
                } else {
                    FieldError::general("cli.projection_differs").with("n", check.differences.len())
                }
                .with("as_of", check.as_of)
                .with("people", check.people_compared)
                .with("rows", check.rows_compared)
                .message(lang);
                for d in &check.differences {
                    text.push_str("\n  ");
                    text.push_str(d);
                }
                text
            });
            if !check.is_equal() {
                // Differences are a finding, not a refusal: exit 1, what was printed says why.
                use std::io::Write;
                let _ = std::io::stdout().flush();
                std::process::exit(1);
            }
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
                None => out.text("cli.nothing_newly_due_today").to_owned(),
            });
            Ok(())
        }
    }
}
