//! The sources that feed the engine: each turns the obligations its rules list into
//! [`Obligation`]s with a stable key. A new source is one more function of this kind (see the
//! module documentation of [`crate::reminders`]).
//!
//! Keys:
//!
//! | source | key |
//! |---|---|
//! | lifecycle step | `person:{person}:{stage}:{step_id}` (`person:42:onboarding:security_review`) |
//! | training hours | `person:{person}:on_duty:training_hours` |
//! | end of the decommissioning period | `person:{person}:decommissioning:decommissioning_end` |
//! | trip | `trip:{trip}:approval` / `:briefing` / `:return` / `:report` |
//! | document | `document:{document}:handin` / `:expiry`, `document:{document}:return:trip:{trip}` |
//! | issued form | `form:{number}:signed_copy` (`form:2026-0001:signed_copy`) |
//!
//! A recurring obligation keeps its key from one cycle to the next: the due date moves when it is
//! done again, which is what ends an acknowledgement of the previous cycle.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::obligation::{Obligation, ReminderKind, Subject};
use crate::calendar::HolidayCalendar;
use crate::lifecycle::{self, ObligationKind, PersonRecord, Stage};
use crate::person::PersonId;
use crate::policy::{FormKind, Policy};
use crate::travel::{self, TravelDocument, TravelObligation, TravelObligationKind, TravelRules, Trip};

/// Every open lifecycle obligation of `person` on `as_of`, appended to `out`.
pub fn lifecycle_obligations(
    person: PersonId,
    record: &PersonRecord,
    policy: &Policy,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
    out: &mut Vec<Obligation>,
) {
    out.extend(lifecycle::obligations(record, policy, cal, as_of).into_iter().map(|o| from_lifecycle(person, o, policy)));
}

/// Every open travel obligation of `person` on `as_of` (trips and documents may include other
/// people's: they are skipped), appended to `out`.
pub fn travel_obligations(
    person: PersonId,
    trips: &[Trip],
    documents: &[TravelDocument],
    rules: &TravelRules,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
    out: &mut Vec<Obligation>,
) {
    out.extend(travel::obligations(person, trips, documents, rules, cal, as_of).into_iter().map(Obligation::from));
}

/// The signed copy of the form numbered `number`, issued on `issued_on` about `person`, has not
/// come back: due the policy's lead time after the day of issue, and reminded of only from then
/// (an unreturned copy is not late before that).
pub fn unreturned_form(person: PersonId, number: &str, issued_on: NaiveDate, policy: &Policy) -> Obligation {
    let days = policy.lead_days;
    let due = crate::deadline::Deadline {
        date: issued_on.checked_add_days(chrono::Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX),
        rule_id: "forms.signed_copy".to_owned(),
        citation: crate::deadline::Citation {
            zh: format!("单位规定:签字件应在出具后 {days} 天内交回保密办"),
            en: format!("Unit rule: the signed copy is back with the secrecy office within {days} days of issue"),
        },
        beyond_calendar: false,
    };
    let kind = ReminderKind::FormUnreturned;
    Obligation::new(format!("form:{number}:signed_copy"), person, Subject::Person(person), kind, due, 0)
        .named(format!("{}({number})", kind.name(crate::i18n::Lang::ZhCn)), format!("{} ({number})", kind.name(crate::i18n::Lang::En)))
}

fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Onboarding => "onboarding",
        Stage::OnDuty => "on_duty",
        Stage::Departing => "departing",
        Stage::Decommissioning => "decommissioning",
        Stage::Released => "released",
    }
}

/// The kind of a lifecycle obligation. A recurring step is told apart by what completes it: a
/// training category makes it training, the review form a re-review, the commitment form a
/// re-signed commitment (so the US policy's refresher is training and its reinvestigation a
/// re-review).
fn lifecycle_kind(o: &lifecycle::Obligation, policy: &Policy) -> ReminderKind {
    match (o.kind, o.stage) {
        (ObligationKind::TrainingHours, _) => ReminderKind::TrainingHours,
        (ObligationKind::DecommissioningEnd, _) => ReminderKind::DecommissioningEnd,
        (ObligationKind::Recurring, _) => {
            let training = policy.step(Stage::OnDuty, &o.step_id).is_some_and(|s| s.training_category.is_some());
            match o.form {
                _ if training => ReminderKind::RecurringTraining,
                Some(FormKind::Review) => ReminderKind::ReReview,
                Some(FormKind::Commitment) => ReminderKind::CommitmentResign,
                _ => ReminderKind::RecurringStep,
            }
        }
        (ObligationKind::Step, Stage::Onboarding) => ReminderKind::OnboardingStep,
        (ObligationKind::Step, Stage::Departing) => ReminderKind::DepartureStep,
        (ObligationKind::Step, Stage::Decommissioning) => ReminderKind::DecommissioningStep,
        // The lifecycle lists no one-off step of these stages; should a policy grow one, it is
        // still a recurring-or-not step of the stage, and listed rather than lost.
        (ObligationKind::Step, Stage::OnDuty | Stage::Released) => ReminderKind::RecurringStep,
    }
}

/// A lifecycle obligation of `person` (the lifecycle does not know whose record it read). The
/// step's names and the deadline are moved, not copied.
pub fn from_lifecycle(person: PersonId, o: lifecycle::Obligation, policy: &Policy) -> Obligation {
    let kind = lifecycle_kind(&o, policy);
    let key = format!("person:{}:{}:{}", person.0, stage_key(o.stage), o.step_id);
    Obligation {
        key,
        person,
        subject: Subject::Person(person),
        kind,
        step_id: Some(o.step_id),
        name_zh: Cow::Owned(o.name_zh),
        name_en: Cow::Owned(o.name_en),
        due: o.due,
        lead_days: o.lead_days,
    }
}

impl From<TravelObligation> for Obligation {
    fn from(o: TravelObligation) -> Obligation {
        use TravelObligationKind as T;
        let (kind, what, on_document) = match o.kind {
            T::Approval => (ReminderKind::TripApproval, "approval", false),
            T::Briefing => (ReminderKind::TripBriefing, "briefing", false),
            T::TripReturn => (ReminderKind::TripReturn, "return", false),
            T::Report => (ReminderKind::TripReport, "report", false),
            T::DocumentHandIn => (ReminderKind::DocumentHandin, "handin", true),
            T::DocumentReturn => (ReminderKind::DocumentReturn, "return", true),
            T::DocumentExpiry => (ReminderKind::DocumentExpiry, "expiry", true),
        };
        let (subject, key) = match (on_document, o.document, o.trip) {
            // A document goes out for one trip at a time; the trip in the key keeps the return
            // after one trip apart from the return after the next.
            (true, Some(d), Some(t)) if o.kind == T::DocumentReturn => {
                (Subject::Document(d), format!("document:{}:return:trip:{}", d.0, t.0))
            }
            (true, Some(d), _) => (Subject::Document(d), format!("document:{}:{what}", d.0)),
            (false, _, Some(t)) => (Subject::Trip(t), format!("trip:{}:{what}", t.0)),
            // The travel rules always name the record an obligation is about; should one come
            // without it, it is still listed, on the person.
            _ => (Subject::Person(o.person), format!("person:{}:travel:{what}", o.person.0)),
        };
        Obligation::new(key, o.person, subject, kind, o.due, o.lead_days)
    }
}
