//! The questions the office asks of the register, as plain data: what the people table asks the
//! store for, and what a person's history shows. The store answers them; the UI and the CLI ask.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::NaiveDate;

use crate::deadline::DueState;
use crate::person::PersonSummary;
use crate::reminders::ReminderKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    StaffNo,
    Unit,
    Level,
    StartDate,
    /// The lifecycle stage, in the lifecycle's order (onboarding first).
    Stage,
    /// The next due item's date (people with nothing open last).
    NextDue,
}

/// One page of the people table: search text, filters, sort and window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeopleQuery {
    /// Matches name characters, full pinyin, pinyin initials, staff number or ID number (prefixes).
    #[serde(default)]
    pub search: String,
    pub level: Option<String>,
    pub unit: Option<String>,
    /// Only people in this lifecycle stage.
    #[serde(default)]
    #[ts(optional)]
    pub stage: Option<crate::lifecycle::Stage>,
    #[serde(default)]
    pub include_archived: bool,
    #[serde(default)]
    pub sort: SortKey,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: u32,
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    50
}

impl Default for PeopleQuery {
    fn default() -> Self {
        PeopleQuery {
            search: String::new(),
            level: None,
            unit: None,
            stage: None,
            include_archived: false,
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: default_limit(),
        }
    }
}

impl PeopleQuery {
    /// The largest page the store hands out, whatever is asked: keeps one call cheap.
    pub const MAX_LIMIT: u32 = 500;

    /// The people table counts the matches of a query exactly up to this many (or to the end of
    /// the page asked for, when that lies further); past it the pager says "1–50 of 1,000+":
    /// counting every match of a single letter on a large register costs more than the page.
    pub const EXACT_TOTAL_UP_TO: u32 = 1_000;

    pub fn clamped_limit(&self) -> u32 {
        self.limit.clamp(1, Self::MAX_LIMIT)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeoplePage {
    pub rows: Vec<PersonSummary>,
    /// How many people match the query in all, for the pager: exactly when `total_exact`;
    /// otherwise at least this many and more ("1,000+": see [`PeopleQuery::EXACT_TOTAL_UP_TO`]).
    pub total: u32,
    /// Whether `total` is the exact number of matches.
    #[serde(default = "exact")]
    pub total_exact: bool,
}

fn exact() -> bool {
    true
}

/// A person's next due item as the people table shows it: the earliest open obligation the
/// reminders derive for them (the same item, date and words as the dashboard and the person
/// page), with its state on the day asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NextDue {
    pub date: NaiveDate,
    /// `None` while the date lies beyond the item's lead time.
    pub state: Option<DueState>,
    pub days_overdue: i64,
    pub kind: ReminderKind,
    /// What to do, in both languages (the policy's step name or the kind's name).
    pub what_zh: String,
    pub what_en: String,
}
