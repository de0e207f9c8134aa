//! Several clerks on one register (issue 16), in the real window on a SQLite file (two processes
//! on one file: the window and the command line): the screen shown refreshes when another clerk
//! changes the register, and an edit from a page loaded before that change is refused with who
//! made it, the dialog keeping what was typed.

use std::time::Duration;

use crate::harness::{artifact, tid, Desk};

#[tokio::test(flavor = "multi_thread")]
async fn a_person_added_at_the_command_line_appears_in_the_open_people_list_without_a_click() {
    let desk = Desk::new("zh_CN.UTF-8");
    desk.cli(&[
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
    ]);
    let app = desk.open().await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;

    // Another clerk (the command line, another process) adds someone: the list shows them.
    desk.cli(&[
        "person",
        "add",
        "--name",
        "李四",
        "--staff-no",
        "S0002",
        "--id-number",
        "320106199001010040",
        "--unit",
        "档案室",
        "--level",
        "general",
    ]);
    let rows = app.wait_count(&tid("person-row"), 2).await;
    let mut staff = Vec::new();
    for r in &rows {
        staff.push(r.attr("data-staff-no").await.unwrap().unwrap_or_default());
    }
    assert!(staff.contains(&"S0002".to_owned()), "{staff:?}");
    app.screenshot(&artifact("several-clerks-list-refreshed.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_from_a_stale_dialog_is_refused_with_who_and_when_and_keeps_what_was_typed() {
    let desk = Desk::new("zh_CN.UTF-8");
    desk.account("李娜", "clerk");
    desk.cli(&[
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
    ]);
    let app = desk.open().await;
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;

    // 王芳 opens the edit dialog and types a new post.
    app.click("person-edit").await;
    app.find("person-dialog").await;
    app.type_into("field-post", "保密干事").await;

    // Meanwhile 李娜 changes the unit from her computer (the command line here).
    desk.cli_as("李娜", &["person", "edit", "S0001", "--unit", "保密办"]);
    // The page behind the dialog refreshes (the window polls every 2 s): the dialog stays as typed.
    app.wait_text("person-page", |t| t.contains("保密办")).await;
    assert!(app.is_present("person-dialog").await);
    let post = app.find("field-post").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(post, "保密干事", "the refresh keeps what was typed");

    // Saving is refused: who changed the person and when, in the office's language.
    app.click("person-save").await;
    let message = app.wait_text("error-general", |t| !t.is_empty()).await;
    assert!(message.contains("李娜 已于") && message.contains("重新载入"), "{message}");
    assert!(app.is_present("person-dialog").await, "the dialog stays open");
    let post = app.find("field-post").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(post, "保密干事", "what was typed is kept");
    app.screenshot(&artifact("several-clerks-stale-edit.png")).await;

    // Nothing of 王芳's edit was written; 李娜's is there.
    let shown = desk.cli(&["person", "show", "S0001"]);
    assert!(shown.contains("保密办") && !shown.contains("保密干事"), "{shown}");

    // Reloaded (the dialog closed and opened again on the refreshed page), the edit saves.
    app.click("person-cancel").await;
    // What was typed is not thrown away without asking.
    app.find("discard-confirm").await;
    app.click("discard-yes").await;
    for _ in 0..100 {
        if !app.is_present("person-dialog").await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!app.is_present("person-dialog").await, "the dialog closes");
    app.click("person-edit").await;
    app.find("person-dialog").await;
    app.type_into("field-post", "保密干事").await;
    app.click("person-save").await;
    app.wait_text("person-page", |t| t.contains("保密干事")).await;
    app.quit().await;
}
