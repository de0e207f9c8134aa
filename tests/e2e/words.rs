//! Words, never codes: the person page's history and the Audit screen read in the office's words
//! in both languages (no snake_case or dotted code, no JSON), and the trip page offers exactly
//! the steps the backend's rules offer, a blocked one as its reason rather than a button.

use fantoccini::Locator;

use crate::harness::{artifact, inner_text, tid, App, Desk};
use crate::lifecycle::add_core_person;
use crate::travel::{cli_as, day, set_date, step};

/// The office's laptop.
const SCREEN: (u32, u32) = (1366, 768);

/// Maximal runs of word characters (letters of any script, digits, `_`), with the byte offset
/// where each starts: the units `\b` separates in a regular expression.
fn word_runs(text: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, &text[s..]));
    }
    runs
}

fn lower(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase())
}

fn lower_or_underscore(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// What in `text` reads as a code: `\b[a-z]+_[a-z_]+\b` (snake_case), `\b[a-z]+\.[a-z_]+\b`
/// (dotted), and any JSON brace. A file path (a backup's, an export's) is the office's own text:
/// `…/org.clearance-tracker.app/backups/…` is not a code.
fn codes(text: &str) -> Vec<String> {
    let without_paths: Vec<&str> = text.split(char::is_whitespace).filter(|w| !w.contains(['/', '\\'])).collect();
    let text = without_paths.join(" ");
    let text = text.as_str();
    let mut found = Vec::new();
    let runs = word_runs(text);
    for (n, (at, run)) in runs.iter().enumerate() {
        if let Some((head, tail)) = run.split_once('_') {
            if lower(head) && lower_or_underscore(tail) {
                found.push((*run).to_owned());
            }
        }
        if let Some((next_at, next)) = runs.get(n + 1) {
            let dotted = *next_at == at + run.len() + 1 && text[at + run.len()..].starts_with('.');
            if dotted && lower(run) && lower_or_underscore(next) {
                found.push(format!("{run}.{next}"));
            }
        }
    }
    found.extend(text.chars().filter(|c| matches!(c, '{' | '}')).map(String::from));
    found
}

#[test]
fn the_code_check_finds_codes_and_passes_words() {
    assert_eq!(codes("状态 on_duty 已变更"), ["on_duty"]);
    assert_eq!(codes("action lifecycle.on_duty_override"), ["lifecycle.on_duty_override", "on_duty_override"]);
    assert_eq!(codes("{\"a\":1}"), ["{", "}"]);
    assert!(codes("例外上岗(手续未齐) · 张三(S0001) · Put on duty with steps missing · 2026-11-30 12:00:00").is_empty());
    assert!(codes("Law on Guarding State Secrets, art. 44 · S0001 · E12345678 · 3f9a0c…").is_empty());
    assert!(codes("Staff_no").is_empty(), "a capital is not a code's");
    assert!(codes("文件:/home/office/.local/share/org.clearance-tracker.app/backups/register-auto-20261130-080000.db").is_empty());
    assert_eq!(codes("org.clearance /tmp/org.clearance"), ["org.clearance"], "a path is skipped, the same words outside one are not");
}

/// Fails with the offending words (and a screenshot) when `testid`'s visible text has a code.
pub(crate) async fn assert_in_words(app: &App, testid: &str, shot: &str) -> String {
    let text = app.text(testid).await;
    let found = codes(&text);
    if !found.is_empty() {
        app.screenshot(&artifact(&format!("failed-{shot}"))).await;
        panic!("{testid} shows codes {found:?}:\n{text}");
    }
    text
}

/// Opens every entry's detail on the Audit screen, so its changes are part of the visible text.
async fn expand_audit(app: &App) {
    let start = std::time::Instant::now();
    let toggles = loop {
        let found = app.find_all(&tid("audit-toggle")).await;
        if !found.is_empty() {
            break found;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the Audit screen lists no entry");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    for t in &toggles {
        t.click().await.expect("open an entry's detail");
    }
    app.wait_count(&tid("audit-detail"), toggles.len()).await;
}

async fn scroll_audit_to_top(app: &App) {
    app.client
        .execute("document.querySelector('[data-testid=\"audit-table\"] .table-scroll').scrollTop = 0", vec![])
        .await
        .expect("scroll the audit table");
}

async fn open_first_person(app: &App, name: &str) {
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    rows[0].find(Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains(name)).await;
}

async fn scroll_to(app: &App, testid: &str) {
    app.client
        .execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })", vec![serde_json::json!(tid(testid))])
        .await
        .expect("scroll");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_and_the_audit_screen_read_in_words_in_both_languages() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.find("empty-register").await;
    add_core_person(&app).await;

    // On duty with the onboarding steps missing: the dialog names them before anything is
    // tried, and asks for the written reason.
    app.click("lifecycle-on-duty").await;
    let missing = app.wait_text("duty-reasons", |t| !t.is_empty()).await;
    assert!(missing.contains("保密审查") && missing.contains("保密承诺书"), "{missing}");
    app.screenshot(&artifact("words-on-duty-override.png")).await;
    app.click("lifecycle-save").await; // no reason yet: refused, nothing written
    app.wait_text("error-override_reason", |t| !t.is_empty()).await;
    app.type_into("field-override-reason", "岗位急需,手续一周内补齐").await;
    app.click("lifecycle-save").await;
    app.wait_text("timeline-on_duty", |t| t.contains("20")).await;
    app.wait_text("lifecycle-override", |t| t.contains("岗位急需")).await;
    app.screenshot(&artifact("words-lifecycle-on-duty.png")).await;

    // Editing the details leaves the ID number empty, with the masked number as the hint; saved
    // empty, the stored number is kept.
    app.click("person-edit").await;
    app.find("person-dialog").await;
    let id_field = app.find("field-id_number").await;
    assert_eq!(id_field.prop("value").await.unwrap().unwrap_or_default(), "", "the ID number starts empty");
    let hint = app.text("person-dialog").await;
    assert!(hint.contains("留空则不变") && hint.contains("1238"), "{hint}");
    app.type_into("field-phone", "13800138000").await;
    app.screenshot(&artifact("words-edit-person.png")).await;
    app.click("person-save").await;
    app.wait_count(&tid("person-dialog"), 0).await;
    app.wait_text("person-history", |t| t.contains("13800138000")).await;
    app.wait_text("person-id-number", |t| t.ends_with("1238") && t.contains('*')).await;
    // The whole number still reads back (and the read is recorded).
    app.click("id-reveal").await;
    app.wait_text("person-id-number", |t| t == "440304198506171238").await;

    // A trip: the passport in the safe, the request, the approval.
    app.click("person-doc-add").await;
    app.find("document-dialog").await;
    app.type_into("doc-number", "E12345678").await;
    set_date(&app, "doc-issued", "2024-01-05").await;
    set_date(&app, "doc-expires", "2034-01-04").await;
    app.type_into("doc-location", "保险柜1-3号格").await;
    app.click("doc-save").await;
    app.wait_count(&format!("{} {}", tid("person-documents"), tid("doc-row")), 1).await;
    app.click("person-trip-add").await;
    app.find("trip-dialog").await;
    app.type_into("trip-destinations", "jp,").await; // a comma confirms it (issue 13)
    app.wait_text("trip-destination-names", |t| t.contains("日本")).await;
    app.type_into("trip-purpose", "学术会议").await;
    app.click("trip-save").await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    app.click("trip-approve").await;
    app.find("trip-action-dialog").await;
    app.type_into("decision-approver", "李处长").await;
    app.type_into("decision-personnel", "同意").await;
    app.type_into("decision-secrecy", "同意,行前须接受保密教育").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "已批准").await;

    // The departure (leaving the post).
    app.click("trip-person-link").await;
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("lifecycle-depart").await;
    app.select("field-departure-kind", "leave_post").await;
    app.click("lifecycle-save").await;
    app.wait_text("timeline-departing", |t| t.contains("20")).await;

    // A classified notebook not yet handed back: the checklist step that needs every item back
    // offers no "record" button, and says why.
    assert!(app.is_present("step-record-returned_items").await);
    app.click("lifecycle-items").await;
    app.find("items-dialog").await;
    app.type_into("item-name-0", "涉密笔记本").await;
    app.type_into("item-number-0", "BJ-001").await;
    set_date(&app, "item-date-0", "").await;
    app.click("items-save").await;
    app.wait_count(&tid("items-dialog"), 0).await;
    let why = app.wait_text("step-blocked-returned_items", |t| !t.is_empty()).await;
    assert!(why.contains("未清退"), "{why}");
    assert!(!app.is_present("step-record-returned_items").await, "no record button while an item is out");
    assert!(app.is_present("step-record-reminder_talk").await, "the other steps can be recorded");
    app.wait_text("lifecycle-decommission-blocked", |t| t.contains("尚未完成")).await;
    app.screenshot(&artifact("words-lifecycle-departing.png")).await;

    // The person's history, in Chinese.
    app.wait_text("person-history", |t| t.contains("办理离岗离职")).await;
    let history = assert_in_words(&app, "person-history", "history-zh.png").await;
    for words in [
        "例外上岗(手续未齐)",
        "例外放行理由",
        "岗位急需",
        "新增人员",
        "修改信息",
        "查看完整身份证号码",
        "出国(境)申请",
        "出国(境)批准",
        "日本",
        "涉密笔记本",
    ] {
        assert!(history.contains(words), "the history says {words:?}:\n{history}");
    }
    assert!(!history.contains("440304198506171238"), "the history never shows the whole ID number");
    scroll_to(&app, "person-history").await;
    app.screenshot(&artifact("words-history-zh.png")).await;

    // The Audit screen, every entry opened, in Chinese; the subject leads to the person.
    app.click("nav-audit").await;
    app.wait_text("audit-table", |t| t.contains("例外上岗")).await;
    assert_in_words(&app, "audit-table", "audit-collapsed-zh.png").await;
    app.screenshot(&artifact("words-audit-collapsed-zh.png")).await;
    expand_audit(&app).await;
    let audit = assert_in_words(&app, "audit-table", "audit-zh.png").await;
    for words in ["例外上岗(手续未齐)", "张三(S0001)", "例外放行理由", "出国(境)批准", "办理离岗离职", "王芳"]
    {
        assert!(audit.contains(words), "the Audit screen says {words:?}:\n{audit}");
    }
    let subjects = app.find_all(&tid("audit-subject")).await;
    let mut subject_texts = Vec::new();
    for s in &subjects {
        subject_texts.push(inner_text(s).await);
    }
    assert!(
        subject_texts.iter().any(|s| s.contains("张三(S0001) · ")),
        "an entry about the trip names the person and the trip: {subject_texts:?}"
    );
    scroll_audit_to_top(&app).await;
    app.screenshot(&artifact("words-audit-zh.png")).await;
    // The first detail opened, as the office sees it.
    let override_row = app.find_all(&format!("{}[data-action=\"lifecycle.on_duty_override\"]", tid("audit-row"))).await;
    assert_eq!(override_row.len(), 1, "one override entry");
    override_row[0].find(Locator::Css("button.btn-link")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;

    // The same in English.
    app.click("nav-settings").await;
    app.select("language-select", "en").await;
    app.wait_text("page-title", |t| t == "Settings").await;
    open_first_person(&app, "张三").await;
    app.wait_text("person-history", |t| t.contains("Departure started")).await;
    let history = assert_in_words(&app, "person-history", "history-en.png").await;
    for words in [
        "Put on duty with steps missing",
        "Reason for the override",
        "Person added",
        "Details edited",
        "Full ID number viewed",
        "Trip requested",
        "Trip approved",
        "Japan",
    ] {
        assert!(history.contains(words), "the history says {words:?}:\n{history}");
    }
    scroll_to(&app, "person-history").await;
    app.screenshot(&artifact("words-history-en.png")).await;
    app.click("nav-audit").await;
    expand_audit(&app).await;
    let audit = assert_in_words(&app, "audit-table", "audit-en.png").await;
    for words in ["Put on duty with steps missing", "张三 (S0001)", "Departure started", "Language changed"] {
        assert!(audit.contains(words), "the Audit screen says {words:?}:\n{audit}");
    }
    scroll_audit_to_top(&app).await;
    app.screenshot(&artifact("words-audit-en.png")).await;
    app.quit().await;
}

/// Whether the trip page's header offers `step` as a button.
async fn offers(app: &App, step: &str) -> bool {
    app.is_present(&format!("trip-{step}")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_trip_page_offers_the_steps_the_backend_offers() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    // A general-level person on duty with a passport in the safe; two trips: one leaving in a
    // month (its check-out window not open yet), one leaving today.
    let t = day(0);
    let cli = |args: &[&str]| cli_as(&desk, "王芳", args);
    cli(&["settings", "language", "zh-CN"]);
    cli(&[
        "person",
        "add",
        "--name",
        "张三",
        "--staff-no",
        "S0001",
        "--id-number",
        "440304198506171238",
        "--unit",
        "机要室",
        "--level",
        "general",
        "--json",
    ]);
    cli(&["stage", "advance", "S0001", "--date", &t, "--override-reason", "急需", "--json"]);
    cli(&[
        "doc",
        "add",
        "S0001",
        "--kind",
        "passport",
        "--number",
        "E7654321",
        "--issued",
        "2024-01-05",
        "--expires",
        "2034-01-04",
        "--location",
        "保险柜2号",
        "--json",
    ]);
    let later = cli(&[
        "trip",
        "request",
        "S0001",
        "--to",
        "jp",
        "--purpose",
        "探亲",
        "--kind",
        "private",
        "--depart",
        &day(30),
        "--return",
        &day(37),
        "--document",
        "1",
        "--json",
    ]);
    assert_eq!(later["state"], "requested");

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    let rows = app.wait_count(&tid("trip-row"), 1).await;
    rows[0].find(Locator::Css("button")).await.unwrap().click().await.unwrap();

    // Requested: approve or refuse (or withdraw); nothing further along.
    app.wait_text("trip-state", |t| t == "待审批").await;
    assert!(offers(&app, "approve").await && offers(&app, "refuse").await && offers(&app, "withdraw").await);
    for later_step in ["brief", "checkout", "depart", "return", "doc_return", "report", "close", "extend"] {
        assert!(!offers(&app, later_step).await, "a requested trip offers no {later_step}");
    }
    assert!(!app.is_present("trip-blocked").await, "nothing blocked yet");
    let primary = app.find_all(".btn-primary[data-testid^=\"trip-\"]").await;
    assert_eq!(primary.len(), 1, "one step is the usual next one");
    assert_eq!(primary[0].attr("data-testid").await.unwrap().as_deref(), Some("trip-approve"));
    app.screenshot(&artifact("words-trip-requested.png")).await;

    app.click("trip-approve").await;
    app.find("trip-action-dialog").await;
    app.type_into("decision-approver", "李处长").await;
    app.type_into("decision-personnel", "同意").await;
    app.type_into("decision-secrecy", "同意").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "已批准").await;
    assert!(!offers(&app, "approve").await && !offers(&app, "refuse").await);
    step(&app, "brief", "已行前教育").await;

    // Briefed, a month before leaving: the check-out window is not open (the passport may still
    // leave early, with a reason and an approver: the step is offered, its usual day named) and
    // the departure waits for the passport: no button, and it says why.
    assert!(offers(&app, "checkout").await && !offers(&app, "depart").await);
    let early = app.wait_text("due-checkout", |t| !t.is_empty()).await;
    assert!(early.contains(&day(23)), "the earliest usual check-out day is named: {early}");
    let waits = app.wait_text("trip-blocked-depart", |t| !t.is_empty()).await;
    assert!(waits.contains("证件"), "{waits}");
    assert!(codes(&app.text("trip-blocked").await).is_empty());
    assert!(offers(&app, "extend").await && offers(&app, "withdraw").await);
    app.screenshot(&artifact("words-trip-blocked.png")).await;

    // The trip leaving today, from the person's page.
    app.click("trip-person-link").await;
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("person-trip-add").await;
    app.find("trip-dialog").await;
    app.type_into("trip-destinations", "hk,").await;
    app.wait_text("trip-destination-names", |t| t.contains("中国香港")).await;
    app.type_into("trip-purpose", "公务").await;
    // Leaving today (the dialog's default), back in a week.
    app.click("trip-save").await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    app.click("trip-approve").await;
    app.find("trip-action-dialog").await;
    app.type_into("decision-approver", "李处长").await;
    app.type_into("decision-personnel", "同意").await;
    app.type_into("decision-secrecy", "同意").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "已批准").await;
    step(&app, "brief", "已行前教育").await;
    step(&app, "checkout", "证件已领出").await;

    // Checked out, not departed: no return and no closing offered.
    assert!(offers(&app, "depart").await);
    for not_yet in ["return", "close", "report", "doc_return", "checkout", "brief"] {
        assert!(!offers(&app, not_yet).await, "a trip not departed offers no {not_yet}");
    }
    app.screenshot(&artifact("words-trip-document-out.png")).await;
    step(&app, "depart", "在外").await;
    assert!(offers(&app, "return").await && !offers(&app, "withdraw").await);
    step(&app, "return", "已回国(境)").await;
    step(&app, "report", "已报告").await;

    // Reported with the passport still out: closing is blocked, its reason shown, no button.
    assert!(!offers(&app, "close").await, "no close while the document is out");
    let blocked = app.wait_text("trip-blocked-close", |t| !t.is_empty()).await;
    assert!(blocked.contains("证件尚未交回"), "{blocked}");
    assert!(offers(&app, "doc_return").await);
    let report_due = app.find_all(&tid("document-due")).await;
    if let Some(due) = report_due.first() {
        let text = inner_text(due).await;
        assert!(codes(&text).is_empty(), "a due date cites its rule in words: {text}");
    }
    app.screenshot(&artifact("words-trip-close-blocked.png")).await;
    step(&app, "doc_return", "已报告").await;
    app.wait_text("trip-document-status", |t| t == "在柜保管").await;
    assert!(!app.is_present("trip-blocked-close").await);
    step(&app, "close", "已办结").await;
    for none in ["approve", "brief", "checkout", "depart", "return", "doc_return", "report", "close", "extend", "withdraw"] {
        assert!(!offers(&app, none).await, "a closed trip offers no {none}");
    }
    app.quit().await;
}
