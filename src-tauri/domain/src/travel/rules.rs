//! The numbers and conditions of travel supervision are the policy's `[travel]` section
//! ([`crate::policy::TravelPolicy`], format in `docs/policy.md`); the travel rules read them from
//! there and hard-code none.

use crate::policy::Policy;
pub use crate::policy::TravelPolicy as TravelRules;

/// Rule ids of the travel deadlines that are fixed dates rather than periods (approval and
/// briefing by the planned departure, return by the planned return). The period rules carry
/// their own ids (`travel.report`, `travel.document_return`, ...).
pub const RULE_APPROVAL: &str = "travel.approval";
pub const RULE_BRIEFING: &str = "travel.briefing";
pub const RULE_RETURN: &str = "travel.return";

impl TravelRules {
    /// The shipped PRC policy's (`prc-2024`): custody, 7 days to hand in, check-out at most
    /// 7 days before departure, 10 days to return the document and 7 to report after the actual
    /// return, expiry announced 6 months ahead; core people and trips in decommissioning need the
    /// higher approval level.
    pub fn prc_default() -> TravelRules {
        Policy::builtin("prc-2024").expect("shipped policy prc-2024").travel
    }

    /// The shipped US policy's (`us-nispom`): no custody, report within 5 business days of the
    /// return (SEAD 3), no higher approval level.
    pub fn us_default() -> TravelRules {
        Policy::builtin("us-nispom").expect("shipped policy us-nispom").travel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{Period, PeriodUnit};
    use crate::level::LevelId;

    fn period(rule: &crate::deadline::PeriodRule) -> (&str, u32, PeriodUnit, bool) {
        let Period { amount, unit, roll_forward } = rule.period;
        (rule.id.as_str(), amount, unit, roll_forward)
    }

    #[test]
    fn the_prc_numbers_are_those_of_domain_md() {
        let r = TravelRules::prc_default();
        assert!(r.custody && r.opinions_required && r.higher_approval_in_decommissioning);
        assert_eq!((r.lead_days, r.home_country.as_str()), (7, "CN"));
        assert_eq!(r.higher_approval_levels, [LevelId("core".into())]);
        assert_eq!(period(&r.document_handin), ("travel.document_handin", 7, PeriodUnit::Days, true));
        assert_eq!(period(&r.checkout_lead), ("travel.checkout_lead", 7, PeriodUnit::Days, false));
        assert_eq!(period(&r.document_return), ("travel.document_return", 10, PeriodUnit::Days, true));
        assert_eq!(period(&r.report), ("travel.report", 7, PeriodUnit::Days, true));
        assert_eq!(period(&r.expiry_warning), ("travel.expiry_warning", 6, PeriodUnit::Months, false));
    }

    #[test]
    fn the_us_report_is_due_in_five_business_days_without_custody() {
        let r = TravelRules::us_default();
        assert!(!r.custody && !r.opinions_required && !r.higher_approval_in_decommissioning);
        assert!(r.higher_approval_levels.is_empty());
        assert_eq!(r.home_country, "US");
        assert_eq!(period(&r.report), ("travel.report", 5, PeriodUnit::WorkingDays, true));
        assert!(r.report.citation.en.contains("SEAD 3"));
    }
}
