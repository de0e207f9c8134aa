//! Numbers people type that are not dates: staff numbers, phone numbers, travel-document numbers,
//! and ID-document numbers under a policy that does not check PRC resident IDs (those are
//! [`crate::id_card`]'s). Each is first brought to ASCII ([`crate::fullwidth`]), so a number
//! typed with the input method in full-width mode is the same number, and finds its duplicate.

use crate::error::FieldError;
use crate::fullwidth;
use crate::limits::{TextField, DOCUMENT_NUMBER, ID_NUMBER, PHONE, STAFF_NO};
use crate::text;

/// The ASCII form of `raw`, trimmed, after refusing characters no person types (a zero-width
/// space would otherwise be reported as a wrong character nobody can see) and checking the
/// length.
fn ascii(field: TextField, raw: &str, required: bool) -> Result<String, FieldError> {
    text::check(field, &fullwidth::to_ascii(raw), required)
}

/// A staff number: letters, digits, `-` and `_`, stored upper case (`bj-0001` → `BJ-0001`).
pub fn staff_number(raw: &str) -> Result<String, FieldError> {
    let value = ascii(STAFF_NO, raw, true)?;
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(FieldError::new(STAFF_NO.name, "staff_no.format"));
    }
    Ok(value.to_ascii_uppercase())
}

/// A phone number, optional: digits with spaces, `+`, `-` and brackets as the person groups
/// them (`+86 (10) 6512-3456`, `138 0013 8000`); at least one digit.
pub fn phone_number(raw: &str) -> Result<String, FieldError> {
    let value = ascii(PHONE, raw, false)?;
    let allowed = value.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || (!value.is_empty() && !value.chars().any(|c| c.is_ascii_digit())) {
        return Err(FieldError::new(PHONE.name, "phone.format"));
    }
    Ok(value)
}

/// A passport or permit number: letters, digits and `-`, stored upper case without spaces.
pub fn document_number(raw: &str) -> Result<String, FieldError> {
    let value: String = ascii(DOCUMENT_NUMBER, raw, true)?.chars().filter(|c| *c != ' ').collect();
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(FieldError::new(DOCUMENT_NUMBER.name, "document.number_format"));
    }
    Ok(value.to_ascii_uppercase())
}

/// An ID-document number under a free-text policy (a driving licence, a foreign passport): kept
/// as typed, in ASCII where the typing was full-width.
pub fn free_id_number(raw: &str) -> Result<String, FieldError> {
    ascii(ID_NUMBER, raw, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_staff_numbers_are_the_same_number() {
        assert_eq!(staff_number("１０２４"), Ok("1024".to_owned()));
        assert_eq!(staff_number(" ｂｊ－０００１\u{3000}"), Ok("BJ-0001".to_owned()));
        assert_eq!(staff_number("bj_01"), Ok("BJ_01".to_owned()));
        assert_eq!(staff_number("A 1").unwrap_err().code, "staff_no.format");
        assert_eq!(staff_number("").unwrap_err().code, "required");
        assert_eq!(staff_number("10\u{200B}24").unwrap_err().code, "text.invisible");
    }

    #[test]
    fn full_width_phone_numbers_are_accepted_as_typed_in_ascii() {
        assert_eq!(phone_number("１３８ ００１３ ８０００"), Ok("138 0013 8000".to_owned()));
        assert_eq!(phone_number("＋８６（１０）６５１２－３４５６"), Ok("+86(10)6512-3456".to_owned()));
        assert_eq!(phone_number(""), Ok(String::new()));
        assert_eq!(phone_number("call me").unwrap_err().code, "phone.format");
        assert_eq!(phone_number("(-)").unwrap_err().code, "phone.format");
        assert_eq!(phone_number(&"1".repeat(41)).unwrap_err().code, "too_long");
    }

    #[test]
    fn document_numbers_lose_spaces_and_gain_capitals() {
        assert_eq!(document_number(" ｅ１２３ ４５６７８ "), Ok("E12345678".to_owned()));
        assert_eq!(document_number("C-1234"), Ok("C-1234".to_owned()));
        assert_eq!(document_number("E1234/5").unwrap_err().code, "document.number_format");
        assert_eq!(document_number("护照").unwrap_err().code, "document.number_format");
        assert_eq!(document_number(" ").unwrap_err().code, "required");
    }

    #[test]
    fn free_text_id_numbers_are_kept_as_typed() {
        assert_eq!(free_id_number(" DL 1234-5678 "), Ok("DL 1234-5678".to_owned()));
        assert_eq!(free_id_number("ＤＬ　１２３４"), Ok("DL 1234".to_owned()));
    }
}
