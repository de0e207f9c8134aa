//! The one shape of an open obligation, whatever rules produced it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::deadline::Deadline;
use crate::i18n::Lang;
use crate::person::PersonId;
use crate::travel::{DocumentId, TripId};

/// What an obligation is about, for the dashboard's grouping and filters. The names in both
/// languages are [`ReminderKind::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// An onboarding step (review, initial training, commitment), due by the planned start.
    OnboardingStep,
    /// Recurring security training (a recurring step completed by training sessions).
    RecurringTraining,
    /// Periodic re-review (复审) or reinvestigation (a recurring step on the review form).
    ReReview,
    /// The confidentiality commitment re-signed (a recurring step on the commitment form).
    CommitmentResign,
    /// Any other recurring on-duty step a policy defines.
    RecurringStep,
    /// Class hours of training still short for the calendar year.
    TrainingHours,
    /// A departure step (reminder talk, departure commitment, material returned, access revoked).
    DepartureStep,
    /// A step a policy sets for the decommissioning period.
    DecommissioningStep,
    /// The decommissioning period ends: the person may be released from that day.
    DecommissioningEnd,
    /// A new or renewed travel document is due in custody.
    DocumentHandin,
    /// A travel document is due back in custody after a trip.
    DocumentReturn,
    /// A supervised travel document expires.
    DocumentExpiry,
    /// A requested trip awaits its decision before the planned departure.
    TripApproval,
    /// An approved trip awaits its pre-trip briefing before the planned departure.
    TripBriefing,
    /// The traveller is due back by the planned (or extended) return; overdue when no return is
    /// recorded after it.
    TripReturn,
    /// The post-trip report is due after the actual return.
    TripReport,
    /// The signed copy of an issued form has not come back (for the forms register).
    FormUnreturned,
}

impl ReminderKind {
    /// Every kind, in the order the dashboard lists them.
    pub const ALL: [ReminderKind; 17] = [
        ReminderKind::OnboardingStep,
        ReminderKind::RecurringTraining,
        ReminderKind::ReReview,
        ReminderKind::CommitmentResign,
        ReminderKind::RecurringStep,
        ReminderKind::TrainingHours,
        ReminderKind::DepartureStep,
        ReminderKind::DecommissioningStep,
        ReminderKind::DecommissioningEnd,
        ReminderKind::DocumentHandin,
        ReminderKind::DocumentReturn,
        ReminderKind::DocumentExpiry,
        ReminderKind::TripApproval,
        ReminderKind::TripBriefing,
        ReminderKind::TripReturn,
        ReminderKind::TripReport,
        ReminderKind::FormUnreturned,
    ];

    /// Position in [`ReminderKind::ALL`], for counting in an array.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// What the dashboard and the notification call the kind.
    pub fn name(self, lang: Lang) -> &'static str {
        crate::terms::Term::word(self, lang)
    }
}

/// The record an obligation is about: one click on the dashboard leads there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Person(PersonId),
    Trip(TripId),
    Document(DocumentId),
}

/// One open obligation, from whichever source. Its state on a date is not stored here: the
/// engine computes it from `due.date` and `lead_days` (see [`crate::deadline::due_state`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ReminderObligation")]
pub struct Obligation {
    /// Stable for as long as the obligation is the same thing to do: `person:42:on_duty:re_review`,
    /// `trip:7:report`, `document:3:return:trip:7`. Acknowledgements refer to it and the calendar
    /// UID is derived from it.
    pub key: String,
    pub person: PersonId,
    pub subject: Subject,
    pub kind: ReminderKind,
    /// The policy's step id, for steps of the lifecycle.
    pub step_id: Option<String>,
    /// What to do, as the person page says it (the policy's step name, or the kind's name).
    #[ts(type = "string")]
    pub name_zh: Cow<'static, str>,
    #[ts(type = "string")]
    pub name_en: Cow<'static, str>,
    /// When it is due, and the rule (and its citation) that set the date.
    pub due: Deadline,
    /// Days before `due.date` that the reminder starts (the policy's lead time).
    pub lead_days: u32,
}

impl Obligation {
    /// An obligation named after its kind; [`Obligation::named`] gives it a name of its own.
    pub fn new(key: String, person: PersonId, subject: Subject, kind: ReminderKind, due: Deadline, lead_days: u32) -> Obligation {
        Obligation {
            key,
            person,
            subject,
            kind,
            step_id: None,
            name_zh: Cow::Borrowed(kind.name(Lang::ZhCn)),
            name_en: Cow::Borrowed(kind.name(Lang::En)),
            due,
            lead_days,
        }
    }

    pub fn named(mut self, zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Obligation {
        self.name_zh = zh.into();
        self.name_en = en.into();
        self
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// Characters in a reminder's handle.
pub const HANDLE_LEN: usize = 6;

/// The short handle the CLI prints for an obligation and takes back (`reminders ack 7KQ2MX`): six
/// Crockford characters of the SHA-256 of its key, so it is as stable as the key and carries no
/// code a person would have to read.
pub fn handle(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let bytes: [u8; 32] = digest.into();
    let [a, b, c, d, e, f, g, h, ..] = bytes;
    crate::crockford::encode(u64::from_be_bytes([a, b, c, d, e, f, g, h]), HANDLE_LEN)
}
