//! Backup and restore in the window: a backup taken from Settings, the register changed, the
//! backup restored from Settings, and the window showing the register as it was.

use std::path::Path;

use crate::harness::{artifact, inner_text, tid, App, Desk};

async fn add_person(app: &App, name: &str, staff_no: &str, id_number: &str) {
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", name).await;
    app.type_into("field-staff_no", staff_no).await;
    app.type_into("field-id_number", id_number).await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "general").await;
    app.click("person-save").await;
    // The new person opens on their page (issue 13); back to the register.
    app.wait_text("person-name", |t| t.contains(name)).await;
    app.click("nav-people").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_from_settings_restores_the_register_as_it_was() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await;
    app.click("load-sample").await;
    app.click("sample-confirm-load").await; // the sample is asked for first (issue 13)
    app.wait_text("people-total", |t| t.contains("60")).await;

    app.click("nav-settings").await;
    app.click("backup-now").await;
    app.wait_text("backup-result", |t| t.contains("已备份到")).await;
    let path = app.find("backup-result").await.attr("data-path").await.unwrap().expect("the backup's path");
    assert!(Path::new(&path).is_file(), "{path}");
    app.wait_text("backup-last", |t| t.contains("成功")).await;
    app.screenshot(&artifact("settings-backup.png")).await;

    // The register changes after the backup.
    app.click("nav-people").await;
    add_person(&app, "欧阳明月", "S9001", "11010519491231002X").await;
    app.wait_text("people-total", |t| t.contains("61")).await;

    // A file that is not a backup (chosen with the open dialog) is refused under the file; nothing
    // changes.
    app.click("nav-settings").await;
    let not_a_backup = desk.data.path().join("名册.csv");
    std::fs::write(&not_a_backup, "姓名,工号\n").unwrap();
    desk.answer_dialog(&not_a_backup);
    app.click("restore-choose").await;
    app.wait_text("restore-choose-name", |t| t.contains("名册.csv")).await;
    app.click("restore-start").await;
    app.click("restore-confirm").await;
    app.wait_text("error-restore_path", |t| t.contains("不是 Clearance Tracker 登记册")).await;

    desk.answer_dialog(&path);
    app.click("restore-choose").await;
    let name = Path::new(&path).file_name().unwrap().to_string_lossy().into_owned();
    app.wait_text("restore-choose-name", |t| t.contains(&name)).await;
    app.click("restore-start").await;
    app.find("restore-dialog").await;
    app.screenshot(&artifact("restore-confirm.png")).await;
    app.click("restore-confirm").await;
    // The window reloads on the restored register and says what was done.
    let done = app.wait_text("restore-done", |t| t.contains("已从")).await;
    assert!(done.contains(&path) && done.contains("before-restore-"), "{done}");
    app.screenshot(&artifact("restore-done.png")).await;

    app.click("nav-people").await;
    app.wait_text("people-total", |t| t.contains("60")).await;
    app.type_into("people-search", "S9001").await;
    app.wait_count(&tid("person-row"), 0).await;

    // The restore is the latest entry of the restored register's trail.
    app.click("nav-audit").await;
    let rows = app.wait_count(&format!("{}[data-action=\"register.restore\"]", tid("audit-row")), 1).await;
    assert!(inner_text(&rows[0]).await.contains("从备份恢复登记册"));
    app.click("audit-verify").await;
    app.wait_text("audit-result", |t| !t.is_empty()).await;
    assert_eq!(app.find("audit-result").await.attr("data-intact").await.unwrap().as_deref(), Some("true"));
    app.quit().await;
}
