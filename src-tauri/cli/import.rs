//! `import roster FILE …` and `import template --out FILE`: the office's roster into the register,
//! all rows or none, every fault listed with its row and column.

use std::path::PathBuf;

use clap::Subcommand;
use clearance_domain::roster::RosterField;
use clearance_domain::FieldError;

use super::output::{say, Printer};
use crate::error::AppResult;
use crate::office::{report_lines, ColumnChoice, ImportOptions, Office};

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import a roster (.xlsx, .xls, .ods or .csv in UTF-8 or GB18030): every row is checked
    /// first; when any row is at fault nothing is written and every fault is listed (exit 2).
    Roster {
        file: PathBuf,
        /// The workbook's sheet (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Correct the column matching: COLUMN=FIELD, the column by its header, letter or number
        /// (`C=staff_no`, `籍贯=notes`, `A=` to leave a column out). Repeat for each.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// A CSV file's encoding: utf-8 or gb18030 (default: detected).
        #[arg(long)]
        encoding: Option<String>,
        /// Check everything, write nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// Update people already in the register where the file differs (default: they are faults).
        #[arg(long)]
        update: bool,
        /// Also write the refused rows, with a column saying what to fix, to this .xlsx file.
        #[arg(long = "errors-out", value_name = "FILE.xlsx")]
        errors_out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a roster template (.xlsx) to fill in: every column, a sample row, lists to pick from.
    Template {
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

/// `C=staff_no`, `籍贯=notes`, `A=`.
fn column_choice(text: &str) -> Result<ColumnChoice, FieldError> {
    let refused = || FieldError::new("map", "import.map").with("value", clearance_domain::text::shown(text));
    let (column, field) = text.split_once('=').ok_or_else(refused)?;
    let field = match field.trim() {
        "" => None,
        f => Some(RosterField::match_header(f).ok_or_else(refused)?),
    };
    Ok(ColumnChoice { column: column.trim().to_owned(), field })
}

pub async fn run(office: &Office, cmd: ImportCommand, out: &Printer) -> AppResult<()> {
    match cmd {
        ImportCommand::Roster { file, sheet, map, encoding, dry_run, update, errors_out, json } => {
            let map = map.iter().map(|m| column_choice(m)).collect::<Result<Vec<_>, _>>()?;
            let options = ImportOptions { sheet, map, encoding, dry_run, update };
            let report = office.import_roster(&file, &options).await?;
            if let (Some(target), false) = (&errors_out, report.faults.is_empty()) {
                office.write_refused_rows(&file, &report, target).await?;
            }
            let lines = report_lines(&report, out.lang);
            out.json_or(&report, json, || {
                let mut text = lines.clone();
                let summary = if report.written {
                    out.text("cli.import_written")
                        .replace("{added}", &report.added.to_string())
                        .replace("{updated}", &report.updated.to_string())
                        .replace("{unchanged}", &report.unchanged.to_string())
                } else if report.faults.is_empty() {
                    out.text("cli.import_checked").replace("{rows}", &report.rows.to_string())
                } else {
                    out.text("cli.import_refused").replace("{faults}", &report.faults.len().to_string())
                };
                text.push(summary);
                text.join("\n")
            });
            if !report.faults.is_empty() {
                // Refused: the faults are the answer; the exit code says nothing was written.
                return Err(FieldError::general("import.refused").with("faults", report.faults.len()).into());
            }
            Ok(())
        }
        ImportCommand::Template { out: target } => {
            office.write_roster_template(&target).await?;
            say!("{}", target.display());
            Ok(())
        }
    }
}
