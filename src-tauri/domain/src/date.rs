//! Dates as people type them, and the range every date of the register lies in.
//!
//! [`parse_date`] reads the forms an office writes — `2024-03-01`, `2024-3-1`, `2024/3/1`,
//! `2024.3.1`, `2024年3月1日` (or `号`), `20240301`, in full-width digits too — and nothing that
//! could be read two ways: a two-digit year (`26-01-01`) is refused rather than taken for the
//! year 26, and so is a day-first form (`01/03/2024`). [`check_date`] holds a date that arrives
//! already parsed (the window's date input, the CLI) to the same range.

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;
use crate::fullwidth;
use crate::text::shown;

pub use crate::limits::{MAX_YEAR, MIN_YEAR};

const fn first_day(year: i32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, 1, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    }
}

const fn last_day(year: i32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, 12, 31) {
        Some(d) => d,
        None => NaiveDate::MAX,
    }
}

/// The first and the last day a date of the register may be.
pub const EARLIEST_DATE: NaiveDate = first_day(MIN_YEAR);
pub const LATEST_DATE: NaiveDate = last_day(MAX_YEAR);

/// Refuses a date outside [`EARLIEST_DATE`] ..= [`LATEST_DATE`].
pub fn check_date(field: &str, date: NaiveDate) -> Result<NaiveDate, FieldError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Ok(date);
    }
    Err(FieldError::new(field, "date.out_of_range")
        .with("field", field)
        .with("min", EARLIEST_DATE)
        .with("max", LATEST_DATE)
        .with("value", date))
}

/// The year, month and day as typed, each still text.
struct Parts {
    year: String,
    month: String,
    day: String,
}

impl Parts {
    fn of(year: &str, month: &str, day: &str) -> Parts {
        Parts { year: year.trim().to_owned(), month: month.trim().to_owned(), day: day.trim().to_owned() }
    }
}

/// Splits `2024年3月1日`, `2024-3-1` (or `/`, `.`; the same mark twice) and `20240301`.
fn split(text: &str) -> Option<Parts> {
    if let Some((year, rest)) = text.split_once('年') {
        let (month, day) = rest.split_once('月')?;
        let day = day.trim_end();
        let day = day.strip_suffix('日').or_else(|| day.strip_suffix('号')).unwrap_or(day);
        return Some(Parts::of(year, month, day));
    }
    if let Some(mark) = text.chars().find(|c| !c.is_ascii_digit() && !c.is_whitespace()) {
        if !matches!(mark, '-' | '/' | '.') {
            return None;
        }
        let mut pieces = text.split(mark);
        let parts = Parts::of(pieces.next()?, pieces.next()?, pieces.next()?);
        return pieces.next().is_none().then_some(parts);
    }
    let digits: Vec<char> = text.chars().collect();
    if digits.len() != 8 {
        return None;
    }
    let part = |from: usize, to: usize| -> String { digits.iter().skip(from).take(to - from).collect() };
    Some(Parts { year: part(0, 4), month: part(4, 6), day: part(6, 8) })
}

fn number(part: &str, max_digits: usize) -> Option<u32> {
    if part.is_empty() || part.len() > max_digits || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Reads a date typed into `field`. Refused, with a message naming the field and the forms it
/// takes: an empty text, a text that is no date, a two-digit year, a day the month does not
/// have, a year outside [`MIN_YEAR`] ..= [`MAX_YEAR`].
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let ascii = fullwidth::to_ascii(text);
    let ascii = ascii.trim();
    if ascii.is_empty() {
        return Err(FieldError::new(field, "required").with("field", field));
    }
    let refuse = |code: &str| FieldError::new(field, code).with("field", field).with("value", shown(text));
    let parts = split(ascii).ok_or_else(|| refuse("date.format"))?;
    let (month, day) = match (number(&parts.month, 2), number(&parts.day, 2)) {
        (Some(m), Some(d)) => (m, d),
        _ => return Err(refuse("date.format")),
    };
    let year = match parts.year.len() {
        1 | 2 if number(&parts.year, 2).is_some() => return Err(refuse("date.two_digit_year")),
        4 => number(&parts.year, 4).and_then(|y| i32::try_from(y).ok()).ok_or_else(|| refuse("date.format"))?,
        _ => return Err(refuse("date.format")),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| refuse("date.no_such_day"))?;
    check_date(field, date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_forms_an_office_types() {
        for text in [
            "2024-03-01",
            "2024-3-1",
            "2024/3/1",
            "2024.3.1",
            "2024年3月1日",
            "2024年03月01日",
            "2024 年 3 月 1 日",
            "2024年3月1号",
            "2024年3月1",
            "20240301",
            " 2024-03-01 ",
            "２０２４－０３－０１",
            "２０２４年３月１日",
            "２０２４．３．１",
            "2024 / 3 / 1",
        ] {
            assert_eq!(parse_date("date", text), Ok(d(2024, 3, 1)), "{text}");
        }
    }

    #[test]
    fn two_digit_years_are_refused_not_read_as_the_first_century() {
        let err = parse_date("issued", "26-01-01").unwrap_err();
        assert_eq!(err.code, "date.two_digit_year");
        assert_eq!(err.message(Lang::ZhCn), "签发日期“26-01-01”的年份只有两位,请写全四位年份,如 2026-01-01");
        assert_eq!(parse_date("issued", "26年1月1日").unwrap_err().code, "date.two_digit_year");
    }

    #[test]
    fn years_outside_1900_to_2100_are_refused() {
        let err = parse_date("expires", "0026-01-01").unwrap_err();
        assert_eq!(err.code, "date.out_of_range");
        assert_eq!(err.params["value"], "0026-01-01");
        assert_eq!(err.message(Lang::En), "Expiry date must be between 1900-01-01 and 2100-12-31 (it is 0026-01-01)");
        assert_eq!(parse_date("expires", "2101-01-01").unwrap_err().code, "date.out_of_range");
        assert_eq!(parse_date("expires", "1899-12-31").unwrap_err().code, "date.out_of_range");
        assert_eq!(parse_date("expires", "1900-01-01"), Ok(d(1900, 1, 1)));
        assert_eq!(parse_date("expires", "2100-12-31"), Ok(d(2100, 12, 31)));
    }

    #[test]
    fn what_is_not_a_date_says_which_forms_are() {
        for text in ["2024-03", "2024-3-1-1", "2024-3/1", "01/03/2024", "3月1日", "2024年3月", "02024-1-1", "2024-001-01", "x", "2024—3—1"]
        {
            assert_eq!(parse_date("date", text).unwrap_err().code, "date.format", "{text}");
        }
        assert_eq!(
            parse_date("date", "明天").unwrap_err().message(Lang::En),
            "Date \"明天\" is not a date: write it as 2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日"
        );
        assert_eq!(parse_date("date", " ").unwrap_err().code, "required");
    }

    #[test]
    fn days_the_month_does_not_have() {
        assert_eq!(parse_date("date", "2023-02-29").unwrap_err().code, "date.no_such_day");
        assert_eq!(parse_date("date", "2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("date", "2024-13-01").unwrap_err().code, "date.no_such_day");
    }

    #[test]
    fn dates_already_parsed_are_held_to_the_same_range() {
        assert_eq!(check_date("date", d(2026, 1, 1)), Ok(d(2026, 1, 1)));
        assert_eq!(check_date("date", d(26, 1, 1)).unwrap_err().code, "date.out_of_range");
        assert_eq!(check_date("date", d(2101, 1, 1)).unwrap_err().code, "date.out_of_range");
        assert_eq!(check_date("date", NaiveDate::MAX).unwrap_err().code, "date.out_of_range");
        assert_eq!((EARLIEST_DATE, LATEST_DATE), (d(1900, 1, 1), d(2100, 12, 31)));
    }
}
