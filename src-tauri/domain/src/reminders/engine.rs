//! The engine: the state of every obligation on a date, acknowledgements laid over it, overdue
//! first. It knows nothing of where an obligation came from.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::ack::{AckIndex, Acknowledgement, Hold};
use super::obligation::Obligation;
use crate::deadline::{due_state, DueState};

/// An obligation to show on `as_of`, with its state there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminder<'a> {
    pub obligation: &'a Obligation,
    pub state: DueState,
    /// Days past due (0 unless overdue).
    pub days_overdue: i64,
    /// When it was snoozed to this day (or earlier) for the same due date: it is back from a
    /// snooze, and the daily notification announces it again.
    pub snoozed_until: Option<NaiveDate>,
}

/// An obligation within its lead time that an acknowledgement or a snooze holds back, for the
/// dashboard's "acknowledged" list (and its undo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HiddenReminder<'a> {
    pub obligation: &'a Obligation,
    pub state: DueState,
    pub days_overdue: i64,
    pub ack: &'a Acknowledgement,
}

fn rank(state: DueState) -> u8 {
    match state {
        DueState::Overdue => 0,
        DueState::Due => 1,
        DueState::Upcoming => 2,
    }
}

/// Overdue first, then due, then upcoming; within a state by due date (for the overdue, the
/// earliest date is the most days overdue), then person, kind and key so the order is total.
///
/// The first three are copied next to each item so that sorting half a million reminders
/// compares plain numbers instead of following a pointer to each obligation; kind and key are
/// read only to break a tie (one person's obligations due the same day).
type SortKey = (u8, i32, i64);

fn sort_key(o: &Obligation, state: DueState) -> SortKey {
    (rank(state), o.due.date.num_days_from_ce(), o.person.0)
}

fn sorted<T>(mut items: Vec<(SortKey, T)>, obligation: impl Fn(&T) -> &Obligation) -> Vec<T> {
    items.sort_unstable_by(|(ka, a), (kb, b)| {
        ka.cmp(kb).then_with(|| {
            let (a, b) = (obligation(a), obligation(b));
            a.kind.cmp(&b.kind).then_with(|| a.key.cmp(&b.key))
        })
    });
    items.into_iter().map(|(_, item)| item).collect()
}

/// Every obligation that is upcoming (`due − lead ≤ as_of < due`), due (`as_of = due`) or
/// overdue (`as_of > due`) on `as_of` and that no acknowledgement holds back, overdue first (most
/// days overdue first), then due, then upcoming by date. Obligations before `due − lead` are not
/// listed.
pub fn reminders<'a>(
    obligations: impl IntoIterator<Item = &'a Obligation>,
    acks: &[Acknowledgement],
    as_of: NaiveDate,
) -> Vec<Reminder<'a>> {
    let index = AckIndex::new(acks);
    let mut out = Vec::new();
    for o in obligations {
        let Some((state, days_overdue)) = due_state(o.due.date, o.lead_days, as_of) else { continue };
        let snoozed_until = match index.hold(o, as_of) {
            Hold::Shown => None,
            Hold::SnoozeEnded(until) => Some(until),
            Hold::Hidden(_) => continue,
        };
        out.push((sort_key(o, state), Reminder { obligation: o, state, days_overdue, snoozed_until }));
    }
    sorted(out, |r| r.obligation)
}

/// The obligations within their lead time on `as_of` that an acknowledgement or snooze holds
/// back, in the order of [`reminders`].
pub fn hidden_reminders<'a>(
    obligations: impl IntoIterator<Item = &'a Obligation>,
    acks: &'a [Acknowledgement],
    as_of: NaiveDate,
) -> Vec<HiddenReminder<'a>> {
    let index = AckIndex::new(acks);
    let mut out = Vec::new();
    for o in obligations {
        let Some((state, days_overdue)) = due_state(o.due.date, o.lead_days, as_of) else { continue };
        if let Hold::Hidden(ack) = index.hold(o, as_of) {
            out.push((sort_key(o, state), HiddenReminder { obligation: o, state, days_overdue, ack }));
        }
    }
    sorted(out, |r| r.obligation)
}

/// What the once-a-day notification announces: the reminders (made for today) that are due or
/// overdue today but were neither on `since`, the day of the last notification — their due date
/// is after `since` — and those back from a snooze that ended after `since`. Nothing when `since`
/// is today.
pub fn became_due_since<'a>(reminders: &[Reminder<'a>], since: NaiveDate) -> Vec<Reminder<'a>> {
    reminders
        .iter()
        .filter(|r| {
            matches!(r.state, DueState::Due | DueState::Overdue)
                && (r.obligation.due.date > since || r.snoozed_until.is_some_and(|until| until > since))
        })
        .copied()
        .collect()
}
