//! Holiday calendars: which days are working days.
//!
//! A working day is a day that is not a weekend day and not a public holiday, or a make-up working
//! day (China's 调休: a Saturday or Sunday worked in exchange for a longer holiday). Holidays are
//! announced year by year (China's State Council publishes the next year late in the year before),
//! so a calendar covers a set of years; past them it counts weekends only and says so through
//! [`HolidayCalendar::covers`], so the office knows to load the new year. A year is never guessed.
//!
//! Calendars are data files (`policies/calendars/*.toml`, format in `docs/policy.md`); the two
//! shipped ones are embedded in the binary.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;
use ts_rs::TS;

use crate::i18n::Lang;
use crate::policy::{read_toml, PolicyError};

const BUILTIN: &[(&str, &str)] =
    &[("cn", include_str!("../../../policies/calendars/cn.toml")), ("us", include_str!("../../../policies/calendars/us.toml"))];

/// What a day is in a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday {
        name_zh: String,
        name_en: String,
    },
    /// A weekend day worked in exchange for a holiday (调休上班).
    MakeUpWorkday {
        name_zh: String,
        name_en: String,
    },
}

/// One day as a calendar sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub working: bool,
    pub kind: DayKind,
    /// False when the date's year is not loaded: only weekends were considered.
    pub covered: bool,
}

/// A loaded year and where its data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYear {
    pub year: i32,
    pub source: String,
}

/// What the settings screen shows of a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarSummary {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub years: Vec<CalendarYear>,
    pub holidays: usize,
    pub make_up_workdays: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Special {
    Holiday { name_zh: String, name_en: String },
    MakeUpWorkday { name_zh: String, name_en: String },
}

/// A holiday calendar: weekends, public holidays and make-up working days of the loaded years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    id: String,
    name_zh: String,
    name_en: String,
    /// Indexed by days from Monday.
    weekend: [bool; 7],
    years: BTreeMap<i32, String>,
    days: BTreeMap<NaiveDate, Special>,
}

// --- the file format -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    id: Spanned<String>,
    name_zh: String,
    name_en: String,
    #[serde(default)]
    weekend: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    year: Vec<YearFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: Spanned<i32>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    holidays: Vec<DayFile>,
    #[serde(default)]
    workdays: Vec<DayFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayFile {
    date: Spanned<toml::value::Datetime>,
    name_zh: String,
    name_en: String,
}

/// A TOML date (`2025-10-01`, no time) as a `NaiveDate`.
pub(crate) fn toml_date(text: &str, value: &Spanned<toml::value::Datetime>, field: &str) -> Result<NaiveDate, PolicyError> {
    let dt = value.get_ref();
    let bad = || PolicyError::at(text, Some(value.span()), Some(field.to_owned()), "policy.date").with("value", dt);
    if dt.time.is_some() || dt.offset.is_some() {
        return Err(bad());
    }
    let d = dt.date.ok_or_else(bad)?;
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32).ok_or_else(bad)
}

const SAT_SUN: [bool; 7] = [false, false, false, false, false, true, true];

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

impl HolidayCalendar {
    /// Reads a calendar file. A fault is reported with its line and key.
    pub fn parse(text: &str) -> Result<HolidayCalendar, PolicyError> {
        let file: CalendarFile = read_toml(text)?;
        let id = file.id.get_ref().trim().to_owned();
        if id.is_empty() {
            return Err(PolicyError::at(text, Some(file.id.span()), Some("id".into()), "policy.empty"));
        }
        let weekend = match &file.weekend {
            None => SAT_SUN,
            Some(list) => {
                let mut set = [false; 7];
                for name in list.get_ref() {
                    let day = weekday(name.get_ref()).ok_or_else(|| {
                        PolicyError::at(text, Some(name.span()), Some("weekend".into()), "calendar.weekday").with("value", name.get_ref())
                    })?;
                    set[day.num_days_from_monday() as usize] = true;
                }
                // With no working day in the week, a deadline moved to the next working day
                // would never be found.
                if set.iter().all(|off| *off) {
                    return Err(PolicyError::at(text, Some(list.span()), Some("weekend".into()), "calendar.no_working_day"));
                }
                set
            }
        };
        let mut cal =
            HolidayCalendar { id, name_zh: file.name_zh, name_en: file.name_en, weekend, years: BTreeMap::new(), days: BTreeMap::new() };
        for (i, y) in file.year.iter().enumerate() {
            let year = *y.year.get_ref();
            if !(1900..=9999).contains(&year) {
                return Err(
                    PolicyError::at(text, Some(y.year.span()), Some(format!("year[{i}].year")), "calendar.year_range").with("value", year)
                );
            }
            if cal.years.insert(year, y.source.clone()).is_some() {
                return Err(PolicyError::at(text, Some(y.year.span()), Some(format!("year[{i}].year")), "calendar.duplicate_year")
                    .with("value", year));
            }
            for (list, holiday) in [(&y.holidays, true), (&y.workdays, false)] {
                let key = if holiday { "holidays" } else { "workdays" };
                for (j, day) in list.iter().enumerate() {
                    let field = format!("year[{i}].{key}[{j}].date");
                    let date = toml_date(text, &day.date, &field)?;
                    let at = || PolicyError::at(text, Some(day.date.span()), Some(field.clone()), "").with("value", date);
                    if date.year() != year {
                        let mut e = at().with("year", year);
                        e.code = "calendar.wrong_year".into();
                        return Err(e);
                    }
                    if !holiday && !cal.is_weekend(date) {
                        let mut e = at();
                        e.code = "calendar.workday_not_weekend".into();
                        return Err(e);
                    }
                    let special = if holiday {
                        Special::Holiday { name_zh: day.name_zh.clone(), name_en: day.name_en.clone() }
                    } else {
                        Special::MakeUpWorkday { name_zh: day.name_zh.clone(), name_en: day.name_en.clone() }
                    };
                    if cal.days.insert(date, special).is_some() {
                        let mut e = at();
                        e.code = "calendar.duplicate_date".into();
                        return Err(e);
                    }
                }
            }
        }
        Ok(cal)
    }

    /// A shipped calendar: `cn` (mainland China) or `us` (US federal).
    pub fn builtin(id: &str) -> Option<HolidayCalendar> {
        BUILTIN.iter().find(|(k, _)| *k == id).map(|(_, text)| HolidayCalendar::parse(text).expect("shipped calendar parses"))
    }

    pub fn builtin_ids() -> Vec<&'static str> {
        BUILTIN.iter().map(|(k, _)| *k).collect()
    }

    /// The shipped file's text, for an office that wants to copy and edit it.
    pub fn builtin_text(id: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(k, _)| *k == id).map(|(_, text)| *text)
    }

    /// A calendar with no loaded year: Saturdays and Sundays off, nothing else known.
    pub fn weekends_only(id: &str) -> HolidayCalendar {
        HolidayCalendar {
            id: id.to_owned(),
            name_zh: "仅周末".to_owned(),
            name_en: "Weekends only".to_owned(),
            weekend: SAT_SUN,
            years: BTreeMap::new(),
            days: BTreeMap::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    /// Whether the holidays of `date`'s year are loaded. When false, [`Self::is_working_day`]
    /// knows only weekends for that date.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains_key(&date.year())
    }

    /// The loaded years, in order.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// The last loaded year, if any: the app warns when today approaches its end.
    pub fn last_year(&self) -> Option<i32> {
        self.years.keys().next_back().copied()
    }

    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        self.weekend[date.weekday().num_days_from_monday() as usize]
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(Special::Holiday { .. }) => false,
            Some(Special::MakeUpWorkday { .. }) => true,
            None => !self.is_weekend(date),
        }
    }

    pub fn day(&self, date: NaiveDate) -> DayInfo {
        let kind = match self.days.get(&date) {
            Some(Special::Holiday { name_zh, name_en }) => DayKind::Holiday { name_zh: name_zh.clone(), name_en: name_en.clone() },
            Some(Special::MakeUpWorkday { name_zh, name_en }) => {
                DayKind::MakeUpWorkday { name_zh: name_zh.clone(), name_en: name_en.clone() }
            }
            None if self.is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        };
        DayInfo { date, working: self.is_working_day(date), kind, covered: self.covers(date) }
    }

    /// `date` itself when it is a working day, else the next one; with whether any day looked at
    /// lay outside the loaded years.
    pub fn next_working_day(&self, date: NaiveDate) -> (NaiveDate, bool) {
        let mut d = date;
        let mut beyond = !self.covers(d);
        while !self.is_working_day(d) {
            // The end of chrono's calendar: nothing later to move to.
            let Some(next) = d.succ_opt() else { break };
            d = next;
            beyond |= !self.covers(d);
        }
        (d, beyond)
    }

    pub fn summary(&self) -> CalendarSummary {
        CalendarSummary {
            id: self.id.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            years: self.years.iter().map(|(y, s)| CalendarYear { year: *y, source: s.clone() }).collect(),
            holidays: self.days.values().filter(|d| matches!(d, Special::Holiday { .. })).count(),
            make_up_workdays: self.days.values().filter(|d| matches!(d, Special::MakeUpWorkday { .. })).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn shipped_calendars_load_with_only_the_years_that_have_data() {
        let cn = HolidayCalendar::builtin("cn").unwrap();
        // chinese-calendar 1.11 ends with 2026: 2027 is not announced in the data, so not loaded.
        assert_eq!(cn.years(), vec![2024, 2025, 2026]);
        let us = HolidayCalendar::builtin("us").unwrap();
        assert_eq!(us.years(), vec![2024, 2025, 2026, 2027]);
        assert_eq!(HolidayCalendar::builtin_ids(), vec!["cn", "us"]);
        assert!(HolidayCalendar::builtin("fr").is_none());
    }

    #[test]
    fn china_national_day_2025_with_its_make_up_days() {
        let cn = HolidayCalendar::builtin("cn").unwrap();
        // 2025 notice: 1–8 Oct off (National Day + Mid-autumn); Sun 28 Sep and Sat 11 Oct worked.
        assert!(cn.is_working_day(d(2025, 9, 26))); // Friday
        assert!(!cn.is_working_day(d(2025, 9, 27))); // ordinary Saturday
        assert!(cn.is_working_day(d(2025, 9, 28))); // Sunday, make-up
        assert!(cn.is_working_day(d(2025, 9, 30)));
        for day in 1..=8 {
            assert!(!cn.is_working_day(d(2025, 10, day)), "Oct {day}");
        }
        assert!(cn.is_working_day(d(2025, 10, 9)));
        assert!(cn.is_working_day(d(2025, 10, 11))); // Saturday, make-up
        assert!(!cn.is_working_day(d(2025, 10, 12))); // ordinary Sunday
        assert_eq!(
            cn.day(d(2025, 10, 11)).kind,
            DayKind::MakeUpWorkday { name_zh: "国庆节调休上班".into(), name_en: "National Day make-up working day".into() }
        );
        assert!(matches!(cn.day(d(2025, 10, 1)).kind, DayKind::Holiday { .. }));
    }

    #[test]
    fn spring_festival_2025() {
        let cn = HolidayCalendar::builtin("cn").unwrap();
        // 28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb worked.
        assert!(cn.is_working_day(d(2025, 1, 26)));
        assert!(!cn.is_working_day(d(2025, 1, 28)));
        assert!(!cn.is_working_day(d(2025, 2, 4)));
        assert!(cn.is_working_day(d(2025, 2, 5)));
        assert!(cn.is_working_day(d(2025, 2, 8)));
    }

    #[test]
    fn beyond_the_loaded_years_only_weekends_count_and_it_is_reported() {
        let cn = HolidayCalendar::builtin("cn").unwrap();
        // 1 Oct 2027 is a Friday: without 2027 data it counts as an ordinary working day.
        assert!(!cn.covers(d(2027, 10, 1)));
        assert!(cn.is_working_day(d(2027, 10, 1)));
        assert!(!cn.is_working_day(d(2027, 10, 2))); // Saturday
        assert!(!cn.day(d(2027, 10, 1)).covered);
        assert!(cn.covers(d(2026, 12, 31)));
        // Fri 31 Dec 2027 has the observed New Year holiday in the US data.
        let us = HolidayCalendar::builtin("us").unwrap();
        assert!(!us.is_working_day(d(2027, 12, 31)));
        assert!(!us.is_working_day(d(2026, 7, 3))); // Independence Day observed
    }

    #[test]
    fn next_working_day_rolls_over_a_long_holiday() {
        let cn = HolidayCalendar::builtin("cn").unwrap();
        assert_eq!(cn.next_working_day(d(2025, 10, 1)), (d(2025, 10, 9), false));
        assert_eq!(cn.next_working_day(d(2025, 10, 9)), (d(2025, 10, 9), false));
        // Sat 2 Jan 2027 lies past the loaded years (2024–2026): Sun 3 off, Mon 4 Jan, flagged.
        assert_eq!(cn.next_working_day(d(2027, 1, 2)), (d(2027, 1, 4), true));
    }

    #[test]
    fn an_edited_calendar_with_a_fault_names_its_line_and_field() {
        let text = "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\n\n[[year]]\nyear = 2030\nholidays = [\n  { date = 2030-01-01, name_zh = \"元旦\", name_en = \"New Year\" },\n  { date = 2031-05-01, name_zh = \"劳动节\", name_en = \"Labour Day\" },\n]\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!(err.code, "calendar.wrong_year");
        assert_eq!(err.line, Some(9));
        assert_eq!(err.field.as_deref(), Some("year[0].holidays[1].date"));
        assert_eq!(err.message(Lang::En), "line 9 (year[0].holidays[1].date): 2031-05-01 is not in the year 2030 it is listed under");

        let text = "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\n[[year]]\nyear = 2030\nworkdays = [ { date = 2030-01-02, name_zh = \"a\", name_en = \"a\" } ]\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("calendar.workday_not_weekend", Some(6)));

        let text = "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\n[[year]]\nyear = 2030\nholiday = []\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("policy.unknown_field", Some(6)));
        assert_eq!(err.field.as_deref(), Some("year.holiday"));

        let text =
            "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\n[[year]]\nyear = 2030\nholidays = [ { date = 2030-01-01 name_zh = \"a\" } ]\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("policy.syntax", Some(6)));

        let text = "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\nweekend = [\"fri\", \"caturday\"]\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("calendar.weekday", Some(4)));
    }

    #[test]
    fn a_weekend_of_seven_days_is_refused() {
        let text =
            "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\nweekend = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n";
        let err = HolidayCalendar::parse(text).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("calendar.no_working_day", Some(4)));
    }

    #[test]
    fn a_calendar_may_set_its_own_weekend() {
        let text = "id = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\nweekend = [\"friday\", \"sat\"]\n";
        let cal = HolidayCalendar::parse(text).unwrap();
        assert!(!cal.is_working_day(d(2025, 3, 7))); // Friday
        assert!(cal.is_working_day(d(2025, 3, 9))); // Sunday
        assert!(cal.years().is_empty());
    }
}
