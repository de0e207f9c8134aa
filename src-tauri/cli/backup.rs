//! `backup …` and `restore FILE`: the whole register as one file and back (office/backup.rs).
//!
//! CLI commands never take the day's automatic backup on their own: a script that runs a
//! hundred commands must not wait seconds for a copy of a large register on the first of them.
//! The window takes it in the background; an office that works from the command line only
//! schedules `backup auto` (cron, Task Scheduler), which takes it when it is due.

use std::path::PathBuf;

use chrono::Local;
use clap::{Args, Subcommand};

use super::output::Printer;
use crate::error::AppResult;
use crate::office::{BackupReport, BackupSettings, Office};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// A new file to write the backup to, or a folder to write it in (default: the backup folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Take the day's automatic backup if it is not taken yet (for a scheduled task), then keep
    /// only the last N automatic backups.
    Auto {
        #[arg(long)]
        json: bool,
    },
    /// The last backup, where automatic backups go and how many are kept.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Choose where automatic backups go and how many are kept.
    Settings {
        /// An existing folder (its full path).
        #[arg(long, value_name = "FOLDER", conflicts_with = "default_folder")]
        folder: Option<String>,
        /// Back to `backups` beside the register.
        #[arg(long = "default-folder")]
        default_folder: bool,
        /// How many automatic backups are kept (1–365).
        #[arg(long)]
        keep: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

fn report_lines(report: &BackupReport, out: &Printer) -> String {
    let mut text = report.message.clone();
    for removed in &report.removed {
        text.push_str(&format!("\n{} {removed}", out.text("cli.backup_removed")));
    }
    text
}

fn status_lines(s: &BackupSettings, out: &Printer) -> String {
    let last = match &s.last {
        None => out.text("cli.backup_none"),
        Some(l) => {
            let when = l.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
            let outcome = if l.ok { out.text("cli.backup_ok") } else { out.text("cli.backup_failed") };
            let why = l.failure.as_deref().map(|f| format!("\n  {f}")).unwrap_or_default();
            format!("{when}  {outcome}  {}{why}", l.path)
        }
    };
    let mut text = format!(
        "{} {last}\n{} {}\n{} {}",
        out.text("cli.backup_last"),
        out.text("cli.backup_folder"),
        s.folder,
        out.text("cli.backup_keep"),
        s.keep
    );
    if let Some(w) = &s.warning {
        text.push_str(&format!("\n{w}"));
    }
    text
}

pub async fn backup(office: &Office, args: BackupArgs, out: &Printer) -> AppResult<()> {
    match args.command {
        None => {
            let to = args.out.map(|p| p.display().to_string());
            let report = office.backup(to.as_deref()).await?;
            out.json_or(&report, args.json, || report_lines(&report, out));
        }
        Some(BackupCommand::Auto { json }) => match office.auto_backup().await? {
            Some(report) => out.json_or(&report, json, || report_lines(&report, out)),
            None => out.json_or(&serde_json::Value::Null, json, || out.text("cli.backup_not_due")),
        },
        Some(BackupCommand::Status { json }) => {
            let settings = office.backup_settings().await?;
            out.json_or(&settings, json, || status_lines(&settings, out));
        }
        Some(BackupCommand::Settings { folder, default_folder, keep, json }) => {
            let current = office.backup_settings().await?;
            let folder = match (folder, default_folder) {
                (Some(f), _) => Some(f),
                (None, true) => None,
                (None, false) => current.custom_folder.then_some(current.folder),
            };
            let settings = office.set_backup_settings(folder.as_deref(), keep.unwrap_or(current.keep)).await?;
            out.json_or(&settings, json, || status_lines(&settings, out));
        }
    }
    Ok(())
}

pub async fn restore(office: &Office, file: PathBuf, json: bool, out: &Printer) -> AppResult<()> {
    let report = office.restore(&file.display().to_string()).await?;
    out.json_or(&report, json, || report.message.clone());
    Ok(())
}
