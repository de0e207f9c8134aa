//! The checks on the returned-items checklist of a departure (国家秘密载体清退), line by line.

use chrono::NaiveDate;

use super::{past_date, ReturnedItem};
use crate::error::{DomainError, Errors, FieldError};
use crate::limits::{TextField, ITEM, ITEM_CLASSIFICATION, ITEM_NUMBER, RECEIVED_BY};
use crate::text;

/// A refusal of line `n` is reported on the field `items.n`, the line the form highlights; the
/// message still names the column (`{field}`).
fn on_line<T>(n: usize, r: Result<T, FieldError>) -> Result<T, FieldError> {
    r.map_err(|mut e| {
        e.field = Some(format!("items.{n}"));
        e
    })
}

fn column(n: usize, field: TextField, raw: &str, errors: &mut Errors) -> String {
    errors.take(on_line(n, text::optional(field, raw))).unwrap_or_default()
}

/// Checks every line on `today` and returns the list tidied: each line needs the item's name,
/// and once returned, who in the office received it; a return date within the register's range
/// and not in the future.
pub fn validate_returned_items(items: &[ReturnedItem], today: NaiveDate) -> Result<Vec<ReturnedItem>, DomainError> {
    let mut errors = Errors::default();
    let mut out = Vec::with_capacity(items.len());
    for (n, raw) in items.iter().enumerate() {
        let item = ReturnedItem {
            item: column(n, ITEM, &raw.item, &mut errors),
            classification: column(n, ITEM_CLASSIFICATION, &raw.classification, &mut errors),
            number: column(n, ITEM_NUMBER, &raw.number, &mut errors),
            received_by: column(n, RECEIVED_BY, &raw.received_by, &mut errors),
            returned_on: raw.returned_on,
        };
        if item.item.is_empty() || (item.returned_on.is_some() && item.received_by.is_empty()) {
            errors.push(FieldError::new(format!("items.{n}"), "lifecycle.item_incomplete"));
        }
        if let Some(date) = item.returned_on {
            errors.take(on_line(n, past_date("returned_on", date, today)));
        }
        out.push(item);
    }
    errors.finish(|| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn item(name: &str, received_by: &str, returned_on: Option<NaiveDate>) -> ReturnedItem {
        ReturnedItem {
            item: name.into(),
            classification: " 机密 ".into(),
            number: "BM-001".into(),
            received_by: received_by.into(),
            returned_on,
        }
    }

    #[test]
    fn lines_are_tidied_and_kept_in_order() {
        let items = [item(" 笔记本电脑 ", "李四", Some(d(2026, 3, 1))), item("U 盘", "", None)];
        let ok = validate_returned_items(&items, d(2026, 3, 2)).unwrap();
        assert_eq!(ok[0].item, "笔记本电脑");
        assert_eq!(ok[0].classification, "机密");
        assert_eq!(ok[1].item, "U 盘");
    }

    #[test]
    fn each_fault_is_reported_on_its_line() {
        let items = [
            item("", "李四", None),
            item("硬盘", "", Some(d(2026, 3, 1))),
            item("光盘\u{202E}", "李四", None),
            item("文件", "李四", Some(d(2026, 3, 3))),
            item("文件", "李四", Some(d(26, 3, 1))),
        ];
        let err = validate_returned_items(&items, d(2026, 3, 2)).unwrap_err();
        let got: Vec<(&str, &str)> = err.errors.iter().map(|e| (e.field.as_deref().unwrap_or(""), e.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("items.0", "lifecycle.item_incomplete"),
                ("items.1", "lifecycle.item_incomplete"),
                ("items.2", "text.invisible"),
                ("items.2", "lifecycle.item_incomplete"),
                ("items.3", "date.future"),
                ("items.4", "date.out_of_range"),
            ]
        );
        assert_eq!(err.errors[2].params["field"], "item");
    }
}
