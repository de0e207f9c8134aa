//! Counts of reminders for the dashboard, and the words of the one notification that sums them
//! up (never one notification per item).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::engine::Reminder;
use super::obligation::ReminderKind;
use super::text::{fill, text};
use crate::deadline::DueState;
use crate::i18n::Lang;
use crate::person::PersonId;

/// At most this many kinds are named in a notification's body; the rest are counted.
const KINDS_IN_BODY: usize = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StateCounts {
    pub upcoming: u32,
    pub due: u32,
    pub overdue: u32,
}

impl StateCounts {
    pub fn total(&self) -> u32 {
        self.upcoming + self.due + self.overdue
    }

    fn add(&mut self, state: DueState) {
        match state {
            DueState::Upcoming => self.upcoming += 1,
            DueState::Due => self.due += 1,
            DueState::Overdue => self.overdue += 1,
        }
    }

    /// "2 项逾期,1 项今日到期" / "2 overdue, 1 due today": the non-zero counts, most urgent first.
    fn words(&self, lang: Lang) -> String {
        let parts: Vec<String> = [("count.overdue", self.overdue), ("count.due", self.due), ("count.upcoming", self.upcoming)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(code, n)| fill(code, lang, &[("n", &n.to_string())]))
            .collect();
        parts.join(text("count.separator", lang))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KindCounts {
    pub kind: ReminderKind,
    pub counts: StateCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitCounts {
    pub unit: String,
    pub counts: StateCounts,
}

/// What the dashboard's header and the notification show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReminderSummary {
    pub counts: StateCounts,
    /// Kinds with at least one reminder, in the order of [`ReminderKind::ALL`].
    pub by_kind: Vec<KindCounts>,
    /// Units with at least one reminder, by name; reminders of people without a known unit are
    /// counted in `counts` only.
    pub by_unit: Vec<UnitCounts>,
    /// The earliest due date among the reminders, if any (the oldest overdue).
    pub earliest_due: Option<NaiveDate>,
}

/// Counts `reminders` by state, kind and unit. `unit_of` gives a person's unit (the caller has
/// the register); `|_| None` skips the units.
pub fn summary<'u>(reminders: &[Reminder<'_>], unit_of: impl Fn(PersonId) -> Option<&'u str>) -> ReminderSummary {
    let mut counts = StateCounts::default();
    let mut kinds = [StateCounts::default(); ReminderKind::ALL.len()];
    let mut units: HashMap<&'u str, StateCounts> = HashMap::new();
    let mut earliest_due: Option<NaiveDate> = None;
    let mut last_person = None;
    let mut last_unit = None;
    for r in reminders {
        counts.add(r.state);
        kinds[r.obligation.kind.index()].add(r.state);
        // Reminders of one person often come together: look the unit up once for them.
        let person = r.obligation.person;
        if last_person != Some(person) {
            last_person = Some(person);
            last_unit = unit_of(person);
        }
        if let Some(unit) = last_unit {
            units.entry(unit).or_default().add(r.state);
        }
        let due = r.obligation.due.date;
        earliest_due = Some(earliest_due.map_or(due, |e| e.min(due)));
    }
    let by_kind = ReminderKind::ALL
        .iter()
        .zip(kinds)
        .filter(|(_, c)| c.total() > 0)
        .map(|(kind, counts)| KindCounts { kind: *kind, counts })
        .collect();
    let mut by_unit: Vec<UnitCounts> = units.into_iter().map(|(unit, counts)| UnitCounts { unit: unit.to_owned(), counts }).collect();
    by_unit.sort_by(|a, b| a.unit.cmp(&b.unit));
    ReminderSummary { counts, by_kind, by_unit, earliest_due }
}

/// The title and body of the one notification that sums `summary` up, in `lang`.
///
/// The title gives the counts by state; the body one line per kind (the kinds with the most
/// overdue first, at most four, the rest counted), then how to see the details.
pub fn summary_text(summary: &ReminderSummary, lang: Lang) -> (String, String) {
    if summary.counts.total() == 0 {
        return (text("title.none", lang).to_owned(), text("body.open", lang).to_owned());
    }
    let title = fill("title", lang, &[("counts", &summary.counts.words(lang))]);
    let mut kinds: Vec<&KindCounts> = summary.by_kind.iter().collect();
    // Stable: equal kinds keep the order of ReminderKind::ALL.
    kinds.sort_by(|a, b| {
        b.counts.overdue.cmp(&a.counts.overdue).then(b.counts.due.cmp(&a.counts.due)).then(b.counts.total().cmp(&a.counts.total()))
    });
    let mut lines: Vec<String> = kinds
        .iter()
        .take(KINDS_IN_BODY)
        .map(|k| fill("body.kind", lang, &[("kind", k.kind.name(lang)), ("counts", &k.counts.words(lang))]))
        .collect();
    if kinds.len() > KINDS_IN_BODY {
        lines.push(fill("body.more_kinds", lang, &[("n", &(kinds.len() - KINDS_IN_BODY).to_string())]));
    }
    lines.push(text("body.open", lang).to_owned());
    (title, lines.join("\n"))
}
