//! The departure checklist (国家秘密载体清退): the items handed back, each signed for.

use chrono::NaiveDate;

use super::actions::check_set_returned_items;
use super::transition::{both, Refusal};
use super::{validate_returned_items, LifecycleState, PersonRecord, ReturnedItem};
use crate::error::{DomainError, FieldError};
use crate::i18n::Lang;

/// Replaces the departure's checklist with `items`, each line checked and tidied by
/// [`validate_returned_items`]. Only while departing. Returns the state to store.
pub fn set_returned_items(person: &PersonRecord, items: &[ReturnedItem], today: NaiveDate) -> Result<LifecycleState, Refusal> {
    let pre = check_set_returned_items(person);
    if !pre.applies() {
        return Err(DomainError { errors: pre.not_applicable });
    }
    let items = validate_returned_items(items, today)?;
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
