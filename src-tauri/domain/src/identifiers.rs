//! Numbers people type that are not dates: staff numbers, phone numbers, travel-document numbers,
//! and ID-document numbers under a policy that does not check PRC resident IDs (those are
//! [`crate::id_card`]'s). Each is first brought to ASCII ([`crate::fullwidth`]), so a number
//! typed with the input method in full-width mode is the same number, and finds its duplicate.

use crate::error::FieldError;
use crate::fullwidth;
use crate::i18n::Lang;
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

/// What separates an extension from the number, as people type it (`转 8012`, `分机 8012`,
/// `ext. 8012`, `x8012`, `#8012`), compared in lower case; the longer forms first.
const EXTENSION_MARKS: &[&str] = &["extension", "分机号", "分機號", "分机", "分機", "ext.", "ext", "转", "轉", "x", "#"];

/// How an extension is stored: one form whatever was typed, shown in words by [`phone_shown`].
const EXTENSION_STORED: &str = " ext. ";

/// The longest extension accepted (digits).
const EXTENSION_MAX: usize = 8;

/// A phone number, optional: digits with spaces, `+`, `-` and brackets as the person groups
/// them (`+86 (10) 6512-3456`, `138 0013 8000`); at least one digit. An extension may follow
/// (`010-6512 3456 转 8012`, `ext. 8012`, `x8012`): it is stored as `… ext. 8012` and shown in
/// the reader's words by [`phone_shown`].
pub fn phone_number(raw: &str) -> Result<String, FieldError> {
    let value = ascii(PHONE, raw, false)?;
    let refused = || FieldError::new(PHONE.name, "phone.format");
    let (main, extension) = split_extension(&value).ok_or_else(refused)?;
    let allowed = main.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || (!value.is_empty() && !main.chars().any(|c| c.is_ascii_digit())) {
        return Err(refused());
    }
    match extension {
        // Stored within the limit too, so that it reads back as typed in either language.
        Some(ext) => text::check(PHONE, &format!("{main}{EXTENSION_STORED}{ext}"), false),
        None => Ok(main.to_owned()),
    }
}

/// The number and its extension, if one is marked; `None` when a mark is followed by no digits
/// or by anything else than digits.
fn split_extension(value: &str) -> Option<(&str, Option<&str>)> {
    let lower = value.to_lowercase();
    // The first mark in the text (a mark never belongs to the number itself).
    let found =
        EXTENSION_MARKS.iter().filter_map(|m| lower.find(m).map(|at| (at, m.len()))).min_by_key(|(at, len)| (*at, std::cmp::Reverse(*len)));
    let Some((at, len)) = found else { return Some((value, None)) };
    // Lower-casing keeps the byte offsets of ASCII and of these marks.
    let (main, rest) = (value.get(..at)?.trim_end(), value.get(at + len..)?);
    let ext = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '.' || c == '：').trim_end();
    let digits = !ext.is_empty() && ext.len() <= EXTENSION_MAX && ext.bytes().all(|b| b.is_ascii_digit());
    digits.then_some((main, Some(ext)))
}

/// A stored phone number as the reader writes it: `010-6512 3456 转 8012` in Chinese,
/// `010-6512 3456 ext. 8012` in English.
pub fn phone_shown(stored: &str, lang: Lang) -> String {
    match (stored.split_once(EXTENSION_STORED), lang) {
        (Some((main, ext)), Lang::ZhCn) => format!("{main} 转 {ext}"),
        _ => stored.to_owned(),
    }
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
    fn phone_numbers_with_an_extension_as_people_type_it() {
        for typed in [
            "010-6512 3456 转 8012",
            "010-6512 3456转8012",
            "010-6512 3456 转8012",
            "010-6512 3456 ext. 8012",
            "010-6512 3456 ext 8012",
            "010-6512 3456 EXT.8012",
            "010-6512 3456 x8012",
            "010-6512 3456 X 8012",
            "010-6512 3456 #8012",
            "010-6512 3456 分机 8012",
            "010-6512 3456 分机号:8012",
            "010-6512 3456 extension 8012",
            "０１０－６５１２ ３４５６ 转 ８０１２",
            " 010-6512 3456 ext. 8012 ",
        ] {
            assert_eq!(phone_number(typed), Ok("010-6512 3456 ext. 8012".to_owned()), "{typed}");
        }
        assert_eq!(phone_number("+86 10 6512 3456 转 12"), Ok("+86 10 6512 3456 ext. 12".to_owned()));
        // Within the limit as stored, not only as typed.
        let long = format!("{} 转 8012", "1".repeat(32));
        assert_eq!(phone_number(&long).unwrap_err().code, "too_long");
    }

    #[test]
    fn an_extension_is_digits_after_a_number() {
        for typed in
            ["010-6512 3456 转", "010-6512 3456 转 80a2", "转 8012", "ext. 8012", "010 转 8012 转 1", "010 x 123456789", "010 ext. -8"]
        {
            assert_eq!(phone_number(typed).unwrap_err().code, "phone.format", "{typed}");
        }
    }

    #[test]
    fn an_extension_is_shown_in_the_readers_words() {
        let stored = phone_number("010-6512 3456 x8012").unwrap();
        assert_eq!(phone_shown(&stored, Lang::ZhCn), "010-6512 3456 转 8012");
        assert_eq!(phone_shown(&stored, Lang::En), "010-6512 3456 ext. 8012");
        assert_eq!(phone_shown("138 0013 8000", Lang::ZhCn), "138 0013 8000");
        // What is shown is read back as the same number.
        assert_eq!(phone_number(&phone_shown(&stored, Lang::ZhCn)), Ok(stored));
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
