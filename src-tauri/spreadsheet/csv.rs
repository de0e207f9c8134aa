//! CSV as Excel on Windows opens it: UTF-8 with a byte-order mark (without it Excel reads the
//! file in the system's code page and Chinese text turns to mojibake), CRLF line ends, every
//! field quoted where it needs to be.

use super::{Cell, Sheet};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text a spreadsheet would run as a formula when it opens the file (`=HYPERLINK(…)`,
/// `+cmd|…`, `@SUM(…)`) starts with an apostrophe, so it is shown as the text it is (OWASP's
/// advice for CSV injection). A number or a date never starts so: only text is touched.
fn defused(cell: &Cell) -> String {
    let text = cell.as_text();
    match cell {
        Cell::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{text}"),
        _ => text,
    }
}

pub fn write(sheet: &Sheet) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        // Writing to memory cannot fail: the only errors are the writer's IO.
        let _ = writer.write_record(&sheet.headers);
        for row in &sheet.rows {
            let _ = writer.write_record(row.iter().map(defused));
        }
        if let Some(foot) = &sheet.foot {
            // As wide as the header, so a strict reader takes it as a row like the others.
            let _ = writer.write_record(std::iter::once(foot.as_str()).chain(sheet.headers.iter().skip(1).map(|_| "")));
        }
        let _ = writer.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_quotes_and_formulas_shown_as_text() {
        let sheet = Sheet {
            name: "x".into(),
            headers: vec!["姓名".into(), "备注".into(), "日期".into(), "数".into()],
            rows: vec![vec![
                Cell::text("张三"),
                Cell::text("=HYPERLINK(\"http://x\",\"点\")\n第二行"),
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
                Cell::Number(-3.0),
            ]],
            foot: None,
        };
        let bytes = write(&sheet);
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "姓名,备注,日期,数\r\n张三,\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\n第二行\",2026-03-01,-3\r\n");
    }
}
