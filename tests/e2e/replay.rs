//! The register against its trail in the real window (issue 14): a level changed in the file
//! with `sqlite3` behind the app's back is named by the check run in the background at start —
//! a banner with the person, the field and both values — and the Audit screen lists it.

use std::process::Command;

use crate::harness::{artifact, Desk};

#[tokio::test(flavor = "multi_thread")]
async fn a_direct_edit_is_shown_at_start_and_on_the_audit_screen() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
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
    let out = Command::new("sqlite3")
        .arg(desk.db_path())
        .arg("UPDATE person SET level = 'general' WHERE staff_no = 'S0001'")
        .output()
        .expect("sqlite3 is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let app = desk.open().await;
    let banner = app.wait_text("replay-banner", |t| t.contains("张三")).await;
    assert!(banner.contains("登记册与审计记录不一致") && banner.contains("1 处差异"), "{banner}");
    assert!(banner.contains("涉密等级") && banner.contains("一般") && banner.contains("核心"), "{banner}");
    app.screenshot(&artifact("replay-banner.png")).await;

    app.click("replay-banner-open").await;
    let result = app.wait_text("replay-result", |t| t.contains("张三(S0001)")).await;
    assert!(result.contains("表中的内容") && result.contains("审计记录中的内容"), "{result}");
    let rows = app.find_all("[data-testid='replay-difference']").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].attr("data-field").await.unwrap().as_deref(), Some("level"));
    app.screenshot(&artifact("replay-audit-screen.png")).await;
    // The screen's own check replays it again, beside the chain's result.
    app.click("audit-verify").await;
    app.wait_text("audit-result", |t| !t.is_empty()).await;
    let again = app.wait_text("replay-result", |t| t.contains("张三(S0001)") && !t.contains("启动时")).await;
    assert!(again.contains("1 处差异"), "{again}");
    app.screenshot(&artifact("replay-audit-verify.png")).await;
    app.quit().await;
}
