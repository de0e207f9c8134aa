//! A roster read as an office writes it, with the due dates its history leads to worked out by
//! hand. "Today" is Monday 30 November 2026; the policy is the shipped PRC one.

use chrono::NaiveDate;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::lifecycle::{obligations, ObligationKind};
use crate::person::IdFormat;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 30)
}

fn policy() -> Policy {
    Policy::builtin("prc-2024").unwrap()
}

fn cal(policy: &Policy) -> HolidayCalendar {
    HolidayCalendar::builtin(&policy.calendar).unwrap()
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// 姓名 | 工号 | 身份证号 | 部门 | 密级 | 上岗日期 | 状态 | 上岗手续完成日期 | 最近培训日期 | 最近复审日期 | 最近承诺书签订日期 | 离岗日期 | 脱密期届满日期
fn headers() -> Vec<String> {
    [
        "姓名",
        "工号",
        "身份证号",
        "部门",
        "密级",
        "上岗日期",
        "状态",
        "上岗手续完成日期",
        "最近培训日期",
        "最近复审日期",
        "最近承诺书签订日期",
        "离岗日期",
        "脱密期届满日期",
    ]
    .map(String::from)
    .to_vec()
}

fn read(rows: Vec<Vec<Cell>>) -> (Vec<RosterRow>, Vec<RowFault>) {
    let policy = policy();
    let cal = cal(&policy);
    let table = Table { headers: headers(), rows, header_row: 1 };
    let columns = match_columns(&table.headers, &[]).unwrap();
    let rules = PersonRules { levels: &policy.levels, id_format: IdFormat::PrcResidentId, default_start_days: 30 };
    read_rows(&table, &columns, &rules, &policy, &cal, today(), "王芳")
}

fn record(r: &RosterRow) -> PersonRecord {
    PersonRecord {
        registered_on: r.registered_on,
        planned_start: r.person.start_date(),
        level_history: vec![LevelChange { level: r.person.level().clone(), effective: r.registered_on, reason: String::new() }],
        state: r.state.clone(),
        steps: r.steps.clone(),
        trainings: vec![],
    }
}

fn due(r: &RosterRow, step: &str) -> Option<NaiveDate> {
    let policy = policy();
    obligations(&record(r), &policy, &cal(&policy), today()).into_iter().find(|o| o.step_id == step).map(|o| o.due.date)
}

#[test]
fn someone_on_duty_for_years_has_no_onboarding_reminder_and_the_right_next_dates() {
    // Excel serial 43892 is Monday 2 March 2020 (days since 30 Dec 1899).
    let (rows, faults) = read(vec![vec![
        t("张三"),
        Cell::Number(1024.0),
        t("440304198506171238"),
        t("机要室"),
        t("核心涉密人员"),
        Cell::Number(43892.0),
        t("在岗"),
        t("2020/2/20"),
        t("2026年3月16日"),
        Cell::Date(d(2025, 12, 1)),
        t("2026.6.30"),
        Cell::Empty,
        Cell::Empty,
    ]]);
    assert!(faults.is_empty(), "{faults:?}");
    let r = &rows[0];
    assert_eq!(r.row, 2, "the row number Excel shows");
    assert_eq!(r.person.staff_no(), "1024", "a staff number the sheet took for a number reads as typed");
    assert_eq!(r.person.start_date(), d(2020, 3, 2));
    assert_eq!(r.person.level().as_str(), "core");
    assert_eq!(r.state.stage, Stage::OnDuty);
    assert_eq!(r.state.on_duty_since, Some(d(2020, 3, 2)));
    assert_eq!(r.registered_on, d(2020, 2, 20), "registered as early as the roster knows of them");
    let policy = policy();
    let open = obligations(&record(r), &policy, &cal(&policy), today());
    assert!(open.iter().all(|o| o.stage != Stage::Onboarding), "no onboarding item: {open:?}");
    // Training every 12 months from Mon 16 Mar 2026: Tue 16 Mar 2027.
    assert_eq!(due(r, "recurring_training"), Some(d(2027, 3, 16)));
    // Core re-review every year from Mon 1 Dec 2025: Tue 1 Dec 2026 (upcoming tomorrow).
    assert_eq!(due(r, "re_review"), Some(d(2026, 12, 1)));
    // Commitment re-signed every 12 months from Tue 30 Jun 2026: Wed 30 Jun 2027.
    assert_eq!(due(r, "commitment_resign"), Some(d(2027, 6, 30)));
    assert!(open.iter().all(|o| o.kind != ObligationKind::Step));
}

#[test]
fn without_onboarding_dates_the_steps_count_from_the_start_on_the_post() {
    let (rows, faults) = read(vec![vec![
        t("李堃"),
        t("BJ-7"),
        t("320106199001010040"),
        t("科研一部"),
        t("重要"),
        t("2023-06-05"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]]);
    assert!(faults.is_empty(), "{faults:?}");
    let r = &rows[0];
    assert_eq!(r.state.stage, Stage::OnDuty, "a start on the post in the past: on duty");
    assert!(r.steps.iter().all(|s| s.done_on == d(2023, 6, 5)));
    // Training every 12 months from Mon 5 Jun 2023, never since: due Wed 5 Jun 2024, long overdue.
    assert_eq!(due(r, "recurring_training"), Some(d(2024, 6, 5)));
    // Important re-review every 3 years from Mon 5 Jun 2023: Fri 5 Jun 2026.
    assert_eq!(due(r, "re_review"), Some(d(2026, 6, 5)));
}

#[test]
fn people_leaving_and_in_decommissioning_get_their_periods() {
    let (rows, faults) = read(vec![
        vec![
            t("王五"),
            t("88"),
            t("110105199001011232"),
            t("机要室"),
            t("一般"),
            t("2018-05-07"),
            t("离岗离职"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            t("2026-11-20"),
            Cell::Empty,
        ],
        vec![
            t("赵六"),
            t("89"),
            t("11010519491231002X"),
            t("机要室"),
            t("一般"),
            t("2015-09-01"),
            t("脱密期"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            t("2026-06-30"),
            t("2027-06-30"),
        ],
    ]);
    assert!(faults.is_empty(), "{faults:?}");
    let leaving = &rows[0];
    assert_eq!(leaving.state.stage, Stage::Departing);
    // Departure steps are due on the departure day (0 days): Fri 20 Nov 2026, 10 days overdue.
    assert_eq!(due(leaving, "reminder_talk"), Some(d(2026, 11, 20)));
    let gone = &rows[1];
    assert_eq!(gone.state.stage, Stage::Decommissioning);
    let period = gone.state.decommissioning.as_ref().unwrap();
    // 12 months from Tue 30 Jun 2026 end on Wed 30 Jun 2027: the general range is 6 to 12 months.
    assert_eq!(period.end(), d(2027, 6, 30));
    assert_eq!((period.period.amount, period.period.unit), (1, PeriodUnit::Years));
}

#[test]
fn someone_starting_later_is_onboarding_with_steps_due_by_the_start() {
    let (rows, faults) = read(vec![vec![
        t("孙七"),
        t("90"),
        t("110105199001011232"),
        t("机要室"),
        t("general"),
        t("2026-12-14"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]]);
    assert!(faults.is_empty(), "{faults:?}");
    assert_eq!(rows[0].state.stage, Stage::Onboarding);
    assert_eq!(due(&rows[0], "security_review"), Some(d(2026, 12, 14)));
}

#[test]
fn every_bad_cell_is_named_with_its_row_and_column() {
    let good = |staff: &str, id: &str| {
        vec![
            t("张三"),
            t(staff),
            t(id),
            t("机要室"),
            t("核心"),
            t("2020-03-02"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]
    };
    let mut rows = vec![good("1", "440304198506171238")];
    // Row 3: a wrong check digit, an unknown level and a two-digit year.
    let mut bad = good("2", "440304198506171230");
    bad[4] = t("特级");
    bad[5] = t("20-03-02");
    rows.push(bad);
    // Row 4: the ID number typed into a number cell (its last digits lost) and an unknown stage.
    let mut number = good("3", "");
    number[2] = Cell::Number(440304198506171238.0);
    number[6] = t("借调");
    rows.push(number);
    // Row 5: row 2's staff number again.
    rows.push(good("1", "320106199001010040"));
    // Row 6: a decommissioning end that is no whole number of months.
    let mut odd = good("6", "11010519491231002X");
    odd[4] = t("一般");
    odd[6] = t("脱密期");
    odd[11] = t("2026-06-30");
    odd[12] = t("2027-07-03");
    rows.push(odd);
    let (ok, faults) = read(rows);
    assert_eq!(ok.len(), 1, "only the good row passes");
    let seen: Vec<(usize, Option<&str>, &str)> = faults.iter().map(|f| (f.row, f.column.as_deref(), f.error.code.as_str())).collect();
    for expected in [
        (3, Some("上岗日期"), "date.two_digit_year"),
        (3, Some("密级"), "level.unknown"),
        (3, Some("身份证号"), "id_number.checksum"),
        (4, Some("身份证号"), "import.id_as_number"),
        (4, Some("状态"), "import.stage"),
        (5, Some("工号"), "import.duplicate_in_file"),
        (6, Some("脱密期届满日期"), "import.decommissioning_end"),
    ] {
        assert!(seen.contains(&expected), "{expected:?} not in {seen:?}");
    }
}

#[test]
fn columns_are_matched_by_header_and_can_be_corrected() {
    let headers: Vec<String> = ["序号", "名字", "人员编号", "公民身份号码", "单位", "类别", "籍贯"].map(String::from).to_vec();
    let columns = match_columns(&headers, &[]).unwrap();
    let field = |i: usize| columns[i].field;
    assert_eq!(
        (field(0), field(1), field(2), field(3)),
        (None, Some(RosterField::Name), Some(RosterField::StaffNo), Some(RosterField::IdNumber))
    );
    assert_eq!((columns[6].letter.as_str(), field(6)), ("G", None));
    // `--map 籍贯=notes`, `--map A=` (leave it out): by header and by letter.
    let fixed = match_columns(&headers, &[("籍贯".into(), Some(RosterField::Notes)), ("A".into(), None)]).unwrap();
    assert_eq!(fixed[6].field, Some(RosterField::Notes));
    let missing = match_columns(&["姓名".to_owned()], &[]).unwrap_err();
    let codes: Vec<&str> = missing.iter().map(|f| f.error.code.as_str()).collect();
    assert_eq!(codes, ["import.column_missing"; 4]);
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
}
