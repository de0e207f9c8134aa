//! Printable sign-off forms (DOMAIN.md §6): Typst templates compiled in-process to PDF.
//!
//! The crate knows nothing of the database: the caller fills a [`FormData`] from the register,
//! [`FormRenderer::render`] returns the PDF and the stamps (content hash, verification code,
//! template version) to record in the issued-forms register. Data reaches a template only as
//! JSON in `sys.inputs.data`, never pasted into markup, so any name prints literally.

mod data;
mod error;
mod fonts;
mod mark;
mod photo;
mod renderer;
pub mod sample;
mod sheet;
mod templates;
mod verification;
mod world;

pub use clearance_domain::form::{FormKind, UnknownFormKind};
pub use data::*;
pub use error::{FormError, TemplateError};
pub use fonts::FAMILY as FONT_FAMILY;
pub use mark::{Mark, VoidMark};
pub use photo::Photo;
pub use renderer::{CustomTemplate, FormRenderer, FormStamp, Rendered};
pub use sheet::{recovery_sheet_input, render_recovery_sheet, RecoverySheet, RECOVERY_SHEET_TEMPLATE};
pub use templates::{shipped_template, SHIPPED_TEMPLATE_VERSION};
pub use verification::{content_hash, normalize_code, qr_svg, verification_code};
