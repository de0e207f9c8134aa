//! Lists exported to Excel and CSV (issue 12), read back with calamine: the roster's headers in
//! the office's language, dates as date cells, words never codes, ID numbers masked unless
//! asked for, and every export an audit entry — none for a file that could not be written.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use clearance_domain::export::{ExportFormat, ExportList};
use clearance_domain::form::FormKind;
use clearance_domain::lifecycle::Transition;
use clearance_domain::register::PeopleQuery;
use clearance_domain::roster::RosterField;
use clearance_domain::travel::document::{DocumentInput, DocumentKind, DocumentStatus};
use clearance_domain::travel::trip::{ApprovalLevel, TripDecisionInput, TripState};
use clearance_domain::travel::{TripInput, TripKind};
use clearance_domain::Lang;
use clearance_tracker_lib::office::{ExportRequest, Office, ReminderFilter, TripAction};
use clearance_tracker_lib::store::FormsQuery;

use super::{audit_count, li_si, register, who, zhang_san, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The first sheet's name and its cells, as calamine reads the workbook.
fn read_xlsx(path: &Path) -> (String, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(<[Data]>::to_vec).collect())
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A date cell's day (`None` for any other kind of cell, text that looks like a date included).
fn date(cell: &Data) -> Option<NaiveDate> {
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        }
        _ => None,
    }
}

/// The cell under `header` in `row`.
fn cell<'a>(rows: &'a [Vec<Data>], row: usize, header: &str) -> &'a Data {
    let col = rows[0].iter().position(|h| text(h) == header).unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]));
    &rows[row][col]
}

/// A code where a person should read words: snake_case, or a dotted lower-case code.
fn code_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .find(|w| {
            w.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                && (w.contains('_') || (w.contains('.') && w.chars().any(|c| c.is_ascii_lowercase())))
        })
        .map(str::to_owned)
}

fn people() -> ExportRequest {
    ExportRequest::People { query: PeopleQuery::default() }
}

/// 张三 registered (onboarding), 李四 through onboarding and on duty since 27 Nov 2026.
async fn two_people(r: &Register) {
    r.office.set_language(Lang::ZhCn).await.unwrap();
    r.office.add_person(&zhang_san()).await.unwrap();
    let li = r.office.add_person(&li_si()).await.unwrap().id;
    for step in ["security_review", "initial_training", "commitment"] {
        r.office.record_step(li, step, day(2026, 11, 27), "").await.unwrap();
    }
    r.office.advance(li, &Transition::StartDuty { date: day(2026, 11, 27), override_reason: None }).await.unwrap();
}

fn out(r: &Register, name: &str) -> PathBuf {
    r.path.parent().unwrap().join(name)
}

#[tokio::test]
async fn the_register_exports_with_the_roster_columns_in_the_offices_language() {
    let r = register().await;
    two_people(&r).await;
    let office = r.office.clone().with_lang(Some(Lang::ZhCn));
    let path = out(&r, "people.xlsx");
    let done = office.export_list(&people(), ExportFormat::Xlsx, false, &path).await.unwrap();
    assert_eq!((done.rows, done.list, done.format, done.id_numbers), (2, ExportList::People, ExportFormat::Xlsx, false));
    assert_eq!(PathBuf::from(&done.path), std::path::absolute(&path).unwrap());

    let (sheet, rows) = read_xlsx(&path);
    assert_eq!(sheet, "人员名册");
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    let roster: Vec<String> = RosterField::ALL.iter().map(|f| f.header(Lang::ZhCn)).collect();
    assert_eq!(headers, roster, "exactly the roster's columns");
    assert_eq!(&headers[..3], ["姓名", "人员编号", "身份证号码"]);
    for h in &headers {
        assert!(RosterField::match_header(h).is_some(), "{h} reads back as its column");
    }
    // Sorted as the People screen sorts (by name): 李四, then 张三.
    assert_eq!(text(cell(&rows, 1, "姓名")), "李四");
    assert_eq!(text(cell(&rows, 1, "身份证号码")), "**************0040", "masked, as on screen");
    assert_eq!(text(cell(&rows, 1, "性别")), "女");
    assert_eq!(text(cell(&rows, 1, "涉密等级")), "一般");
    assert_eq!(text(cell(&rows, 1, "阶段")), "在岗");
    assert_eq!(date(cell(&rows, 1, "出生日期")), Some(day(1990, 1, 1)), "a real date cell");
    assert_eq!(date(cell(&rows, 1, "上岗日期")), Some(day(2026, 11, 27)), "the day on duty, not the planned one");
    assert_eq!(date(cell(&rows, 2, "上岗日期")), Some(day(2026, 12, 27)), "not on the post yet: the planned day");
    for column in ["上岗手续完成日期", "最近培训日期", "最近复审日期", "最近承诺书签订日期"] {
        assert_eq!(date(cell(&rows, 1, column)), Some(day(2026, 11, 27)), "{column}");
    }
    assert_eq!(cell(&rows, 1, "离岗离职日期"), &Data::Empty);
    assert_eq!(text(cell(&rows, 2, "姓名")), "张三");
    assert_eq!(text(cell(&rows, 2, "涉密等级")), "核心");
    assert_eq!(text(cell(&rows, 2, "性别")), "男");
    assert_eq!(text(cell(&rows, 2, "阶段")), "上岗");
    assert_eq!(cell(&rows, 2, "上岗手续完成日期"), &Data::Empty, "no onboarding step done yet");
    assert_eq!(text(cell(&rows, 2, "人员编号")), "S0001", "a staff number stays text");

    // In English: the English headers and words.
    let english = r.office.clone().with_lang(Some(Lang::En));
    let path = out(&r, "people-en.xlsx");
    english.export_list(&people(), ExportFormat::Xlsx, false, &path).await.unwrap();
    let (sheet, rows) = read_xlsx(&path);
    assert_eq!(sheet, "Register of people");
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(headers, RosterField::ALL.iter().map(|f| f.header(Lang::En)).collect::<Vec<_>>());
    assert_eq!(&headers[..3], ["Name", "Staff number", "ID number"]);
    assert_eq!(text(cell(&rows, 2, "Level")), "Core");
    assert_eq!(text(cell(&rows, 2, "Sex")), "Male");
    assert_eq!(text(cell(&rows, 1, "Stage")), "On duty");
    assert_eq!(date(cell(&rows, 1, "Date of birth")), Some(day(1990, 1, 1)));
}

#[tokio::test]
async fn every_export_is_an_audit_entry_that_names_the_list_not_the_data() {
    let r = register().await;
    two_people(&r).await;
    let before = audit_count(&r).await;
    let path = out(&r, "register.csv");
    r.office.export_list(&people(), ExportFormat::Csv, false, &path).await.unwrap();
    assert_eq!(audit_count(&r).await, before + 1);
    let (entries, _) = r.office.store().audit_page(0, 1).await.unwrap();
    let entry = &entries[0];
    assert_eq!((entry.action.as_str(), entry.entity.as_str(), entry.person_id), ("register.export", "register", None));
    assert_eq!(entry.operator, "王芳");
    let new: serde_json::Value = serde_json::from_str(entry.new.as_deref().unwrap()).unwrap();
    assert_eq!(new["list"], "people");
    assert_eq!(new["format"], "csv");
    assert_eq!(new["rows"], 2);
    assert_eq!(new["id_numbers"], false);
    assert_eq!(new["path"], std::path::absolute(&path).unwrap().display().to_string());
    let stored = entry.new.as_deref().unwrap();
    assert!(!stored.contains("李四") && !stored.contains("0040") && !stored.contains("机要室"), "never the data: {stored}");

    // Read in words on the Audit screen.
    let line = &r.office.clone().with_lang(Some(Lang::ZhCn)).audit_page(0, 1).await.unwrap().entries[0];
    assert_eq!(line.action_text, "导出清单");
    let said: Vec<String> = line.changes.iter().map(|c| format!("{}:{}", c.label, c.new.clone().unwrap_or_default())).collect();
    assert!(said.contains(&"清单:人员名册".to_owned()), "{said:?}");
    assert!(said.contains(&"文件格式:CSV 文本文件(.csv)".to_owned()), "{said:?}");
    assert!(said.contains(&"行数:2".to_owned()), "{said:?}");
    assert!(said.contains(&"含完整身份证号码:否".to_owned()), "{said:?}");
}

#[tokio::test]
async fn whole_id_numbers_only_when_asked_and_the_entry_says_so() {
    let r = register().await;
    two_people(&r).await;
    let path = out(&r, "whole.xlsx");
    let done = r.office.export_list(&people(), ExportFormat::Xlsx, true, &path).await.unwrap();
    assert!(done.id_numbers);
    let (_, rows) = read_xlsx(&path);
    assert_eq!(text(cell(&rows, 1, "身份证号码")), "320106199001010040", "the whole number, as text");
    assert_eq!(text(cell(&rows, 2, "身份证号码")), "440304198506171238");
    let (entries, _) = r.office.store().audit_page(0, 1).await.unwrap();
    let new: serde_json::Value = serde_json::from_str(entries[0].new.as_deref().unwrap()).unwrap();
    assert_eq!(new["id_numbers"], true);
    assert!(!entries[0].new.as_deref().unwrap().contains("320106199001010040"));

    // Only the register of people has ID numbers to include.
    let before = audit_count(&r).await;
    let trips = ExportRequest::Trips { state: None, open_only: false, person: None };
    let err = r.office.export_list(&trips, ExportFormat::Xlsx, true, &out(&r, "trips.xlsx")).await.unwrap_err();
    assert_eq!(err.code(), "export.id_numbers_people_only");
    assert!(!out(&r, "trips.xlsx").exists());
    assert_eq!(audit_count(&r).await, before);
}

#[tokio::test]
async fn csv_is_utf8_with_a_bom_and_the_same_rows_as_text() {
    let r = register().await;
    two_people(&r).await;
    let path = out(&r, "people.csv");
    r.office.clone().with_lang(Some(Lang::ZhCn)).export_list(&people(), ExportFormat::Csv, false, &path).await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, so Excel reads UTF-8");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(headers, RosterField::ALL.iter().map(|f| f.header(Lang::ZhCn)).collect::<Vec<_>>());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "two people and the audit chain's head under them");
    assert!(rows[2][0].starts_with("审计链 #") && rows[2].iter().skip(1).all(str::is_empty), "{:?}", rows[2]);
    assert_eq!(&rows[0][0], "李四");
    assert_eq!(&rows[0][2], "**************0040");
    assert_eq!(&rows[0][4], "1990-01-01");
    assert_eq!(&rows[0][7], "一般");
    assert!(String::from_utf8(bytes).unwrap().contains("\r\n"), "CRLF line ends");
}

#[tokio::test]
async fn the_screens_filters_choose_the_rows() {
    let r = register().await;
    two_people(&r).await;
    let core = ExportRequest::People { query: PeopleQuery { level: Some("core".into()), ..PeopleQuery::default() } };
    let done = r.office.export_list(&core, ExportFormat::Xlsx, false, &out(&r, "core.xlsx")).await.unwrap();
    assert_eq!(done.rows, 1);
    let (_, rows) = read_xlsx(&out(&r, "core.xlsx"));
    assert_eq!(text(cell(&rows, 1, "姓名")), "张三");

    // Whatever page the People screen is on: every person the filters match.
    let sample = register().await;
    sample.office.load_sample().await.unwrap();
    let all = sample.office.people(&PeopleQuery { limit: 1, ..PeopleQuery::default() }).await.unwrap().total;
    let paged = ExportRequest::People { query: PeopleQuery { limit: 1, offset: 3, ..PeopleQuery::default() } };
    let done = sample.office.export_list(&paged, ExportFormat::Csv, false, &out(&sample, "all.csv")).await.unwrap();
    assert!(all > 1);
    assert_eq!(done.rows, all);
}

/// 李四 on duty with a passport in the safe, a trip approved and a commitment issued.
async fn travel_and_forms(r: &Register) {
    two_people(r).await;
    let li = who(&r.office, "S0002").await;
    let passport = DocumentInput {
        kind: DocumentKind::Passport,
        number: "E12345678".into(),
        issued: Some(day(2026, 1, 5)),
        expires: Some(day(2034, 1, 4)),
        notes: String::new(),
    };
    let doc = r.office.add_document(li, &passport, day(2026, 11, 20), Some(("保险柜1-3号格", "李四"))).await.unwrap();
    let trip = TripInput {
        destinations: vec!["jp".into(), "hk".into()],
        purpose: "探亲".into(),
        kind: Some(TripKind::Private),
        planned_departure: Some(day(2026, 12, 20)),
        planned_return: Some(day(2026, 12, 24)),
        document: Some(doc.id),
        notes: String::new(),
    };
    let t = r.office.request_trip(li, &trip, day(2026, 11, 25)).await.unwrap().trip.id;
    let decision = TripDecisionInput {
        by: "李处长".into(),
        date: day(2026, 11, 26),
        level: ApprovalLevel::Standard,
        personnel_opinion: "同意".into(),
        secrecy_office_opinion: "同意".into(),
        reason: String::new(),
    };
    r.office.act_on_trip(t, &TripAction::Approve { decision }).await.unwrap();
    r.office.issue_form(FormKind::Commitment, li, None, None).await.unwrap();
}

#[tokio::test]
async fn every_list_exports_in_words_never_codes() {
    let r = register().await;
    travel_and_forms(&r).await;
    let lists = [
        ExportRequest::Reminders { filter: ReminderFilter::default(), as_of: Some(day(2026, 12, 20)) },
        ExportRequest::Trips { state: None, open_only: false, person: None },
        ExportRequest::Documents { status: None, person: None },
        ExportRequest::Forms { query: FormsQuery::default() },
    ];
    for lang in [Lang::ZhCn, Lang::En] {
        let office: Office = r.office.clone().with_lang(Some(lang));
        for (i, request) in lists.iter().enumerate() {
            let path = out(&r, &format!("list-{i}-{}.xlsx", lang.tag()));
            let done = office.export_list(request, ExportFormat::Xlsx, false, &path).await.unwrap();
            let (sheet, rows) = read_xlsx(&path);
            assert_eq!(sheet, clearance_domain::terms::Term::word(request.list(), lang));
            assert!(done.rows >= 1, "{sheet}: no rows");
            assert_eq!(rows.len() as u32, done.rows + 1);
            for row in &rows {
                for c in row {
                    if let Some(code) = code_in(&text(c)) {
                        panic!("{sheet}: the cell {:?} shows the code {code}", text(c));
                    }
                }
            }
            let headers: Vec<String> = rows[0].iter().map(text).collect();
            assert!(headers.iter().all(|h| !h.is_empty() && code_in(h).is_none()), "{headers:?}");
        }
    }

    let zh = r.office.clone().with_lang(Some(Lang::ZhCn));
    let trips = out(&r, "trips.xlsx");
    zh.export_list(
        &ExportRequest::Trips { state: Some(TripState::Approved), open_only: true, person: None },
        ExportFormat::Xlsx,
        false,
        &trips,
    )
    .await
    .unwrap();
    let (_, rows) = read_xlsx(&trips);
    assert_eq!(rows.len(), 2);
    assert_eq!(text(cell(&rows, 1, "行程状态")), "已批准");
    assert_eq!(text(cell(&rows, 1, "类别")), "因私");
    assert_eq!(text(cell(&rows, 1, "目的地")), "日本、中国香港");
    assert_eq!(text(cell(&rows, 1, "审批人")), "李处长");
    assert_eq!(date(cell(&rows, 1, "计划出发日期")), Some(day(2026, 12, 20)));
    assert!(matches!(cell(&rows, 1, "行程"), Data::Float(_) | Data::Int(_)), "the trip's number is a number");
    let none = out(&r, "withdrawn.xlsx");
    let done = zh
        .export_list(
            &ExportRequest::Trips { state: Some(TripState::Withdrawn), open_only: false, person: None },
            ExportFormat::Xlsx,
            false,
            &none,
        )
        .await
        .unwrap();
    assert_eq!(done.rows, 0, "the state filter applies");
    assert_eq!(read_xlsx(&none).1.len(), 1, "the header row alone");

    let docs = out(&r, "docs.xlsx");
    zh.export_list(&ExportRequest::Documents { status: Some(DocumentStatus::InCustody), person: None }, ExportFormat::Xlsx, false, &docs)
        .await
        .unwrap();
    let (_, rows) = read_xlsx(&docs);
    assert_eq!(text(cell(&rows, 1, "证件状态")), "在柜保管");
    assert_eq!(text(cell(&rows, 1, "类别")), "护照");
    assert_eq!(text(cell(&rows, 1, "证件号码")), "E12345678");
    assert_eq!(date(cell(&rows, 1, "有效期至")), Some(day(2034, 1, 4)));

    let forms = out(&r, "forms.xlsx");
    zh.export_list(
        &ExportRequest::Forms { query: FormsQuery { returned: Some(false), ..FormsQuery::default() } },
        ExportFormat::Xlsx,
        false,
        &forms,
    )
    .await
    .unwrap();
    let (_, rows) = read_xlsx(&forms);
    assert_eq!(text(cell(&rows, 1, "表单编号")), "2026-0001");
    assert_eq!(text(cell(&rows, 1, "类别")), "保密承诺书");
    assert_eq!(date(cell(&rows, 1, "出具日期")), Some(day(2026, 11, 27)));
    assert_eq!(cell(&rows, 1, "签字件收回日期"), &Data::Empty);

    let reminders = out(&r, "reminders.xlsx");
    zh.export_list(
        &ExportRequest::Reminders { filter: ReminderFilter::default(), as_of: Some(day(2026, 12, 20)) },
        ExportFormat::Xlsx,
        false,
        &reminders,
    )
    .await
    .unwrap();
    let (_, rows) = read_xlsx(&reminders);
    let states: Vec<String> = (1..rows.len()).map(|i| text(cell(&rows, i, "提醒状态"))).collect();
    assert!(states.iter().all(|s| ["即将到期", "今日到期", "已逾期"].contains(&s.as_str())), "{states:?}");
    assert!((1..rows.len()).all(|i| date(cell(&rows, i, "提醒到期日")).is_some()), "due dates are dates");
}

#[tokio::test]
async fn a_refused_target_writes_nothing_and_records_nothing() {
    let r = register().await;
    two_people(&r).await;
    let before = audit_count(&r).await;
    let dir = r.path.parent().unwrap().to_path_buf();
    let listing = || {
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let files = listing();
    let cases: [(PathBuf, ExportFormat, &str); 4] = [
        (PathBuf::from("/dev/full"), ExportFormat::Csv, "file.not_a_file"),
        (dir.join("no-such-folder").join("people.xlsx"), ExportFormat::Xlsx, "file.no_folder"),
        (dir.clone(), ExportFormat::Xlsx, "file.not_a_file"),
        (dir.join("people.csv"), ExportFormat::Xlsx, "export.format_mismatch"),
    ];
    for (target, format, code) in cases {
        let err = r.office.export_list(&people(), format, false, &target).await.unwrap_err();
        assert_eq!(err.code(), code, "{}", target.display());
        assert!(err.is_user_error());
    }
    assert!(!dir.join("no-such-folder").exists(), "a folder is never made");
    assert_eq!(listing(), files, "no file, not even a partial one");
    assert_eq!(audit_count(&r).await, before, "nothing recorded");
}

#[tokio::test]
async fn the_travel_screens_open_trips_leave_out_finished_ones() {
    let r = register().await;
    travel_and_forms(&r).await;
    let li = who(&r.office, "S0002").await;
    let trip = TripInput {
        destinations: vec!["fr".into()],
        purpose: "会议".into(),
        kind: Some(TripKind::Official),
        planned_departure: Some(day(2027, 1, 10)),
        planned_return: Some(day(2027, 1, 14)),
        document: None,
        notes: String::new(),
    };
    let t = r.office.request_trip(li, &trip, day(2026, 11, 27)).await.unwrap().trip.id;
    r.office.act_on_trip(t, &TripAction::Withdraw { date: day(2026, 11, 27), reason: "会议取消".into() }).await.unwrap();
    let rows = |open_only| {
        let office = r.office.clone();
        let path = out(&r, if open_only { "open.xlsx" } else { "all.xlsx" });
        async move {
            let request = ExportRequest::Trips { state: None, open_only, person: None };
            office.export_list(&request, ExportFormat::Xlsx, false, &path).await.unwrap().rows
        }
    };
    assert_eq!(rows(false).await, 2);
    assert_eq!(rows(true).await, 1, "the withdrawn trip is finished");
}
