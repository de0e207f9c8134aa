//! The PRC resident identity card number (GB 11643-1999): 6-digit area code, 8-digit birth date,
//! 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::EARLIEST_DATE;
use crate::error::FieldError;
use crate::{fullwidth, text};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// A resident ID number that passed every check; its birth date and sex are read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    number: String,
    birth_date: NaiveDate,
    sex: Sex,
}

/// The check character for the first 17 digits, when `first17` is 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    let mut digits = [0u32; 17];
    let mut count = 0;
    for c in first17.chars() {
        *digits.get_mut(count)? = c.to_digit(10)?;
        count += 1;
    }
    (count == 17).then(|| check_digit(&digits))
}

fn check_digit(digits: &[u32; 17]) -> char {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK[(sum % 11) as usize]
}

impl ResidentId {
    /// Parses and checks a number. Full-width digits and `ｘ` (an input method in full-width
    /// mode) are read as ASCII, spaces between groups are dropped, a lowercase `x` is accepted;
    /// the number is stored as 18 ASCII characters. `today` bounds the birth date.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<ResidentId, FieldError> {
        let field = "id_number";
        text::refuse_unseen(field, raw)?;
        let chars: Vec<char> = fullwidth::to_ascii(raw).chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        if chars.len() != 18 {
            return Err(FieldError::new(field, "id_number.length").with("len", chars.len()));
        }
        let mut digits = [0u32; 17];
        for (i, c) in chars.iter().enumerate() {
            match (i, c.to_digit(10)) {
                (0..=16, Some(d)) => digits[i] = d,
                (17, Some(_)) => {}
                (17, None) if *c == 'X' => {}
                _ => {
                    let e = FieldError::new(field, "id_number.character").with("position", i + 1);
                    return Err(e.with("char", text::shown(&c.to_string())));
                }
            }
        }
        let last = chars[17];
        let number: String = chars.iter().collect();
        let value = |from: usize, to: usize| digits.iter().skip(from).take(to - from).fold(0u32, |n, d| n * 10 + d);
        let (year, month, day) = (value(6, 10), value(10, 12), value(12, 14));
        let shown = format!("{year:04}-{month:02}-{day:02}");
        let birth_date = i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .filter(|d| *d >= EARLIEST_DATE)
            .ok_or_else(|| FieldError::new(field, "id_number.birth_date").with("value", &shown))?;
        if birth_date > today {
            return Err(FieldError::new(field, "id_number.future_birth").with("value", &shown));
        }
        let expected = check_digit(&digits);
        if expected != last {
            return Err(FieldError::new(field, "id_number.checksum").with("expected", expected).with("actual", last));
        }
        let sex = if value(14, 17) % 2 == 1 { Sex::Male } else { Sex::Female };
        Ok(ResidentId { number, birth_date, sex })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    pub fn sex(&self) -> Sex {
        self.sex
    }
}

/// What lists show of an ID number: everything but the last four characters hidden.
pub fn mask(number: &str) -> String {
    let count = number.chars().count();
    let hidden = count.saturating_sub(4);
    number.chars().enumerate().map(|(i, c)| if i < hidden { '*' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    // Check digits below were worked out by hand: sum of digit × weight, mod 11, mapped through
    // 1 0 X 9 8 7 6 5 4 3 2.
    #[test]
    fn accepts_a_valid_number_and_reads_birth_date_and_sex() {
        // 4·7+4·9+0·10+3·5+0·8+4·4+1·2+9·1+8·6+5·3+0·7+6·9+1·10+7·5+1·8+2·4+3·2 = 290;
        // 290 mod 11 = 4 → '8'. Sequence 123 is odd: a man.
        let id = ResidentId::parse("440304198506171238", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1985, 6, 17).unwrap());
        assert_eq!(id.sex(), Sex::Male);
        // 3·7+2·9+0·10+1·5+0·8+6·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+4·2 = 155;
        // 155 mod 11 = 1 → '0'. Sequence 004 is even: a woman.
        let id = ResidentId::parse("320106199001010040", today()).unwrap();
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn accepts_x_check_digit_in_either_case() {
        // GB 11643's specimen: the 17 digits weigh 167, 167 mod 11 = 2 → 'X'.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        let upper = ResidentId::parse("11010519491231002X", today()).unwrap();
        let lower = ResidentId::parse("11010519491231002x", today()).unwrap();
        assert_eq!(upper, lower);
        assert_eq!(lower.as_str(), "11010519491231002X");
    }

    #[test]
    fn refuses_a_wrong_check_digit() {
        let err = ResidentId::parse("110105194912310021", today()).unwrap_err();
        assert_eq!(err.code, "id_number.checksum");
        assert_eq!(err.params["expected"], "X");
    }

    #[test]
    fn refuses_29_february_of_a_non_leap_year() {
        // 2023 is not a leap year; the check digit is right so only the date is wrong.
        let body = "11010520230229001";
        let n = format!("{body}{}", check_char(body).unwrap());
        assert_eq!(ResidentId::parse(&n, today()).unwrap_err().code, "id_number.birth_date");
        // 2024 is.
        let body = "11010520240229001";
        let n = format!("{body}{}", check_char(body).unwrap());
        assert!(ResidentId::parse(&n, today()).is_ok());
    }

    #[test]
    fn refuses_wrong_length_letters_and_future_births() {
        assert_eq!(ResidentId::parse("1101051949123100", today()).unwrap_err().code, "id_number.length");
        assert_eq!(ResidentId::parse("1101051949A231002X", today()).unwrap_err().code, "id_number.character");
        let body = "11010520301231001";
        let n = format!("{body}{}", check_char(body).unwrap());
        assert_eq!(ResidentId::parse(&n, today()).unwrap_err().code, "id_number.future_birth");
    }

    #[test]
    fn full_width_digits_from_an_input_method_are_read_and_stored_as_ascii() {
        let id = ResidentId::parse("４４０３０４１９８５０６１７１２３８", today()).unwrap();
        assert_eq!(id.as_str(), "440304198506171238");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1985, 6, 17).unwrap());
        // The full-width `ｘ` check character, and the groups a person types spaces between.
        let id = ResidentId::parse("１１０１０５　１９４９１２３１　００２ｘ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(ResidentId::parse("11010519491231002Ｘ", today()).unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn a_chinese_character_inside_the_number_is_refused_with_its_position() {
        let err = ResidentId::parse("4403041985061712中8", today()).unwrap_err();
        assert_eq!(err.code, "id_number.character");
        assert_eq!((err.params["position"].as_str(), err.params["char"].as_str()), ("17", "中"));
        assert_eq!(err.message(Lang::ZhCn), "身份证号码第 17 位“中”无效:前 17 位应为数字,末位为数字或 X");
        assert_eq!(
            err.message(Lang::En),
            "Character 17 of the ID number (\"中\") is not allowed: the first 17 must be digits, the last a digit or X"
        );
        // An X anywhere but last is no digit either.
        assert_eq!(ResidentId::parse("X10105194912310021", today()).unwrap_err().params["position"], "1");
        assert_eq!(ResidentId::parse("4403041985061712\u{202E}38", today()).unwrap_err().code, "text.invisible");
    }

    #[test]
    fn masks_all_but_the_last_four() {
        assert_eq!(mask("11010519491231002X"), "**************002X");
        assert_eq!(mask("AB1"), "AB1");
    }

    #[test]
    fn eighteen_characters_that_are_not_ascii_are_read_or_refused_never_a_panic() {
        // 18 full-width digits: 54 octets, so octet 17 falls inside the sixth character. An
        // input method in full-width mode types them: they are read as the digits they are.
        let wide: String = "１１０１０５１９４９１２３１００２Ｘ".to_owned();
        assert_eq!(wide.chars().count(), 18);
        assert_eq!(ResidentId::parse(&wide, today()).unwrap().as_str(), "11010519491231002X");
        assert_eq!(ResidentId::parse("1101051949123100２X", today()).unwrap().as_str(), "11010519491231002X");
        assert_eq!(ResidentId::parse("一二三四五六七八九十一二三四五六七八", today()).unwrap_err().code, "id_number.character");
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// ISO 7064 MOD 11-2 by its recursive definition, without the weight table: P ← 2(P + d)
        /// mod 11 over the digits; the check value C makes P + C ≡ 1 (mod 11); 10 is written X.
        fn iso7064_mod_11_2(digits: &str) -> char {
            let p = digits.chars().fold(0, |p, c| (p + c.to_digit(10).unwrap()) * 2 % 11);
            match (12 - p) % 11 {
                10 => 'X',
                c => char::from_digit(c, 10).unwrap(),
            }
        }

        /// A number with a real birth date (1 Jan 1900 to `today()`) and its right check char.
        fn valid_number() -> impl Strategy<Value = String> {
            let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
            let days = (today() - first).num_days();
            ("[0-9]{6}", 0..=days, "[0-9]{3}").prop_map(move |(area, offset, seq)| {
                let birth = first + chrono::Duration::days(offset);
                let body = format!("{area}{}{seq}", birth.format("%Y%m%d"));
                let check = iso7064_mod_11_2(&body);
                format!("{body}{check}")
            })
        }

        proptest! {
            #[test]
            fn check_char_agrees_with_iso_7064(digits in "[0-9]{17}") {
                prop_assert_eq!(check_char(&digits), Some(iso7064_mod_11_2(&digits)));
            }

            #[test]
            fn a_valid_number_is_accepted_and_any_other_last_char_refused(number in valid_number(), other in any::<char>()) {
                prop_assert!(ResidentId::parse(&number, today()).is_ok(), "{}", number);
                let last = number.chars().last().unwrap();
                prop_assume!(other.to_uppercase().collect::<String>() != last.to_string());
                let body: String = number.chars().take(17).collect();
                let changed = format!("{body}{other}");
                prop_assert!(ResidentId::parse(&changed, today()).is_err(), "{:?} was accepted", changed);
            }

            #[test]
            fn parse_never_panics(raw in any::<String>()) {
                let _ = ResidentId::parse(&raw, today());
            }

            #[test]
            fn parse_never_panics_on_eighteen_mixed_characters(
                chars in prop::collection::vec(prop_oneof![
                    prop::char::range('0', '9'),
                    Just('X'),
                    Just('x'),
                    prop::char::range('０', '９'),
                    prop::char::range('\u{4e00}', '\u{9fff}'),
                    any::<char>(),
                ], 16..=20)
            ) {
                let raw: String = chars.into_iter().collect();
                let _ = ResidentId::parse(&raw, today());
            }
        }
    }
}
