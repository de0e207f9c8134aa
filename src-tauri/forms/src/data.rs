//! What goes onto a form: plain serde structs, filled by the caller from the register.
//!
//! The renderer serialises a [`FormData`] to JSON and hands it to the template as
//! `sys.inputs.data`; the template reads fields by these names (`d.body.person.name`). `None` is
//! printed as an empty cell for the office to fill by hand. Renaming a field is a template change:
//! keep the names stable.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use clearance_domain::form::FormKind;

/// One issued form: the header every form shares and the body of its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormData {
    pub header: FormHeader,
    pub body: FormBody,
}

impl FormData {
    pub fn kind(&self) -> FormKind {
        self.body.kind()
    }
}

/// Printed at the top and bottom of every form. The template version and the verification code
/// are not here: the renderer stamps them, because they depend on which template actually
/// rendered the form (an office's copy, or the shipped one after a fallback).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormHeader {
    /// The issuing office, e.g. `某某研究所保密办公室`.
    pub office_name: String,
    /// The office's English name; `None` prints the Chinese name only.
    pub office_name_en: Option<String>,
    /// The issued-forms register number, e.g. `BM-2025-0042`.
    pub form_number: String,
    pub issue_date: NaiveDate,
    /// The rule the form implements, as the policy cites it. `None` prints the template's default
    /// citation.
    pub rule_citation: Option<Bilingual>,
    pub language: LanguageMode,
    /// The officer who issues the form (printed beside the officer's signature line).
    pub officer: Option<String>,
    /// The audit chain's head when the form was issued (`#1234·3f9a12bc·d4e1a0b7`), printed in
    /// the footer's small print: the trail can be checked against this paper later (`audit verify
    /// --head`). Part of the form's content, so its verification code covers it; `None` (a form
    /// issued before the anchor existed) prints nothing and keeps its content hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_head: Option<String>,
}

/// Which languages a form prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum LanguageMode {
    /// Chinese first, English smaller beneath it, on the same page.
    #[default]
    #[serde(rename = "bilingual")]
    Bilingual,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl LanguageMode {
    pub fn id(self) -> &'static str {
        match self {
            LanguageMode::Bilingual => "bilingual",
            LanguageMode::ZhCn => "zh-CN",
            LanguageMode::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<LanguageMode> {
        match s {
            "bilingual" => Some(LanguageMode::Bilingual),
            "zh-CN" | "zh" => Some(LanguageMode::ZhCn),
            "en" => Some(LanguageMode::En),
            _ => None,
        }
    }
}

/// A text that has a Chinese and an English form (a level's name, a country, a citation).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual { zh: zh.into(), en: en.into() }
    }
}

/// The form's body, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FormBody {
    Review(ReviewForm),
    Commitment(CommitmentForm),
    Departure(DepartureForm),
    TravelApproval(TravelApprovalForm),
    TravelReport(TravelReportForm),
    DocumentReceipt(DocumentReceiptForm),
    RegisterList(RegisterListForm),
}

impl FormBody {
    pub fn kind(&self) -> FormKind {
        match self {
            FormBody::Review(_) => FormKind::Review,
            FormBody::Commitment(_) => FormKind::Commitment,
            FormBody::Departure(_) => FormKind::Departure,
            FormBody::TravelApproval(_) => FormKind::TravelApproval,
            FormBody::TravelReport(_) => FormKind::TravelReport,
            FormBody::DocumentReceipt(_) => FormKind::DocumentReceipt,
            FormBody::RegisterList(_) => FormKind::RegisterList,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Male,
    Female,
}

/// The person the form is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub staff_no: String,
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub unit: String,
    pub post: String,
    /// The level's name in the office's policy (`重要` / `Important`).
    pub level: Bilingual,
    pub phone: Option<String>,
    /// The person's photograph, printed in the photo box of a form that has one (the review
    /// form); `None` leaves the box empty to paste a photo in. Not written at all when `None`,
    /// so a form issued before photos existed keeps its content hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<crate::photo::Photo>,
}

/// A lifecycle step and when it was done (a blank date prints an empty cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: Bilingual,
    pub done_on: Option<NaiveDate>,
    pub recorded_by: Option<String>,
    pub note: Option<String>,
}

/// An opinion box (personnel department, secrecy office). `None` leaves the box blank for the
/// hand-written opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opinion {
    pub text: String,
    pub by: Option<String>,
    pub on: Option<NaiveDate>,
}

/// 1. Security review and registration (onboarding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub person: Person,
    pub registered_on: NaiveDate,
    pub planned_start: Option<NaiveDate>,
    /// The onboarding steps of the policy with their dates.
    pub steps: Vec<StepRecord>,
    /// Reportable personal events already known (one line each).
    pub personal_events: Vec<String>,
    pub personnel_opinion: Option<Opinion>,
    pub secrecy_office_opinion: Option<Opinion>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommitmentOccasion {
    /// 上岗: signed before access.
    Onboarding,
    /// 在岗: the periodic re-sign.
    OnDuty,
}

/// 2. Confidentiality commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentForm {
    pub person: Person,
    pub occasion: CommitmentOccasion,
    /// The date the person took (or takes) the post.
    pub on_duty_since: Option<NaiveDate>,
    pub previous_signed_on: Option<NaiveDate>,
    /// When the next re-sign falls due under the policy.
    pub next_due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DepartureKind {
    /// 离岗: leaves the cleared post, stays in the organisation.
    LeavePost,
    Resignation,
    Retirement,
    Dismissal,
}

/// A classified document, medium or device handed back; each row is signed for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnedItem {
    pub description: String,
    /// Serial or register number of the item.
    pub identifier: Option<String>,
    pub quantity: Option<u32>,
    pub returned_on: Option<NaiveDate>,
    pub received_by: Option<String>,
}

/// 3. Departure commitment and decommissioning notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartureForm {
    pub person: Person,
    pub departure_kind: DepartureKind,
    pub departure_date: NaiveDate,
    pub decommissioning_start: NaiveDate,
    pub decommissioning_end: NaiveDate,
    /// Where the period is handed over to another organisation (脱密期委托管理).
    pub receiving_organisation: Option<String>,
    pub reminder_talk_on: Option<NaiveDate>,
    pub access_revoked_on: Option<NaiveDate>,
    pub returned_items: Vec<ReturnedItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TripKind {
    Official,
    Private,
}

/// A trip abroad (or to Hong Kong, Macao, Taiwan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trip {
    pub destinations: Vec<Bilingual>,
    pub purpose: String,
    pub kind: TripKind,
    pub planned_departure: NaiveDate,
    pub planned_return: NaiveDate,
    pub actual_departure: Option<NaiveDate>,
    pub actual_return: Option<NaiveDate>,
    /// The travel document used, e.g. `护照 Passport E12345678`.
    pub travel_document: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Approved,
    Refused,
}

/// The approving leader's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub approver: String,
    pub decision: Decision,
    pub on: NaiveDate,
    pub reason: Option<String>,
}

/// The pre-trip briefing record (行前保密教育).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    pub on: NaiveDate,
    pub by: String,
    pub topics: String,
}

/// 4. Foreign-travel approval with the briefing record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TravelApprovalForm {
    pub person: Person,
    pub trip: Trip,
    /// The policy asks for the higher approval level (core personnel, decommissioning).
    pub higher_approval: bool,
    pub personnel_opinion: Option<Opinion>,
    pub secrecy_office_opinion: Option<Opinion>,
    pub approval: Option<Approval>,
    pub briefing: Option<Briefing>,
}

/// One stop of the actual itinerary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItineraryStop {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub place: Bilingual,
    pub activities: String,
}

/// A contact abroad worth reporting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub organisation: Option<String>,
    pub nationality: Option<String>,
    pub circumstances: String,
}

/// 5. Post-trip report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TravelReportForm {
    pub person: Person,
    pub trip: Trip,
    pub itinerary: Vec<ItineraryStop>,
    pub contacts: Vec<Contact>,
    /// What happened that touches on secrecy (approaches, searches, a lost device); `None` ticks
    /// "nothing to report".
    pub incidents: Option<String>,
    pub document_returned_on: Option<NaiveDate>,
    /// When the report is due under the policy.
    pub due_by: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub secrecy_office_opinion: Option<Opinion>,
}

/// A travel document held in custody.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TravelDocument {
    /// `护照` / `Passport`, `往来港澳通行证` / `Mainland Travel Permit for Hong Kong and Macao`.
    pub kind: Bilingual,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// Where it is kept (safe and box number).
    pub safe_box: Option<String>,
}

/// A hand-over of the document (checkout or return).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMovement {
    pub on: NaiveDate,
    pub officer: Option<String>,
    pub note: Option<String>,
}

/// 6. Travel-document custody receipt: the checkout row and the return row of one trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentReceiptForm {
    pub person: Person,
    pub document: TravelDocument,
    pub trip: Option<Trip>,
    pub checkout: Option<DocumentMovement>,
    /// The date the document must be back in custody.
    pub due_back: Option<NaiveDate>,
    pub returned: Option<DocumentMovement>,
}

/// One person in the printed register list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub staff_no: String,
    pub name: String,
    pub sex: Option<Sex>,
    pub unit: String,
    pub post: String,
    pub level: Bilingual,
    /// Lifecycle stage (`在岗` / `On duty`).
    pub stage: Bilingual,
    /// Since when the person is in that stage.
    pub since: Option<NaiveDate>,
    /// The nearest due date of an open obligation.
    pub next_due: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The register list: people as filtered on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterListForm {
    /// The filter as the screen describes it (`单位: 一室; 等级: 核心`); `None` for everyone.
    pub filter: Option<String>,
    pub as_of: NaiveDate,
    pub rows: Vec<RegisterRow>,
}
