//! The register in the window: add, search, refuse bad input, survive a restart, switch language.

use crate::harness::{artifact, inner_text, tid, App, Desk};

async fn add_person(app: &App, name: &str, staff_no: &str, id_number: &str, unit: &str, level: &str) {
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", name).await;
    app.type_into("field-staff_no", staff_no).await;
    app.type_into("field-id_number", id_number).await;
    app.type_into("field-unit", unit).await;
    app.select("field-level", level).await;
    app.click("person-save").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn add_a_person_and_find_them_by_pinyin_initials() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.find("empty-register").await;

    add_person(&app, "张三", "S0001", "440304198506171238", "机要室", "core").await;
    // The new person opens on their page (issue 13); back to the register.
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;
    add_person(&app, "李四", "S0002", "320106199001010040", "档案室", "general").await;
    app.wait_text("person-name", |t| t.contains("李四")).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 2).await;

    app.type_into("people-search", "zs").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    assert_eq!(rows[0].attr("data-staff-no").await.unwrap().as_deref(), Some("S0001"));
    assert!(inner_text(&rows[0]).await.contains("张三"));
    // Lists show only the last four characters of an ID number.
    let row_text = inner_text(&rows[0]).await;
    assert!(row_text.contains("1238") && !row_text.contains("440304198506171238"), "{row_text}");
    app.screenshot(&artifact("people-search.png")).await;

    // A table row itself is not clickable for WebDriver; its name cell is what a user clicks.
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;
    assert!(!app.text("person-id-number").await.contains("440304"));
    app.click("id-reveal").await;
    app.wait_text("person-id-number", |t| t.contains("440304198506171238")).await;
    assert!(!app.find_all(&tid("history-item")).await.is_empty());
    app.screenshot(&artifact("person-page.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_id_number_shows_the_translated_error_and_saves_nothing() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.find("empty-register").await;

    add_person(&app, "李四", "S0002", "440304198506171230", "档案室", "general").await;
    let error = app.wait_text("error-id_number", |t| !t.is_empty()).await;
    assert!(error.contains("校验位"), "the Rust validation's message, in Chinese: {error}");
    assert!(app.is_present("person-dialog").await, "the dialog stays open on an error");
    app.screenshot(&artifact("person-dialog-error.png")).await;
    app.click("person-cancel").await;
    app.find("empty-register").await;
    assert!(app.find_all(&tid("person-row")).await.is_empty());
    app.quit().await;

    // Nothing reached the file either.
    let out = std::process::Command::new("sqlite3").arg(desk.db_path()).arg("SELECT count(*) FROM person").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn people_are_still_there_after_quitting_and_restarting() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    add_person(&app, "欧阳明月", "S0100", "11010519491231002X", "科研一部", "important").await;
    app.wait_text("person-name", |t| t.contains("欧阳明月")).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;
    app.quit().await;

    let app = desk.open().await;
    // The operator is remembered: no first-start dialog this time.
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    assert!(inner_text(&rows[0]).await.contains("欧阳明月"));
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_the_language_changes_the_labels() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.wait_text("page-title", |t| t == "仪表板").await;
    app.click("nav-people").await;
    app.wait_text("page-title", |t| t == "人员").await;
    app.click("nav-settings").await;
    app.wait_text("page-title", |t| t == "设置").await;
    app.select("language-select", "en").await;
    app.wait_text("page-title", |t| t == "Settings").await;
    app.wait_text("nav-people", |t| t.contains("People")).await;
    app.screenshot(&artifact("settings-en.png")).await;
    app.click("nav-people").await;
    app.wait_text("page-title", |t| t == "People").await;
    app.quit().await;

    // The choice is kept.
    let app = desk.open().await;
    app.wait_text("nav-people", |t| t.contains("People")).await;
    app.click("nav-settings").await;
    app.select("language-select", "zh-CN").await;
    app.wait_text("page-title", |t| t == "设置").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_register_offers_sample_data() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await; // the dashboard is the home screen
    app.click("load-sample").await;
    app.click("sample-confirm-load").await; // the sample is asked for first (issue 13)
    app.wait_text("people-total", |t| t.contains("60")).await;
    app.wait_count(&tid("person-row"), 50).await;
    app.screenshot(&artifact("people.png")).await;
    app.select("filter-level", "core").await;
    app.wait_text("people-total", |t| t.contains('6')).await;
    app.quit().await;
}
