//! `export …`: a list written as an Excel workbook or CSV, filtered as its own list command
//! filters it (`person list`, `reminders`, `trip list`, `doc list`, `form list`). Every export is
//! an audit entry; ID numbers are masked unless `--with-id-numbers`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use clearance_domain::deadline::DueState;
use clearance_domain::export::ExportFormat;
use clearance_domain::lifecycle::Stage;
use clearance_domain::register::PeopleQuery;
use clearance_domain::terms::Term;
use clearance_domain::travel::document::DocumentStatus;
use clearance_domain::travel::trip::TripState;

use super::args::{term, SortArg};
use super::output::Printer;
use crate::error::AppResult;
use crate::office::{ExportRequest, Office, ReminderFilter};
use crate::store::FormsQuery;

/// Where the list goes and as what.
#[derive(Args, Debug)]
pub struct FileArgs {
    /// The file to write (replaced if it is there; its folder must exist).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// xlsx or csv (default: from the file name's extension).
    #[arg(long, value_parser = term::<ExportFormat>(&[("excel", "xlsx")]))]
    format: Option<ExportFormat>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The register of people with the roster's columns (the file imports again). Filters as
    /// `person list`; every person they match, not one page.
    People {
        #[command(flatten)]
        file: FileArgs,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        level: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_parser = term::<Stage>(&[]))]
        stage: Option<Stage>,
        /// Include archived people.
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value = "name")]
        sort: SortArg,
        #[arg(long)]
        desc: bool,
        /// Write whole ID numbers instead of masked ones (recorded in the audit trail).
        #[arg(long = "with-id-numbers")]
        with_id_numbers: bool,
    },
    /// The reminders, as `reminders` lists them.
    Reminders {
        #[command(flatten)]
        file: FileArgs,
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = crate::cli::args::date_arg)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_parser = term::<DueState>(&[]))]
        state: Option<DueState>,
        #[arg(long)]
        unit: Option<String>,
    },
    /// Trips abroad, as `trip list` lists them.
    Trips {
        #[command(flatten)]
        file: FileArgs,
        #[arg(long, value_parser = term::<TripState>(&[]))]
        state: Option<TripState>,
        /// Only trips not finished (closed, refused, withdrawn), as the Travel screen shows them.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// The travel-document custody register, as `doc list` lists it.
    Documents {
        #[command(flatten)]
        file: FileArgs,
        #[arg(long)]
        person: Option<String>,
        #[arg(long, value_parser = term::<DocumentStatus>(&[]))]
        status: Option<DocumentStatus>,
    },
    /// The issued-forms register, as `form list` lists it (every form, not one page).
    Forms {
        #[command(flatten)]
        file: FileArgs,
        #[arg(long, conflicts_with = "outstanding")]
        returned: bool,
        #[arg(long)]
        outstanding: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// The audit trail's entries, filtered as `audit list` filters them (every entry they
    /// match, not one page). The export is itself an entry of the trail.
    Audit {
        #[command(flatten)]
        file: FileArgs,
        #[command(flatten)]
        filter: super::args::AuditFilterArgs,
    },
}

pub async fn run(office: &Office, cmd: ExportCommand, out: &Printer) -> AppResult<()> {
    let person = async |typed: Option<String>| -> AppResult<_> {
        match typed {
            Some(key) => Ok(Some(office.resolve_person(&key).await?)),
            None => Ok(None),
        }
    };
    let (file, request, with_id_numbers) = match cmd {
        ExportCommand::People { file, search, level, unit, stage, archived, sort, desc, with_id_numbers } => {
            let query = PeopleQuery {
                search: search.unwrap_or_default(),
                level,
                unit,
                stage,
                include_archived: archived,
                sort: sort.into(),
                descending: desc,
                ..PeopleQuery::default()
            };
            (file, ExportRequest::People { query }, with_id_numbers)
        }
        ExportCommand::Reminders { file, as_of, state, unit } => {
            (file, ExportRequest::Reminders { filter: ReminderFilter { state, unit, kind: None, limit: None }, as_of }, false)
        }
        ExportCommand::Trips { file, state, open, person: p } => {
            (file, ExportRequest::Trips { state, open_only: open, person: person(p).await? }, false)
        }
        ExportCommand::Documents { file, person: p, status } => {
            (file, ExportRequest::Documents { status, person: person(p).await? }, false)
        }
        ExportCommand::Forms { file, returned, outstanding, person: p } => {
            let returned = if returned {
                Some(true)
            } else if outstanding {
                Some(false)
            } else {
                None
            };
            (
                file,
                ExportRequest::Forms { query: FormsQuery { returned, voided: None, person_id: person(p).await?, offset: 0, limit: 0 } },
                false,
            )
        }
        ExportCommand::Audit { file, filter } => (file, ExportRequest::Audit { filter: filter.resolve(office).await? }, false),
    };
    let format = ExportFormat::for_file(file.out.extension().and_then(|e| e.to_str()), file.format)?;
    let done = office.export_list(&request, format, with_id_numbers, &file.out).await?;
    out.json_or(&done, file.json, || {
        let mut params = std::collections::BTreeMap::new();
        params.insert("rows".to_owned(), done.rows.to_string());
        params.insert("list".to_owned(), done.list.word(out.lang).to_owned());
        params.insert("path".to_owned(), done.path.clone());
        let mut text = clearance_domain::i18n::message("cli.exported", &params, out.lang);
        if done.id_numbers {
            text = format!("{text}\n{}", out.text("cli.exported_with_id_numbers"));
        }
        text
    });
    Ok(())
}
