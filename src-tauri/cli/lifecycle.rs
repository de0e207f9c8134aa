//! The lifecycle, training and policy subcommands: `step done`, `stage show|advance|extend`,
//! `depart`, `returned`, `release`, `training add`, `event add`, `policy check|show|select|load|export`.

use chrono::NaiveDate;
use clap::Subcommand;
use clearance_domain::deadline::Period;
use clearance_domain::lifecycle::{DepartureKind, LifecycleAction, PersonalEvent, ReturnedItem, Stage, TrainingSession, Transition};
use clearance_domain::policy::Policy;
use clearance_domain::{FieldError, Lang};

use super::output::{self, say, Printer};
use crate::error::AppResult;
use crate::office::{read_policy_file, LifecycleView, Office, PolicyInfo};

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).ok_or_else(|| format!("expected a period such as \"6 months\" or \"1 year\", got {s:?}"))
}

/// `ITEM;CLASSIFICATION;NUMBER;RECEIVED_BY;YYYY-MM-DD` (the last two empty while it is still out).
fn parse_item(s: &str) -> Result<ReturnedItem, String> {
    let parts: Vec<&str> = s.split(';').map(str::trim).collect();
    if parts.len() != 5 {
        return Err(format!("expected ITEM;CLASSIFICATION;NUMBER;RECEIVED_BY;DATE, got {s:?}"));
    }
    let returned_on = match parts[4] {
        "" => None,
        d => Some(super::args::date_arg(d)?),
    };
    Ok(ReturnedItem {
        item: parts[0].to_owned(),
        classification: parts[1].to_owned(),
        number: parts[2].to_owned(),
        received_by: parts[3].to_owned(),
        returned_on,
    })
}

#[derive(Subcommand, Debug)]
pub enum StepCommand {
    /// Record a step of the person's current stage as done.
    Done {
        /// The person's staff number (or #ID for the register's internal id).
        person: String,
        /// The step's id in the policy (see `policy show`).
        step: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: NaiveDate,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum StageCommand {
    /// The person's stage, the current stage's steps with due dates and the rule behind each.
    Show {
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// Move to the next stage: onboarding → on duty (--date, --override-reason when steps are
    /// missing), departing → decommissioning (--period, --receiving-org), decommissioning →
    /// released (--date). On duty → departing is `depart`.
    Advance {
        person: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: Option<NaiveDate>,
        /// Go on duty although required onboarding steps are missing (recorded in the audit trail).
        #[arg(long = "override-reason")]
        override_reason: Option<String>,
        /// The decommissioning period, within the policy's range for the level (default: its upper bound).
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// The organisation the decommissioning period is handed over to.
        #[arg(long = "receiving-org")]
        receiving_org: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Extend the decommissioning period.
    Extend {
        person: String,
        #[arg(long, value_parser = parse_period)]
        by: Period,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TrainingCommand {
    /// Record one session for many people at once (all or none).
    Add {
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: NaiveDate,
        #[arg(long, default_value = "")]
        topic: String,
        #[arg(long)]
        hours: u32,
        /// The training category (see `policy show`), e.g. security.
        #[arg(long)]
        category: String,
        /// The attendees' staff numbers (or #ID for internal ids).
        #[arg(required = true)]
        people: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum EventCommand {
    /// Record a reportable personal event.
    Add {
        person: String,
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        date: NaiveDate,
        #[arg(long = "action", default_value = "")]
        action_taken: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Check a policy file; prints the line and field of the first fault (exit code 2).
    Check {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// The policy in force: levels, steps, periods and the rule id behind each.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Select a shipped policy (prc-2024, us-nispom).
    Select {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Load and select the office's own policy file (a bad file changes nothing).
    Load {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Print a shipped policy's file, to copy and edit.
    Export { id: String },
}

pub async fn step(office: &Office, cmd: StepCommand, out: &Printer) -> AppResult<()> {
    let StepCommand::Done { person, step, date, note, json } = cmd;
    let view = office.record_step(office.resolve_person(&person).await?, &step, date, &note).await?;
    print_view(out, &view, json);
    Ok(())
}

pub async fn stage(office: &Office, cmd: StageCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        StageCommand::Show { person, json } => {
            let view = office.lifecycle(office.resolve_person(&person).await?).await?;
            print_view(out, &view, json);
        }
        StageCommand::Advance { person, date, override_reason, period, receiving_org, json } => {
            let person = office.resolve_person(&person).await?;
            let current = office.lifecycle(person).await?;
            let date = date.unwrap_or_else(|| office.today());
            // The move to the next stage the rules offer now (a blocked one is still asked for,
            // so the refusal names every reason).
            let offered = |a: &LifecycleAction| current.actions.iter().any(|o| &o.action == a);
            let request = if offered(&LifecycleAction::StartDuty) {
                Transition::StartDuty { date, override_reason }
            } else if offered(&LifecycleAction::StartDecommissioning) {
                Transition::StartDecommissioning { period, receiving_organisation: receiving_org }
            } else if offered(&LifecycleAction::Release) {
                Transition::Release { date }
            } else if offered(&LifecycleAction::Depart) {
                // On duty, the next stage is a departure, whose kind `depart` names.
                return Err(FieldError::general("lifecycle.use_depart").into());
            } else {
                return Err(FieldError::general("lifecycle.nothing_next").with("stage", current.stage.name(out.lang)).into());
            };
            let view = office.advance(person, &request).await?;
            print_view(out, &view, json);
        }
        StageCommand::Extend { person, by, reason, json } => {
            let view = office.advance(office.resolve_person(&person).await?, &Transition::ExtendDecommissioning { by, reason }).await?;
            print_view(out, &view, json);
        }
    }
    Ok(())
}

pub async fn depart(office: &Office, person: String, kind: DepartureKind, date: NaiveDate, json: bool, out: &Printer) -> AppResult<()> {
    let view = office.advance(office.resolve_person(&person).await?, &Transition::Depart { kind, date }).await?;
    print_view(out, &view, json);
    Ok(())
}

pub async fn returned(office: &Office, person: String, items: Vec<String>, json: bool, out: &Printer) -> AppResult<()> {
    let mut parsed = Vec::new();
    for (n, i) in items.iter().enumerate() {
        parsed.push(parse_item(i).map_err(|_| FieldError::new(format!("items.{n}"), "lifecycle.item_incomplete"))?);
    }
    let view = office.set_returned_items(office.resolve_person(&person).await?, &parsed).await?;
    print_view(out, &view, json);
    Ok(())
}

pub async fn release(office: &Office, person: String, date: Option<NaiveDate>, json: bool, out: &Printer) -> AppResult<()> {
    let date = date.unwrap_or_else(|| office.today());
    let view = office.advance(office.resolve_person(&person).await?, &Transition::Release { date }).await?;
    print_view(out, &view, json);
    Ok(())
}

pub async fn training(office: &Office, cmd: TrainingCommand, out: &Printer) -> AppResult<()> {
    let TrainingCommand::Add { date, topic, hours, category, people, json } = cmd;
    let mut attendees = Vec::with_capacity(people.len());
    for typed in &people {
        attendees.push(office.resolve_person(typed).await?);
    }
    let n = office.add_training(&TrainingSession { date, topic, hours, category }, &attendees).await?;
    out.json_or(&serde_json::json!({ "attendees": n }), json, || n.to_string());
    Ok(())
}

pub async fn event(office: &Office, cmd: EventCommand, out: &Printer) -> AppResult<()> {
    let EventCommand::Add { person, kind, date, action_taken, json } = cmd;
    let view = office
        .add_personal_event(office.resolve_person(&person).await?, &PersonalEvent { kind, date, action_taken, recorded_by: String::new() })
        .await?;
    print_view(out, &view, json);
    Ok(())
}

pub async fn policy(office: &Office, cmd: PolicyCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        PolicyCommand::Check { file, json } => {
            let p = read_policy_file(&file)?;
            out.json_or(&serde_json::json!({ "ok": true, "id": p.id, "version": p.version }), json, || {
                format!("{} {} {}", out.text("cli.policy_file_is_valid"), p.id, p.version)
            });
        }
        PolicyCommand::Show { json } => {
            let policy = office.policy().await?;
            if json {
                out.json_or(&*policy, true, String::new);
            } else {
                print_policy(out, &policy);
            }
        }
        PolicyCommand::Select { id, json } => {
            let info = office.select_policy(&id).await?;
            print_info(out, &info, json);
        }
        PolicyCommand::Load { file, json } => {
            let info = office.load_policy_file(&file).await?;
            print_info(out, &info, json);
        }
        PolicyCommand::Export { id } => match Policy::builtin_text(&id) {
            Some(text) => output::write_out(text),
            None => return Err(FieldError::new("policy", "policy.unknown").with("value", &id).into()),
        },
    }
    Ok(())
}

fn print_info(out: &Printer, info: &PolicyInfo, json: bool) {
    out.json_or(info, json, || {
        let name = if out.lang == Lang::ZhCn { &info.name_zh } else { &info.name_en };
        format!("{} {} ({name})", info.id, info.version)
    });
}

fn print_policy(out: &Printer, p: &Policy) {
    let lang = out.lang;
    say!("{} {} — {}", p.id, p.version, p.name(lang));
    say!("{} {}", out.text("cli.holiday_calendar"), p.calendar);
    say!("{}", out.text("cli.levels"));
    for l in &p.levels {
        say!("  {:<12} {}", l.id.as_str(), l.name(lang));
    }
    for stage in Stage::ALL {
        let steps = p.steps(stage);
        if steps.is_empty() {
            continue;
        }
        say!("{}:", stage.name(lang));
        for s in steps {
            let req = if s.required { "*" } else { " " };
            let cite = if lang == Lang::ZhCn { &s.citation.zh } else { &s.citation.en };
            say!("  {req} {:<24} {}  [{cite}]", s.id, s.name(lang));
            if let Some(c) = &s.training_category {
                say!("      {} {c}", out.text("cli.training_category"));
            }
        }
    }
    say!("{}", out.text("cli.period_rules"));
    for r in p.period_rules() {
        say!("  {:<36} {}", r.id, r.period.describe(lang));
    }
}

fn print_view(out: &Printer, v: &LifecycleView, json: bool) {
    if json {
        return out.json_or(v, true, String::new);
    }
    let lang = out.lang;
    say!("{} {}", out.text("cli.stage"), v.stage.name(lang));
    for t in &v.timeline {
        if let Some(since) = t.since {
            say!("  {} {}  {}", if t.current { "▶" } else { "✓" }, since, t.stage.name(lang));
        }
    }
    if let Some(d) = &v.decommissioning_end {
        let cite = if lang == Lang::ZhCn { &d.citation.zh } else { &d.citation.en };
        say!("{} {}  [{cite}]", out.text("cli.decommissioning_ends"), d.date);
    }
    for s in &v.steps {
        let name = if lang == Lang::ZhCn { &s.name_zh } else { &s.name_en };
        let done = s.done_on.map(|d| format!("{} {d}", out.text("cli.done"))).unwrap_or_else(|| out.text("cli.not_done").to_owned());
        let due = s
            .due
            .as_ref()
            .map(|d| {
                let cite = if lang == Lang::ZhCn { &d.citation.zh } else { &d.citation.en };
                format!("  {} {}  [{cite}]", out.text("cli.due"), d.date)
            })
            .unwrap_or_default();
        say!("  {} {:<24} {done}{due}", if s.required { "*" } else { " " }, name);
    }
}
