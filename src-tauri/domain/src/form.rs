//! The printed forms: which kinds exist, and the number each issued form carries.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::error::FieldError;

/// A printable form. The kebab-case id is stable: it names the template file
/// (`forms/<id>.typ`), appears in the issued-forms register and on the CLI (`form render <id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum FormKind {
    /// Security review and registration form (涉密人员保密审查登记表) — onboarding.
    Review,
    /// Confidentiality commitment, onboarding / on duty (上岗/在岗保密承诺书).
    Commitment,
    /// Departure commitment and decommissioning notice (离岗离职保密承诺书 / 脱密期管理告知书).
    Departure,
    /// Foreign-travel approval form (出国(境)审批表) with the pre-trip briefing record.
    TravelApproval,
    /// Post-trip report (回国(境)报告表).
    TravelReport,
    /// Travel-document custody receipt (证件领取/交回登记).
    DocumentReceipt,
    /// The register as filtered on screen (涉密人员登记名册): printed from a list, not a step's form.
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

/// The number printed on an issued form: the year of issue and its sequence in that year,
/// written `2026-0001`. Numbers are handed out by the register, gap-free per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(export, type = "string")]
pub struct FormNumber {
    year: i32,
    seq: u32,
}

impl FormNumber {
    /// The `seq`-th form of `year` (both as the register counts them).
    pub fn new(year: i32, seq: u32) -> Option<FormNumber> {
        ((1900..=9999).contains(&year) && seq > 0).then_some(FormNumber { year, seq })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn seq(self) -> u32 {
        self.seq
    }

    /// Reads a number as a person types or scans it: `2026-0001`, `2026-1`, full-width digits,
    /// a long dash. Anything else is refused with a message naming the expected form.
    pub fn parse(text: &str) -> Result<FormNumber, FieldError> {
        let refused = || FieldError::new("number", "form.number_format").with("value", text.trim());
        let ascii: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '—' | '–' | '‐' => '-',
                other => other,
            })
            .collect();
        let (year, seq) = ascii.split_once('-').ok_or_else(refused)?;
        let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(seq) {
            return Err(refused());
        }
        let (Ok(year), Ok(seq)) = (year.parse::<i32>(), seq.parse::<u32>()) else { return Err(refused()) };
        FormNumber::new(year, seq).ok_or_else(refused)
    }
}

impl fmt::Display for FormNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}", self.year, self.seq)
    }
}

impl Serialize for FormNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FormNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FormNumber, D::Error> {
        let text = String::deserialize(d)?;
        FormNumber::parse(&text).map_err(|_| serde::de::Error::custom(format!("not a form number: {text:?}")))
    }
}

/// Why a form is voided, as the operator writes it: required (a voided form with no reason is
/// a gap in the register), a few sentences at most.
pub fn void_reason(raw: &str) -> Result<String, FieldError> {
    crate::text::required(crate::limits::REASON, raw)
}

/// A form can be voided once: its number stays used, and the first void's day and reason are
/// what the register keeps.
pub fn check_void(number: FormNumber, voided_on: Option<NaiveDate>) -> Result<(), FieldError> {
    match voided_on {
        Some(on) => Err(FieldError::general("form.already_voided").with("value", number).with("date", on)),
        None => Ok(()),
    }
}

/// Whether the signed copy of form `number` (issued on `issued_on`) can be marked received on
/// `on`: not a voided form (its paper is no longer valid), not before the form was issued, not
/// after `today`.
pub fn check_receipt(
    number: FormNumber,
    issued_on: NaiveDate,
    voided_on: Option<NaiveDate>,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if let Some(voided) = voided_on {
        return Err(FieldError::general("form.received_voided").with("value", number).with("date", voided));
    }
    if on > today {
        return Err(FieldError::new("received_on", "form.received_future").with("today", today));
    }
    if on < issued_on {
        return Err(FieldError::new("received_on", "form.received_before_issue").with("date", issued_on));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_from_str_and_serde() {
        for kind in FormKind::ALL {
            assert_eq!(kind.id().parse::<FormKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
        assert!("passport".parse::<FormKind>().is_err());
    }

    #[test]
    fn numbers_print_with_four_digits_and_read_back_as_typed() {
        let n = FormNumber::new(2026, 1).unwrap();
        assert_eq!(n.to_string(), "2026-0001");
        assert_eq!(FormNumber::parse(" 2026-0001 "), Ok(n));
        assert_eq!(FormNumber::parse("2026-1"), Ok(n));
        assert_eq!(FormNumber::parse("２０２６－０００１"), Ok(n));
        assert_eq!(FormNumber::new(2026, 12345).unwrap().to_string(), "2026-12345");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"2026-0001\"");
        assert_eq!(serde_json::from_str::<FormNumber>("\"2026-0001\"").unwrap(), n);
    }

    #[test]
    fn anything_else_is_not_a_form_number() {
        for bad in ["", "2026", "26-0001", "2026-", "2026-0", "2026-00a1", "abcd-0001", "2026-0001-2", "2026-99999999999", "#1"] {
            assert_eq!(FormNumber::parse(bad).unwrap_err().code, "form.number_format", "{bad:?}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_void_needs_a_reason_and_happens_once() {
        assert_eq!(void_reason("  姓名打错  ").unwrap(), "姓名打错");
        assert_eq!(void_reason("").unwrap_err().code, "required");
        assert_eq!(void_reason(" \n ").unwrap_err().code, "required");
        assert_eq!(void_reason(&"字".repeat(1001)).unwrap_err().code, "too_long");
        let n = FormNumber::new(2026, 3).unwrap();
        assert_eq!(check_void(n, None), Ok(()));
        let twice = check_void(n, Some(d("2026-11-30"))).unwrap_err();
        assert_eq!(twice.code, "form.already_voided");
        assert_eq!(twice.params["value"], "2026-0003");
    }

    #[test]
    fn a_receipt_is_refused_for_a_voided_form_and_outside_issue_day_to_today() {
        let n = FormNumber::new(2026, 3).unwrap();
        let (issued, today) = (d("2026-11-20"), d("2026-11-30"));
        assert_eq!(check_receipt(n, issued, None, d("2026-11-25"), today), Ok(()));
        assert_eq!(check_receipt(n, issued, None, issued, today), Ok(()));
        assert_eq!(check_receipt(n, issued, None, today, today), Ok(()));
        assert_eq!(check_receipt(n, issued, Some(d("2026-11-21")), d("2026-11-25"), today).unwrap_err().code, "form.received_voided");
        assert_eq!(check_receipt(n, issued, None, d("2026-12-01"), today).unwrap_err().code, "form.received_future");
        assert_eq!(check_receipt(n, issued, None, d("2026-11-19"), today).unwrap_err().code, "form.received_before_issue");
    }
}
