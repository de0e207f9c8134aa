//! Free text as people type and paste it: names, units, reasons, notes, every text field of the
//! register goes through [`check`] with its entry of the limits table ([`crate::limits`]).
//!
//! What is refused is what no person types and what would make a record lie about itself:
//! control characters (ESC, NUL, the C1 controls …) and format characters — the bidi overrides
//! and isolates that make `abc` display as `cba`, the zero-width spaces and joiners that make
//! two equal-looking names differ, the byte-order mark, the soft hyphen — and the Hangul fillers
//! that look like nothing. A name made only of them would look empty on every list and form.
//! U+FFFD is refused too: it is what a file read in the wrong encoding leaves behind.
//!
//! Everything a person writes is kept: every ideograph, rare ones (喆, 堃) and those of the
//! supplementary planes (𠀀) included, private-use characters (offices make their own for names
//! no font has), variation selectors, the middle dot of transliterated names (·), emoji and all
//! punctuation. The check is on the kind of character, never a list of allowed scripts.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::error::FieldError;
use crate::limits::{TextField, OFFICE_NAME, OFFICE_NAME_EN, OPERATOR};

/// At most this many characters of a refused value are repeated in the message.
const MAX_SHOWN: usize = 40;

/// Whether `c` is a character no person types: a control character other than tab and line
/// breaks, a format character (Unicode category Cf), a Hangul filler, a noncharacter, or U+FFFD.
pub fn is_unseen(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    let code = u32::from(c);
    let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    let hangul_filler = matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}');
    noncharacter
        || hangul_filler
        || c == char::REPLACEMENT_CHARACTER
        || matches!(c.general_category(), GeneralCategory::Control | GeneralCategory::Format)
}

/// Refuses `raw` when it holds a character no person types, naming the first one and where it
/// is (1-based, in characters) so the operator can find it.
pub fn refuse_unseen(field: &str, raw: &str) -> Result<(), FieldError> {
    match raw.chars().enumerate().find(|(_, c)| is_unseen(*c)) {
        None => Ok(()),
        Some((i, c)) => {
            let code = if c == char::REPLACEMENT_CHARACTER { "text.unreadable" } else { "text.invisible" };
            Err(FieldError::new(field, code).with("field", field).with("position", i + 1).with("char", code_point(c)))
        }
    }
}

/// `U+202E`: how an invisible character is named in a message.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A value as a refusal repeats it: trimmed, cut to [`MAX_SHOWN`] characters, and with every
/// character no person types written as its code point, so the message cannot itself be
/// reversed by a bidi override or stretched by a pasted page.
pub fn shown(raw: &str) -> String {
    let mut out = String::new();
    for (i, c) in raw.trim().chars().enumerate() {
        if i == MAX_SHOWN {
            out.push('…');
            break;
        }
        if is_unseen(c) || c.is_control() {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    out
}

/// One line: every run of white space (doubled or non-breaking spaces, the ideographic space, a
/// tab, the line break a spreadsheet cell brings along when pasted) becomes one space.
fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Several lines: line breaks of any system become `\n`; spaces at the end of a line, which
/// nobody sees, and blank lines around the text are dropped; indentation is kept.
fn tidy_lines(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    unified.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// Checks and tidies the text of `field`: refused when it holds a character no person types,
/// when it is empty and `required`, or when it is longer than the field's limit.
pub fn check(field: TextField, raw: &str, required: bool) -> Result<String, FieldError> {
    refuse_unseen(field.name, raw)?;
    let value = if field.multi_line { tidy_lines(raw) } else { one_line(raw) };
    if required && value.is_empty() {
        return Err(FieldError::new(field.name, "required").with("field", field.name));
    }
    if value.chars().count() > field.max as usize {
        return Err(FieldError::new(field.name, "too_long").with("field", field.name).with("max", field.max));
    }
    Ok(value)
}

pub fn required(field: TextField, raw: &str) -> Result<String, FieldError> {
    check(field, raw, true)
}

pub fn optional(field: TextField, raw: &str) -> Result<String, FieldError> {
    check(field, raw, false)
}

/// The name of the operator at the keyboard, which every audit entry carries.
pub fn operator_name(raw: &str) -> Result<String, FieldError> {
    let name = optional(OPERATOR, raw)?;
    if name.is_empty() {
        return Err(FieldError::new(OPERATOR.name, "operator.required"));
    }
    Ok(name)
}

/// The office's name as the forms' header prints it (保密办公室).
pub fn office_name(raw: &str) -> Result<String, FieldError> {
    required(OFFICE_NAME, raw)
}

/// The office's English name; empty prints the Chinese one only.
pub fn office_name_en(raw: &str) -> Result<String, FieldError> {
    optional(OFFICE_NAME_EN, raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::limits::{NAME, NOTES, TOPIC};

    #[test]
    fn rare_and_supplementary_ideographs_and_middle_dots_are_kept() {
        for name in ["王喆", "李堃", "𠀀𪚥", "阿依古丽·买买提", "Mary-Ann O'Neil", "欧阳（小）明", "张三😀"] {
            assert_eq!(required(NAME, name).unwrap(), name);
        }
    }

    #[test]
    fn a_name_of_only_a_bidi_override_is_refused_with_a_message() {
        let err = required(NAME, "\u{202E}").unwrap_err();
        assert_eq!(err.code, "text.invisible");
        assert_eq!(err.params["char"], "U+202E");
        assert_eq!(err.message(Lang::ZhCn), "姓名第 1 个字符是看不见的控制或格式字符(U+202E),请删除后重新输入");
        assert_eq!(
            err.message(Lang::En),
            "Name has an invisible control or formatting character (U+202E) at position 1; delete it and type the text again"
        );
    }

    #[test]
    fn zero_width_and_control_characters_inside_a_name_are_refused() {
        let err = required(NAME, "张\u{200B}三").unwrap_err();
        assert_eq!((err.code.as_str(), err.params["position"].as_str()), ("text.invisible", "2"));
        for c in ['\u{1B}', '\0', '\u{7F}', '\u{85}', '\u{AD}', '\u{200D}', '\u{2066}', '\u{2069}', '\u{2060}', '\u{FEFF}', '\u{3164}'] {
            assert_eq!(required(NAME, &format!("张{c}三")).unwrap_err().code, "text.invisible", "{:04X}", u32::from(c));
        }
        // A lone ESC sequence, as a terminal colour code pasted along with a name.
        assert_eq!(required(NAME, "\u{1B}[31m张三").unwrap_err().code, "text.invisible");
    }

    #[test]
    fn a_mis_decoded_import_is_named_as_such() {
        assert_eq!(required(NAME, "张�").unwrap_err().code, "text.unreadable");
    }

    #[test]
    fn one_line_fields_collapse_white_space_and_pasted_line_breaks() {
        assert_eq!(required(NAME, " 张\u{3000}\u{A0}三\t\r\n").unwrap(), "张 三");
    }

    #[test]
    fn multi_line_fields_keep_line_breaks_and_tabs() {
        assert_eq!(optional(NOTES, "  第一行  \r\n\t第二行\r第三行\n\n").unwrap(), "第一行\n\t第二行\n第三行");
    }

    #[test]
    fn required_and_length() {
        assert_eq!(required(NAME, " \u{3000} ").unwrap_err().code, "required");
        assert_eq!(optional(NAME, "").unwrap(), "");
        let err = optional(TOPIC, &"保".repeat(40_000)).unwrap_err();
        assert_eq!((err.code.as_str(), err.params["max"].as_str()), ("too_long", "200"));
        assert!(required(NAME, &"喆".repeat(100)).is_ok());
        assert!(required(NAME, &"𠀀".repeat(101)).is_err());
    }

    #[test]
    fn operator_and_office_names() {
        assert_eq!(operator_name("  李 四 ").unwrap(), "李 四");
        assert_eq!(operator_name(" ").unwrap_err().code, "operator.required");
        assert_eq!(operator_name("李\u{202E}四").unwrap_err().code, "text.invisible");
        assert_eq!(office_name("某某研究院 保密办公室").unwrap(), "某某研究院 保密办公室");
        assert_eq!(office_name("").unwrap_err().code, "required");
        assert_eq!(office_name_en("").unwrap(), "");
        assert_eq!(office_name_en("Secrecy\u{200E}Office").unwrap_err().code, "text.invisible");
    }

    #[test]
    fn a_refused_value_is_shown_short_and_with_its_invisible_characters_named() {
        assert_eq!(shown(" ab\u{202E}c "), "ab<U+202E>c");
        assert_eq!(shown(&"x".repeat(50)), format!("{}…", "x".repeat(40)));
    }
}
