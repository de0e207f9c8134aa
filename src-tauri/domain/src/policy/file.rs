//! The policy file as written (TOML), and its checks. Everything the office may get wrong is
//! reported with the line and the key path, in both languages.

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use chrono::NaiveDate;
use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::{
    read_toml, DecommissioningRange, FormKind, LevelHours, LevelPeriod, Policy, PolicyError, StepDef, TrainingHours, TravelPolicy,
};
use crate::calendar::HolidayCalendar;
use crate::deadline::{add_period, Citation, Period, PeriodRule, MAX_PERIOD_YEARS};
use crate::level::{LevelDef, LevelId};
use crate::person::IdFormat;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    id: Spanned<String>,
    #[serde(default)]
    version: String,
    name_zh: String,
    name_en: String,
    id_format: IdFormat,
    calendar: Spanned<String>,
    lead_days: u32,
    levels: Spanned<Vec<LevelFile>>,
    onboarding: OnboardingFile,
    on_duty: OnDutyFile,
    departure: DepartureFile,
    decommissioning: DecommissioningFile,
    travel: TravelFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    id: Spanned<String>,
    name_zh: String,
    name_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OnboardingFile {
    planned_start: Spanned<String>,
    citation: Citation,
    #[serde(default)]
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDutyFile {
    #[serde(default)]
    steps: Vec<StepFile>,
    #[serde(default)]
    training_hours: Option<HoursFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoursFile {
    per_year: Spanned<OneOrByLevel<u32>>,
    citation: Citation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartureFile {
    due_after: Spanned<String>,
    #[serde(default)]
    roll_forward: bool,
    citation: Citation,
    #[serde(default)]
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecommissioningFile {
    citation: Citation,
    range: Spanned<OneOrByLevel<RangeFile>>,
    #[serde(default)]
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeFile {
    min: String,
    max: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    id: Spanned<String>,
    name_zh: String,
    name_en: String,
    #[serde(default = "yes")]
    required: bool,
    #[serde(default)]
    form: Option<FormKind>,
    citation: Citation,
    #[serde(default)]
    every: Option<Spanned<OneOrByLevel<String>>>,
    #[serde(default)]
    roll_forward: Option<bool>,
    #[serde(default)]
    first_from: Option<Spanned<String>>,
    #[serde(default)]
    training_category: Option<String>,
    #[serde(default)]
    checklist: bool,
    #[serde(default)]
    lead_days: Option<u32>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TravelFile {
    custody: bool,
    lead_days: u32,
    #[serde(default)]
    higher_approval_levels: Vec<Spanned<String>>,
    #[serde(default)]
    higher_approval_in_decommissioning: bool,
    #[serde(default)]
    opinions_required: bool,
    #[serde(default)]
    home_country: String,
    approval_citation: Citation,
    briefing_citation: Citation,
    document_handin: RuleFile,
    checkout_lead: RuleFile,
    document_return: RuleFile,
    report: RuleFile,
    expiry_warning: RuleFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    period: Spanned<String>,
    #[serde(default)]
    roll_forward: bool,
    citation: Citation,
}

/// A value that is either the same for every level (`"12 months"`, `10`) or given per level
/// (`{ core = "1 year", important = "3 years" }`).
enum OneOrByLevel<V> {
    One(V),
    ByLevel(Vec<(String, Spanned<V>)>),
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OneOrByLevel<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V1<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V1<V> {
            type Value = OneOrByLevel<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value, or a table of values by level")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                V::deserialize(v.into_deserializer()).map(OneOrByLevel::One)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                V::deserialize(v.into_deserializer()).map(OneOrByLevel::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                V::deserialize(v.into_deserializer()).map(OneOrByLevel::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                V::deserialize(v.into_deserializer()).map(OneOrByLevel::One)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<Spanned<V>>()?));
                }
                Ok(OneOrByLevel::ByLevel(out))
            }
        }
        deserializer.deserialize_any(V1(PhantomData))
    }
}

/// The checks after the structure is read, each error pointing at its span.
struct Checker<'t> {
    text: &'t str,
    levels: Vec<LevelDef>,
}

impl Checker<'_> {
    fn err(&self, span: Range<usize>, field: impl Into<String>, code: &str) -> PolicyError {
        PolicyError::at(self.text, Some(span), Some(field.into()), code)
    }

    fn period(&self, raw: &Spanned<String>, field: &str) -> Result<Period, PolicyError> {
        self.period_at(raw.get_ref(), raw.span(), field)
    }

    fn period_at(&self, raw: &str, span: Range<usize>, field: &str) -> Result<Period, PolicyError> {
        let period = Period::parse(raw).ok_or_else(|| self.err(span.clone(), field, "policy.period").with("value", raw))?;
        if !period.is_within_limit() {
            return Err(self.err(span, field, "policy.period_too_long").with("value", raw).with("years", MAX_PERIOD_YEARS));
        }
        Ok(period)
    }

    fn level(&self, raw: &str, span: Range<usize>, field: &str) -> Result<LevelId, PolicyError> {
        self.levels.iter().find(|l| l.id.0 == raw).map(|l| l.id.clone()).ok_or_else(|| {
            let allowed = self.levels.iter().map(|l| l.id.0.as_str()).collect::<Vec<_>>().join(", ");
            self.err(span, field, "policy.unknown_level").with("value", raw).with("allowed", allowed)
        })
    }

    /// Expands a per-level value to one entry per level, in level order; every level must be given.
    fn by_level<V, T: Clone>(
        &self,
        spec: &Spanned<OneOrByLevel<V>>,
        field: &str,
        mut convert: impl FnMut(&V, Range<usize>, &str) -> Result<T, PolicyError>,
    ) -> Result<Vec<(LevelId, T)>, PolicyError> {
        match spec.get_ref() {
            OneOrByLevel::One(v) => {
                let value = convert(v, spec.span(), field)?;
                Ok(self.levels.iter().map(|l| (l.id.clone(), value.clone())).collect())
            }
            OneOrByLevel::ByLevel(entries) => {
                let mut out: Vec<(LevelId, T)> = Vec::new();
                for (key, value) in entries {
                    let key_field = format!("{field}.{key}");
                    let level = self.level(key, value.span(), &key_field)?;
                    out.push((level, convert(value.get_ref(), value.span(), &key_field)?));
                }
                let mut ordered = Vec::new();
                for l in &self.levels {
                    match out.iter().position(|(id, _)| id == &l.id) {
                        Some(i) => ordered.push(out.swap_remove(i)),
                        None => return Err(self.err(spec.span(), field, "policy.level_missing").with("value", &l.id)),
                    }
                }
                Ok(ordered)
            }
        }
    }
}

fn step(c: &Checker, s: &StepFile, field: &str, recurring: bool) -> Result<StepDef, PolicyError> {
    let id = s.id.get_ref().trim();
    if id.is_empty() {
        return Err(c.err(s.id.span(), format!("{field}.id"), "policy.empty"));
    }
    let roll = s.roll_forward.unwrap_or(true);
    let every = match (&s.every, recurring) {
        (Some(spec), true) => c
            .by_level(spec, &format!("{field}.every"), |raw, span, f| c.period_at(raw, span, f))?
            .into_iter()
            .map(|(level, p)| LevelPeriod { level, period: Period { roll_forward: roll, ..p } })
            .collect(),
        (None, true) => return Err(c.err(s.id.span(), format!("{field}.every"), "policy.every_required").with("value", id)),
        (Some(spec), false) => return Err(c.err(spec.span(), format!("{field}.every"), "policy.every_not_here")),
        (None, false) => Vec::new(),
    };
    if s.form == Some(FormKind::RegisterList) {
        // The register list is printed from a list of people, never signed for one step.
        let steps_forms = FormKind::ALL.iter().filter(|k| **k != FormKind::RegisterList).map(|k| k.id()).collect::<Vec<_>>().join(", ");
        return Err(c
            .err(s.id.span(), format!("{field}.form"), "policy.unknown_value")
            .with("value", "register-list")
            .with("expected", steps_forms));
    }
    Ok(StepDef {
        id: id.to_owned(),
        name_zh: s.name_zh.clone(),
        name_en: s.name_en.clone(),
        required: s.required,
        form: s.form,
        citation: s.citation.clone(),
        every,
        first_from: s.first_from.as_ref().map(|f| f.get_ref().trim().to_owned()),
        training_category: s.training_category.as_ref().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        checklist: s.checklist,
        lead_days: s.lead_days,
    })
}

fn steps(c: &Checker, list: &[StepFile], stage_key: &str, recurring: bool) -> Result<Vec<StepDef>, PolicyError> {
    list.iter().enumerate().map(|(i, s)| step(c, s, &format!("{stage_key}.steps[{i}]"), recurring)).collect()
}

/// A reference start for comparing a range's ends: ends are compared from several days so that
/// mixed units (`"180 days"` .. `"6 months"`) are judged fairly.
fn min_exceeds_max(min: &Period, max: &Period) -> bool {
    let cal = HolidayCalendar::weekends_only("compare");
    ["2024-01-31", "2024-02-29", "2025-03-31", "2025-06-30"]
        .iter()
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .any(|start| add_period(start, min, &cal).0 > add_period(start, max, &cal).0)
}

pub(super) fn parse(text: &str) -> Result<Policy, PolicyError> {
    let f: PolicyFile = read_toml(text)?;
    let id = f.id.get_ref().trim().to_owned();
    if id.is_empty() {
        return Err(PolicyError::at(text, Some(f.id.span()), Some("id".into()), "policy.empty"));
    }
    if f.calendar.get_ref().trim().is_empty() {
        return Err(PolicyError::at(text, Some(f.calendar.span()), Some("calendar".into()), "policy.empty"));
    }

    // Levels first: every other section refers to them.
    if f.levels.get_ref().is_empty() {
        return Err(PolicyError::at(text, Some(f.levels.span()), Some("levels".into()), "policy.no_levels"));
    }
    let mut levels = Vec::new();
    for (i, l) in f.levels.get_ref().iter().enumerate() {
        let lid = l.id.get_ref().trim();
        let field = format!("levels[{i}].id");
        if lid.is_empty() {
            return Err(PolicyError::at(text, Some(l.id.span()), Some(field), "policy.empty"));
        }
        if levels.iter().any(|d: &LevelDef| d.id.0 == lid) {
            return Err(PolicyError::at(text, Some(l.id.span()), Some(field), "policy.duplicate_id").with("value", lid));
        }
        levels.push(LevelDef { id: LevelId(lid.to_owned()), name_zh: l.name_zh.clone(), name_en: l.name_en.clone() });
    }
    let c = Checker { text, levels };

    let planned = c.period(&f.onboarding.planned_start, "onboarding.planned_start")?;
    let onboarding = steps(&c, &f.onboarding.steps, "onboarding", false)?;
    let on_duty = steps(&c, &f.on_duty.steps, "on_duty", true)?;
    let departure = steps(&c, &f.departure.steps, "departure", false)?;
    let decommissioning = steps(&c, &f.decommissioning.steps, "decommissioning", false)?;

    // Step ids are unique across the policy (`first_from` and recorded steps refer to them).
    let mut seen = BTreeSet::new();
    for (key, files, defs) in [
        ("onboarding", &f.onboarding.steps, &onboarding),
        ("on_duty", &f.on_duty.steps, &on_duty),
        ("departure", &f.departure.steps, &departure),
        ("decommissioning", &f.decommissioning.steps, &decommissioning),
    ] {
        for (i, (file, def)) in files.iter().zip(defs.iter()).enumerate() {
            if !seen.insert(def.id.clone()) {
                return Err(c.err(file.id.span(), format!("{key}.steps[{i}].id"), "policy.duplicate_id").with("value", &def.id));
            }
        }
    }
    for (i, (file, def)) in f.on_duty.steps.iter().zip(on_duty.iter()).enumerate() {
        if let (Some(ff), Some(target)) = (&file.first_from, &def.first_from) {
            if !onboarding.iter().chain(on_duty.iter()).any(|s| &s.id == target) || target == &def.id {
                return Err(c.err(ff.span(), format!("on_duty.steps[{i}].first_from"), "policy.unknown_step").with("value", target));
            }
        }
    }
    for (key, files) in
        [("onboarding", &f.onboarding.steps), ("departure", &f.departure.steps), ("decommissioning", &f.decommissioning.steps)]
    {
        for (i, file) in files.iter().enumerate() {
            if let Some(ff) = &file.first_from {
                return Err(c.err(ff.span(), format!("{key}.steps[{i}].first_from"), "policy.every_not_here"));
            }
        }
    }

    let training_hours = match &f.on_duty.training_hours {
        None => None,
        Some(h) => Some(TrainingHours {
            per_year: c
                .by_level(&h.per_year, "on_duty.training_hours.per_year", |v: &u32, _, _| Ok(*v))?
                .into_iter()
                .map(|(level, hours)| LevelHours { level, hours })
                .collect(),
            citation: h.citation.clone(),
        }),
    };

    let departure_due = Period { roll_forward: f.departure.roll_forward, ..c.period(&f.departure.due_after, "departure.due_after")? };

    let ranges = c.by_level(&f.decommissioning.range, "decommissioning.range", |r: &RangeFile, span, field| {
        let min = c.period_at(&r.min, span.clone(), &format!("{field}.min"))?;
        let max = c.period_at(&r.max, span.clone(), &format!("{field}.max"))?;
        if min_exceeds_max(&min, &max) {
            return Err(c.err(span, format!("{field}.min"), "policy.min_after_max").with("min", &r.min).with("max", &r.max));
        }
        Ok((min, max))
    })?;
    let decommissioning_ranges = ranges.into_iter().map(|(level, (min, max))| DecommissioningRange { level, min, max }).collect();

    let t = &f.travel;
    let rule = |id: &str, r: &RuleFile| -> Result<PeriodRule, PolicyError> {
        let p = c.period(&r.period, &format!("travel.{id}.period"))?;
        Ok(PeriodRule::new(format!("travel.{id}"), Period { roll_forward: r.roll_forward, ..p }, r.citation.clone()))
    };
    let mut higher = Vec::new();
    for (i, l) in t.higher_approval_levels.iter().enumerate() {
        higher.push(c.level(l.get_ref(), l.span(), &format!("travel.higher_approval_levels[{i}]"))?);
    }
    let travel = TravelPolicy {
        custody: t.custody,
        document_handin: rule("document_handin", &t.document_handin)?,
        checkout_lead: rule("checkout_lead", &t.checkout_lead)?,
        document_return: rule("document_return", &t.document_return)?,
        report: rule("report", &t.report)?,
        expiry_warning: rule("expiry_warning", &t.expiry_warning)?,
        lead_days: t.lead_days,
        higher_approval_levels: higher,
        higher_approval_in_decommissioning: t.higher_approval_in_decommissioning,
        opinions_required: t.opinions_required,
        home_country: t.home_country.trim().to_uppercase(),
        approval_citation: t.approval_citation.clone(),
        briefing_citation: t.briefing_citation.clone(),
    };

    Ok(Policy {
        id,
        version: f.version.trim().to_owned(),
        name_zh: f.name_zh,
        name_en: f.name_en,
        id_format: f.id_format,
        calendar: f.calendar.get_ref().trim().to_owned(),
        levels: c.levels.clone(),
        lead_days: f.lead_days,
        planned_start: PeriodRule::new("onboarding.planned_start", planned, f.onboarding.citation.clone()),
        onboarding,
        on_duty,
        training_hours,
        departure,
        departure_due: PeriodRule::new("departure.due", departure_due, f.departure.citation.clone()),
        decommissioning,
        decommissioning_ranges,
        decommissioning_citation: f.decommissioning.citation.clone(),
        travel,
    })
}
