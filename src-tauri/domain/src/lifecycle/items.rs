//! The departure checklist (国家秘密载体清退): the items handed back, each signed for.

use chrono::NaiveDate;

use super::actions::check_set_returned_items;
use super::transition::{both, Refusal};
use super::{LifecycleState, PersonRecord, ReturnedItem};
use crate::error::{DomainError, FieldError};
use crate::i18n::Lang;

/// Replaces the departure's checklist with `items` (trimmed): each item needs its name, and
/// once returned who received it; no return is dated after `today`. Only while departing.
/// Returns the state to store.
pub fn set_returned_items(person: &PersonRecord, items: &[ReturnedItem], today: NaiveDate) -> Result<LifecycleState, Refusal> {
    let pre = check_set_returned_items(person);
    if !pre.applies() {
        return Err(DomainError { errors: pre.not_applicable });
    }
    let items: Vec<ReturnedItem> = items
        .iter()
        .map(|i| ReturnedItem {
            item: i.item.trim().to_owned(),
            classification: i.classification.trim().to_owned(),
            number: i.number.trim().to_owned(),
            received_by: i.received_by.trim().to_owned(),
            returned_on: i.returned_on,
        })
        .collect();
    let mut errors = Vec::new();
    for (n, i) in items.iter().enumerate() {
        if i.item.is_empty() || (i.returned_on.is_some() && i.received_by.is_empty()) {
            errors.push(FieldError::new(format!("items.{n}"), "lifecycle.item_incomplete"));
        }
        if i.returned_on.is_some_and(|d| d > today) {
            errors.push(FieldError::new(format!("items.{n}"), "date.future").with("field", "date").with("today", today));
        }
    }
    if !errors.is_empty() {
        return Err(DomainError { errors });
    }
    let mut state = person.state.clone();
    if let Some(departure) = state.departure.as_mut() {
        departure.items = items;
    }
    Ok(state)
}

/// Refuses a checklist step while an item of the departure checklist is still out on `on`,
/// naming every such item (with its number, when it has one).
pub(super) fn all_items_returned(person: &PersonRecord, on: NaiveDate) -> Result<(), FieldError> {
    let out = person.items_not_returned(on);
    if out.is_empty() {
        return Ok(());
    }
    let name = |i: &ReturnedItem, lang: Lang| {
        let (item, number) = (i.item.trim(), i.number.trim());
        match (number.is_empty(), lang) {
            (true, _) => item.to_owned(),
            (false, Lang::ZhCn) => format!("{item}(编号 {number})"),
            (false, Lang::En) => format!("{item} (no. {number})"),
        }
    };
    let list = |lang: Lang, sep: &str| out.iter().map(|i| name(i, lang)).collect::<Vec<_>>().join(sep);
    Err(both(FieldError::new("step", "lifecycle.items_not_returned"), "items", &list(Lang::ZhCn, "、"), &list(Lang::En, ", ")))
}
