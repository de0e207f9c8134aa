//! The Audit screen as an investigator uses it, in the real window on a 1366×768 laptop: the
//! trail filtered by a person found by typing `zs` (their record, lifecycle and trip, nobody
//! else's) and kept on the way back from the person's page, by action and by days; an entry opened shows a sentence, each old → new value in
//! words and its place in the hash chain; the filtered entries exported to Excel through the
//! save dialog and read back; the export itself in the trail; no code on screen in Chinese or
//! English.

use calamine::{open_workbook, Data, Reader, Xlsx};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::{artifact, inner_text, tid, App, Desk};
use crate::travel::cli_as;
use crate::words::assert_in_words;

const SCREEN: (u32, u32) = (1366, 768);

/// 张三 added, his level changed, a step recorded and a trip to Japan requested (by 王芳); 李四
/// added by 李明. Returns how many entries are 张三's.
fn prepare(desk: &Desk) -> usize {
    let wang = |args: &[&str]| cli_as(desk, "王芳", args);
    wang(&["settings", "language", "zh-CN"]);
    wang(&[
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
        "core",
        "--json",
    ]);
    cli_as(
        desk,
        "李明",
        &[
            "person",
            "add",
            "--name",
            "李四",
            "--staff-no",
            "S0002",
            "--id-number",
            "110105199001010010",
            "--unit",
            "机要室",
            "--level",
            "general",
            "--json",
        ],
    );
    let today = chrono::Local::now().date_naive();
    let t = today.to_string();
    wang(&["person", "set-level", "S0001", "--level", "important", "--effective", &t, "--reason", "岗位调整", "--json"]);
    wang(&["step", "done", "S0001", "security_review", "--date", &t, "--json"]);
    let (depart, back) = ((today + chrono::Duration::days(40)).to_string(), (today + chrono::Duration::days(47)).to_string());
    wang(&[
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
        &depart,
        "--return",
        &back,
        "--json",
    ]);
    wang(&["audit", "list", "--person", "S0001", "--json"]).as_array().map(Vec::len).unwrap_or_default()
}

async fn keys(el: &Element, keys: &str) {
    el.send_keys(keys).await.expect("send keys");
}

/// Waits until the screen says it found `n` entries.
async fn wait_total(app: &App, n: usize) {
    let start = std::time::Instant::now();
    loop {
        let total = app.find("audit-total").await.attr("data-total").await.ok().flatten().unwrap_or_default();
        if total == n.to_string() {
            return;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            app.screenshot(&artifact("failed-audit-total.png")).await;
            panic!("the Audit screen counts {total} entries, expected {n}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn subjects(app: &App) -> Vec<String> {
    let mut out = Vec::new();
    for s in app.find_all(&tid("audit-subject")).await {
        out.push(inner_text(&s).await);
    }
    out
}

/// Types a day into a date field (its old text replaced) and leaves it with Tab.
async fn type_day(app: &App, testid: &str, text: &str) {
    let el = app.find(testid).await;
    el.click().await.expect("focus the date");
    keys(&el, &format!("{}a", Key::Control)).await;
    keys(&el, &Key::Backspace.to_string()).await;
    if !text.is_empty() {
        keys(&el, text).await;
    }
    keys(&el, &Key::Tab.to_string()).await;
}

/// Opens the detail of the entry of `action` and returns its panel's text.
async fn open_detail(app: &App, action: &str) -> String {
    let rows = app.find_all(&format!("{}[data-action=\"{action}\"]", tid("audit-row"))).await;
    assert_eq!(rows.len(), 1, "one {action} entry");
    rows[0].find(Locator::Css(&tid("audit-toggle"))).await.unwrap().click().await.unwrap();
    app.wait_text("audit-link", |t| !t.is_empty()).await;
    app.text("audit-detail-panel").await
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_screen_filters_by_person_opens_an_entry_and_exports_what_it_shows() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let zhangs = prepare(&desk);
    assert_eq!(zhangs, 4, "added, level, step, trip");
    let out_dir = desk.data.path().join("exports");
    std::fs::create_dir(&out_dir).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    app.click("nav-audit").await;
    app.wait_text("audit-table", |t| t.contains("变更等级")).await;
    assert_in_words(&app, "audit-filters", "audit-filters-zh.png").await;

    // The person, found by the initials of his name.
    let search = app.find("audit-person").await;
    keys(&search, "zs").await;
    let options = app.wait_text("audit-person-options", |t| t.contains("张三")).await;
    assert!(!options.contains("李四"), "{options}");
    keys(&search, &Key::Down.to_string()).await;
    keys(&search, &Key::Enter.to_string()).await;
    wait_total(&app, zhangs).await;
    let subjects_now = subjects(&app).await;
    assert_eq!(subjects_now.len(), zhangs);
    assert!(subjects_now.iter().all(|s| s.starts_with("张三(S0001)")), "only 张三's entries, each naming him: {subjects_now:?}");
    assert!(
        subjects_now.iter().any(|s| s.contains("行程 1:日本")),
        "the trip's entry names the person and what the trip is: {subjects_now:?}"
    );
    let table = assert_in_words(&app, "audit-table", "audit-person-zh.png").await;
    assert!(!table.contains("李四") && !table.contains("lifecycle"), "{table}");
    app.screenshot(&artifact("audit-person-zh.png")).await;

    // The level change opened: a sentence, the old and new level in words, its place in the chain.
    let detail = open_detail(&app, "person.level").await;
    assert!(detail.contains("王芳 于") && detail.contains("记录“变更等级”:张三(S0001)"), "{detail}");
    assert!(detail.contains("涉密等级") && detail.contains("核心") && detail.contains("重要"), "{detail}");
    assert!(detail.contains("第 ") && detail.contains(" 条,共 "), "its place in the chain: {detail}");
    assert_eq!(app.find("audit-link").await.attr("data-intact").await.unwrap().as_deref(), Some("true"));
    let old = app.find_all(&format!("{} .old", tid("audit-detail-panel"))).await;
    assert!(!old.is_empty() && inner_text(&old[0]).await.contains("核心"), "the old value struck through, the new after it");
    assert_in_words(&app, "audit-table", "audit-detail-zh.png").await;
    app.screenshot(&artifact("audit-detail-zh.png")).await;

    // To the person and back: the screen as it was left, filter, page and opened entry.
    let subject = app.find_all(&format!("{} button.btn-link", tid("audit-subject"))).await;
    subject[0].click().await.expect("open the person");
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("back-to-people").await;
    wait_total(&app, zhangs).await;
    let chosen = app.find("audit-person-chosen").await.prop("value").await.ok().flatten().unwrap_or_default();
    let chosen = if chosen.is_empty() { app.text("audit-person-chosen").await } else { chosen };
    assert!(chosen.contains("张三"), "the person filter is kept: {chosen:?}");
    assert!(app.is_present("audit-detail-panel").await, "the entry opened is still open");

    // Only his trip entries; then a day with nothing.
    app.select("audit-filter-action", "group:trip").await;
    wait_total(&app, 1).await;
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    type_day(&app, "audit-filter-from", &tomorrow).await;
    wait_total(&app, 0).await;
    app.wait_text("audit-empty", |t| t.contains("没有符合筛选条件的记录")).await;
    app.screenshot(&artifact("audit-empty-zh.png")).await;
    type_day(&app, "audit-filter-from", "").await;
    app.select("audit-filter-action", "").await;
    wait_total(&app, zhangs).await;

    // Exported: the file chosen in the save dialog, read back.
    let xlsx = out_dir.join("张三审计记录.xlsx");
    desk.answer_dialog(&xlsx);
    app.click("audit-export").await;
    app.find("audit-export-dialog").await;
    let count = app.text("audit-export-count").await;
    assert!(count.contains(&zhangs.to_string()), "{count}");
    let filter = app.text("audit-export-filter").await;
    assert!(filter.contains("张三"), "{filter}");
    assert_in_words(&app, "audit-export-dialog", "audit-export-zh.png").await;
    app.screenshot(&artifact("audit-export-dialog-zh.png")).await;
    app.click("audit-export-save").await;
    let saved = app.wait_text("audit-export-saved", |t| !t.is_empty()).await;
    assert!(saved.contains("张三审计记录.xlsx"), "{saved}");
    app.screenshot(&artifact("audit-export-saved-zh.png")).await;
    assert!(xlsx.exists(), "the file is where the dialog said");
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["审计记录"]);
    let rows: Vec<Vec<Data>> = book.worksheet_range("审计记录").unwrap().rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(headers, ["序号", "时间", "操作员", "操作", "姓名", "人员编号", "对象", "变更内容", "哈希值"]);
    assert_eq!(rows.len(), zhangs + 1, "every entry the filter matched");
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    assert!(rows[1..].iter().all(|r| text(&r[col("姓名")]) == "张三" && text(&r[col("人员编号")]) == "S0001"));
    let level = rows[1..].iter().find(|r| text(&r[col("操作")]) == "变更等级").expect("the level change");
    assert!(text(&level[col("变更内容")]).contains("涉密等级:核心 → 重要"), "{}", text(&level[col("变更内容")]));
    app.click("audit-export-close").await;

    // The export is an entry of the trail (an export, about no person): clear the filter to see it.
    app.click("audit-person-clear").await;
    app.select("audit-filter-action", "register.export").await;
    wait_total(&app, 1).await;
    let export_entry = open_detail(&app, "register.export").await;
    assert!(export_entry.contains("审计记录") && export_entry.contains("人员:张三(S0001)"), "{export_entry}");
    app.select("audit-filter-action", "").await;

    // In English: the same screen, words only, the person named the English way.
    app.click("nav-settings").await;
    app.select("language-select", "en").await;
    app.wait_text("page-title", |t| t == "Settings").await;
    app.click("nav-audit").await;
    app.wait_text("audit-table", |t| t.contains("Level changed")).await;
    let search = app.find("audit-person").await;
    keys(&search, "S0001").await;
    app.wait_text("audit-person-options", |t| t.contains("张三")).await;
    keys(&search, &Key::Enter.to_string()).await;
    wait_total(&app, zhangs).await;
    let detail = open_detail(&app, "person.level").await;
    assert!(detail.contains("Level changed") && detail.contains("Core") && detail.contains("Important"), "{detail}");
    assert!(detail.contains("Entry ") && detail.contains(" of "), "{detail}");
    assert_in_words(&app, "audit-filters", "audit-filters-en.png").await;
    let table = assert_in_words(&app, "audit-table", "audit-en.png").await;
    assert!(table.contains("张三 (S0001)") && table.contains("Trip 1: Japan"), "{table}");
    app.screenshot(&artifact("audit-detail-en.png")).await;
    app.quit().await;

    let exports = cli_as(&desk, "王芳", &["audit", "list", "--action", "register.export", "--json"]);
    let exports = exports.as_array().unwrap();
    assert_eq!(exports.len(), 1, "{exports:?}");
    let new: serde_json::Value = serde_json::from_str(exports[0]["new"].as_str().unwrap()).unwrap();
    assert_eq!((new["list"].as_str(), new["rows"].as_u64()), (Some("audit"), Some(zhangs as u64)));
}
