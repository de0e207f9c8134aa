//! The limits every input is held to, in one table. The UI gets the same numbers
//! ([`INPUT_LIMITS`], exported to TypeScript) for its `maxlength`, `min` and `max`, so a form
//! never lets through what the rules then refuse, nor refuses what they would accept.
//!
//! Lengths count Unicode characters (code points): 王𠀀 is 2. A browser's `maxlength` counts
//! UTF-16 units, in which a supplementary-plane ideograph such as 𠀀 counts 2, so the UI is at
//! worst stricter than the rules, never looser.

use serde::Serialize;
use ts_rs::TS;

/// A free-text field: the name the UI and the error messages use (its label is in
/// `i18n::FIELDS`), the most characters it may hold, and whether it keeps line breaks (a
/// `<textarea>`) or is one line (an `<input>`; line breaks pasted into it become spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField {
    pub name: &'static str,
    pub max: u32,
    pub multi_line: bool,
}

const fn line(name: &'static str, max: u32) -> TextField {
    TextField { name, max, multi_line: false }
}

const fn lines(name: &'static str, max: u32) -> TextField {
    TextField { name, max, multi_line: true }
}

// A person (person.rs). 100 holds the longest transliterated names (阿卜杜热西提·…) with room;
// units and posts are full organisation paths (某某研究院第三研究所综合办公室).
pub const NAME: TextField = line("name", 100);
pub const STAFF_NO: TextField = line("staff_no", 40);
/// A document number under a free-text ID policy; a PRC resident ID is exactly 18.
pub const ID_NUMBER: TextField = line("id_number", 40);
pub const UNIT: TextField = line("unit", 200);
pub const POST: TextField = line("post", 200);
pub const PHONE: TextField = line("phone", 40);
pub const NOTES: TextField = lines("notes", 4000);

// Who does things. Operators, approvers and counterparts are people: a name's length.
pub const OPERATOR: TextField = line("operator", 100);
pub const APPROVER: TextField = line("approver", 100);
pub const COUNTERPART: TextField = line("counterpart", 100);
pub const RECEIVED_BY: TextField = line("received_by", 100);
/// The office's name on the forms' header, in Chinese and in English.
pub const OFFICE_NAME: TextField = line("office_name", 200);
pub const OFFICE_NAME_EN: TextField = line("office_name_en", 200);
pub const RECEIVING_ORGANISATION: TextField = line("receiving_organisation", 200);

// Why and what: reasons are a few sentences, notes and reports may be pages.
pub const REASON: TextField = lines("reason", 1000);
pub const OVERRIDE_REASON: TextField = lines("override_reason", 1000);
pub const NOTE: TextField = lines("note", 4000);
pub const SUMMARY: TextField = lines("summary", 4000);
pub const PERSONNEL_OPINION: TextField = lines("personnel_opinion", 2000);
pub const SECRECY_OFFICE_OPINION: TextField = lines("secrecy_office_opinion", 2000);

// Lifecycle (lifecycle.rs): training sessions, personal events, returned items.
pub const TOPIC: TextField = line("topic", 200);
pub const CATEGORY: TextField = line("category", 100);
pub const EVENT_KIND: TextField = line("kind", 200);
pub const ACTION_TAKEN: TextField = lines("action_taken", 4000);
pub const ITEM: TextField = line("item", 200);
pub const ITEM_CLASSIFICATION: TextField = line("classification", 40);
pub const ITEM_NUMBER: TextField = line("item_number", 100);

// Travel (travel/).
pub const PURPOSE: TextField = line("purpose", 500);
pub const LOCATION: TextField = line("location", 200);
pub const DOCUMENT_NUMBER: TextField = line("number", 40);

/// Every free-text field, for the checks that each has a label and a TypeScript twin.
pub const TEXT_FIELDS: &[TextField] = &[
    NAME,
    STAFF_NO,
    ID_NUMBER,
    UNIT,
    POST,
    PHONE,
    NOTES,
    OPERATOR,
    APPROVER,
    COUNTERPART,
    RECEIVED_BY,
    OFFICE_NAME,
    OFFICE_NAME_EN,
    RECEIVING_ORGANISATION,
    REASON,
    OVERRIDE_REASON,
    NOTE,
    SUMMARY,
    PERSONNEL_OPINION,
    SECRECY_OFFICE_OPINION,
    TOPIC,
    CATEGORY,
    EVENT_KIND,
    ACTION_TAKEN,
    ITEM,
    ITEM_CLASSIFICATION,
    ITEM_NUMBER,
    PURPOSE,
    LOCATION,
    DOCUMENT_NUMBER,
];

/// The register holds dates of living people and their paperwork: 1900 bounds the oldest birth
/// date (as the resident ID's does), 2100 the furthest expiry. A year outside is a typing
/// mistake (`26-01-01` read as the year 26), never a date to keep.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;

/// Class hours (学时) of one training session. A session is one day, so it cannot count more
/// hours than the day has; a larger number is a typing mistake that would clear the whole
/// year's minimum at once.
pub const MIN_SESSION_HOURS: u32 = 1;
pub const MAX_SESSION_HOURS: u32 = 24;

/// A person's photograph (office/photo.rs): the file chosen may be at most this big; what is
/// kept is far smaller, scaled and cropped to a 一寸 photo of [`PHOTO_WIDTH_PX`] ×
/// [`PHOTO_HEIGHT_PX`] (25 × 35 mm at 300 dpi).
pub const MAX_PHOTO_FILE_BYTES: u64 = 10 * 1024 * 1024;
pub const PHOTO_WIDTH_PX: u32 = 295;
pub const PHOTO_HEIGHT_PX: u32 = 413;
/// The smallest part of a picture that can become the photo, once cropped to its proportions:
/// anything smaller prints as a blur.
pub const MIN_PHOTO_WIDTH_PX: u32 = 100;
pub const MIN_PHOTO_HEIGHT_PX: u32 = 140;
/// The most pixels a picture may have, whatever its file size (a small file can claim a huge
/// picture that would take gigabytes to decode).
pub const MAX_PHOTO_SOURCE_PIXELS: u64 = 50_000_000;

/// The most characters each free-text field may hold, by the field's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TextLimits {
    pub name: u32,
    pub staff_no: u32,
    pub id_number: u32,
    pub unit: u32,
    pub post: u32,
    pub phone: u32,
    pub notes: u32,
    pub operator: u32,
    pub approver: u32,
    pub counterpart: u32,
    pub received_by: u32,
    pub office_name: u32,
    pub office_name_en: u32,
    pub receiving_organisation: u32,
    pub reason: u32,
    pub override_reason: u32,
    pub note: u32,
    pub summary: u32,
    pub personnel_opinion: u32,
    pub secrecy_office_opinion: u32,
    pub topic: u32,
    pub category: u32,
    pub kind: u32,
    pub action_taken: u32,
    pub item: u32,
    pub classification: u32,
    pub item_number: u32,
    pub purpose: u32,
    pub location: u32,
    pub number: u32,
}

/// Every limit the UI must know to hold its inputs to what the rules accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InputLimits {
    pub text: TextLimits,
    /// Dates: from 1 January of `min_year` to 31 December of `max_year`.
    pub min_year: i32,
    pub max_year: i32,
    /// Class hours of one training session.
    pub min_session_hours: u32,
    pub max_session_hours: u32,
}

pub const INPUT_LIMITS: InputLimits = InputLimits {
    text: TextLimits {
        name: NAME.max,
        staff_no: STAFF_NO.max,
        id_number: ID_NUMBER.max,
        unit: UNIT.max,
        post: POST.max,
        phone: PHONE.max,
        notes: NOTES.max,
        operator: OPERATOR.max,
        approver: APPROVER.max,
        counterpart: COUNTERPART.max,
        received_by: RECEIVED_BY.max,
        office_name: OFFICE_NAME.max,
        office_name_en: OFFICE_NAME_EN.max,
        receiving_organisation: RECEIVING_ORGANISATION.max,
        reason: REASON.max,
        override_reason: OVERRIDE_REASON.max,
        note: NOTE.max,
        summary: SUMMARY.max,
        personnel_opinion: PERSONNEL_OPINION.max,
        secrecy_office_opinion: SECRECY_OFFICE_OPINION.max,
        topic: TOPIC.max,
        category: CATEGORY.max,
        kind: EVENT_KIND.max,
        action_taken: ACTION_TAKEN.max,
        item: ITEM.max,
        classification: ITEM_CLASSIFICATION.max,
        item_number: ITEM_NUMBER.max,
        purpose: PURPOSE.max,
        location: LOCATION.max,
        number: DOCUMENT_NUMBER.max,
    },
    min_year: MIN_YEAR,
    max_year: MAX_YEAR,
    min_session_hours: MIN_SESSION_HOURS,
    max_session_hours: MAX_SESSION_HOURS,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{field_label, Lang};

    #[test]
    fn the_typescript_table_lists_every_text_field_with_its_limit() {
        let json = serde_json::to_value(INPUT_LIMITS.text).unwrap();
        let exported = json.as_object().unwrap();
        assert_eq!(exported.len(), TEXT_FIELDS.len());
        for f in TEXT_FIELDS {
            assert_eq!(exported.get(f.name).and_then(|v| v.as_u64()), Some(u64::from(f.max)), "{}", f.name);
        }
    }

    #[test]
    fn every_text_field_has_a_label_in_both_languages_and_a_unique_name() {
        for f in TEXT_FIELDS {
            assert_ne!(field_label(f.name, Lang::ZhCn), f.name, "no zh-CN label for {}", f.name);
            assert_ne!(field_label(f.name, Lang::En), f.name, "no English label for {}", f.name);
            assert_eq!(TEXT_FIELDS.iter().filter(|g| g.name == f.name).count(), 1, "{}", f.name);
            assert!(f.max > 0);
        }
    }
}
