//! The Audit screen's reading of the trail on a real register: each filter (a person, an
//! operator, actions, a range of days) applied in SQL with its total and pages; a person's
//! entries across their record, lifecycle, training, documents, trips and forms, each naming the
//! person and what the record is; a refused filter in words; an entry opened with its place in
//! the chain; the filtered entries exported and the export itself an entry.

use std::collections::BTreeSet;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use clearance_domain::export::ExportFormat;
use clearance_domain::form::FormKind;
use clearance_domain::lifecycle::TrainingSession;
use clearance_domain::person::PersonId;
use clearance_domain::travel::document::{DocumentInput, DocumentKind};
use clearance_domain::travel::{TripInput, TripKind};
use clearance_domain::Lang;
use clearance_tracker_lib::office::{AuditFilter, ExportRequest, Office};

use super::{li_si, register, who, zhang_san, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The calendar day on the machine now: entries are stamped with the real clock, whatever day
/// the test register takes as today.
fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

async fn actions(office: &Office, filter: &AuditFilter) -> Vec<String> {
    office.audit_search(filter, 0, 500).await.unwrap().entries.into_iter().map(|l| l.action).collect()
}

/// 张三 with a step recorded, a training (with 李四), a passport, a trip to Japan and a form; 李四
/// added by another operator. Returns 张三's and 李四's ids.
async fn a_busy_register(r: &Register) -> (PersonId, PersonId) {
    r.office.add_person(&zhang_san()).await.unwrap();
    let other = r.office.clone().with_account(crate::admin("李明"));
    other.add_person(&li_si()).await.unwrap();
    let (zhang, li) = (who(&r.office, "S0001").await, who(&r.office, "S0002").await);
    r.office.record_step(zhang, "security_review", day(2026, 11, 27), "").await.unwrap();
    let session = TrainingSession { date: day(2026, 11, 26), topic: "保密形势".into(), hours: 4, category: "security".into() };
    r.office.add_training(&session, &[zhang, li]).await.unwrap();
    let passport = DocumentInput {
        kind: DocumentKind::Passport,
        number: "E12345678".into(),
        issued: Some(day(2026, 1, 5)),
        expires: Some(day(2034, 1, 4)),
        notes: String::new(),
    };
    r.office.add_document(zhang, &passport, day(2026, 11, 20), Some(("保险柜1-3号格", "张三"))).await.unwrap();
    let trip = TripInput {
        destinations: vec!["jp".into()],
        purpose: "探亲".into(),
        kind: Some(TripKind::Private),
        planned_departure: Some(day(2026, 12, 20)),
        planned_return: Some(day(2026, 12, 24)),
        document: None,
        notes: String::new(),
    };
    r.office.request_trip(zhang, &trip, day(2026, 11, 25)).await.unwrap();
    r.office.issue_form(FormKind::Commitment, zhang, None, None).await.unwrap();
    (zhang, li)
}

#[tokio::test]
async fn a_persons_entries_are_those_of_their_record_lifecycle_training_documents_trips_and_forms() {
    let r = register().await;
    let (zhang, li) = a_busy_register(&r).await;
    let zh = r.office.clone().with_lang(Some(Lang::ZhCn));
    let page = zh.audit_search(&AuditFilter { person: Some(zhang), ..AuditFilter::default() }, 0, 50).await.unwrap();
    let kinds: BTreeSet<&str> = page.entries.iter().map(|l| l.action.as_str()).collect();
    for action in ["person.add", "lifecycle.step", "lifecycle.training", "document.register", "trip.request", "form.issue"] {
        assert!(kinds.contains(action), "张三's trail has {action}: {kinds:?}");
    }
    assert_eq!(page.total, page.entries.len() as i64);
    assert!(page.entries.iter().all(|l| l.person_id == Some(zhang)), "only 张三's");
    assert!(page.entries.iter().all(|l| l.subject == "张三(S0001)"), "each names him, never `lifecycle #1`");
    let record = |action: &str| page.entries.iter().find(|l| l.action == action).and_then(|l| l.record.clone()).unwrap_or_default();
    assert_eq!(record("trip.request"), "行程 1:日本,2026-12-20 至 2026-12-24");
    assert_eq!(record("document.register"), "证件 1:护照 E12345678");
    assert!(record("form.issue").starts_with("表单 2026-0001:"), "{}", record("form.issue"));
    assert!(!record("form.issue").contains("commitment"), "the form's kind in words: {}", record("form.issue"));

    // 李四's trail: his own addition and the training they shared, nothing of 张三's.
    let his = actions(&r.office, &AuditFilter { person: Some(li), ..AuditFilter::default() }).await;
    assert_eq!(his, ["lifecycle.training", "person.add"]);

    // In English, the same person named the English way.
    let en = r.office.clone().with_lang(Some(Lang::En));
    let page = en.audit_search(&AuditFilter { person: Some(zhang), ..AuditFilter::default() }, 0, 50).await.unwrap();
    let trip = page.entries.iter().find(|l| l.action == "trip.request").unwrap();
    assert_eq!(trip.subject, "张三 (S0001)");
    assert_eq!(trip.record.as_deref(), Some("Trip 1: Japan, 2026-12-20 to 2026-12-24"));
}

#[tokio::test]
async fn the_trail_filters_by_operator_action_and_days_in_sql_with_totals_and_pages() {
    let r = register().await;
    a_busy_register(&r).await;
    let all = r.office.audit_search(&AuditFilter::default(), 0, 500).await.unwrap();
    assert!(all.total >= 8, "{}", all.total);

    // Operator: 李明 added 李四, and nothing else.
    let by_li_ming = AuditFilter { operator: Some("李明".into()), ..AuditFilter::default() };
    assert_eq!(actions(&r.office, &by_li_ming).await, ["person.add"]);
    let by_wang = r.office.audit_search(&AuditFilter { operator: Some(" 王芳 ".into()), ..AuditFilter::default() }, 0, 500).await.unwrap();
    assert_eq!(by_wang.total, all.total - 1, "the name as typed, spaces aside");
    assert_eq!(r.office.audit_operators().await.unwrap(), ["李明", "王芳"]);

    // Actions: one, or several (a family of them).
    let adds = AuditFilter { actions: vec!["person.add".into()], ..AuditFilter::default() };
    assert_eq!(actions(&r.office, &adds).await, ["person.add", "person.add"]);
    let travel = AuditFilter { actions: vec!["trip.request".into(), "document.register".into()], ..AuditFilter::default() };
    assert_eq!(actions(&r.office, &travel).await, ["trip.request", "document.register"], "newest first");
    // Every filter given must hold.
    let both = AuditFilter { actions: vec!["person.add".into()], operator: Some("李明".into()), ..AuditFilter::default() };
    assert_eq!(r.office.audit_search(&both, 0, 50).await.unwrap().total, 1);

    // Days, on the office's calendar: today holds every entry, a day before or after none.
    let today = local_today();
    let on = |from: NaiveDate, to: NaiveDate| AuditFilter { from: from.to_string(), to: to.to_string(), ..AuditFilter::default() };
    assert_eq!(r.office.audit_search(&on(today, today), 0, 1).await.unwrap().total, all.total);
    let yesterday = today.pred_opt().unwrap();
    let tomorrow = today.succ_opt().unwrap();
    assert_eq!(r.office.audit_search(&on(yesterday, yesterday), 0, 1).await.unwrap().total, 0);
    assert_eq!(r.office.audit_search(&on(tomorrow, tomorrow), 0, 1).await.unwrap().total, 0);
    let open_ended = AuditFilter { from: today.to_string(), ..AuditFilter::default() };
    assert_eq!(r.office.audit_search(&open_ended, 0, 1).await.unwrap().total, all.total);
    let until_yesterday = AuditFilter { to: yesterday.to_string(), ..AuditFilter::default() };
    assert_eq!(r.office.audit_search(&until_yesterday, 0, 1).await.unwrap().total, 0);
    // A day typed the way the office types one.
    let typed = AuditFilter { from: today.format("%Y/%-m/%-d").to_string(), ..AuditFilter::default() };
    assert_eq!(r.office.audit_search(&typed, 0, 1).await.unwrap().total, all.total);

    // Pages: the same entries, newest first, a page at a time.
    let first = r.office.audit_search(&AuditFilter::default(), 0, 3).await.unwrap();
    let second = r.office.audit_search(&AuditFilter::default(), 3, 3).await.unwrap();
    assert_eq!(first.total, all.total);
    let seqs: Vec<i64> = first.entries.iter().chain(&second.entries).map(|l| l.seq).collect();
    let expected: Vec<i64> = all.entries.iter().take(6).map(|l| l.seq).collect();
    assert_eq!(seqs, expected);
}

#[tokio::test]
async fn a_filter_that_cannot_be_read_is_refused_in_words() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let zh = r.office.clone().with_lang(Some(Lang::ZhCn));
    let reversed = AuditFilter { from: "2026-11-30".into(), to: "2026-11-01".into(), ..AuditFilter::default() };
    let err = zh.audit_search(&reversed, 0, 50).await.unwrap_err();
    assert_eq!(err.code(), "audit.range_reversed");
    let api = err.to_api(Lang::ZhCn);
    assert_eq!(api.errors[0].field.as_deref(), Some("audit_to"));
    assert!(api.message.contains("2026-11-01") && api.message.contains("早于"), "{}", api.message);

    let not_a_day = AuditFilter { from: "11/30".into(), ..AuditFilter::default() };
    let err = zh.audit_search(&not_a_day, 0, 50).await.unwrap_err();
    assert_eq!(err.code(), "date.format");
    let api = err.to_api(Lang::ZhCn);
    assert_eq!(api.errors[0].field.as_deref(), Some("audit_from"));
    assert!(api.message.contains("起始日期"), "the field by its label: {}", api.message);

    let unknown = AuditFilter { actions: vec!["person.delete".into()], ..AuditFilter::default() };
    let err = zh.audit_search(&unknown, 0, 50).await.unwrap_err();
    assert_eq!(err.code(), "audit.unknown_action");
    assert!(err.is_user_error());
}

#[tokio::test]
async fn an_entry_opened_says_its_place_in_the_chain() {
    let r = register().await;
    a_busy_register(&r).await;
    let all = r.office.store().audit_all().await.unwrap();
    let third = r.office.audit_detail(3).await.unwrap().unwrap();
    assert_eq!(third.line.seq, 3);
    assert_eq!(third.total, all.len() as i64);
    assert_eq!(third.prev_hash, all[1].hash);
    assert_eq!(third.line.hash, all[2].hash);
    assert!(third.link_intact);
    let first = r.office.audit_detail(1).await.unwrap().unwrap();
    assert_eq!(first.prev_hash, clearance_domain::audit::GENESIS);
    assert!(first.link_intact);
    assert!(r.office.audit_detail(all.len() as i64 + 1).await.unwrap().is_none());

    // A level change opened: each field's old and new value in words.
    let zhang = who(&r.office, "S0001").await;
    let zh = r.office.clone().with_lang(Some(Lang::ZhCn));
    zh.set_level(zhang, "important", day(2026, 11, 27), "岗位调整").await.unwrap();
    let seq = zh.audit_page(0, 1).await.unwrap().entries[0].seq;
    let detail = zh.audit_detail(seq).await.unwrap().unwrap();
    let level = detail.line.changes.iter().find(|c| c.field == "level").expect("the level changed");
    assert_eq!((level.old.as_deref(), level.new.as_deref()), (Some("核心"), Some("重要")));
    assert_eq!(level.label, "涉密等级");
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn the_filtered_entries_export_in_words_and_the_export_is_an_entry() {
    let r = register().await;
    let (zhang, _) = a_busy_register(&r).await;
    let zh = r.office.clone().with_lang(Some(Lang::ZhCn));
    let filter = AuditFilter { person: Some(zhang), ..AuditFilter::default() };
    let expected = zh.audit_search(&filter, 0, 500).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("张三的审计记录.xlsx");
    let done = zh.export_list(&ExportRequest::Audit { filter: filter.clone() }, ExportFormat::Xlsx, false, &path).await.unwrap();
    assert_eq!(done.rows as i64, expected.total);

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["审计记录"]);
    let rows: Vec<Vec<Data>> = book.worksheet_range("审计记录").unwrap().rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(headers, ["序号", "时间", "操作员", "操作", "姓名", "人员编号", "对象", "变更内容", "哈希值"]);
    assert_eq!(rows.len() as i64, expected.total + 1);
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    for (row, line) in rows[1..].iter().zip(&expected.entries) {
        assert_eq!(text(&row[col("序号")]), line.seq.to_string(), "newest first, as on screen");
        assert_eq!(text(&row[col("姓名")]), "张三");
        assert_eq!(text(&row[col("人员编号")]), "S0001");
        assert_eq!(text(&row[col("操作")]), line.action_text);
        assert_eq!(text(&row[col("哈希值")]), line.hash);
        assert!(!text(&row[col("操作")]).contains('.'), "an action in words");
    }
    let trip = rows[1..].iter().find(|row| text(&row[col("操作")]) == "出国(境)申请").expect("the trip's entry");
    assert_eq!(text(&trip[col("对象")]), "行程 1:日本,2026-12-20 至 2026-12-24");
    assert!(text(&trip[col("变更内容")]).contains("目的地:日本"), "{}", text(&trip[col("变更内容")]));

    // The export is an entry of its own, saying what it took.
    let last = zh.audit_page(0, 1).await.unwrap().entries.remove(0);
    assert_eq!(last.action, "register.export");
    let said: Vec<String> = last.changes.iter().map(|c| format!("{}:{}", c.label, c.new.clone().unwrap_or_default())).collect();
    assert!(said.contains(&"清单:审计记录".to_owned()), "{said:?}");
    assert!(said.contains(&"筛选条件:人员:张三(S0001)".to_owned()), "{said:?}");
    assert!(said.contains(&format!("行数:{}", expected.total)), "{said:?}");

    // The same as CSV in English: headers in English, the whole trail (the export included).
    let en = r.office.clone().with_lang(Some(Lang::En));
    let csv = dir.path().join("trail.csv");
    let done = en.export_list(&ExportRequest::Audit { filter: AuditFilter::default() }, ExportFormat::Csv, false, &csv).await.unwrap();
    let bytes = std::fs::read(&csv).unwrap();
    let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(body.starts_with("No.,Time,Operator,Action,Name,Staff number,Record,Changes,Hash"), "{body}");
    assert_eq!(done.rows as i64, en.audit_page(0, 1).await.unwrap().total - 1, "every entry before this export");
}
