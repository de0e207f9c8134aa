//! The recovery sheet: one A4 page with the register's recovery key (as grouped text in a
//! monospace font and as a QR code), what it opens, how to use it and where to keep it, in
//! Chinese and English. It is kept in the office's safe: a lost passphrase cannot be recovered
//! by anyone, this page can.
//!
//! Not a form of the issued-forms register (no number, no verification code, nothing of it is
//! recorded but the fact it was printed): its own template (`forms/recovery-sheet.typ`), its own
//! small Typst world with the forms' font and a monospace font for the key (DejaVu Sans Mono
//! Bold, Bitstream Vera licence `fonts/DejaVu-LICENSE.txt`, subset to printable ASCII: 22 KB).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::FormError;
use crate::fonts::FONTS;
use crate::world::{file_id, path_of};

static MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono-Bold-ascii.ttf");

/// The template, designed like the forms' (`typst compile recovery-sheet.typ --input data=...`).
pub const RECOVERY_SHEET_TEMPLATE: &str = include_str!("../../../forms/recovery-sheet.typ");
const TEMPLATE_FILE: &str = "recovery-sheet.typ";
const QR_FILE: &str = "/recovery-qr.svg";

/// What the sheet prints.
#[derive(Debug, Clone, Serialize)]
pub struct RecoverySheet {
    /// The office's names; empty before it has named itself (a line is printed to write it on).
    pub office_name: String,
    pub office_name_en: String,
    /// The register file's full path on the computer it was printed on.
    pub register_path: String,
    /// The day the register was created (its first entry), when known.
    pub created: Option<NaiveDate>,
    pub printed: NaiveDate,
    /// The recovery key as the app reads it back (`Key::parse_recovery`), grouped for reading.
    pub key: String,
}

struct SheetFonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHEET_FONTS: LazyLock<SheetFonts> = LazyLock::new(|| {
    let mut fonts = FONTS.fonts.clone();
    fonts.extend(Font::iter(Bytes::new(MONO)));
    SheetFonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The groups of the key as printed: split on spaces and hyphens (the reader types them or not).
fn groups(key: &str) -> Vec<String> {
    key.split(|c: char| c.is_whitespace() || c == '-').filter(|g| !g.is_empty()).map(str::to_owned).collect()
}

/// The QR code of the key exactly as printed: a scanner that types what it reads fills the
/// unlock screen's recovery-key field.
fn qr(key: &str) -> Option<String> {
    let qr = QrCode::with_error_correction_level(key.as_bytes(), EcLevel::M).ok()?;
    Some(qr.render::<qrcode::render::svg::Color>().quiet_zone(false).module_dimensions(1, 1).build())
}

/// The JSON the template reads from `sys.inputs.data`.
pub fn recovery_sheet_input(sheet: &RecoverySheet) -> String {
    serde_json::json!({
        "office_name": sheet.office_name,
        "office_name_en": sheet.office_name_en,
        "register_path": sheet.register_path,
        "created": sheet.created.map(|d| d.to_string()),
        "printed": sheet.printed.to_string(),
        "key": sheet.key,
        "groups": groups(&sheet.key),
        "qr": QR_FILE.trim_start_matches('/'),
    })
    .to_string()
}

/// Renders the sheet to PDF (CPU-bound: call it off the UI thread).
pub fn render_recovery_sheet(sheet: &RecoverySheet) -> Result<Vec<u8>, FormError> {
    let document = lay_out(sheet)?;
    let options = PdfOptions { creator: Smart::Custom(Some("Clearance Tracker".to_owned())), ..PdfOptions::default() };
    typst_pdf::pdf(&document, &options)
        .map_err(|diagnostics| FormError::Export(diagnostics.first().map_or_else(String::new, |d| d.message.to_string())))
}

fn lay_out(sheet: &RecoverySheet) -> Result<PagedDocument, FormError> {
    let qr = qr(&sheet.key).ok_or_else(|| FormError::Export("the recovery key does not fit a QR code".to_owned()))?;
    let world = SheetWorld::new(recovery_sheet_input(sheet), qr, sheet.printed);
    let compiled = typst::compile::<PagedDocument>(&world).output;
    typst::comemo::evict(0);
    compiled.map_err(|diagnostics| {
        FormError::Export(diagnostics.first().map_or_else(|| "the recovery sheet failed".to_owned(), |d| d.message.to_string()))
    })
}

struct SheetWorld {
    library: LazyHash<Library>,
    main: Source,
    qr: Bytes,
    today: NaiveDate,
}

impl SheetWorld {
    fn new(data: String, qr: String, today: NaiveDate) -> Self {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), data.into_value());
        let library = Library::builder().with_inputs(inputs).build();
        let main = Source::new(file_id(TEMPLATE_FILE), RECOVERY_SHEET_TEMPLATE.to_owned());
        SheetWorld { library: LazyHash::new(library), main, qr: Bytes::from_string(qr), today }
    }
}

impl World for SheetWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHEET_FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(path_of(id).trim_start_matches('/').into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        if path_of(id) == QR_FILE {
            return Ok(self.qr.clone());
        }
        Err(FileError::NotFound(path_of(id).trim_start_matches('/').into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHEET_FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year(), self.today.month() as u8, self.today.day() as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_split_into_its_groups() {
        assert_eq!(groups("ABCD-EFGH ijkl\nMNOP"), vec!["ABCD", "EFGH", "ijkl", "MNOP"]);
    }

    #[test]
    fn the_monospace_font_is_in_the_sheet_book() {
        let families: Vec<String> = SHEET_FONTS.fonts.iter().map(|f| f.info().family.clone()).collect();
        assert!(families.iter().any(|f| f == "DejaVu Sans Mono"), "{families:?}");
        for c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ-".chars() {
            assert!(SHEET_FONTS.fonts.last().unwrap().info().coverage.contains(c as u32), "{c}");
        }
    }

    #[test]
    fn a_sheet_renders_to_one_page_of_pdf() {
        let sheet = RecoverySheet {
            office_name: "测试单位保密办公室".to_owned(),
            office_name_en: "Secrecy Office".to_owned(),
            register_path: "/home/office/.local/share/org.clearance-tracker/register.db".to_owned(),
            created: NaiveDate::from_ymd_opt(2026, 1, 5),
            printed: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            // As `store::Key::recovery_text` writes it: 25 groups of four hex digits, five a line.
            key: (0..5)
                .map(|line| (0..5).map(|g| format!("{:04X}", (line * 5 + g) * 0x9E3 % 0xFFFF)).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let pdf = render_recovery_sheet(&sheet).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        // To look at it: RECOVERY_SHEET_OUT=/tmp/sheet.pdf cargo test -p clearance-forms sheet
        if let Some(out) = std::env::var_os("RECOVERY_SHEET_OUT") {
            std::fs::write(out, &pdf).unwrap();
        }
        assert_eq!(lay_out(&sheet).unwrap().pages().len(), 1, "the sheet is one page");
        let unnamed = RecoverySheet { office_name: String::new(), office_name_en: String::new(), ..sheet };
        assert_eq!(lay_out(&unnamed).unwrap().pages().len(), 1, "an unnamed office's sheet is one page");
    }
}
