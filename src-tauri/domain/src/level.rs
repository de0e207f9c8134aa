//! Levels of cleared people and a person's level over time.
//!
//! A level follows the post and posts are re-graded, so a person has a history of levels, each
//! from an effective date. Every deadline computed for a date uses the level in force that day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date::check_date;
use crate::error::{DomainError, Errors, FieldError};
use crate::i18n::Lang;
use crate::limits::REASON;
use crate::{fullwidth, text};

/// A level's id as the policy names it (`core`, `important`, `general` in the default policy).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(transparent)]
pub struct LevelId(pub String);

impl LevelId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LevelId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A level as the UI and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelDef {
    pub id: LevelId,
    pub name_zh: String,
    pub name_en: String,
}

impl LevelDef {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// The levels of the default PRC policy, most sensitive first.
pub fn default_levels() -> Vec<LevelDef> {
    [("core", "核心", "Core"), ("important", "重要", "Important"), ("general", "一般", "General")]
        .into_iter()
        .map(|(id, zh, en)| LevelDef { id: LevelId(id.to_owned()), name_zh: zh.to_owned(), name_en: en.to_owned() })
        .collect()
}

/// Accepts a level id that `levels` knows, ignoring case and surrounding space.
/// A full-width `ｃｏｒｅ` is `core`.
pub fn parse_level(raw: &str, levels: &[LevelDef]) -> Result<LevelId, FieldError> {
    let typed = fullwidth::to_ascii(raw);
    let typed = typed.trim();
    let wanted = typed.to_lowercase();
    levels
        .iter()
        .find(|l| l.id.0.to_lowercase() == wanted || l.name_zh == typed || l.name_en.to_lowercase() == wanted)
        .map(|l| l.id.clone())
        .ok_or_else(|| {
            let allowed = levels.iter().map(|l| l.id.0.as_str()).collect::<Vec<_>>().join(", ");
            FieldError::new("level", "level.unknown").with("value", text::shown(raw)).with("allowed", allowed)
        })
}

/// One entry of a person's level history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelChange {
    pub level: LevelId,
    pub effective: NaiveDate,
    pub reason: String,
}

/// The level in force on `date`: the latest change effective on or before it. Among changes with
/// the same effective date the one recorded last wins, so `history` must be in recording order.
pub fn level_at(history: &[LevelChange], date: NaiveDate) -> Option<&LevelId> {
    let mut best: Option<&LevelChange> = None;
    for change in history.iter().filter(|c| c.effective <= date) {
        if best.is_none_or(|b| change.effective >= b.effective) {
            best = Some(change);
        }
    }
    best.map(|c| &c.level)
}

/// Checks a requested level change against the history; the change is returned ready to record.
/// A change may not take effect in the future (the register records what happened) nor before
/// the person's first level, and must actually change the level in force on its date.
pub fn validate_change(
    history: &[LevelChange],
    level: &str,
    effective: NaiveDate,
    reason: &str,
    today: NaiveDate,
    levels: &[LevelDef],
) -> Result<LevelChange, DomainError> {
    let mut errors = Errors::default();
    let level = errors.take(parse_level(level, levels));
    if let Err(e) = check_date("effective", effective) {
        errors.push(e);
    } else if effective > today {
        errors.push(FieldError::new("effective", "date.future").with("field", "effective").with("today", today));
    }
    if let Some(first) = history.iter().map(|c| c.effective).min() {
        if effective < first {
            errors.push(FieldError::new("effective", "date.before_registration").with("field", "effective").with("date", first));
        }
    }
    let reason = errors.take(text::required(REASON, reason)).unwrap_or_default();
    if let Some(level) = &level {
        if level_at(history, effective) == Some(level) {
            errors.push(FieldError::new("level", "level.unchanged").with("date", effective));
        }
    }
    errors.finish(|| LevelChange { level: level.unwrap_or_else(|| LevelId(String::new())), effective, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn change(level: &str, effective: NaiveDate) -> LevelChange {
        LevelChange { level: LevelId(level.into()), effective, reason: "r".into() }
    }

    #[test]
    fn level_at_a_date_over_a_history() {
        let history = vec![change("general", d(2020, 3, 1)), change("important", d(2022, 7, 15)), change("core", d(2025, 1, 1))];
        assert_eq!(level_at(&history, d(2020, 2, 29)), None);
        assert_eq!(level_at(&history, d(2020, 3, 1)).unwrap().as_str(), "general");
        assert_eq!(level_at(&history, d(2022, 7, 14)).unwrap().as_str(), "general");
        assert_eq!(level_at(&history, d(2022, 7, 15)).unwrap().as_str(), "important");
        assert_eq!(level_at(&history, d(2024, 12, 31)).unwrap().as_str(), "important");
        assert_eq!(level_at(&history, d(2026, 11, 27)).unwrap().as_str(), "core");
    }

    #[test]
    fn a_backdated_change_recorded_later_applies_from_its_date() {
        let history = vec![change("general", d(2020, 1, 1)), change("core", d(2024, 1, 1)), change("important", d(2023, 1, 1))];
        assert_eq!(level_at(&history, d(2023, 6, 1)).unwrap().as_str(), "important");
        assert_eq!(level_at(&history, d(2024, 6, 1)).unwrap().as_str(), "core");
    }

    #[test]
    fn same_day_corrections_win_by_recording_order() {
        let history = vec![change("general", d(2024, 1, 1)), change("core", d(2024, 1, 1))];
        assert_eq!(level_at(&history, d(2024, 1, 1)).unwrap().as_str(), "core");
    }

    #[test]
    fn parses_ids_and_names_in_both_languages() {
        let levels = default_levels();
        assert_eq!(parse_level("Core", &levels).unwrap().as_str(), "core");
        assert_eq!(parse_level("重要", &levels).unwrap().as_str(), "important");
        let err = parse_level("secret", &levels).unwrap_err();
        assert_eq!(err.code, "level.unknown");
        assert_eq!(err.params["allowed"], "core, important, general");
    }

    #[test]
    fn refuses_future_unchanged_and_reasonless_changes() {
        let levels = default_levels();
        let history = vec![change("general", d(2024, 1, 1))];
        let today = d(2026, 11, 27);
        let err = validate_change(&history, "core", d(2026, 11, 28), "regraded", today, &levels).unwrap_err();
        assert!(err.has("date.future"));
        let err = validate_change(&history, "general", d(2025, 1, 1), "regraded", today, &levels).unwrap_err();
        assert!(err.has("level.unchanged"));
        let err = validate_change(&history, "core", d(2025, 1, 1), "  ", today, &levels).unwrap_err();
        assert!(err.has("required"));
        let ok = validate_change(&history, "core", today, "post regraded", today, &levels).unwrap();
        assert_eq!(ok.level.as_str(), "core");
    }

    #[test]
    fn a_change_dated_in_the_year_26_or_with_an_invisible_reason_is_refused() {
        let levels = default_levels();
        let history = vec![change("general", d(24, 1, 1))];
        let today = d(2026, 11, 27);
        let err = validate_change(&history, "core", d(26, 1, 1), "regraded", today, &levels).unwrap_err();
        assert_eq!(err.code(), "date.out_of_range");
        let history = vec![change("general", d(2024, 1, 1))];
        let err = validate_change(&history, "core", d(2025, 1, 1), "re\u{202D}graded", today, &levels).unwrap_err();
        assert_eq!(err.code(), "text.invisible");
        assert_eq!(parse_level("ＣＯＲＥ", &levels).unwrap().as_str(), "core");
        assert_eq!(parse_level("x\u{202E}y", &levels).unwrap_err().params["value"], "x<U+202E>y");
    }
}
