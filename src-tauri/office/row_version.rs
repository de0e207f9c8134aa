//! Several clerks on one register (issue 16): an edit made from a screen loaded before another
//! clerk's change is refused with who changed the record and when ("Changed by 李娜 at 10:42 —
//! reload to see the change"), and nothing is written. See `store/row_version.rs`.

use chrono::{DateTime, Local};
use clearance_domain::FieldError;

use crate::error::{AppError, AppResult};
use crate::store::{Tx, Versioned};

/// The actions whose entries change a person's row (the version's writers), newest first wins.
const PERSON_ACTIONS: &[&str] = &["person.add", "person.edit", "person.level", "person.archive", "person.unarchive"];

/// Claims the row for this write (see [`Tx::claim_version`]): with `expected`, only if the row
/// still has that version, else the edit is refused with who changed it and when. Call it in the
/// write's transaction before the row is updated.
pub(super) async fn claim(tx: &mut Tx, table: Versioned, person_id: i64, id: i64, expected: Option<i64>) -> AppResult<()> {
    if tx.claim_version(table, id, expected).await? {
        return Ok(());
    }
    Err(stale(tx, table, person_id, id).await)
}

/// The refusal of a stale edit, naming the last change of the row the trail records.
async fn stale(tx: &mut Tx, table: Versioned, person_id: i64, id: i64) -> AppError {
    let last = match table {
        Versioned::Person => tx.last_change(person_id, "person", id, PERSON_ACTIONS).await,
        Versioned::Trip => tx.last_change(person_id, "trip", id, &[]).await,
    };
    match last {
        Ok(Some(last)) => FieldError::general("record.stale").with("who", last.operator).with("at", when(&last.at)).into(),
        _ => FieldError::general("record.stale_unknown").into(),
    }
}

/// An instant of the trail as the clerk reads it: the local time today, the date and time before.
fn when(at: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let local = t.with_timezone(&Local);
            if local.date_naive() == Local::now().date_naive() {
                local.format("%H:%M").to_string()
            } else {
                local.format("%Y-%m-%d %H:%M").to_string()
            }
        }
        Err(_) => at.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_of_today_is_its_local_time_an_older_one_has_its_date() {
        let now = Local::now();
        assert_eq!(when(&now.to_rfc3339()), now.format("%H:%M").to_string());
        assert_eq!(when("2020-03-04T05:06:07Z").len(), "2020-03-04 05:06".len());
        assert_eq!(when("not a time"), "not a time");
    }
}
