//! Lists the office takes out of the register as a spreadsheet (issue 12): which list, which
//! file format, and what a roster's history columns say of a person — read from the same
//! lifecycle record the rules read, by the same steps the roster import fills, so an exported
//! register imports again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::import::History;
use crate::lifecycle::{PersonRecord, Stage};
use crate::policy::{FormKind, Policy, StepDef};

/// A list the window shows and the office can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ExportList {
    /// The register of people (the People screen), with the roster's columns.
    People,
    /// The reminders of the dashboard.
    Reminders,
    /// Trips abroad.
    Trips,
    /// The travel-document custody register.
    Documents,
    /// The issued-forms register.
    Forms,
    /// The audit trail's entries, as the Audit screen filters them.
    Audit,
}

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// An Excel workbook: typed cells (dates are dates), a frozen header row.
    Xlsx,
    /// UTF-8 text with a byte-order mark, comma-separated.
    Csv,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Xlsx, ExportFormat::Csv];

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }

    /// The format a file name's extension names (any case), if it names one.
    pub fn from_extension(extension: &str) -> Option<ExportFormat> {
        Self::ALL.into_iter().find(|f| f.extension().eq_ignore_ascii_case(extension.trim()))
    }

    /// The format to write a file with `extension` in: the one asked for, else the one the
    /// extension names. Refused when neither says, and when the extension names the other
    /// format (an Excel workbook named `.csv` would open as gibberish).
    pub fn for_file(extension: Option<&str>, asked: Option<ExportFormat>) -> Result<ExportFormat, FieldError> {
        let named = extension.and_then(ExportFormat::from_extension);
        match (asked, named) {
            (Some(a), Some(n)) if a != n => {
                Err(FieldError::new("path", "export.format_mismatch").with("extension", n.extension()).with("format", a.extension()))
            }
            (Some(a), _) => Ok(a),
            (None, Some(n)) => Ok(n),
            (None, None) => Err(FieldError::new("path", "export.format_unknown")),
        }
    }
}

/// The on-duty step a roster's history column stands for: the recurring training, the step
/// printed on the review form (re-review), the one on the commitment form (re-sign) — the
/// steps the roster import records these dates as.
fn recurring_step(policy: &Policy, column: fn(&StepDef) -> bool) -> Option<&StepDef> {
    policy.on_duty.iter().find(|s| column(s))
}

/// What a roster's history columns say of a person on `today` (see
/// [`crate::roster::RosterField`]): the stage; when the onboarding was done (once every step
/// is: the latest of the days each step was first done — a later training of the same category
/// is a recurring one, not the onboarding's); the last completion of the recurring training, re-review
/// and re-sign (an onboarding step counts as the first, as the rules count it); the departure
/// date and the end of the decommissioning period, where the register has them.
pub fn roster_history(record: &PersonRecord, policy: &Policy, today: NaiveDate) -> History {
    let onboarding: Vec<&StepDef> = policy.steps(Stage::Onboarding).iter().collect();
    let all_done = !onboarding.is_empty() && onboarding.iter().all(|s| !record.completions(s, today).is_empty());
    let onboarding_done =
        all_done.then(|| onboarding.iter().filter_map(|s| record.completions(s, today).into_iter().min()).max()).flatten();
    let last = |column: fn(&StepDef) -> bool| recurring_step(policy, column).and_then(|s| record.last_completion(s, policy, today));
    History {
        stage: Some(record.state.stage),
        onboarding_done,
        last_training: last(|s| s.training_category.is_some()),
        last_review: last(|s| s.form == Some(FormKind::Review)),
        last_commitment: last(|s| s.form == Some(FormKind::Commitment)),
        departure_date: record.state.departure.as_ref().map(|d| d.date),
        decommissioning_end: record.state.decommissioning.as_ref().map(|d| d.end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::HolidayCalendar;
    use crate::i18n::Lang;
    use crate::import::{match_columns, read_rows, Cell, Table};
    use crate::person::PersonRules;
    use crate::roster::RosterField;
    use crate::terms::Term;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_format_comes_from_the_extension_unless_asked() {
        assert_eq!(ExportFormat::for_file(Some("XLSX"), None), Ok(ExportFormat::Xlsx));
        assert_eq!(ExportFormat::for_file(Some("csv"), None), Ok(ExportFormat::Csv));
        assert_eq!(ExportFormat::for_file(Some("txt"), Some(ExportFormat::Csv)), Ok(ExportFormat::Csv));
        assert_eq!(ExportFormat::for_file(None, Some(ExportFormat::Xlsx)), Ok(ExportFormat::Xlsx));
        assert_eq!(ExportFormat::for_file(Some("txt"), None).unwrap_err().code, "export.format_unknown");
        let mismatch = ExportFormat::for_file(Some("csv"), Some(ExportFormat::Xlsx)).unwrap_err();
        assert_eq!(mismatch.code, "export.format_mismatch");
        assert_eq!(mismatch.field.as_deref(), Some("path"));
    }

    /// The roster import reads a person's history back from what the export writes: a person on
    /// duty with their steps, another departed and in the decommissioning period, laid down by
    /// the import and exported again, say the same.
    #[test]
    fn an_exported_history_imports_to_the_same_history() {
        let policy = Policy::builtin("prc-2024").unwrap();
        let cal = HolidayCalendar::builtin(&policy.calendar).unwrap();
        let today = day(2026, 11, 27);
        let rules = PersonRules { levels: &policy.levels, id_format: policy.id_format, default_start_days: 30 };
        let headers: Vec<String> = RosterField::ALL.iter().map(|f| f.header(Lang::ZhCn)).collect();
        let columns = match_columns(&headers, &[]).unwrap();
        let row = |name: &str, staff: &str, id: &str, h: &History| -> Vec<Cell> {
            let date = |d: Option<NaiveDate>| d.map(Cell::Date).unwrap_or(Cell::Empty);
            RosterField::ALL
                .iter()
                .map(|f| match f {
                    RosterField::Name => Cell::Text(name.into()),
                    RosterField::StaffNo => Cell::Text(staff.into()),
                    RosterField::IdNumber => Cell::Text(id.into()),
                    RosterField::Unit => Cell::Text("机要室".into()),
                    RosterField::Level => Cell::Text("核心".into()),
                    RosterField::StartDate => Cell::Date(day(2020, 3, 2)),
                    RosterField::Stage => h.stage.map(|s| Cell::Text(s.word(Lang::ZhCn).into())).unwrap_or(Cell::Empty),
                    RosterField::OnboardingDone => date(h.onboarding_done),
                    RosterField::LastTraining => date(h.last_training),
                    RosterField::LastReview => date(h.last_review),
                    RosterField::LastCommitment => date(h.last_commitment),
                    RosterField::DepartureDate => date(h.departure_date),
                    RosterField::DecommissioningEnd => date(h.decommissioning_end),
                    _ => Cell::Empty,
                })
                .collect()
        };
        let on_duty = History {
            stage: Some(Stage::OnDuty),
            onboarding_done: Some(day(2020, 2, 20)),
            last_training: Some(day(2026, 3, 10)),
            last_review: Some(day(2026, 1, 8)),
            last_commitment: Some(day(2026, 2, 27)),
            departure_date: None,
            decommissioning_end: None,
        };
        let decommissioning = History {
            stage: Some(Stage::Decommissioning),
            onboarding_done: Some(day(2020, 2, 20)),
            last_training: Some(day(2025, 3, 10)),
            last_review: Some(day(2025, 1, 8)),
            last_commitment: Some(day(2025, 2, 27)),
            departure_date: Some(day(2025, 6, 30)),
            decommissioning_end: Some(day(2028, 6, 30)),
        };
        let table = Table {
            headers,
            rows: vec![row("张三", "S0001", "440304198506171238", &on_duty), row("李四", "S0002", "320106199001010040", &decommissioning)],
            header_row: 1,
        };
        let (rows, faults) = read_rows(&table, &columns, &rules, &policy, &cal, today, "王芳");
        assert!(faults.is_empty(), "{faults:?}");
        for (imported, wanted) in rows.iter().zip([&on_duty, &decommissioning]) {
            let record = PersonRecord {
                registered_on: imported.registered_on,
                planned_start: imported.person.start_date(),
                level_history: vec![],
                state: imported.state.clone(),
                steps: imported.steps.clone(),
                trainings: vec![],
            };
            assert_eq!(&roster_history(&record, &policy, today), wanted);
        }
    }

    #[test]
    fn onboarding_is_done_only_once_every_step_is() {
        let policy = Policy::builtin("prc-2024").unwrap();
        let today = day(2026, 11, 27);
        let mut record = PersonRecord {
            registered_on: day(2026, 11, 1),
            planned_start: day(2026, 12, 1),
            level_history: vec![],
            state: crate::lifecycle::LifecycleState::onboarding(),
            steps: vec![],
            trainings: vec![],
        };
        let step = |id: &str, on: NaiveDate| crate::lifecycle::StepRecord {
            step_id: id.into(),
            done_on: on,
            recorded_by: "王芳".into(),
            note: String::new(),
        };
        record.steps.push(step("security_review", day(2026, 11, 10)));
        record.steps.push(step("commitment", day(2026, 11, 20)));
        let h = roster_history(&record, &policy, today);
        assert_eq!(h.onboarding_done, None, "the initial training is missing");
        assert_eq!(h.stage, Some(Stage::Onboarding));
        assert_eq!(h.last_review, Some(day(2026, 11, 10)), "the onboarding review counts as the first");
        record.trainings.push(crate::lifecycle::TrainingAttendance {
            date: day(2026, 11, 15),
            hours: 4,
            category: "security".into(),
            topic: String::new(),
        });
        let h = roster_history(&record, &policy, today);
        assert_eq!(h.onboarding_done, Some(day(2026, 11, 20)), "the latest of the three");
        assert_eq!(h.last_training, Some(day(2026, 11, 15)));
        assert_eq!(h.last_commitment, Some(day(2026, 11, 20)));
        assert_eq!((h.departure_date, h.decommissioning_end), (None, None));

        // A year on, a recurring training of the same category: the onboarding stays when it was.
        record.trainings.push(crate::lifecycle::TrainingAttendance {
            date: day(2027, 11, 10),
            hours: 4,
            category: "security".into(),
            topic: String::new(),
        });
        let h = roster_history(&record, &policy, day(2027, 11, 27));
        assert_eq!(h.onboarding_done, Some(day(2026, 11, 20)));
        assert_eq!(h.last_training, Some(day(2027, 11, 10)));
    }
}
