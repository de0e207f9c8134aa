//! Foreign travel in the window: a trip requested, approved, briefed, its passport checked out,
//! the trip made, the passport returned and the report received, to closed; and the approver's
//! view flagging the decommissioning period of a person who left.

use chrono::{Days, Local};
use serde_json::json;

use crate::harness::{artifact, tid, App, Desk};

pub(crate) fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}

pub(crate) fn day(offset: i64) -> String {
    let d = if offset >= 0 { today() + Days::new(offset as u64) } else { today() - Days::new((-offset) as u64) };
    d.format("%Y-%m-%d").to_string()
}

/// Sets a date input the way a picker would (typing into WebKit's date fields is unreliable).
pub(crate) async fn set_date(app: &App, testid: &str, value: &str) {
    app.find(testid).await;
    app.client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
             el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(tid(testid)), json!(value)],
        )
        .await
        .expect("set the date");
}

/// Runs one step from the trip page's header and waits for the state it leads to.
pub(crate) async fn step(app: &App, button: &str, state: &str) {
    app.click(&format!("trip-{button}")).await;
    app.find("trip-action-dialog").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == state).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trip_from_request_to_closed_in_the_window() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    // The window opens on the dashboard; the register is one click away.
    app.click("nav-people").await;
    app.find("empty-register").await;

    // A general-level person, opened on their page.
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "张三").await;
    app.type_into("field-staff_no", "S0001").await;
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "general").await;
    app.click("person-save").await;
    // The new person opens on their page (issue 13).
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.find("person-travel").await;
    app.find("person-no-documents").await;

    // The passport is registered and handed in to the safe.
    app.click("person-doc-add").await;
    app.find("document-dialog").await;
    app.type_into("doc-number", "e1234 5678").await;
    set_date(&app, "doc-issued", "2024-01-05").await;
    set_date(&app, "doc-expires", "2034-01-04").await;
    app.type_into("doc-location", "保险柜1-3号格").await;
    app.click("doc-save").await;
    app.wait_count(&format!("{} {}", tid("person-documents"), tid("doc-row")), 1).await;
    let row = app.text("person-documents").await;
    assert!(row.contains("E12345678") && row.contains("在柜保管") && row.contains("保险柜1-3号格"), "{row}");

    // The request: Japan and Hong Kong, leaving today, on that passport (chosen by default).
    app.click("person-trip-add").await;
    app.find("trip-dialog").await;
    app.type_into("trip-destinations", "jp, hk,").await; // a comma confirms each (issue 13)
    app.wait_text("trip-destination-names", |t| t.contains("日本") && t.contains("中国香港")).await;
    app.type_into("trip-purpose", "探亲").await;
    app.screenshot(&artifact("travel-request.png")).await;
    app.click("trip-save").await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    app.wait_text("no-conflicts", |t| !t.is_empty()).await;
    app.wait_text("due-approval", |t| t.contains(&day(0))).await;

    // Approval with both opinions.
    app.click("trip-approve").await;
    app.find("trip-action-dialog").await;
    app.type_into("decision-approver", "李处长").await;
    app.type_into("decision-personnel", "同意").await;
    app.type_into("decision-secrecy", "同意,行前须接受保密教育").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "已批准").await;
    // Approving twice is not offered any more.
    assert!(!app.is_present("trip-approve").await);

    step(&app, "brief", "已行前教育").await;
    // The check-out: the earliest day (7 days before departure, by the policy) is shown.
    app.click("trip-checkout").await;
    app.wait_text("checkout-from", |t| t.contains(&day(-7))).await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "证件已领出").await;
    app.wait_text("trip-document-status", |t| t == "已领出").await;
    step(&app, "depart", "在外").await;
    step(&app, "return", "已回国(境)").await;
    // Report due 7 days after the actual return (today); document back within 10 days.
    // Each cites its rule in words; the rule's id is only in the tooltip.
    let report_due = app.wait_text("due-report", |t| !t.is_empty()).await;
    assert!(!report_due.contains("travel.report"), "{report_due}");
    let title = app.find("due-report").await.attr("title").await.unwrap().unwrap_or_default();
    assert!(title.contains("travel.report"), "{title}");
    let doc_due = app.wait_text("document-due", |t| !t.is_empty()).await;
    assert!(!doc_due.contains("travel.document_return"), "{doc_due}");
    let title = app.find("document-due").await.attr("title").await.unwrap().unwrap_or_default();
    assert!(title.contains("travel.document_return"), "{title}");
    app.screenshot(&artifact("travel-returned.png")).await;

    step(&app, "doc_return", "已回国(境)").await;
    app.wait_text("trip-document-status", |t| t == "在柜保管").await;
    app.wait_count(&format!("{} {}", tid("custody-log"), tid("movement")), 4).await;
    step(&app, "report", "已报告").await;
    step(&app, "close", "已办结").await;
    let timeline = app.text("trip-timeline").await;
    assert!(timeline.contains("李处长") && timeline.contains("办结"), "{timeline}");
    app.screenshot(&artifact("travel-trip-closed.png")).await;

    // The post-trip report printed from the trip's page: a draft first, then issued (numbered).
    app.click("trip-generate-form").await;
    app.find("generate-dialog").await;
    app.select("field-form-kind", "travel-report").await;
    app.click("form-generate").await;
    app.find("form-draft").await;
    app.click("form-issue").await;
    app.wait_count(&tid("form-preview-page"), 1).await;
    let number = app.find("generated-form").await.attr("data-number").await.ok().flatten().unwrap_or_default();
    assert!(number.starts_with("2026-"), "{number}");
    app.screenshot(&artifact("travel-report-preview.png")).await;
    app.click("generate-close").await;

    // The person page lists the passport (in the safe) and the closed trip.
    app.click("trip-person-link").await;
    app.wait_count(&format!("{} {}", tid("person-trips"), tid("trip-row")), 1).await;
    let docs = app.text("person-documents").await;
    assert!(docs.contains("在柜保管"), "{docs}");
    app.client.execute("document.querySelector('[data-testid=\"person-travel\"]').scrollIntoView()", vec![]).await.unwrap();
    app.screenshot(&artifact("travel-person.png")).await;
    app.click("nav-travel").await;

    // The Travel screen: the closed trip under "all", the passport back in the safe.
    app.find("travel-screen").await;
    app.select("trip-filter", "all").await;
    app.wait_count(&tid("trip-row"), 1).await;
    app.screenshot(&artifact("travel-screen.png")).await;
    app.click("tab-custody").await;
    let safe = app.wait_text("custody-in", |t| t.contains("E12345678")).await;
    assert!(safe.contains("保险柜1-3号格"), "{safe}");
    app.screenshot(&artifact("travel-custody.png")).await;
    app.quit().await;
}

pub(crate) fn cli(desk: &Desk, args: &[&str]) -> serde_json::Value {
    cli_as(desk, "Ann Lee", args)
}

/// The CLI on the desk's register, signed in as `operator` (an administrator made on first use).
pub(crate) fn cli_as(desk: &Desk, operator: &str, args: &[&str]) -> serde_json::Value {
    desk.ensure_account(operator);
    let out = desk.cli_as(operator, args);
    serde_json::from_str(&out).unwrap_or(serde_json::Value::Null)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_approver_sees_a_trip_in_the_decommissioning_period() {
    let desk = Desk::new("en_US.UTF-8");
    // The register prepared through the CLI: a core person who left today and is in the
    // decommissioning period, their passport in the safe, and a trip requested for next week.
    let t = day(0);
    cli(&desk, &["settings", "language", "en"]);
    cli(
        &desk,
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
            "core",
            "--json",
        ],
    );
    cli(&desk, &["stage", "advance", "S0001", "--date", &t, "--override-reason", "test", "--json"]);
    cli(&desk, &["depart", "S0001", "--kind", "organisation", "--date", &t, "--json"]);
    for s in ["reminder_talk", "departure_commitment", "returned_items", "access_revoked"] {
        cli(&desk, &["step", "done", "S0001", s, "--date", &t, "--json"]);
    }
    cli(&desk, &["stage", "advance", "S0001", "--json"]);
    cli(
        &desk,
        &[
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
            "Safe 2, box 1",
            "--json",
        ],
    );
    let trip = cli(
        &desk,
        &[
            "trip",
            "request",
            "S0001",
            "--to",
            "th",
            "--purpose",
            "Holiday",
            "--kind",
            "private",
            "--depart",
            &day(10),
            "--return",
            &day(17),
            "--document",
            "1",
            "--json",
        ],
    );
    assert_eq!(trip["state"], "requested");

    let app = desk.open().await;
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    app.wait_text("stat-requested", |t| t.starts_with('1')).await;
    app.wait_text("trip-row-conflicts", |t| t.contains('2')).await;
    app.screenshot(&artifact("travel-screen-conflict.png")).await;
    let rows = app.wait_count(&tid("trip-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("button")).await.unwrap().click().await.unwrap();
    app.wait_text("trip-state", |t| t == "Requested").await;

    // The approver's view: the decommissioning period and the higher level it requires.
    let flags = app.wait_text("conflicts", |t| !t.is_empty()).await;
    assert!(flags.contains("decommissioning period"), "{flags}");
    assert!(flags.contains(&t), "the period's start is named: {flags}");
    app.wait_text("required-level", |t| t.contains("Higher")).await;
    app.wait_text("trip-stage", |t| t.contains("ecommissioning")).await;
    app.screenshot(&artifact("travel-conflict.png")).await;

    // Approved at the standard level: refused with the rule's message, nothing written.
    app.click("trip-approve").await;
    app.wait_text("decision-conflicts", |t| t.contains("decommissioning")).await;
    app.type_into("decision-approver", "Director Li").await;
    app.type_into("decision-personnel", "Agreed").await;
    app.type_into("decision-secrecy", "Agreed").await;
    app.select("decision-level", "standard").await;
    app.click("trip-action-save").await;
    let refusal = app.wait_text("error-level", |t| !t.is_empty()).await;
    assert!(refusal.contains("higher approval level"), "{refusal}");
    app.screenshot(&artifact("travel-approve-refused.png")).await;
    app.select("decision-level", "higher").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "Approved").await;
    app.quit().await;
}
