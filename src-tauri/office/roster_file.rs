//! A roster file as a table of cells: Excel (`.xlsx`, `.xls`) and OpenDocument (`.ods`) sheets
//! through calamine, CSV in UTF-8 (with or without a BOM) or in GB18030/GBK, which Excel on a
//! Chinese Windows writes. The rules that read the cells are the domain's (`import.rs`).

use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use clearance_domain::import::{Cell, Table};
use clearance_domain::FieldError;
use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::error::AppResult;

/// The largest roster file read (a 50,000-person sheet is a few megabytes).
pub const MAX_ROSTER_BYTES: u64 = 100 * 1024 * 1024;

/// What was read, and how.
pub struct RosterFile {
    pub table: Table,
    /// The sheets of a workbook (empty for CSV), and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// The text encoding of a CSV file (`utf-8` or `gb18030`).
    pub encoding: Option<String>,
}

/// The file's bytes: a regular file, within [`MAX_ROSTER_BYTES`].
pub fn read_bytes(path: &Path) -> AppResult<Vec<u8>> {
    let shown = path.display();
    let unreadable = |e: std::io::Error| FieldError::new("path", "import.unreadable").with("path", &shown).with("detail", e);
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FieldError::new("path", "file.not_a_file").with("path", &shown).into());
    }
    if meta.len() > MAX_ROSTER_BYTES {
        return Err(FieldError::new("path", "import.unreadable").with("path", &shown).with("detail", "> 100 MB").into());
    }
    Ok(std::fs::read(path).map_err(unreadable)?)
}

/// Reads the roster in `bytes` (named `path`): a workbook's `sheet` (default the first), or a
/// CSV file in `encoding` (default: UTF-8 when it is valid UTF-8, else GB18030).
pub fn read_roster(path: &Path, bytes: &[u8], sheet: Option<&str>, encoding: Option<&str>) -> AppResult<RosterFile> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let looks_like_workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if looks_like_workbook || matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return read_workbook(path, bytes, sheet);
    }
    read_csv(bytes, encoding)
}

fn read_workbook(path: &Path, bytes: &[u8], sheet: Option<&str>) -> AppResult<RosterFile> {
    let not_readable = || FieldError::new("path", "import.format").with("path", path.display());
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).map_err(|_| not_readable())?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(wanted) => sheets.iter().find(|s| s.trim() == wanted.trim()).cloned().ok_or_else(|| {
            FieldError::general("import.no_sheet").with("value", clearance_domain::text::shown(wanted)).with("sheets", sheets.join("、"))
        })?,
        None => sheets.first().cloned().ok_or_else(not_readable)?,
    };
    let range = book.worksheet_range(&name).map_err(|_| not_readable())?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let rows: Vec<Vec<Cell>> = range.rows().map(|row| row.iter().map(cell).collect()).collect();
    let table = with_header(rows, start_row)?;
    Ok(RosterFile { table, sheets, sheet: Some(name), encoding: None })
}

/// The rows below the header. The header is the row among the first few that names the most
/// roster columns (a title row, or a blank one, above it is common); `first_row` is the 0-based
/// sheet row of `rows[0]`.
fn with_header(mut rows: Vec<Vec<Cell>>, first_row: usize) -> AppResult<Table> {
    let named =
        |cells: &Vec<Cell>| cells.iter().filter(|c| clearance_domain::roster::RosterField::match_header(&header_text(c)).is_some()).count();
    let best = rows
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !matches!(c, Cell::Empty)))
        .max_by_key(|(i, cells)| (named(cells), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .ok_or_else(|| FieldError::general("import.empty"))?;
    let below = rows.split_off(best + 1);
    let headers = rows.pop().unwrap_or_default().iter().map(header_text).collect();
    Ok(Table { headers, rows: below, header_row: first_row + best + 1 })
}

fn header_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Empty => String::new(),
    }
}

/// A spreadsheet cell as the domain reads it: dates stay dates (calamine converts the cell's
/// serial number by the workbook's date system), numbers stay numbers.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => dt.as_datetime().map(|t| Cell::Date(t.date())).unwrap_or(Cell::Number(dt.as_f64())),
        Data::DateTimeIso(s) => s.get(..10).and_then(|d| d.parse().ok()).map(Cell::Date).unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) => Cell::Empty,
    }
}

/// The encoding of CSV text: as asked, else UTF-8 when it decodes as such (a BOM says so too),
/// else GB18030 (a superset of GBK), what Excel on a Chinese Windows writes.
fn decode(bytes: &[u8], encoding: Option<&str>) -> AppResult<(String, &'static str)> {
    let chosen: &'static Encoding = match encoding.map(|e| e.trim().to_ascii_lowercase()) {
        None => {
            if bytes.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                GB18030
            }
        }
        Some(e) if e == "utf-8" || e == "utf8" => UTF_8,
        Some(e) if ["gb18030", "gbk", "gb2312", "cp936"].contains(&e.as_str()) => GB18030,
        Some(e) => return Err(FieldError::new("encoding", "import.encoding").with("value", clearance_domain::text::shown(&e)).into()),
    };
    let (text, _, _) = chosen.decode(bytes);
    Ok((text.into_owned(), if chosen == UTF_8 { "utf-8" } else { "gb18030" }))
}

/// A CSV field as a cell. A field the export guarded with a leading `'` (so Excel would not take
/// `+86 …` or `=…` for a formula) is read without it.
fn csv_cell(field: &str) -> Cell {
    if field.trim().is_empty() {
        return Cell::Empty;
    }
    let unguarded = field.strip_prefix('\'').filter(|rest| rest.starts_with(['=', '+', '-', '@'])).unwrap_or(field);
    Cell::Text(unguarded.to_owned())
}

fn read_csv(bytes: &[u8], encoding: Option<&str>) -> AppResult<RosterFile> {
    let (text, used) = decode(bytes, encoding)?;
    // A tab-separated export is common too: the separator is the one the header row uses most.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b'\t', b';'].into_iter().max_by_key(|d| first.matches(char::from(*d)).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| FieldError::general("import.format").with("path", "CSV").with("detail", e))?;
        rows.push(r.iter().map(csv_cell).collect());
    }
    let table = with_header(rows, 0)?;
    Ok(RosterFile { table, sheets: Vec::new(), sheet: None, encoding: Some(used.to_owned()) })
}
