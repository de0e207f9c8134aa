//! Travel in real life, in the window at 1366×768 (issue 13): a passport checked out before the
//! policy's lead time for a visa appointment, with its reason and approver, flagged in the custody
//! register; a trip's planned dates corrected before the departure; the sample register showing
//! trips in several states on first look.

use crate::harness::{artifact, tid, App, Desk};
use crate::travel::{cli, day};

/// 张三 (general level) with passport E12345678 in the safe, and a trip to Japan requested
/// today for two weeks from now; approved and briefed today when `briefed`. Returns the trip id.
fn prepared(desk: &Desk, briefed: bool) -> String {
    cli(desk, &["settings", "language", "zh-CN"]);
    cli(
        desk,
        &[
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
        ],
    );
    let doc = cli(
        desk,
        &[
            "doc",
            "add",
            "S0001",
            "--kind",
            "passport",
            "--number",
            "E12345678",
            "--issued",
            "2024-01-05",
            "--expires",
            "2034-01-04",
            "--location",
            "保险柜1-3号格",
            "--registered",
            &day(-30),
            "--json",
        ],
    );
    let d = doc["document"]["id"].as_i64().unwrap().to_string();
    let trip = cli(
        desk,
        &[
            "trip",
            "request",
            "S0001",
            "--to",
            "jp",
            "--purpose",
            "赴日本旅游",
            "--kind",
            "private",
            "--depart",
            &day(14),
            "--return",
            &day(21),
            "--document",
            &d,
            "--json",
        ],
    );
    let t = trip["trip"]["id"].as_i64().unwrap().to_string();
    if briefed {
        cli(desk, &["trip", "approve", &t, "--approver", "李处长", "--personnel-opinion", "同意", "--secrecy-opinion", "同意", "--json"]);
        cli(desk, &["trip", "brief", &t, "--note", "行前保密提醒谈话", "--json"]);
    }
    t
}

/// Waits until at least `n` elements carry `testid`.
async fn at_least(app: &App, testid: &str, n: usize) -> Vec<fantoccini::elements::Element> {
    let start = std::time::Instant::now();
    loop {
        let found = app.find_all(&tid(testid)).await;
        if found.len() >= n {
            return found;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(30), "{testid}: {} elements, expected {n} or more", found.len());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn open_trip(app: &App) {
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    let rows = app.wait_count(&tid("trip-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("button")).await.unwrap().click().await.unwrap();
    app.find("trip-page").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_early_check_out_with_its_reason_is_flagged_in_the_custody_register() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    prepared(&desk, true);
    let app = desk.open().await;
    open_trip(&app).await;
    app.wait_text("trip-state", |t| t == "已行前教育").await;

    // Today is 14 days before the departure; the window opens 7 days before it. The check-out is
    // offered all the same, and the dialog asks for the reason and the approver.
    app.click("trip-checkout").await;
    app.find("trip-action-dialog").await;
    app.wait_text("checkout-from", |t| t.contains(&day(7))).await;
    let banner = app.wait_text("checkout-early", |t| !t.is_empty()).await;
    assert!(banner.contains(&day(7)), "{banner}");
    // Saved without them: both named, nothing written.
    app.click("trip-action-save").await;
    let reason = app.wait_text("error-reason", |t| !t.is_empty()).await;
    let approver = app.wait_text("error-approver", |t| !t.is_empty()).await;
    assert!(reason.contains("原因") && approver.contains("审批人"), "{reason} / {approver}");
    app.type_into("early-reason", "赴日本驻华使馆办理签证面签,须提交护照原件").await;
    app.type_into("early-approver", "李处长").await;
    app.screenshot(&artifact("travel-life-early-dialog.png")).await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "证件已领出").await;
    let line = app.wait_text("line-checkout", |t| t.contains("提前领取")).await;
    assert!(line.contains("签证面签") && line.contains("李处长"), "{line}");
    app.screenshot(&artifact("travel-life-early-trip.png")).await;

    // The custody register flags it, with the reason and who allowed it.
    app.click("back-to-travel").await;
    app.click("tab-custody").await;
    let flag = app.wait_text("doc-early", |t| !t.is_empty()).await;
    assert_eq!(flag, "提前领取");
    let why = app.text("doc-early-why").await;
    assert!(why.contains("签证面签") && why.contains("李处长"), "{why}");
    app.screenshot(&artifact("travel-life-early-custody.png")).await;
    app.quit().await;

    // The trail has it.
    let audit = cli(&desk, &["audit", "list", "--person", "S0001", "--json"]).to_string();
    assert!(audit.contains("document.check_out") && audit.contains("签证面签"), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trips_planned_dates_are_corrected_from_its_page() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    prepared(&desk, false);
    let app = desk.open().await;
    open_trip(&app).await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    app.wait_text("due-approval", |t| t.contains(&day(14))).await;

    // The flight moves two days later: 16 → 23 days from now.
    app.click("trip-correct").await;
    app.find("trip-action-dialog").await;
    let was = app.text("correct-was").await;
    assert!(was.contains(&day(14)) && was.contains(&day(21)), "{was}");
    crate::travel::set_date(&app, "correct-departure", &day(16)).await;
    crate::travel::set_date(&app, "correct-return", &day(23)).await;
    app.type_into("step-text", "航班取消,改签两天后").await;
    app.screenshot(&artifact("travel-life-correct-dialog.png")).await;
    app.click("trip-action-save").await;
    app.wait_text("trip-planned", |t| t.contains(&day(16)) && t.contains(&day(23))).await;
    // The approval is due by the new departure; the correction is on the timeline, old → new.
    app.wait_text("due-approval", |t| t.contains(&day(16))).await;
    let line = app.wait_text("line-correction-0", |t| !t.is_empty()).await;
    assert!(line.contains(&day(14)) && line.contains(&day(16)) && line.contains("航班取消"), "{line}");
    app.screenshot(&artifact("travel-life-corrected.png")).await;

    // A return before the departure is refused under its field, and nothing changes.
    app.click("trip-correct").await;
    app.find("trip-action-dialog").await;
    crate::travel::set_date(&app, "correct-return", &day(10)).await;
    app.type_into("step-text", "试试").await;
    app.click("trip-action-save").await;
    app.wait_text("error-planned_return", |t| !t.is_empty()).await;
    app.quit().await;

    let audit = cli(&desk, &["audit", "list", "--person", "S0001", "--json"]);
    let fixes: Vec<_> = audit.as_array().unwrap().iter().filter(|e| e["action"] == "trip.correct").collect();
    assert_eq!(fixes.len(), 1, "one correction audited");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_register_shows_trips_in_several_states_on_first_look() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open().await;
    app.click("nav-people").await;
    app.find("empty-register").await;
    app.click("load-sample").await;
    app.click("sample-confirm-load").await;
    at_least(&app, "person-row", 10).await;

    app.click("nav-travel").await;
    app.find("travel-screen").await;
    // Every trip, finished ones too.
    app.select("trip-filter", "all").await;
    let rows = at_least(&app, "trip-row", 10).await;
    let mut states = Vec::new();
    for r in &rows {
        if let Some(s) = r.attr("data-state").await.unwrap() {
            states.push(s);
        }
    }
    states.sort();
    states.dedup();
    assert!(states.len() >= 8, "several states: {states:?}");
    for s in ["requested", "approved", "refused", "document_out", "departed", "returned", "closed"] {
        assert!(states.iter().any(|x| x == s), "{s} missing from {states:?}");
    }
    assert!(app.is_present("trip-row-overdue").await, "a trip overdue for return");
    app.screenshot(&artifact("travel-life-sample-trips.png")).await;
    app.click("tab-custody").await;
    app.wait_text("doc-early", |t| !t.is_empty()).await;
    app.screenshot(&artifact("travel-life-sample-custody.png")).await;
    app.quit().await;
}
