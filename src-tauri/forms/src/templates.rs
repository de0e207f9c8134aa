//! The shipped templates: the Typst files under the repository's `forms/` folder, compiled into
//! the binary so that a form renders with no file on disk.

use clearance_domain::form::FormKind;

/// The version stamped on a form rendered by a shipped template. Bump it whenever the wording or
/// layout of a shipped template changes: the issued-forms register records which version each
/// paper was printed from.
pub const SHIPPED_TEMPLATE_VERSION: &str = "CT-1.0";

/// Helpers every template imports (`#import "common.typ": *`): page, header, boxes, signature
/// lines, footer with the verification code.
pub const COMMON_FILE: &str = "common.typ";
pub(crate) const COMMON: &str = include_str!("../../../forms/common.typ");

/// The shipped source of a form's template.
pub fn shipped_template(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Review => include_str!("../../../forms/review.typ"),
        FormKind::Commitment => include_str!("../../../forms/commitment.typ"),
        FormKind::Departure => include_str!("../../../forms/departure.typ"),
        FormKind::TravelApproval => include_str!("../../../forms/travel-approval.typ"),
        FormKind::TravelReport => include_str!("../../../forms/travel-report.typ"),
        FormKind::DocumentReceipt => include_str!("../../../forms/document-receipt.typ"),
        FormKind::RegisterList => include_str!("../../../forms/register-list.typ"),
    }
}
