//! The numbers and conditions of travel supervision, as a policy file states them (`[travel]`).
//! Nothing in the travel rules hard-codes a period: it is read from here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::deadline::{Citation, Period, PeriodRule, PeriodUnit};
use crate::level::LevelId;

/// Rule ids of the travel deadlines that are fixed dates rather than periods (approval and
/// briefing by the planned departure, return by the planned return).
pub const RULE_APPROVAL: &str = "travel.approval";
pub const RULE_BRIEFING: &str = "travel.briefing";
pub const RULE_RETURN: &str = "travel.return";

/// Travel supervision rules of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TravelRules {
    /// Whether the office holds the travel documents (PRC 证件集中保管). Without custody there is
    /// no hand-in, check-out or return of documents, and a departure needs no check-out.
    pub custody: bool,
    /// A new or renewed document is due in custody within this period of its issue (or of its
    /// registration, when the office learns of it later).
    pub document_handin: PeriodRule,
    /// A document may be checked out at most this period before the planned departure.
    pub checkout_lead: PeriodRule,
    /// A checked-out document is due back in custody within this period of the ACTUAL return.
    pub document_return: PeriodRule,
    /// The post-trip report is due within this period of the ACTUAL return.
    pub report: PeriodRule,
    /// A document's expiry is announced this period before it.
    pub expiry_warning: PeriodRule,
    /// Days before a travel deadline that its reminder starts (except the expiry warning, whose
    /// lead is the `expiry_warning` period itself).
    pub lead_days: u32,
    /// Levels (in force on the departure date) whose trips need the higher approval level.
    pub higher_approval_levels: Vec<LevelId>,
    /// Whether a trip that falls (partly) within the decommissioning period needs the higher
    /// approval level.
    pub higher_approval_in_decommissioning: bool,
    /// Whether an approval or refusal needs the opinions of both the personnel department and the
    /// secrecy office (PRC implementing regulation art. 52).
    pub opinions_required: bool,
    /// The country the office is in, refused as a destination (ISO 3166-1 alpha-2). Empty: none.
    #[serde(default)]
    pub home_country: String,
    /// Source of "approved before departure".
    pub approval_citation: Citation,
    /// Source of "briefed before departure".
    pub briefing_citation: Citation,
}

fn rule(
    id: &str,
    amount: u32,
    unit: PeriodUnit,
    roll_forward: bool,
    zh: &str,
    en: &str,
) -> PeriodRule {
    PeriodRule {
        id: id.to_owned(),
        period: Period {
            amount,
            unit,
            roll_forward,
        },
        citation: cite(zh, en),
    }
}

fn cite(zh: &str, en: &str) -> Citation {
    Citation {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

impl TravelRules {
    /// The default PRC policy (DOMAIN.md §4). Periods are unit rules; approval and briefing are
    /// national.
    pub fn prc_default() -> TravelRules {
        TravelRules {
            custody: true,
            document_handin: rule(
                "travel.document_handin",
                7,
                PeriodUnit::Days,
                true,
                "单位规定:新办或换发的因私出入境证件应于 7 日内交保密工作机构集中保管",
                "Unit rule: a new or renewed travel document is handed in for custody within 7 days",
            ),
            checkout_lead: rule(
                "travel.checkout_lead",
                7,
                PeriodUnit::Days,
                false,
                "单位规定:出行前 7 日内方可领取证件",
                "Unit rule: a document is checked out no earlier than 7 days before departure",
            ),
            document_return: rule(
                "travel.document_return",
                10,
                PeriodUnit::Days,
                true,
                "单位规定:回国(境)后 10 日内交回证件",
                "Unit rule: the document is returned to custody within 10 days of the return",
            ),
            report: rule(
                "travel.report",
                7,
                PeriodUnit::Days,
                true,
                "《保守国家秘密法实施条例》第五十二条;单位规定:回国(境)后 7 日内报告",
                "Implementing Regulation art. 52; unit rule: report within 7 days of the return",
            ),
            expiry_warning: rule(
                "travel.expiry_warning",
                6,
                PeriodUnit::Months,
                false,
                "单位规定:证件有效期届满前 6 个月提醒",
                "Unit rule: remind 6 months before a document expires",
            ),
            lead_days: 7,
            higher_approval_levels: vec![LevelId("core".to_owned())],
            higher_approval_in_decommissioning: true,
            opinions_required: true,
            home_country: "CN".to_owned(),
            approval_citation: cite(
                "《保守国家秘密法》第四十五条;《保守国家秘密法实施条例》第五十二条",
                "Law on Guarding State Secrets art. 45; Implementing Regulation art. 52",
            ),
            briefing_citation: cite(
                "《保守国家秘密法实施条例》第五十二条(行前保密教育)",
                "Implementing Regulation art. 52 (pre-trip security briefing)",
            ),
        }
    }

    /// The US policy: unofficial foreign travel approved before the trip and reported within
    /// 5 business days of the return (SEAD 3). No document custody, no higher approval level.
    pub fn us_default() -> TravelRules {
        TravelRules {
            custody: false,
            document_handin: rule(
                "travel.document_handin",
                7,
                PeriodUnit::Days,
                true,
                "单位规定:新证件 7 日内登记",
                "Agency rule: a new passport is registered within 7 days",
            ),
            checkout_lead: rule(
                "travel.checkout_lead",
                7,
                PeriodUnit::Days,
                false,
                "单位规定:出行前 7 日内领取证件",
                "Agency rule: a held passport is released no earlier than 7 days before departure",
            ),
            document_return: rule(
                "travel.document_return",
                10,
                PeriodUnit::Days,
                true,
                "单位规定:回国后 10 日内交回证件",
                "Agency rule: a held passport is returned within 10 days of the return",
            ),
            report: rule(
                "travel.report",
                5,
                PeriodUnit::WorkingDays,
                true,
                "SEAD 3:非公务出国须于回国后 5 个工作日内报告",
                "SEAD 3: unofficial foreign travel is reported within 5 business days of return",
            ),
            expiry_warning: rule(
                "travel.expiry_warning",
                6,
                PeriodUnit::Months,
                false,
                "单位规定:护照有效期届满前 6 个月提醒",
                "Agency rule: remind 6 months before a passport expires",
            ),
            lead_days: 7,
            higher_approval_levels: Vec::new(),
            higher_approval_in_decommissioning: false,
            opinions_required: false,
            home_country: "US".to_owned(),
            approval_citation: cite(
                "SEAD 3:非公务出国须事先报告并获批准",
                "SEAD 3: unofficial foreign travel is reported and approved before the trip",
            ),
            briefing_citation: cite(
                "32 CFR 117.12:出国前防御性安全提醒",
                "32 CFR 117.12: defensive security briefing before foreign travel",
            ),
        }
    }

    /// The period rules, for a policy view.
    pub fn period_rules(&self) -> [&PeriodRule; 5] {
        [
            &self.document_handin,
            &self.checkout_lead,
            &self.document_return,
            &self.report,
            &self.expiry_warning,
        ]
    }
}
