//! Reading a roster: the cells of a spreadsheet or CSV file, matched to [`RosterField`]s,
//! checked row by row by the same rules as a person typed in the window, and each person's
//! history (on duty since, trainings, re-reviews, a departure …) laid down through the same
//! lifecycle rules as steps recorded by hand — so the reminders are right from the first day.
//!
//! Nothing here reads a file or writes the register: the caller turns a file into a [`Table`]
//! and writes the [`RosterRow`]s in one transaction, or nothing when any row is at fault.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::calendar::HolidayCalendar;
use crate::date::{check_date, parse_date};
use crate::deadline::{Period, PeriodUnit};
use crate::error::FieldError;
use crate::fullwidth;
use crate::id_card::Sex;
use crate::level::LevelChange;
use crate::lifecycle::{
    advance, decommissioning_end, record_step, DepartureKind, LifecycleState, PersonRecord, Stage, StepRecord, Transition,
};
use crate::person::{PersonInput, PersonRules, ValidPerson};
use crate::policy::{FormKind, Policy};
use crate::roster::{normalize_header, RosterField};
use crate::terms::Term;

/// A cell as the file gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell the spreadsheet itself holds as a date.
    Date(NaiveDate),
}

/// A sheet of a roster: its header row and the rows below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The spreadsheet row number of the header (1 for the first row): the row number of
    /// `rows[i]` is `header_row + 1 + i`, as the clerk sees it in Excel.
    pub header_row: usize,
}

/// Which field a column of the file fills (`None`: the column is not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ColumnMatch {
    pub column: usize,
    /// The column's letter as a spreadsheet names it (`A`, `B` … `AA`).
    pub letter: String,
    pub header: String,
    pub field: Option<RosterField>,
}

/// One fault of the file: the row and column it is in (as the clerk sees them in Excel), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFault {
    /// 0 for a fault of the file as a whole (a column missing).
    pub row: usize,
    pub column: Option<String>,
    pub error: FieldError,
}

/// What a roster says of a person's past, besides their details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub stage: Option<Stage>,
    pub onboarding_done: Option<NaiveDate>,
    pub last_training: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    pub last_commitment: Option<NaiveDate>,
    pub departure_date: Option<NaiveDate>,
    pub decommissioning_end: Option<NaiveDate>,
}

/// A row that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct RosterRow {
    pub row: usize,
    pub input: PersonInput,
    pub person: ValidPerson,
    /// The day the person counts as registered: the earliest day the roster knows of them, so
    /// their history can be recorded (no step is dated before registration).
    pub registered_on: NaiveDate,
    pub steps: Vec<StepRecord>,
    /// The lifecycle state to store (onboarding needs none stored).
    pub state: LifecycleState,
}

/// The fields a roster must have.
pub const REQUIRED: [RosterField; 5] =
    [RosterField::Name, RosterField::StaffNo, RosterField::IdNumber, RosterField::Unit, RosterField::Level];

/// `A`, `B`, … `Z`, `AA` …
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Matches each column by its header, then applies `overrides` (`(column, field)`: a column
/// named by its header, its letter or its number from 1; `None` to leave it out). Refuses a
/// field filled by two columns, an override naming no column, and a required field with no
/// column, each with a message naming the column or field.
pub fn match_columns(headers: &[String], overrides: &[(String, Option<RosterField>)]) -> Result<Vec<ColumnMatch>, Vec<RowFault>> {
    let mut columns: Vec<ColumnMatch> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnMatch { column: i, letter: column_letter(i), header: h.trim().to_owned(), field: RosterField::match_header(h) })
        .collect();
    let mut faults = Vec::new();
    for (which, field) in overrides {
        let wanted = normalize_header(which);
        let found = columns.iter().position(|c| {
            c.letter.eq_ignore_ascii_case(which.trim())
                || which.trim().parse::<usize>().ok() == Some(c.column + 1)
                || normalize_header(&c.header) == wanted
        });
        match found {
            Some(i) => {
                // The field moves to this column: no other column keeps it.
                if let Some(f) = field {
                    for c in columns.iter_mut().filter(|c| c.field == Some(*f)) {
                        c.field = None;
                    }
                }
                columns[i].field = *field;
            }
            None => faults.push(RowFault {
                row: 0,
                column: Some(which.clone()),
                error: FieldError::general("import.no_such_column").with("value", crate::text::shown(which)),
            }),
        }
    }
    for field in RosterField::ALL {
        let with: Vec<&ColumnMatch> = columns.iter().filter(|c| c.field == Some(field)).collect();
        if with.len() > 1 {
            let names = with.iter().map(|c| format!("{} {}", c.letter, c.header)).collect::<Vec<_>>().join(", ");
            faults.push(RowFault {
                row: 0,
                column: None,
                error: FieldError::general("import.column_twice").with("field", field.code()).with("columns", names),
            });
        }
    }
    for field in REQUIRED {
        if !columns.iter().any(|c| c.field == Some(field)) {
            faults.push(RowFault { row: 0, column: None, error: FieldError::general("import.column_missing").with("field", field.code()) });
        }
    }
    if faults.is_empty() {
        Ok(columns)
    } else {
        Err(faults)
    }
}

/// A cell as text: a whole number without its `.0` (a staff number the spreadsheet took for a
/// number), a date as `YYYY-MM-DD`.
fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// A date cell: a date, an Excel serial number, or text in any form [`parse_date`] reads.
fn date(field: RosterField, cell: &Cell) -> Result<Option<NaiveDate>, FieldError> {
    let code = field.code();
    let parsed = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(s) if s.trim().is_empty() => return Ok(None),
        Cell::Text(s) => parse_date(code, s)?,
        Cell::Date(d) => *d,
        // Excel counts days from 30 December 1899 (serial 60 is the 29 February 1900 that never
        // was; serials before it are a day early, and no register date is that old).
        Cell::Number(n) if n.fract() == 0.0 && (61.0..=2_958_465.0).contains(n) => NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(Days::new(*n as u64)))
            .ok_or_else(|| FieldError::new(code, "date.invalid").with("value", n))?,
        Cell::Number(n) => return Err(FieldError::new(code, "date.invalid").with("value", n)),
    };
    check_date(code, parsed).map(Some)
}

fn sex(cell: &Cell) -> Result<Option<Sex>, FieldError> {
    let typed = fullwidth::to_ascii(&text(cell));
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let lower = typed.to_lowercase();
    Sex::ALL
        .iter()
        .copied()
        .find(|s| {
            let (zh, en) = s.words();
            typed == zh || lower == en.to_lowercase() || lower == s.code() || s.code().starts_with(lower.as_str()) && lower.len() == 1
        })
        .map(Some)
        .ok_or_else(|| FieldError::new("sex", "import.sex").with("value", crate::text::shown(typed)))
}

/// A level as rosters write it: its id, its name, or its name as a kind of person (`核心涉密人员`).
fn level_text(cell: &Cell) -> String {
    let typed = text(cell);
    let typed = typed.trim();
    ["涉密人员", "人员", "涉密", "级"].iter().fold(typed.to_owned(), |t, suffix| t.strip_suffix(suffix).map(str::to_owned).unwrap_or(t))
}

fn stage(cell: &Cell) -> Result<Option<Stage>, FieldError> {
    let typed = fullwidth::to_ascii(&text(cell));
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let lower = typed.to_lowercase().replace(['-', ' '], "_");
    let found = Stage::ALL.iter().copied().find(|s| {
        let (zh, en) = s.words();
        typed == zh || lower == en.to_lowercase().replace(' ', "_") || lower == s.code()
    });
    let found = found.or(match typed {
        "在职" | "在岗人员" => Some(Stage::OnDuty),
        "离岗" | "离职" | "离岗中" => Some(Stage::Departing),
        "脱密" | "脱密期内" | "脱密期中" => Some(Stage::Decommissioning),
        "待上岗" | "拟上岗" => Some(Stage::Onboarding),
        "已解除" | "解除脱密" => Some(Stage::Released),
        _ => None,
    });
    found.map(Some).ok_or_else(|| FieldError::new("stage", "import.stage").with("value", crate::text::shown(typed)))
}

/// Reads every row of `table` by `columns`: each person checked by `rules` (as the person
/// dialog checks one) and their history laid down by the lifecycle rules on `today`.
/// Returns the rows that passed, and a fault for each cell or rule that did not (every one,
/// not the first).
pub fn read_rows(
    table: &Table,
    columns: &[ColumnMatch],
    rules: &PersonRules,
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
    operator: &str,
) -> (Vec<RosterRow>, Vec<RowFault>) {
    let by_field: HashMap<RosterField, &ColumnMatch> = columns.iter().filter_map(|c| c.field.map(|f| (f, c))).collect();
    let mut rows = Vec::new();
    let mut faults = Vec::new();
    // The row each staff number and ID number was first seen on: a second one is a fault.
    let mut seen: HashMap<(RosterField, String), usize> = HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        if cells.iter().all(|c| text(c).trim().is_empty()) {
            continue;
        }
        // The audit chain's head our own CSV export writes as its last line (`审计链 #1234·…`).
        let mut filled = cells.iter().filter(|c| !text(c).trim().is_empty());
        if let (Some(only), None) = (filled.next(), filled.next()) {
            if crate::audit::PrintedHead::is_head_line(&text(only)) {
                continue;
            }
        }
        let row = table.header_row + 1 + i;
        let cell = |f: RosterField| by_field.get(&f).and_then(|c| cells.get(c.column)).unwrap_or(&Cell::Empty);
        let mut errs: Faults = Vec::new();
        let kept = |f: RosterField, r: Result<Option<NaiveDate>, FieldError>, errs: &mut Faults| {
            r.unwrap_or_else(|e| {
                errs.push((Some(f), e));
                None
            })
        };
        let start_date = kept(RosterField::StartDate, date(RosterField::StartDate, cell(RosterField::StartDate)), &mut errs);
        let birth_date = kept(RosterField::BirthDate, date(RosterField::BirthDate, cell(RosterField::BirthDate)), &mut errs);
        let mut history = History::default();
        for (f, slot) in [
            (RosterField::OnboardingDone, &mut history.onboarding_done),
            (RosterField::LastTraining, &mut history.last_training),
            (RosterField::LastReview, &mut history.last_review),
            (RosterField::LastCommitment, &mut history.last_commitment),
            (RosterField::DepartureDate, &mut history.departure_date),
            (RosterField::DecommissioningEnd, &mut history.decommissioning_end),
        ] {
            *slot = kept(f, date(f, cell(f)), &mut errs);
        }
        history.stage = stage(cell(RosterField::Stage)).unwrap_or_else(|e| {
            errs.push((Some(RosterField::Stage), e));
            None
        });
        let sex = sex(cell(RosterField::Sex)).unwrap_or_else(|e| {
            errs.push((Some(RosterField::Sex), e));
            None
        });
        if matches!(cell(RosterField::IdNumber), Cell::Number(n) if n.abs() >= 1e15) {
            // Excel keeps 15 significant digits: an 18-digit number typed into a number cell
            // has already lost its last ones.
            errs.push((Some(RosterField::IdNumber), FieldError::new("id_number", "import.id_as_number")));
        }
        let input = PersonInput {
            name: text(cell(RosterField::Name)),
            staff_no: text(cell(RosterField::StaffNo)),
            id_number: text(cell(RosterField::IdNumber)),
            sex,
            birth_date,
            unit: text(cell(RosterField::Unit)),
            post: text(cell(RosterField::Post)),
            level: level_text(cell(RosterField::Level)),
            start_date,
            phone: text(cell(RosterField::Phone)),
            notes: text(cell(RosterField::Notes)),
        };
        let registered_on = [start_date, history.onboarding_done, history.last_training, history.last_review, history.last_commitment]
            .into_iter()
            .flatten()
            .fold(today, NaiveDate::min);
        match input.validate(rules, registered_on, today) {
            Err(refused) => {
                for e in refused.errors {
                    let f = e.field.as_deref().and_then(RosterField::from_code);
                    errs.push((f, e));
                }
            }
            Ok(person) if errs.is_empty() && !repeated(&person, row, &mut seen, &mut errs) => {
                match lay_down(&person, registered_on, &history, policy, cal, today, operator) {
                    Ok((steps, state)) => rows.push(RosterRow { row, input, person, registered_on, steps, state }),
                    Err(laid) => errs.extend(laid),
                }
            }
            Ok(_) => {}
        }
        let header = |f: Option<RosterField>| f.and_then(|f| by_field.get(&f)).map(|c| c.header.clone());
        let row_faults: Vec<RowFault> = errs.into_iter().map(|(f, error)| RowFault { row, column: header(f), error }).collect();
        faults.extend(row_faults);
    }
    (rows, faults)
}

type Faults = Vec<(Option<RosterField>, FieldError)>;

/// Whether the person's staff number or ID number was already on an earlier row of the file
/// (each such repeat is a fault naming that row).
fn repeated(person: &ValidPerson, row: usize, seen: &mut HashMap<(RosterField, String), usize>, errs: &mut Faults) -> bool {
    let mut again = false;
    for (field, value) in [(RosterField::StaffNo, person.staff_no()), (RosterField::IdNumber, person.id_number())] {
        match seen.get(&(field, value.to_owned())) {
            Some(first) => {
                let shown = if field == RosterField::IdNumber { crate::id_card::mask(value) } else { value.to_owned() };
                errs.push((
                    Some(field),
                    FieldError::new(field.code(), "import.duplicate_in_file").with("value", shown).with("first", first),
                ));
                again = true;
            }
            None => {
                seen.insert((field, value.to_owned()), row);
            }
        }
    }
    again
}

/// The on-duty step a history column completes: the recurring training, the step printed on the
/// review form (re-review), the one on the commitment form (re-sign).
fn recurring_step(policy: &Policy, field: RosterField) -> Option<String> {
    policy
        .on_duty
        .iter()
        .find(|s| match field {
            RosterField::LastTraining => s.training_category.is_some(),
            RosterField::LastReview => s.form == Some(FormKind::Review),
            RosterField::LastCommitment => s.form == Some(FormKind::Commitment),
            _ => false,
        })
        .map(|s| s.id.clone())
}

/// The roster's date of a history column.
fn last_of(history: &History, field: RosterField) -> Option<NaiveDate> {
    match field {
        RosterField::LastTraining => history.last_training,
        RosterField::LastReview => history.last_review,
        RosterField::LastCommitment => history.last_commitment,
        _ => None,
    }
}

/// The whole months from `start` to `end` as the policy counts a period, when there are some.
fn period_between(start: NaiveDate, end: NaiveDate, cal: &HolidayCalendar) -> Option<Period> {
    (1..=1200u32).map(|months| Period { amount: months, unit: PeriodUnit::Months, roll_forward: false }).find_map(|p| {
        let at = decommissioning_end(start, &p, cal);
        let years = Period { amount: p.amount / 12, unit: PeriodUnit::Years, ..p.clone() };
        (at == end).then_some(if p.amount % 12 == 0 { years } else { p })
    })
}

/// Lays a person's past down step by step through the lifecycle rules (as if each had been
/// recorded on its day): the onboarding steps, on duty from the start date, the last completion
/// of each recurring step, a departure and its decommissioning period.
fn lay_down(
    person: &ValidPerson,
    registered_on: NaiveDate,
    history: &History,
    policy: &Policy,
    cal: &HolidayCalendar,
    today: NaiveDate,
    operator: &str,
) -> Result<(Vec<StepRecord>, LifecycleState), Faults> {
    let start = person.start_date();
    let stage = history.stage.unwrap_or(if start <= today { Stage::OnDuty } else { Stage::Onboarding });
    let note = "名册导入 / imported roster";
    let mut record = PersonRecord {
        registered_on,
        planned_start: start,
        level_history: vec![LevelChange { level: person.level().clone(), effective: registered_on.min(start), reason: String::new() }],
        state: LifecycleState::onboarding(),
        steps: Vec::new(),
        trainings: Vec::new(),
    };
    let refused = |f: Option<RosterField>, r: crate::DomainError| -> Faults { r.errors.into_iter().map(|e| (f, e)).collect() };
    if stage == Stage::Released {
        return Err(vec![(Some(RosterField::Stage), FieldError::new("stage", "import.released"))]);
    }
    // The onboarding steps: on their own date, or — for someone already on the post — on the
    // start date (nobody takes a cleared post without them).
    let past_onboarding = stage != Stage::Onboarding;
    if let Some(done) = history.onboarding_done.filter(|d| past_onboarding && *d > start) {
        return Err(vec![(
            Some(RosterField::OnboardingDone),
            FieldError::new("onboarding_done", "import.onboarding_after_start").with("date", done).with("start", start),
        )]);
    }
    if let Some(done) = history.onboarding_done.or(past_onboarding.then_some(start)) {
        for step in &policy.onboarding {
            // A roster's last training, re-review or re-sign dated before the onboarding date is
            // that onboarding step itself (no recurring one has happened since): it keeps its
            // own day, as an exported register says it.
            let own = [RosterField::LastTraining, RosterField::LastReview, RosterField::LastCommitment]
                .into_iter()
                .filter(|f| {
                    policy.on_duty.iter().any(|r| {
                        r.first_from.as_deref() == Some(step.id.as_str()) && recurring_step(policy, *f).as_deref() == Some(r.id.as_str())
                    })
                })
                .filter_map(|f| last_of(history, f))
                .find(|d| *d <= done && *d >= registered_on);
            let s = record_step(&record, policy, &step.id, own.unwrap_or(done), operator, note, today)
                .map_err(|r| refused(Some(RosterField::OnboardingDone), r))?;
            record.steps.push(s);
        }
    }
    if !past_onboarding {
        return Ok((record.steps, record.state));
    }
    let on_duty = advance(&record, &Transition::StartDuty { date: start, override_reason: None }, policy, cal, today)
        .map_err(|r| refused(Some(RosterField::StartDate), r))?;
    record.state = on_duty.state;
    for field in [RosterField::LastTraining, RosterField::LastReview, RosterField::LastCommitment] {
        let Some(on) = last_of(history, field) else { continue };
        let Some(step) = recurring_step(policy, field) else {
            return Err(vec![(Some(field), FieldError::new(field.code(), "import.no_such_step").with("field", field.code()))]);
        };
        if on < start {
            // Before the start on the post, the onboarding step counts as that completion.
            continue;
        }
        let s = record_step(&record, policy, &step, on, operator, note, today).map_err(|r| refused(Some(field), r))?;
        record.steps.push(s);
    }
    if stage == Stage::OnDuty {
        return Ok((record.steps, record.state));
    }
    let Some(left) = history.departure_date else {
        return Err(vec![(Some(RosterField::DepartureDate), FieldError::new("departure_date", "import.departure_needed"))]);
    };
    let departed = advance(&record, &Transition::Depart { kind: DepartureKind::LeaveOrganisation, date: left }, policy, cal, today)
        .map_err(|r| refused(Some(RosterField::DepartureDate), r))?;
    record.state = departed.state;
    if stage == Stage::Departing {
        return Ok((record.steps, record.state));
    }
    for step in &policy.departure {
        let s = record_step(&record, policy, &step.id, left, operator, note, today)
            .map_err(|r| refused(Some(RosterField::DepartureDate), r))?;
        record.steps.push(s);
    }
    let period = match history.decommissioning_end {
        Some(end) => Some(period_between(left, end, cal).ok_or_else(|| {
            vec![(
                Some(RosterField::DecommissioningEnd),
                FieldError::new("decommissioning_end", "import.decommissioning_end").with("date", end).with("start", left),
            )]
        })?),
        None => None,
    };
    let decommissioning = advance(&record, &Transition::StartDecommissioning { period, receiving_organisation: None }, policy, cal, today)
        .map_err(|r| refused(Some(RosterField::DecommissioningEnd), r))?;
    Ok((record.steps, decommissioning.state))
}

#[cfg(test)]
mod tests;
