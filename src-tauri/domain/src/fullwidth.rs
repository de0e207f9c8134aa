//! Full-width characters as a Chinese input method types them.
//!
//! In full-width mode (全角) an input method sends, for every key of the ASCII keyboard, its
//! twin in the Halfwidth and Fullwidth Forms block: `１２３` for `123`, `ｘ` for `x`, `－` for
//! `-`, and U+3000 (the ideographic space) for the space bar. An operator cannot see the
//! difference on screen, so before an ID, staff, phone or travel-document number or a date is
//! checked, the twins become the ASCII characters they stand for. Free text (names, notes) is
//! kept as typed: there the full-width form may be what the person meant.

/// Start of the full-width twins of ASCII `!` … `~` (U+FF01 … U+FF5E).
const FIRST_TWIN: u32 = 0xFF01;
const LAST_TWIN: u32 = 0xFF5E;
/// What is added to an ASCII character's code to get its full-width twin.
const TWIN_OFFSET: u32 = 0xFF01 - 0x21;

/// The ASCII character a full-width twin stands for, or `c` itself.
pub fn ascii_char(c: char) -> char {
    let code = u32::from(c);
    if (FIRST_TWIN..=LAST_TWIN).contains(&code) {
        char::from_u32(code - TWIN_OFFSET).unwrap_or(c)
    } else if c == '\u{3000}' {
        ' '
    } else {
        c
    }
}

/// `raw` with every full-width twin of an ASCII character (digits, Latin letters, `－（）＋．／`
/// and the rest of U+FF01–FF5E) and the ideographic space replaced by ASCII. Everything else is
/// left alone, so a character that has no ASCII twin is still there to be refused by the check
/// that follows.
pub fn to_ascii(raw: &str) -> String {
    raw.chars().map(ascii_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_letters_space_and_punctuation_become_ascii() {
        assert_eq!(to_ascii("４４０３０４１９８５０６１７１２３８"), "440304198506171238");
        assert_eq!(to_ascii("ＡＢｘＸｚＺ"), "ABxXzZ");
        assert_eq!(to_ascii("（０１０）　６５１２－３４５６＋"), "(010) 6512-3456+");
        assert_eq!(to_ascii("２０２４．３．１／＿"), "2024.3.1/_");
    }

    #[test]
    fn everything_else_is_kept() {
        assert_eq!(to_ascii("张三·王喆 𠀀 ¥"), "张三·王喆 𠀀 ¥");
        assert_eq!(to_ascii("年月日\u{202E}"), "年月日\u{202E}");
        // U+FF5F onwards (white parentheses, half-width katakana) have no ASCII twin.
        assert_eq!(to_ascii("｟ｦ"), "｟ｦ");
    }
}
