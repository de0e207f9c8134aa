//! A list written as a file: one sheet of typed cells (text, numbers, calendar dates) under a
//! header row, written as an Excel workbook or as CSV. The rows are built once (by
//! `office/export.rs`) and written as either; nothing here knows what the list is.

mod csv;
mod xlsx;

use chrono::NaiveDate;
use clearance_domain::export::ExportFormat;
use unicode_width::UnicodeWidthStr;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A calendar day: an Excel date cell, `YYYY-MM-DD` in CSV.
    Date(NaiveDate),
}

impl Cell {
    /// Text, or an empty cell for empty text.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map(Cell::Date).unwrap_or(Cell::Empty)
    }

    /// The cell as CSV writes it, and as wide as a reader sees it.
    fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A list as a table: its name (the sheet's), its headers and its rows, each as long as the
/// headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A line under the list: the audit chain's head when it was exported (`审计链 #1234·…`).
    /// CSV writes it as the last line (our own import skips it); a workbook keeps it in its
    /// properties, in a note on the first header and in the printed page's footer, so the table
    /// itself stays as the columns say.
    pub foot: Option<String>,
}

/// A sheet that could not be written as a workbook (a limit of the format).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WriteError(String);

impl Sheet {
    /// The width of each column in characters as a spreadsheet counts them (a CJK character
    /// is two): the widest of its header and cells, within bounds a screen can show.
    pub fn column_widths(&self) -> Vec<f64> {
        (0..self.headers.len())
            .map(|c| {
                let cells = self.rows.iter().filter_map(|r| r.get(c)).map(|cell| match cell {
                    Cell::Date(_) => 10,
                    other => other.as_text().lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
                });
                let widest = cells.chain([UnicodeWidthStr::width(self.headers[c].as_str())]).max().unwrap_or(0);
                (widest as f64 + 2.0).clamp(6.0, 60.0)
            })
            .collect()
    }

    /// The file's bytes in `format`.
    pub fn write(&self, format: ExportFormat) -> Result<Vec<u8>, WriteError> {
        match format {
            ExportFormat::Xlsx => xlsx::write(self),
            ExportFormat::Csv => Ok(csv::write(self)),
        }
    }
}
