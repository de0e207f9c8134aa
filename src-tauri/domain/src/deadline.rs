//! Counting periods the way the PRC Civil Code does (art. 201–203), which the policies follow.
//!
//! - The day of the event is not counted: 7 days from 3 March ends on 10 March.
//! - Months and years end on the same day of the final month, or on its last day when the month
//!   is shorter: 1 month from 31 January ends on 28 (or 29) February.
//! - Working days skip weekends and the calendar's public holidays and count make-up working days.
//! - A deadline for something to be done that falls on a non-working day moves to the next
//!   working day (art. 203), when the period says `roll_forward`. Restriction periods (the
//!   decommissioning period) and fixed dates never move.
//!
//! Every function reports whether it had to look at a day outside the calendar's loaded years
//! (`beyond_calendar`): such a date counted weekends only and may move once the year is loaded.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::HolidayCalendar;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Days,
    WorkingDays,
    Months,
    Years,
}

/// The longest period a policy or a request may state. Longer is a typing mistake (`20 years`
/// of decommissioning meant as 2), and counting it in working days, day by day, would keep the
/// app busy for minutes.
pub const MAX_PERIOD_YEARS: u32 = 100;

/// A length of time as a rule states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Period {
    pub amount: u32,
    pub unit: PeriodUnit,
    /// Art. 203: a due date for something to be DONE that falls on a non-working day moves to the
    /// next working day. Off for restriction periods and boundaries.
    #[serde(default)]
    pub roll_forward: bool,
}

impl Period {
    pub fn new(amount: u32, unit: PeriodUnit) -> Period {
        Period { amount, unit, roll_forward: false }
    }

    pub fn days(amount: u32) -> Period {
        Period::new(amount, PeriodUnit::Days)
    }

    pub fn working_days(amount: u32) -> Period {
        Period::new(amount, PeriodUnit::WorkingDays)
    }

    pub fn months(amount: u32) -> Period {
        Period::new(amount, PeriodUnit::Months)
    }

    pub fn years(amount: u32) -> Period {
        Period::new(amount, PeriodUnit::Years)
    }

    pub fn rolling(mut self) -> Period {
        self.roll_forward = true;
        self
    }

    /// Whether the period is at most [`MAX_PERIOD_YEARS`] long, in its own unit (a year has at
    /// most 366 days and, with two weekend days, at most 262 working days).
    pub fn is_within_limit(&self) -> bool {
        let years = MAX_PERIOD_YEARS;
        let max = match self.unit {
            PeriodUnit::Days => years * 366,
            PeriodUnit::WorkingDays => years * 262,
            PeriodUnit::Months => years * 12,
            PeriodUnit::Years => years,
        };
        self.amount <= max
    }

    /// `"12 months"`, `"5 working_days"`, `"1 year"`: the form policy files use.
    pub fn parse(text: &str) -> Option<Period> {
        let mut parts = text.split_whitespace();
        let amount: u32 = parts.next()?.parse().ok()?;
        let unit = match parts.next()?.to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "day" | "days" => PeriodUnit::Days,
            "working_day" | "working_days" | "business_day" | "business_days" => PeriodUnit::WorkingDays,
            "month" | "months" => PeriodUnit::Months,
            "year" | "years" => PeriodUnit::Years,
            _ => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Period::new(amount, unit))
    }
}

impl Period {
    /// The period in words: "2 年" / "2 years", "5 个工作日" / "5 working days".
    pub fn describe(&self, lang: Lang) -> String {
        let n = self.amount;
        match lang {
            Lang::ZhCn => match self.unit {
                PeriodUnit::Days => format!("{n} 日"),
                PeriodUnit::WorkingDays => format!("{n} 个工作日"),
                PeriodUnit::Months => format!("{n} 个月"),
                PeriodUnit::Years => format!("{n} 年"),
            },
            Lang::En => {
                let unit = match self.unit {
                    PeriodUnit::Days => "day",
                    PeriodUnit::WorkingDays => "working day",
                    PeriodUnit::Months => "month",
                    PeriodUnit::Years => "year",
                };
                format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
            }
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match (self.unit, self.amount) {
            (PeriodUnit::Days, 1) => "day",
            (PeriodUnit::Days, _) => "days",
            (PeriodUnit::WorkingDays, 1) => "working_day",
            (PeriodUnit::WorkingDays, _) => "working_days",
            (PeriodUnit::Months, 1) => "month",
            (PeriodUnit::Months, _) => "months",
            (PeriodUnit::Years, 1) => "year",
            (PeriodUnit::Years, _) => "years",
        };
        write!(f, "{} {}", self.amount, unit)
    }
}

/// Where a rule comes from: the article of a law or regulation, or "unit rule".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Citation {
    pub zh: String,
    pub en: String,
}

/// A period with the rule that sets it, so every computed date can say why it is what it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodRule {
    pub id: String,
    pub period: Period,
    pub citation: Citation,
}

/// A computed date and the rule behind it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub date: NaiveDate,
    pub rule_id: String,
    pub citation: Citation,
    /// The count ran past the loaded holiday calendar: weekends only were known there.
    pub beyond_calendar: bool,
}

/// A date far in the future stands in when a count would overflow chrono's range (amounts in
/// policies are small, so this is a guard, not a case).
fn saturate(d: Option<NaiveDate>) -> NaiveDate {
    d.unwrap_or(NaiveDate::MAX)
}

/// The end of `period` counted from `start` (the event day, not counted itself), and whether the
/// calendar had to be consulted beyond its loaded years.
pub fn add_period(start: NaiveDate, period: &Period, cal: &HolidayCalendar) -> (NaiveDate, bool) {
    let (end, mut beyond) = match period.unit {
        PeriodUnit::Days => (saturate(start.checked_add_days(Days::new(period.amount.into()))), false),
        PeriodUnit::Months => (saturate(start.checked_add_months(Months::new(period.amount))), false),
        PeriodUnit::Years => (saturate(start.checked_add_months(Months::new(period.amount.saturating_mul(12)))), false),
        PeriodUnit::WorkingDays => {
            let mut d = start;
            let mut beyond = false;
            let mut left = period.amount;
            while left > 0 {
                d = match d.succ_opt() {
                    Some(next) => next,
                    None => break,
                };
                beyond |= !cal.covers(d);
                if cal.is_working_day(d) {
                    left -= 1;
                }
            }
            (d, beyond)
        }
    };
    if period.roll_forward {
        let (rolled, b) = cal.next_working_day(end);
        beyond |= b;
        return (rolled, beyond);
    }
    (end, beyond)
}

/// The start of `period` counted back from `end`: "at most 7 days before departure" gives the
/// earliest day. Months clamp to the month's last day (1 month before 31 March is 28/29
/// February). Boundaries are not deadlines to do something, so `roll_forward` is ignored.
pub fn sub_period(end: NaiveDate, period: &Period, cal: &HolidayCalendar) -> (NaiveDate, bool) {
    match period.unit {
        PeriodUnit::Days => (end.checked_sub_days(Days::new(period.amount.into())).unwrap_or(NaiveDate::MIN), false),
        PeriodUnit::Months => (end.checked_sub_months(Months::new(period.amount)).unwrap_or(NaiveDate::MIN), false),
        PeriodUnit::Years => (end.checked_sub_months(Months::new(period.amount.saturating_mul(12))).unwrap_or(NaiveDate::MIN), false),
        PeriodUnit::WorkingDays => {
            let mut d = end;
            let mut beyond = false;
            let mut left = period.amount;
            while left > 0 {
                d = match d.pred_opt() {
                    Some(prev) => prev,
                    None => break,
                };
                beyond |= !cal.covers(d);
                if cal.is_working_day(d) {
                    left -= 1;
                }
            }
            (d, beyond)
        }
    }
}

impl PeriodRule {
    pub fn new(id: impl Into<String>, period: Period, citation: Citation) -> PeriodRule {
        PeriodRule { id: id.into(), period, citation }
    }

    /// The due date of something that must be done within the period after `event`.
    pub fn due_from(&self, event: NaiveDate, cal: &HolidayCalendar) -> Deadline {
        let (date, beyond_calendar) = add_period(event, &self.period, cal);
        self.deadline(date, beyond_calendar)
    }

    /// The earliest day of a window that closes on `date` (check-out at most 7 days before departure).
    pub fn earliest_before(&self, date: NaiveDate, cal: &HolidayCalendar) -> Deadline {
        let (date, beyond_calendar) = sub_period(date, &self.period, cal);
        self.deadline(date, beyond_calendar)
    }

    /// A date this rule fixes directly (the planned start recorded at registration).
    pub fn fixed(&self, date: NaiveDate) -> Deadline {
        self.deadline(date, false)
    }

    fn deadline(&self, date: NaiveDate, beyond_calendar: bool) -> Deadline {
        Deadline { date, rule_id: self.id.clone(), citation: self.citation.clone(), beyond_calendar }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    Upcoming,
    Due,
    Overdue,
}

/// The state of a due date on `as_of` with a lead time: upcoming from `due − lead` to the day
/// before `due`, due on the day, overdue after (with the days overdue); `None` before `due − lead`.
pub fn due_state(due: NaiveDate, lead_days: u32, as_of: NaiveDate) -> Option<(DueState, i64)> {
    let late = (as_of - due).num_days();
    if late > 0 {
        Some((DueState::Overdue, late))
    } else if late == 0 {
        Some((DueState::Due, 0))
    } else if -late <= i64::from(lead_days) {
        Some((DueState::Upcoming, 0))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cn() -> HolidayCalendar {
        HolidayCalendar::builtin("cn").unwrap()
    }

    fn cite() -> Citation {
        Citation { zh: "单位规定".into(), en: "Unit rule".into() }
    }

    // --- DOMAIN.md §5, verbatim ---

    #[test]
    fn seven_days_from_3_march_2025_ends_monday_10_march() {
        // Day of the event not counted: 4,5,6,7,8,9,10 March → Mon 10 March 2025.
        assert_eq!(add_period(d(2025, 3, 3), &Period::days(7), &cn()), (d(2025, 3, 10), false));
        // Mon 10 March is a working day, so rolling forward changes nothing.
        assert_eq!(add_period(d(2025, 3, 3), &Period::days(7).rolling(), &cn()), (d(2025, 3, 10), false));
    }

    #[test]
    fn months_and_years_end_on_the_same_day_or_the_month_end() {
        let cal = cn();
        // 12 months from 31 Jan 2025: 31 Jan 2026 exists.
        assert_eq!(add_period(d(2025, 1, 31), &Period::months(12), &cal).0, d(2026, 1, 31));
        // 1 month from 31 Jan 2025: February 2025 has 28 days → 28 Feb 2025.
        assert_eq!(add_period(d(2025, 1, 31), &Period::months(1), &cal).0, d(2025, 2, 28));
        // 2 years from 29 Feb 2024: 2026 is not a leap year → 28 Feb 2026.
        assert_eq!(add_period(d(2024, 2, 29), &Period::years(2), &cal).0, d(2026, 2, 28));
        // 6 months from 31 Aug 2025: February 2026 has 28 days → 28 Feb 2026.
        assert_eq!(add_period(d(2025, 8, 31), &Period::months(6), &cal).0, d(2026, 2, 28));
        // 4 years from 29 Feb 2024 → 29 Feb 2028 (leap again).
        assert_eq!(add_period(d(2024, 2, 29), &Period::years(4), &cal).0, d(2028, 2, 29));
        // 1 month from 31 Jan 2024 (leap year) → 29 Feb 2024.
        assert_eq!(add_period(d(2024, 1, 31), &Period::months(1), &cal).0, d(2024, 2, 29));
    }

    #[test]
    fn five_working_days_counts_after_the_event_day() {
        // Event Mon 3 Mar 2025; working days Tue 4, Wed 5, Thu 6, Fri 7, (Sat 8, Sun 9 skipped) Mon 10.
        assert_eq!(add_period(d(2025, 3, 3), &Period::working_days(5), &cn()), (d(2025, 3, 10), false));
        // Event Fri 7 Mar: Mon 10 .. Fri 14.
        assert_eq!(add_period(d(2025, 3, 7), &Period::working_days(5), &cn()), (d(2025, 3, 14), false));
    }

    // --- working days across Chinese holidays with make-up days (2025 State Council notice) ---

    #[test]
    fn working_days_across_national_day_2025_count_the_make_up_sunday_and_saturday() {
        let cal = cn();
        // Event Fri 26 Sep 2025. Sat 27 off; Sun 28 Sep make-up → 1; Mon 29 → 2; Tue 30 → 3;
        // 1–8 Oct holiday; Thu 9 → 4; Fri 10 → 5.
        assert_eq!(add_period(d(2025, 9, 26), &Period::working_days(5), &cal), (d(2025, 10, 10), false));
        // 6th working day is Sat 11 Oct, itself a make-up working day.
        assert_eq!(add_period(d(2025, 9, 26), &Period::working_days(6), &cal), (d(2025, 10, 11), false));
        // Event Tue 30 Sep: 1–8 Oct off → Thu 9 (1), Fri 10 (2), Sat 11 make-up (3),
        // Sun 12 off, Mon 13 (4), Tue 14 (5).
        assert_eq!(add_period(d(2025, 9, 30), &Period::working_days(5), &cal), (d(2025, 10, 14), false));
    }

    #[test]
    fn working_days_across_spring_festival_2025() {
        let cal = cn();
        // Event Fri 24 Jan 2025. Sat 25 off; Sun 26 make-up (1); Mon 27 (2); 28 Jan – 4 Feb off;
        // Wed 5 (3); Thu 6 (4); Fri 7 (5).
        assert_eq!(add_period(d(2025, 1, 24), &Period::working_days(5), &cal), (d(2025, 2, 7), false));
        // 7 working days: Sat 8 Feb make-up (6), Sun 9 off, Mon 10 (7).
        assert_eq!(add_period(d(2025, 1, 24), &Period::working_days(7), &cal), (d(2025, 2, 10), false));
    }

    #[test]
    fn roll_forward_moves_a_due_date_off_a_holiday_but_restrictions_never_move() {
        let cal = cn();
        // 7 days from Wed 24 Sep 2025 → Wed 1 Oct, National Day; the holiday runs to Wed 8 Oct,
        // so a report due then is due Thu 9 Oct.
        assert_eq!(add_period(d(2025, 9, 24), &Period::days(7).rolling(), &cal), (d(2025, 10, 9), false));
        assert_eq!(add_period(d(2025, 9, 24), &Period::days(7), &cal), (d(2025, 10, 1), false));
        // 10 days from Sat 20 Sep 2025 → Tue 30 Sep, a working day: stays.
        assert_eq!(add_period(d(2025, 9, 20), &Period::days(10).rolling(), &cal), (d(2025, 9, 30), false));
        // 7 days from Sat 20 Sep 2025 → Sat 27 Sep, an ordinary Saturday → Sun 28 Sep, make-up day.
        assert_eq!(add_period(d(2025, 9, 20), &Period::days(7).rolling(), &cal), (d(2025, 9, 28), false));
        // 1 month from Wed 1 Jan 2025 → Sat 1 Feb, Spring Festival (to Tue 4 Feb) → Wed 5 Feb.
        assert_eq!(add_period(d(2025, 1, 1), &Period::months(1).rolling(), &cal), (d(2025, 2, 5), false));
    }

    #[test]
    fn beyond_the_calendar_only_weekends_count_and_the_result_says_so() {
        let cal = cn();
        // Event Thu 30 Sep 2027: 2027 is not loaded. Fri 1 Oct (1), Mon 4 (2), Tue 5 (3), Wed 6 (4),
        // Thu 7 (5) — in reality the National Day holiday will move this; the flag says so.
        assert_eq!(add_period(d(2027, 9, 30), &Period::working_days(5), &cal), (d(2027, 10, 7), true));
        // Counting from the last loaded days into the unloaded year: event Wed 30 Dec 2026 →
        // Thu 31 Dec (1), Fri 1 Jan 2027 (2: not loaded, so its New Year holiday is unknown).
        assert_eq!(add_period(d(2026, 12, 30), &Period::working_days(2), &cal), (d(2027, 1, 1), true));
        // Within the loaded year: no flag. Wed 30 Dec 2026 → Thu 31 Dec (1).
        assert_eq!(add_period(d(2026, 12, 30), &Period::working_days(1), &cal), (d(2026, 12, 31), false));
        // Calendar days without roll-forward never consult the calendar.
        assert_eq!(add_period(d(2027, 9, 30), &Period::days(7), &cal), (d(2027, 10, 7), false));
        // With roll-forward the due day itself is looked up: Sat 2 Oct 2027 → Mon 4 Oct, flagged.
        assert_eq!(add_period(d(2027, 9, 25), &Period::days(7).rolling(), &cal), (d(2027, 10, 4), true));
    }

    #[test]
    fn sub_period_gives_the_earliest_day_of_a_window() {
        let cal = cn();
        // Departure Fri 14 Mar 2025, check-out at most 7 days before → Fri 7 Mar.
        assert_eq!(sub_period(d(2025, 3, 14), &Period::days(7), &cal), (d(2025, 3, 7), false));
        // 6 months before 31 Aug 2025 → 28 Feb 2025 (clamped).
        assert_eq!(sub_period(d(2025, 8, 31), &Period::months(6), &cal), (d(2025, 2, 28), false));
        // 3 working days before Thu 9 Oct 2025: Tue 30 Sep (1), Mon 29 Sep (2), Sun 28 Sep make-up (3).
        assert_eq!(sub_period(d(2025, 10, 9), &Period::working_days(3), &cal), (d(2025, 9, 28), false));
        // roll_forward is ignored for boundaries: 7 days before Wed 8 Oct 2025 is Wed 1 Oct.
        assert_eq!(sub_period(d(2025, 10, 8), &Period::days(7).rolling(), &cal), (d(2025, 10, 1), false));
    }

    #[test]
    fn rules_name_themselves_on_their_deadlines() {
        let rule = PeriodRule::new("travel.post_trip_report", Period::days(7).rolling(), cite());
        let due = rule.due_from(d(2025, 3, 3), &cn());
        assert_eq!(
            due,
            Deadline { date: d(2025, 3, 10), rule_id: "travel.post_trip_report".into(), citation: cite(), beyond_calendar: false }
        );
        let checkout = PeriodRule::new("travel.checkout", Period::days(7), cite());
        assert_eq!(checkout.earliest_before(d(2025, 3, 14), &cn()).date, d(2025, 3, 7));
    }

    #[test]
    fn due_state_boundaries() {
        let due = d(2025, 3, 10);
        // Lead 7 days: upcoming from 3 Mar (10 − 7) to 9 Mar; not listed on 2 Mar.
        assert_eq!(due_state(due, 7, d(2025, 3, 2)), None);
        assert_eq!(due_state(due, 7, d(2025, 3, 3)), Some((DueState::Upcoming, 0)));
        assert_eq!(due_state(due, 7, d(2025, 3, 9)), Some((DueState::Upcoming, 0)));
        assert_eq!(due_state(due, 7, d(2025, 3, 10)), Some((DueState::Due, 0)));
        assert_eq!(due_state(due, 7, d(2025, 3, 11)), Some((DueState::Overdue, 1)));
        // 31 Mar is 21 days after 10 Mar.
        assert_eq!(due_state(due, 7, d(2025, 3, 31)), Some((DueState::Overdue, 21)));
        // Lead 30 days from 10 Mar: 8 Feb (Feb has 28 days: 10 Mar − 30 = 8 Feb).
        assert_eq!(due_state(due, 30, d(2025, 2, 7)), None);
        assert_eq!(due_state(due, 30, d(2025, 2, 8)), Some((DueState::Upcoming, 0)));
        // Lead 0: only due and overdue.
        assert_eq!(due_state(due, 0, d(2025, 3, 9)), None);
    }

    #[test]
    fn periods_read_and_print_the_policy_file_form() {
        assert_eq!(Period::parse("12 months"), Some(Period::months(12)));
        assert_eq!(Period::parse("1 year"), Some(Period::years(1)));
        assert_eq!(Period::parse("5 working_days"), Some(Period::working_days(5)));
        assert_eq!(Period::parse("5 business-days"), Some(Period::working_days(5)));
        assert_eq!(Period::parse("7 days"), Some(Period::days(7)));
        assert_eq!(Period::parse("7"), None);
        assert_eq!(Period::parse("-7 days"), None);
        assert_eq!(Period::parse("7 weeks"), None);
        assert_eq!(Period::working_days(5).to_string(), "5 working_days");
        assert_eq!(Period::years(1).to_string(), "1 year");
        assert_eq!(Period::years(2).describe(Lang::ZhCn), "2 年");
        assert_eq!(Period::months(6).describe(Lang::ZhCn), "6 个月");
        assert_eq!(Period::working_days(5).describe(Lang::En), "5 working days");
        assert_eq!(Period::years(1).describe(Lang::En), "1 year");
    }

    #[test]
    fn periods_are_limited_to_100_years_in_each_unit() {
        assert!(Period::years(100).is_within_limit() && !Period::years(101).is_within_limit());
        assert!(Period::months(1200).is_within_limit() && !Period::months(1201).is_within_limit());
        assert!(Period::days(36_600).is_within_limit() && !Period::days(36_601).is_within_limit());
        assert!(Period::working_days(26_200).is_within_limit() && !Period::working_days(u32::MAX).is_within_limit());
    }

    #[test]
    fn serialises_with_snake_case_units() {
        let json = serde_json::to_string(&Period::working_days(5)).unwrap();
        assert_eq!(json, r#"{"amount":5,"unit":"working_days","roll_forward":false}"#);
        let back: Period = serde_json::from_str(r#"{"amount":5,"unit":"working_days"}"#).unwrap();
        assert_eq!(back, Period::working_days(5));
    }
}
