//! [`FormRenderer`]: compiles a form's template with its data to PDF.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::json;
use typst::diag::{Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Smart};
use typst::model::Document;
use typst::syntax::{DiagSpan, FileId, Source};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::data::FormData;
use crate::error::{FormError, TemplateError};
use crate::mark::Mark;
use crate::sample;
use crate::templates::{shipped_template, COMMON, COMMON_FILE, SHIPPED_TEMPLATE_VERSION};
use crate::verification::{content_hash, verification_code};
use crate::world::{file_id, path_of, FormWorld, QR_DIR};
use clearance_domain::form::FormKind;

/// After a compile of one form, memoised results not used by the last this-many compiles are
/// dropped: Typst's caches would otherwise grow with every form the app renders (FORMS.md
/// pitfall 2), while the last few keep the next form of the same kind warm (shaped clauses,
/// evaluated template). A batch chunk is a hundred times bigger, so after one nothing is kept.
const EVICT_AGE: usize = 4;

fn evict_after(forms: usize) {
    typst::comemo::evict(if forms > 1 { 0 } else { EVICT_AGE });
}

/// Forms laid out per compile in a batch (see [`FormRenderer::render_batch`]).
const BATCH_CHUNK: usize = 50;

/// An office's copy of a template, as selected in Settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTemplate {
    /// Printed on the form and recorded in the register (`本所2025版`).
    pub version: String,
    /// The Typst source, usually a copy of the shipped one, edited.
    pub source: String,
}

/// Renders forms. Holds the parsed templates and the office's assets; the fonts are parsed
/// once per process and shared. Cheap to share across threads (`&self` everywhere); rendering is
/// CPU-bound, so call it off the UI thread.
pub struct FormRenderer {
    common: Source,
    shipped: HashMap<FormKind, Source>,
    custom: HashMap<FormKind, (String, Source)>,
    assets: HashMap<String, Bytes>,
}

/// A rendered PDF and what the issued-forms register needs to know about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The version of the template that actually rendered the forms.
    pub template_version: String,
    /// One stamp per form, in order.
    pub forms: Vec<FormStamp>,
    /// Set when the office's template failed and the shipped one was used instead.
    pub fallback_error: Option<TemplateError>,
}

/// The identity of one rendered form, printed on it and recorded in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormStamp {
    pub form_number: String,
    /// Lowercase hex SHA-256 of the form's canonical content ([`crate::content_hash`]).
    pub content_hash: String,
    /// The printed code (`7KQ2M-X9RTA`), the first 50 bits of the hash.
    pub verification_code: String,
}

enum CompileError {
    Template(TemplateError),
    Export(String),
}

impl Default for FormRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl FormRenderer {
    /// A renderer with the shipped templates.
    pub fn new() -> Self {
        let common = Source::new(file_id(COMMON_FILE), COMMON.to_owned());
        let shipped = FormKind::ALL.into_iter().map(|kind| (kind, Self::parse(kind, shipped_template(kind).to_owned()))).collect();
        FormRenderer { common, shipped, custom: HashMap::new(), assets: HashMap::new() }
    }

    fn parse(kind: FormKind, text: String) -> Source {
        Source::new(file_id(&kind.template_file()), text)
    }

    /// Uses the office's template for `kind`. It is checked when a form is rendered: if it fails,
    /// the shipped template renders the form and the error is reported alongside the PDF
    /// (use [`FormRenderer::check_template`] to validate it when the office selects it).
    pub fn with_custom_template(mut self, kind: FormKind, template: CustomTemplate) -> Self {
        self.set_custom_template(kind, Some(template));
        self
    }

    /// Replaces (`Some`) or removes (`None`) the office's template for `kind`.
    pub fn set_custom_template(&mut self, kind: FormKind, template: Option<CustomTemplate>) {
        match template {
            Some(t) => {
                self.custom.insert(kind, (t.version, Self::parse(kind, t.source)));
            }
            None => {
                self.custom.remove(&kind);
            }
        }
    }

    /// Makes a file available to templates under `name` (e.g. `logo.png`, used as
    /// `image("logo.png")`). Names are relative to the templates' folder.
    pub fn with_asset(mut self, name: &str, bytes: Vec<u8>) -> Self {
        let path = format!("/{}", name.trim_start_matches('/'));
        self.assets.insert(path, Bytes::new(bytes));
        self
    }

    /// The version a form of `kind` is stamped with when its template compiles.
    pub fn template_version(&self, kind: FormKind) -> &str {
        self.custom.get(&kind).map_or(SHIPPED_TEMPLATE_VERSION, |(v, _)| v)
    }

    /// The JSON a template receives in `sys.inputs.data` for these forms, as rendered with the
    /// current template of their kind: for designing a template with the Typst CLI
    /// (`typst compile commitment.typ --input data="$(cat data.json)"`).
    pub fn template_input(&self, forms: &[FormData]) -> String {
        let version = forms.first().map_or(SHIPPED_TEMPLATE_VERSION, |f| self.template_version(f.kind()));
        template_input(version, forms, &stamps(version, forms), None)
    }

    /// Renders one form.
    pub fn render(&self, data: &FormData) -> Result<Rendered, FormError> {
        self.render_forms(data.kind(), std::slice::from_ref(data), None)
    }

    /// Renders one form marked as a draft or a copy ([`Mark`]): the same layout and the same
    /// stamps as [`FormRenderer::render`] (a copy's code is the original's), with the mark across
    /// every page.
    pub fn render_marked(&self, data: &FormData, mark: &Mark) -> Result<Rendered, FormError> {
        self.render_forms(data.kind(), std::slice::from_ref(data), Some(mark))
    }

    /// Renders many forms of one kind into one PDF, each form starting on a new page (one page
    /// each for every shipped form but a long register list).
    pub fn render_batch(&self, kind: FormKind, forms: &[FormData]) -> Result<Rendered, FormError> {
        if forms.is_empty() {
            return Err(FormError::EmptyBatch);
        }
        if let Some((index, form)) = forms.iter().enumerate().find(|(_, f)| f.kind() != kind) {
            return Err(FormError::KindMismatch { expected: kind, found: form.kind(), index });
        }
        self.render_forms(kind, forms, None)
    }

    /// Compiles `source` as the template for `kind` with sample data, without keeping it: the
    /// check to run when an office selects its own template.
    pub fn check_template(&self, kind: FormKind, source: &str) -> Result<(), TemplateError> {
        let main = Self::parse(kind, source.to_owned());
        // With a photo, so that a copy's photo box is checked as it will print.
        let form = sample::form(kind, crate::data::Person { photo: Some(sample::photo()), ..sample::chinese_person() });
        match self.compile(&main, "check", std::slice::from_ref(&form), None, false) {
            Ok(_) => Ok(()),
            Err(CompileError::Template(e)) => Err(e),
            Err(CompileError::Export(message)) => {
                Err(TemplateError { file: kind.template_file(), line: None, column: None, message, hints: vec![] })
            }
        }
    }

    /// Renders one form's pages as SVG images (for a preview on screen), with the same template
    /// choice and fallback as [`FormRenderer::render`]. Nothing is stamped differently: the
    /// pages show exactly what the PDF prints.
    pub fn render_svg(&self, data: &FormData) -> Result<Vec<String>, FormError> {
        self.render_svg_marked(data, None)
    }

    /// [`FormRenderer::render_svg`] with a mark across each page (the draft's preview).
    pub fn render_svg_marked(&self, data: &FormData, mark: Option<&Mark>) -> Result<Vec<String>, FormError> {
        let forms = std::slice::from_ref(data);
        let kind = data.kind();
        if let Some((version, source)) = self.custom.get(&kind) {
            if let Ok(document) = self.document(source, version, forms, mark) {
                return Ok(document.pages().iter().map(|page| typst_svg::svg(page, &typst_svg::SvgOptions::default())).collect());
            }
        }
        match self.document(&self.shipped[&kind], SHIPPED_TEMPLATE_VERSION, forms, mark) {
            Ok(document) => Ok(document.pages().iter().map(|page| typst_svg::svg(page, &typst_svg::SvgOptions::default())).collect()),
            Err(error) => Err(FormError::ShippedTemplate { kind, error }),
        }
    }

    fn document(&self, main: &Source, version: &str, forms: &[FormData], mark: Option<&Mark>) -> Result<PagedDocument, TemplateError> {
        match self.lay_out(main, version, forms, &stamps(version, forms), mark) {
            Ok(document) => Ok(document),
            Err(CompileError::Template(error)) => Err(error),
            Err(CompileError::Export(message)) => Err(TemplateError {
                file: path_of(main.id()).trim_start_matches('/').to_owned(),
                line: None,
                column: None,
                message,
                hints: vec![],
            }),
        }
    }

    fn render_forms(&self, kind: FormKind, forms: &[FormData], mark: Option<&Mark>) -> Result<Rendered, FormError> {
        let mut fallback_error = None;
        if let Some((version, source)) = self.custom.get(&kind) {
            match self.compile(source, version, forms, mark, true) {
                Ok(rendered) => return Ok(rendered),
                Err(CompileError::Template(e)) => fallback_error = Some(e),
                Err(CompileError::Export(e)) => return Err(FormError::Export(e)),
            }
        }
        let shipped = &self.shipped[&kind];
        match self.compile(shipped, SHIPPED_TEMPLATE_VERSION, forms, mark, true) {
            Ok(rendered) => Ok(Rendered { fallback_error, ..rendered }),
            Err(CompileError::Template(error)) => Err(FormError::ShippedTemplate { kind, error }),
            Err(CompileError::Export(e)) => Err(FormError::Export(e)),
        }
    }

    fn compile(
        &self,
        main: &Source,
        version: &str,
        forms: &[FormData],
        mark: Option<&Mark>,
        export: bool,
    ) -> Result<Rendered, CompileError> {
        let stamps = stamps(version, forms);
        // A big batch is laid out in chunks, each its own compile with the caches evicted after
        // it, and the pages are joined into one document: Typst's memory grows with the pages of
        // one compile (~2 MB a form), so this caps it at a chunk's worth.
        let mut document = None::<PagedDocument>;
        let mut pages = EcoVec::new();
        let mut joined = false;
        for (chunk, chunk_stamps) in forms.chunks(BATCH_CHUNK).zip(stamps.chunks(BATCH_CHUNK)) {
            let part = self.lay_out(main, version, chunk, chunk_stamps, mark)?;
            match &document {
                None => document = Some(part),
                Some(first) => {
                    if !joined {
                        pages.extend(first.pages().iter().cloned());
                        joined = true;
                    }
                    pages.extend(part.pages().iter().cloned());
                }
            }
        }
        let mut document = document.expect("at least one form");
        let tagged = !joined;
        if joined {
            document = PagedDocument::new(pages, document.info().clone());
        }
        let page_count = document.pages().len();
        if !export {
            return Ok(Rendered {
                pdf: Vec::new(),
                pages: page_count,
                template_version: version.to_owned(),
                forms: stamps,
                fallback_error: None,
            });
        }
        let options = PdfOptions {
            ident: Smart::Custom(stamps[0].form_number.clone()),
            creator: Smart::Custom(Some("Clearance Tracker".to_owned())),
            // The tag tree of joined documents would mix elements of separate compiles.
            tagged,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options);
        evict_after(forms.len());
        let pdf =
            pdf.map_err(|diagnostics| CompileError::Export(diagnostics.first().map_or_else(String::new, |d| d.message.to_string())))?;
        Ok(Rendered { pdf, pages: page_count, template_version: version.to_owned(), forms: stamps, fallback_error: None })
    }

    /// One compile of `main` with `forms` as its data.
    fn lay_out(
        &self,
        main: &Source,
        version: &str,
        forms: &[FormData],
        stamps: &[FormStamp],
        mark: Option<&Mark>,
    ) -> Result<PagedDocument, CompileError> {
        let input = template_input(version, forms, stamps, mark);
        let sources = [main.clone(), self.common.clone()];
        let world = FormWorld::new(&sources, &self.assets, input, forms[0].header.issue_date);
        let compiled = typst::compile::<PagedDocument>(&world).output;
        let result = compiled.map_err(|diagnostics| CompileError::Template(locate(&world, main.id(), &diagnostics)));
        evict_after(forms.len());
        result
    }
}

fn stamps(version: &str, forms: &[FormData]) -> Vec<FormStamp> {
    forms
        .iter()
        .map(|form| {
            let hash = content_hash(form.kind(), version, &form.header, &form.body);
            FormStamp {
                form_number: form.header.form_number.clone(),
                content_hash: hex::encode(hash),
                verification_code: verification_code(&hash),
            }
        })
        .collect()
}

/// The JSON a template reads from `sys.inputs.data`: `{"forms": [...]}`, each form its header and
/// body plus what the renderer stamps on it, and its mark (`null` for an original). A single form
/// is a batch of one, so a template has one shape. A draft carries no verification code: the
/// content is not registered, so nothing could be verified against it.
fn template_input(version: &str, forms: &[FormData], stamps: &[FormStamp], mark: Option<&Mark>) -> String {
    let draft = matches!(mark, Some(Mark::Draft));
    let forms: Vec<_> = forms
        .iter()
        .zip(stamps)
        .map(|(form, stamp)| {
            json!({
                "kind": form.kind().id(),
                "template_version": version,
                "verification_code": if draft { None } else { Some(&stamp.verification_code) },
                "qr": if draft { None } else { Some(format!("{QR_DIR}{}.svg", stamp.verification_code)) },
                "header": form.header,
                "body": form.body,
                "mark": mark,
            })
        })
        .collect();
    json!({ "forms": forms }).to_string()
}

/// The first error, placed at a line of the template being compiled when any part of its trace
/// is there (an error inside a `common.typ` helper is reported at the template line calling it).
fn locate(world: &FormWorld, main: FileId, diagnostics: &[SourceDiagnostic]) -> TemplateError {
    let Some(diag) = diagnostics.iter().find(|d| d.severity == Severity::Error) else {
        return TemplateError {
            file: path_of(main).trim_start_matches('/').to_owned(),
            line: None,
            column: None,
            message: "the template failed without a message".to_owned(),
            hints: vec![],
        };
    };
    let spans = std::iter::once(diag.span).chain(diag.trace.iter().map(|t| DiagSpan::from(t.span)));
    let in_main = spans.clone().find(|s| s.id() == Some(main));
    let span = in_main.or_else(|| spans.clone().find(|s| s.id().is_some())).unwrap_or(diag.span);
    let (file, line, column) = match span.id() {
        Some(id) => {
            let position = line_column(world, span);
            (path_of(id).trim_start_matches('/').to_owned(), position.map(|(l, _)| l), position.map(|(_, c)| c))
        }
        None => (path_of(main).trim_start_matches('/').to_owned(), None, None),
    };
    let mut message = diag.message.to_string();
    if span != diag.span {
        if let Some((id, line)) = diag.span.id().zip(line_of(world, diag.span)) {
            message = format!("{message} (in {}:{line})", path_of(id).trim_start_matches('/'));
        }
    }
    TemplateError { file, line, column, message, hints: diag.hints.iter().map(|h| h.v.to_string()).collect() }
}

/// 1-based line and column of a span's start.
fn line_column(world: &FormWorld, span: DiagSpan) -> Option<(usize, usize)> {
    let source = world.source(span.id()?).ok()?;
    let range = world.range(span)?;
    source.lines().byte_to_line_column(range.start).map(|(l, c)| (l + 1, c + 1))
}

fn line_of(world: &FormWorld, span: DiagSpan) -> Option<usize> {
    line_column(world, span).map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderer_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<FormRenderer>();
        shared::<Rendered>();
    }

    #[test]
    fn the_template_input_is_a_batch_with_the_stamps() {
        let renderer = FormRenderer::new();
        let form = sample::form(FormKind::Commitment, sample::chinese_person());
        let input: serde_json::Value = serde_json::from_str(&renderer.template_input(&[form])).unwrap();
        let first = &input["forms"][0];
        assert_eq!(first["kind"], "commitment");
        assert_eq!(first["template_version"], SHIPPED_TEMPLATE_VERSION);
        assert_eq!(first["body"]["person"]["name"], "李喆堃");
        let code = first["verification_code"].as_str().unwrap();
        assert_eq!(first["qr"], format!("/qr/{code}.svg"));
    }
}
