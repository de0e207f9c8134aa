//! The audit chain's head on the Audit screen (issue 14), in the real window: the head shown
//! there, typed back into "check against a printed head", checks intact; so does the head printed
//! on a form issued earlier (read from its PDF with pdftotext, typed as from paper in capitals
//! with spaces); a head that is not one is refused in words.

use crate::harness::{artifact, Desk};

#[tokio::test]
async fn a_printed_head_is_checked_on_the_audit_screen() {
    let desk = Desk::new("zh-CN");
    desk.cli(&["settings", "language", "zh-CN"]);
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
        "--json",
    ]);
    let pdf = desk.db_path().with_file_name("commitment.pdf");
    desk.cli(&["form", "render", "commitment", "--person", "S0001", "--out", pdf.to_str().unwrap(), "--json"]);
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    let on_form = text.lines().find(|l| l.contains("审计链")).unwrap_or_else(|| panic!("no head on the form:\n{text}")).to_owned();

    let app = desk.open().await;
    app.click("nav-audit").await;
    let shown = app.wait_text("audit-head", |t| t.starts_with('#')).await;
    assert!(shown.contains('·'), "{shown}");

    // The head as the screen shows it, checked there.
    app.type_into("audit-head-input", &shown).await;
    app.click("audit-head-check").await;
    let said = app.wait_text("audit-findings", |t| !t.is_empty()).await;
    assert_eq!(app.find("audit-result").await.attr("data-intact").await.unwrap().as_deref(), Some("true"), "{said}");
    assert!(said.contains("与打印的审计链头") && said.contains("未被改动"), "{said}");
    app.screenshot(&artifact("anchor-check-zh.png")).await;

    // The head printed on the form before, typed from paper: capitals, spaces for the dots.
    let typed = on_form.split_once('#').unwrap().1.replace('·', " ").to_uppercase();
    app.type_into("audit-head-input", &typed).await;
    app.click("audit-head-check").await;
    let seq = typed.split(' ').next().unwrap().to_owned();
    let said = app.wait_text("audit-findings", |t| t.contains(&format!("第 {seq} 条及之前"))).await;
    assert_eq!(app.find("audit-result").await.attr("data-intact").await.unwrap().as_deref(), Some("true"), "{said}");

    // Not a head: refused in words, nothing checked.
    app.type_into("audit-head-input", "表单").await;
    app.click("audit-head-check").await;
    let refused = app.wait_text("audit-error", |t| t.contains("不是审计链头")).await;
    assert!(!refused.contains("anchor."), "{refused}");
    app.quit().await;
}
