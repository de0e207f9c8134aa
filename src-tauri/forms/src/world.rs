//! The Typst `World` of one compile: the library with the form data as `sys.inputs.data`, the
//! embedded fonts, the template sources, the office's assets (a logo) and the QR codes.
//!
//! Files are virtual: `/<kind>.typ` and `/common.typ` are the parsed sources the renderer holds,
//! `/qr/<CODE>.svg` is generated on request, `/photo/<hash>.jpg` is a person's photo taken out of
//! the form data, anything else must be an asset the office added.
//! Nothing is read from disk and no package is downloaded, so a template cannot reach outside.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::FONTS;
use crate::verification::qr_svg;

/// Prefix of the virtual QR-code images: `/qr/7KQ2M-X9RTA.svg`.
pub(crate) const QR_DIR: &str = "/qr/";

/// The file id of a path in the virtual project (`common.typ` → `/common.typ`).
pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the renderer's own file names are valid paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The path of a file id as the template wrote it, with a leading slash.
pub(crate) fn path_of(id: FileId) -> &'static str {
    id.get().vpath().get_with_slash()
}

pub(crate) struct FormWorld<'a> {
    library: LazyHash<Library>,
    main: FileId,
    sources: &'a [Source],
    assets: &'a HashMap<String, Bytes>,
    /// The people's photos of this compile (`/photo/<hash>.jpg`), taken out of the data.
    photos: HashMap<String, Bytes>,
    today: NaiveDate,
}

impl<'a> FormWorld<'a> {
    /// `sources[0]` is the main template; `data` is the JSON the template decodes.
    pub fn new(sources: &'a [Source], assets: &'a HashMap<String, Bytes>, data: String, today: NaiveDate) -> Self {
        let (data, photos) = crate::photo::extract(data);
        let mut inputs = Dict::new();
        inputs.insert("data".into(), data.into_value());
        let library = Library::builder().with_inputs(inputs).build();
        FormWorld { library: LazyHash::new(library), main: sources[0].id(), sources, assets, photos, today }
    }
}

impl World for FormWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.iter().find(|s| s.id() == id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.iter().find(|s| s.id() == id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        if !matches!(id.get().root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some("packages are not available: a form template must be self-contained".into())));
        }
        let path = path_of(id);
        if let Some(code) = path.strip_prefix(QR_DIR).and_then(|p| p.strip_suffix(".svg")) {
            return qr_svg(code).map(Bytes::from_string).ok_or_else(|| not_found(id));
        }
        if let Some(photo) = self.photos.get(path) {
            return Ok(photo.clone());
        }
        self.assets.get(path).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// The issue date of the (first) form, so a template that prints "today" prints the date the
    /// form is issued on, and the same data always gives the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year(), self.today.month() as u8, self.today.day() as u8)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(path_of(id).trim_start_matches('/').into())
}
