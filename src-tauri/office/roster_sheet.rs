//! The spreadsheets the import hands back to the clerk: a template to start a roster from, and
//! the rows the rules refused with a column saying why, to fix in Excel and import again.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use clearance_domain::access::Operation;
use clearance_domain::import::{Cell, Table};
use clearance_domain::lifecycle::Stage;
use clearance_domain::roster::RosterField;
use clearance_domain::terms::Term;
use clearance_domain::{FieldError, Lang};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook, XlsxError};

use super::forms::{check_target, render_error, save_failed};
use super::{ImportReport, Office};
use crate::error::AppResult;
use crate::store::files::PendingFile;

fn sheet_error(e: XlsxError) -> crate::error::AppError {
    render_error(e)
}

/// `姓名(Name)`: both languages, and still read back as the field by the import.
fn bilingual(field: RosterField) -> String {
    format!("{}({})", field.header(Lang::ZhCn), field.header(Lang::En))
}

/// Writes `bytes` as `target`, whole or not at all.
fn save(target: &Path, bytes: &[u8]) -> AppResult<()> {
    check_target(target)?;
    PendingFile::write(target, bytes).and_then(PendingFile::commit).map_err(|e| save_failed(target, &e))?;
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

impl Office {
    /// A roster to start from: every column with its header in both languages, one sample row,
    /// and lists to pick the level, the sex and the stage from.
    pub async fn write_roster_template(&self, target: &Path) -> AppResult<()> {
        self.allow(Operation::Import).await?;
        let policy = self.policy().await?;
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("名册 Roster").map_err(sheet_error)?;
        let head = Format::new().set_bold().set_background_color("DCE6F2").set_text_wrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let text = Format::new().set_num_format("@");
        for (col, field) in RosterField::ALL.iter().enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(0, col, bilingual(*field), &head).map_err(sheet_error)?;
            sheet.set_column_width(col, if *field == RosterField::IdNumber { 22 } else { 16 }).map_err(sheet_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(sheet_error)?;
        let level = policy.levels.first().map(|l| l.name_zh.clone()).unwrap_or_default();
        let sample: [(RosterField, &str); 8] = [
            (RosterField::Name, "张三"),
            (RosterField::StaffNo, "1024"),
            (RosterField::IdNumber, "440304198506171238"),
            (RosterField::Sex, "男"),
            (RosterField::Unit, "机要室"),
            (RosterField::Post, "机要员"),
            (RosterField::Level, &level),
            (RosterField::Stage, Stage::OnDuty.word(Lang::ZhCn)),
        ];
        let col_of = |f: RosterField| RosterField::ALL.iter().position(|x| *x == f).unwrap_or(0) as u16;
        for (field, value) in sample {
            // Numbers typed into a text column stay as typed (no lost digits, no leading zeros lost).
            sheet.write_string_with_format(1, col_of(field), value, &text).map_err(sheet_error)?;
        }
        for (field, day) in [
            (RosterField::StartDate, (2020, 3, 2)),
            (RosterField::OnboardingDone, (2020, 2, 20)),
            (RosterField::LastTraining, (2026, 3, 16)),
        ] {
            let d = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap_or_default();
            sheet.write_date_with_format(1, col_of(field), excel_date(d).map_err(sheet_error)?, &date).map_err(sheet_error)?;
        }
        for field in [RosterField::StaffNo, RosterField::IdNumber, RosterField::Phone] {
            sheet.set_column_format(col_of(field), &text).map_err(sheet_error)?;
        }
        let lists: [(RosterField, Vec<String>); 3] = [
            (RosterField::Level, policy.levels.iter().map(|l| l.name_zh.clone()).collect()),
            (RosterField::Sex, vec!["男".into(), "女".into()]),
            (
                RosterField::Stage,
                [Stage::Onboarding, Stage::OnDuty, Stage::Departing, Stage::Decommissioning]
                    .iter()
                    .map(|s| s.word(Lang::ZhCn).to_owned())
                    .collect(),
            ),
        ];
        for (field, values) in lists {
            let rule = DataValidation::new().allow_list_strings(&values).map_err(sheet_error)?;
            sheet.add_data_validation(1, col_of(field), 10_000, col_of(field), &rule).map_err(sheet_error)?;
        }
        let bytes = book.save_to_buffer().map_err(sheet_error)?;
        save(target, &bytes)
    }

    /// The rows of the roster at `source` that `report` found at fault, as they were, with a last
    /// column saying what to fix on each: the clerk corrects them there and imports again.
    pub async fn write_refused_rows(&self, source: &Path, report: &ImportReport, target: &Path) -> AppResult<()> {
        self.allow(Operation::Import).await?;
        if report.faults.is_empty() {
            return Err(FieldError::general("import.no_faults").into());
        }
        let lang = self.lang().await;
        let bytes = super::roster_file::read_bytes(source)?;
        let file = super::roster_file::read_roster(source, &bytes, report.sheet.as_deref(), report.encoding.as_deref())?;
        let Table { headers, rows, header_row } = file.table;
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let head = Format::new().set_bold().set_background_color("F8D7DA");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let problem_col = headers.len() as u16;
        for (col, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &head).map_err(sheet_error)?;
            sheet.set_column_width(col as u16, 16).map_err(sheet_error)?;
        }
        let problems = match lang {
            Lang::ZhCn => "问题(请修改后重新导入)",
            Lang::En => "Problems (fix, then import again)",
        };
        sheet.write_string_with_format(0, problem_col, problems, &head).map_err(sheet_error)?;
        sheet.set_column_width(problem_col, 60).map_err(sheet_error)?;
        sheet.set_freeze_panes(1, 0).map_err(sheet_error)?;
        let whole_file: Vec<&str> = report.faults.iter().filter(|f| f.row == 0).map(|f| f.message.as_str()).collect();
        let mut out_row: u32 = 1;
        if !whole_file.is_empty() {
            sheet.write_string(out_row, problem_col, whole_file.join("\n")).map_err(sheet_error)?;
            out_row += 1;
        }
        for (i, cells) in rows.iter().enumerate() {
            let row = header_row + 1 + i;
            let messages: Vec<String> = report
                .faults
                .iter()
                .filter(|f| f.row == row)
                .map(|f| match &f.column {
                    Some(c) => format!("{c}{}{}", if lang == Lang::ZhCn { ":" } else { ": " }, f.message),
                    None => f.message.clone(),
                })
                .collect();
            if messages.is_empty() {
                continue;
            }
            for (col, c) in cells.iter().enumerate() {
                let col = col as u16;
                match c {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(out_row, col, s).map_err(sheet_error)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(out_row, col, *n).map_err(sheet_error)?;
                    }
                    Cell::Date(d) => {
                        sheet.write_date_with_format(out_row, col, excel_date(*d).map_err(sheet_error)?, &date).map_err(sheet_error)?;
                    }
                }
            }
            sheet.write_string(out_row, problem_col, messages.join("\n")).map_err(sheet_error)?;
            out_row += 1;
        }
        let bytes = book.save_to_buffer().map_err(sheet_error)?;
        save(target, &bytes)
    }
}
