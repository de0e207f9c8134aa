//! An Excel workbook of one sheet: a bold header row that stays in view (frozen) with a filter
//! on it, columns as wide as their contents, dates as date cells with a date format (Excel
//! sorts and filters them as dates), text as text (an 18-digit ID number or a staff number
//! `0012` keeps its digits).

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook, XlsxError};

use super::{Cell, Sheet, WriteError};

/// The characters Excel refuses in a sheet's name, and its longest name.
const SHEET_NAME_REFUSED: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];
const SHEET_NAME_MAX: usize = 31;

fn sheet_name(name: &str) -> String {
    let cleaned: String = name.chars().filter(|c| !SHEET_NAME_REFUSED.contains(c)).take(SHEET_NAME_MAX).collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_owned();
    if cleaned.is_empty() {
        "Sheet1".to_owned()
    } else {
        cleaned
    }
}

fn error(e: XlsxError) -> WriteError {
    WriteError(e.to_string())
}

pub fn write(sheet: &Sheet) -> Result<Vec<u8>, WriteError> {
    let mut workbook = Workbook::new();
    if let Some(foot) = &sheet.foot {
        workbook.set_properties(&DocProperties::new().set_comment(foot).set_custom_property("audit_chain_head", foot.as_str()));
    }
    let header = Format::new().set_bold().set_background_color("#E8EEF4").set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let text = Format::new().set_text_wrap();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet_name(&sheet.name)).map_err(error)?;
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header).map_err(error)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| WriteError("too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) if s.contains('\n') => {
                    ws.write_string_with_format(r, c, s, &text).map_err(error)?;
                }
                Cell::Text(s) => {
                    ws.write_string(r, c, s).map_err(error)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).map_err(error)?;
                }
                Cell::Date(d) => {
                    let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(error)?;
                    ws.write_date_with_format(r, c, &when, &date).map_err(error)?;
                }
            }
        }
    }
    for (c, width) in sheet.column_widths().into_iter().enumerate() {
        ws.set_column_width(c as u16, width).map_err(error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(error)?;
    if let Some(foot) = &sheet.foot {
        // Not a row: the sheet imports again as it is. Printed at the foot of every page, shown
        // on the first header, kept in the file's properties.
        ws.set_footer(format!("&L&8{}", foot.replace('&', "&&")));
        if !sheet.headers.is_empty() {
            ws.insert_note(0, 0, &Note::new(foot).set_author("Clearance Tracker")).map_err(error)?;
        }
    }
    if !sheet.headers.is_empty() {
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last_row, (sheet.headers.len() - 1) as u16).map_err(error)?;
    }
    workbook.save_to_buffer().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("出国(境)行程"), "出国(境)行程");
        assert_eq!(sheet_name("a/b:c"), "abc");
        assert_eq!(sheet_name("''"), "Sheet1");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
