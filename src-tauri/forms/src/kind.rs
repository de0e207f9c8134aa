//! Which form is printed: the six sign-off forms of DOMAIN.md §6 and the register list.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A printable form. The kebab-case id is stable: it names the template file
/// (`forms/<id>.typ`), appears in the issued-forms register and on the CLI (`form render <id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FormKind {
    /// 涉密人员保密审查登记表 — onboarding.
    Review,
    /// 涉密人员保密承诺书 — onboarding and the annual re-sign.
    Commitment,
    /// 离岗离职保密承诺书及脱密期管理告知书.
    Departure,
    /// 出国（境）审批表 with the pre-trip briefing record.
    TravelApproval,
    /// 回国（境）报告表.
    TravelReport,
    /// 出入境证件领取/交回登记.
    DocumentReceipt,
    /// 涉密人员登记名册: the register as filtered on screen.
    RegisterList,
}

impl FormKind {
    pub const ALL: [FormKind; 7] = [
        FormKind::Review,
        FormKind::Commitment,
        FormKind::Departure,
        FormKind::TravelApproval,
        FormKind::TravelReport,
        FormKind::DocumentReceipt,
        FormKind::RegisterList,
    ];

    /// The stable kebab-case id (`travel-approval`).
    pub fn id(self) -> &'static str {
        match self {
            FormKind::Review => "review",
            FormKind::Commitment => "commitment",
            FormKind::Departure => "departure",
            FormKind::TravelApproval => "travel-approval",
            FormKind::TravelReport => "travel-report",
            FormKind::DocumentReceipt => "document-receipt",
            FormKind::RegisterList => "register-list",
        }
    }

    /// The form's title as printed, `(zh-CN, en)`.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            FormKind::Review => ("涉密人员保密审查登记表", "Security Review and Registration Form"),
            FormKind::Commitment => ("涉密人员保密承诺书", "Confidentiality Commitment"),
            FormKind::Departure => ("离岗离职保密承诺书及脱密期管理告知书", "Departure Commitment and Decommissioning Notice"),
            FormKind::TravelApproval => ("涉密人员出国（境）审批表", "Foreign Travel Approval Form"),
            FormKind::TravelReport => ("涉密人员回国（境）报告表", "Post-Trip Report"),
            FormKind::DocumentReceipt => ("因私出入境证件领取/交回登记表", "Travel Document Custody Receipt"),
            FormKind::RegisterList => ("涉密人员登记名册", "Register of Cleared Personnel"),
        }
    }

    /// File name of the template in the virtual project (`commitment.typ`).
    pub fn template_file(self) -> String {
        format!("{}.typ", self.id())
    }
}

impl fmt::Display for FormKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The id did not name a form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown form kind \"{0}\" (one of: review, commitment, departure, travel-approval, travel-report, document-receipt, register-list)"
)]
pub struct UnknownFormKind(pub String);

impl FromStr for FormKind {
    type Err = UnknownFormKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FormKind::ALL.into_iter().find(|k| k.id() == s).ok_or_else(|| UnknownFormKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_from_str_and_serde() {
        for kind in FormKind::ALL {
            assert_eq!(kind.id().parse::<FormKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
        assert!("passport".parse::<FormKind>().is_err());
    }
}
