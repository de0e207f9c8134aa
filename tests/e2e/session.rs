//! Operators who sign in, roles and the idle lock, in the real window (issue 14): the first start
//! creates the administrator and the audit trail names it; a wrong password is refused in words
//! and the fifth makes the next try wait; a clerk does not see the trip decision, the approver
//! makes it on the trip the clerk requested; an auditor sees no button that writes; the window
//! locks when idle, keeps what was typed in an open dialog and unlocks with the password; an
//! administrator adds a clerk in Settings who can then sign in. Screenshots of the sign-in, first
//! account, lock and accounts screens in both languages at 1280×680 and 1366×768.

use fantoccini::key::Key;
use serde_json::Value;

use crate::harness::{artifact, inner_text, tid, App, Desk, PASSWORD};

/// The audit trail's newest entries, as the command line lists them (signed in as `user`).
fn audit(desk: &Desk, user: &str) -> Vec<Value> {
    let out = desk.cli_as(user, &["audit", "list", "--limit", "200", "--json"]);
    serde_json::from_str::<Value>(&out).expect("audit list --json").as_array().cloned().unwrap_or_default()
}

async fn open_person(app: &App) {
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;
}

async fn open_trip(app: &App) {
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    let rows = app.wait_count(&tid("trip-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("button")).await.unwrap().click().await.unwrap();
    app.find("trip-page").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_start_creates_the_administrator_and_the_trail_names_it() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768).first_start();
    let app = desk.open_signed_out().await;
    app.resize(1366, 768).await;

    // No account yet: the first one, an administrator, with what that means and that a lost
    // password is reset by another administrator, never recovered by the app.
    let screen = app.wait_text("first-account", |t| !t.is_empty()).await;
    assert!(screen.contains("管理员") && screen.contains("无法找回"), "{screen}");
    assert!(!app.is_present("sign-in").await && !app.is_present("first-start").await);
    // The cursor is in the name.
    let focused = app.client.execute("return document.activeElement.dataset.testid;", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("first-name"));

    // Two different passwords: said under the second, nothing created.
    app.type_into("first-name", "王芳").await;
    app.type_into("first-password", PASSWORD).await;
    app.type_into("first-password2", "something-else").await;
    app.click("first-account-save").await;
    app.wait_text("error-password2", |t| t.contains("不一致")).await;
    // A password too short: the backend's words under it.
    app.type_into("first-password", "short").await;
    app.type_into("first-password2", "short").await;
    app.click("first-account-save").await;
    app.wait_text("error-password", |t| t.contains("8")).await;
    app.screenshot(&artifact("session-first-account-zh.png")).await;

    app.type_into("first-password", PASSWORD).await;
    app.type_into("first-password2", PASSWORD).await;
    app.click("first-account-save").await;
    // Then the office's own first-start questions, signed in.
    app.find("first-start").await;
    app.answer_first_start().await;
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    app.wait_text("account-role", |t| t.contains("管理员")).await;
    app.quit().await;

    // The trail names the account: its creation, and the first-start answers made under it.
    let entries = audit(&desk, "王芳");
    assert!(!entries.is_empty());
    let created = entries.iter().find(|e| e["action"].as_str().is_some_and(|a| a.starts_with("account.")));
    assert!(created.is_some_and(|e| e["operator"] == "王芳"), "{entries:?}");
    for e in &entries {
        let op = e["operator"].as_str().unwrap_or_default();
        assert!(op == "王芳" || op == "—", "an entry not made by the account signed in: {e}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_in_words_and_the_fifth_makes_the_next_try_wait() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1280, 680);
    desk.account("刘洋", "admin");
    let app = desk.open_signed_out().await;
    app.resize(1280, 680).await;
    app.find("sign-in").await;
    app.screenshot(&artifact("session-sign-in-zh-1280x680.png")).await;

    // Enter submits; the refusal is in words, the password emptied and focused again.
    app.type_into("sign-in-name", "王芳").await;
    for i in 1..=4 {
        app.type_into("sign-in-password", &format!("wrong-{i}{}", Key::Enter)).await;
        app.wait_text("sign-in-error", |t| t.contains("不正确")).await;
        assert_eq!(app.value("sign-in-password").await, "");
        // The next try waits for the answer to this one.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    app.screenshot(&artifact("session-sign-in-refused-zh.png")).await;
    let focused = app.client.execute("return document.activeElement.dataset.testid;", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("sign-in-password"));

    // The fifth: the next try waits, counted down, and the button waits with it.
    app.type_into("sign-in-password", &format!("wrong-5{}", Key::Enter)).await;
    let wait = app.wait_text("sign-in-wait", |t| t.contains("秒")).await;
    assert!(wait.contains("30") || wait.contains("29") || wait.contains("28"), "{wait}");
    let button = app.find("sign-in-submit").await;
    assert!(button.attr("disabled").await.unwrap().is_some(), "the button waits too");
    app.screenshot(&artifact("session-sign-in-wait-zh.png")).await;
    // Counted down.
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let later = app.text("sign-in-wait").await;
    assert_ne!(later, wait, "the wait is counted down");
    app.quit().await;

    // Even the right password is refused until the wait is over (on the command line too).
    let out = desk.cli_output("王芳", &["person", "list", "--json"]);
    assert!(!out.status.success(), "signed in during the wait");
    // The refusals are in the trail (read by another administrator).
    let entries = audit(&desk, "刘洋");
    let failed = entries.iter().filter(|e| e["action"] == "session.sign_in_failed").count();
    assert!(failed >= 5, "{failed} failed sign-ins recorded: {entries:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_requests_a_trip_without_the_decision_and_the_approver_decides_it() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.person_with_passport();
    desk.account("李娜", "clerk");
    desk.account("赵强", "approver");

    // The clerk requests the trip in the window: no approve or refuse button for her.
    let app = desk.open_as("李娜").await;
    app.resize(1366, 768).await;
    app.wait_text("account-role", |t| t.contains("经办人")).await;
    open_person(&app).await;
    app.click("person-trip-add").await;
    app.find("trip-dialog").await;
    app.type_into("trip-destinations", "jp,").await;
    app.wait_text("trip-destination-names", |t| t.contains("日本")).await;
    app.type_into("trip-purpose", "探亲").await;
    app.click("trip-save").await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    app.find("approver-view").await;
    assert!(!app.is_present("trip-approve").await, "a clerk is offered the approval");
    assert!(!app.is_present("trip-refuse").await, "a clerk is offered the refusal");
    // Nor the policy, backups or accounts in Settings.
    app.click("nav-settings").await;
    app.find("settings-accounts").await;
    assert!(!app.is_present("accounts-table").await && !app.is_present("account-add").await);
    assert_eq!(app.find("policy-select").await.attr("disabled").await.unwrap().as_deref(), Some("true"));
    assert!(!app.is_present("backup-now").await);
    app.screenshot(&artifact("session-clerk-settings.png")).await;

    // The approver signs in on the same window and decides it.
    app.sign_out().await;
    app.sign_in("赵强", PASSWORD).await;
    app.wait_text("account-role", |t| t.contains("审批人")).await;
    open_trip(&app).await;
    app.click("trip-approve").await;
    app.find("trip-action-dialog").await;
    app.type_into("decision-approver", "赵强").await;
    app.type_into("decision-personnel", "同意").await;
    app.type_into("decision-secrecy", "同意").await;
    app.click("trip-action-save").await;
    app.wait_text("trip-state", |t| t == "已批准").await;
    app.quit().await;

    // The trail: the request by the clerk, the decision by the approver.
    let entries = audit(&desk, "王芳");
    let by = |action: &str| entries.iter().find(|e| e["action"] == action).map(|e| e["operator"].as_str().unwrap_or_default().to_owned());
    assert_eq!(by("trip.request").as_deref(), Some("李娜"), "{entries:?}");
    assert_eq!(by("trip.approve").as_deref(), Some("赵强"), "{entries:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auditor_sees_everything_and_no_button_that_writes() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.person_with_passport();
    desk.account("周敏", "auditor");
    let app = desk.open_as("周敏").await;
    app.resize(1366, 768).await;
    app.wait_text("account-role", |t| t.contains("审计员")).await;
    let note = app.wait_text("read-only-role", |t| !t.is_empty()).await;
    assert!(note.contains("审计员"), "{note}");

    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;
    assert!(!app.is_present("person-add").await, "Add person offered to an auditor");
    open_person(&app).await;
    app.find("person-travel").await;
    for offer in ["person-edit", "level-change", "person-archive", "person-generate-form", "person-doc-add", "person-trip-add"] {
        assert!(!app.is_present(offer).await, "{offer} offered to an auditor");
    }
    app.screenshot(&artifact("session-auditor-person.png")).await;
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    assert!(!app.is_present("trip-add").await, "a new trip offered to an auditor");
    // The audit trail is theirs to read and verify.
    app.click("nav-audit").await;
    app.find("audit-verify").await;
    app.click("nav-settings").await;
    app.find("settings-accounts").await;
    assert!(!app.is_present("accounts-table").await && !app.is_present("backup-now").await);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_idle_window_locks_keeps_what_was_typed_and_unlocks_with_the_password() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768).with_idle_seconds(4);
    let app = desk.open().await;
    app.resize(1366, 768).await;

    // A clerk starts adding a person and leaves the keyboard.
    app.click("nav-people").await;
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "张三").await;
    app.type_into("field-staff_no", "S0001").await;
    let lock = app.wait_text("lock-screen", |t| !t.is_empty()).await;
    assert!(lock.contains("王芳") && lock.contains("已锁定"), "{lock}");
    // Blurred, kept in place: the dialog and its text are still there beneath the lock.
    assert!(app.is_present("person-dialog").await);
    assert_eq!(app.value("field-name").await, "张三");
    let blurred = app
        .client
        .execute("return getComputedStyle(document.querySelector('[data-testid=\"person-dialog\"]')).filter;", vec![])
        .await
        .unwrap();
    assert!(blurred.as_str().is_some_and(|f| f.contains("blur")), "the dialog is not blurred: {blurred}");
    app.screenshot(&artifact("session-lock-zh.png")).await;

    // The backend is locked too: nothing is read or written until the password is given.
    let out = desk.cli_output("王芳", &["person", "list", "--json"]);
    assert!(out.status.success(), "the command line has its own session");

    // A wrong password is refused; the right one brings everything back as it was.
    app.type_into("lock-password", &format!("wrong-password{}", Key::Enter)).await;
    app.wait_text("lock-error", |t| t.contains("不正确")).await;
    app.type_into("lock-password", &format!("{PASSWORD}{}", Key::Enter)).await;
    app.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css(&format!("{}[open]", tid("person-dialog"))))
        .await
        .expect("the dialog is still open");
    let start = std::time::Instant::now();
    while app.is_present("lock-screen").await {
        assert!(start.elapsed().as_secs() < 10, "still locked");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.value("field-name").await, "张三");
    assert_eq!(app.value("field-staff_no").await, "S0001");
    // The cursor is back where it was.
    let focused = app.client.execute("return document.activeElement.dataset.testid;", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("field-staff_no"));
    // And the clerk carries on: the person is saved.
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "core").await;
    app.click("person-save").await;
    app.wait_text("person-name", |t| t.contains("张三")).await;

    // "Sign in as someone else" says what is lost, then signs out.
    app.click("account-open").await;
    app.click("lock-now").await;
    app.find("lock-screen").await;
    app.click("lock-switch").await;
    let warn = app.text("lock-switch-confirm").await;
    assert!(warn.contains("丢失"), "{warn}");
    app.click("lock-switch-go").await;
    app.find("sign-in").await;
    assert_eq!(app.value("sign-in-name").await, "", "someone else signs in: no name offered");
    app.quit().await;

    let entries = audit(&desk, "王芳");
    assert!(entries.iter().any(|e| e["action"] == "person.add" && e["operator"] == "王芳"), "{entries:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_adds_a_clerk_in_settings_who_can_then_sign_in() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = desk.open().await;
    app.resize(1366, 768).await;
    app.click("nav-settings").await;
    let rows = app.wait_count(&tid("account-row"), 1).await;
    assert!(inner_text(&rows[0]).await.contains("管理员"));

    app.click("account-add").await;
    app.find("account-dialog-add").await;
    app.type_into("account-name", "李娜").await;
    app.select("account-role-select", "clerk").await;
    app.type_into("account-password", PASSWORD).await;
    app.type_into("account-password2", PASSWORD).await;
    app.screenshot(&artifact("session-account-add-zh.png")).await;
    app.click("account-save").await;
    let rows = app.wait_count(&tid("account-row"), 2).await;
    let mut words = Vec::new();
    for r in &rows {
        words.push(inner_text(r).await);
    }
    assert!(words.iter().any(|w| w.contains("李娜") && w.contains("经办人") && w.contains("启用")), "{words:?}");
    // The same name again is refused in words.
    app.click("account-add").await;
    app.type_into("account-name", "李娜").await;
    app.type_into("account-password", PASSWORD).await;
    app.type_into("account-password2", PASSWORD).await;
    app.click("account-save").await;
    app.wait_text("account-dialog-add", |t| t.contains("李娜") && t.contains("已有")).await;
    app.click("account-dialog-add-close").await;
    app.click("discard-yes").await;
    app.wait_count(&tid("account-dialog-add"), 0).await;
    app.screenshot(&artifact("session-accounts-zh.png")).await;

    // The idle minutes are the administrator's.
    app.type_into("idle-minutes", "15").await;
    app.click("idle-save").await;
    app.wait_text("idle-saved", |t| t.contains("15")).await;

    // The clerk signs in: her name and role in the sidebar, no accounts in Settings.
    app.sign_out().await;
    app.sign_in("李娜", PASSWORD).await;
    app.wait_text("account-role", |t| t.contains("经办人")).await;
    app.click("nav-settings").await;
    app.find("settings-accounts").await;
    assert!(!app.is_present("accounts-table").await && !app.is_present("idle-minutes").await);

    // The administrator makes her an approver and disables the account: she can no longer sign in.
    app.sign_out().await;
    app.sign_in("王芳", PASSWORD).await;
    app.click("nav-settings").await;
    let rows = app.wait_count(&tid("account-row"), 2).await;
    let mut li = None;
    for r in rows {
        if r.attr("data-name").await.unwrap().as_deref() == Some("李娜") {
            li = Some(r);
        }
    }
    li.expect("李娜's row").find(fantoccini::Locator::Css(&tid("account-edit"))).await.unwrap().click().await.unwrap();
    app.find("account-dialog-edit").await;
    app.select("account-role-select", "approver").await;
    app.click("account-disabled").await;
    app.click("account-save").await;
    app.wait_text("accounts-table", |t| t.contains("审批人") && t.contains("已停用")).await;
    app.sign_out().await;
    app.type_into("sign-in-name", "李娜").await;
    app.type_into("sign-in-password", &format!("{PASSWORD}{}", Key::Enter)).await;
    app.wait_text("sign-in-error", |t| t.contains("已停用")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_session_screens_in_english() {
    let desk = Desk::with_screen("en_US.UTF-8", 1280, 680).first_start();
    let app = desk.open_signed_out().await;
    app.resize(1280, 680).await;
    let screen = app.wait_text("first-account", |t| !t.is_empty()).await;
    assert!(screen.contains("administrator") && screen.contains("cannot recover"), "{screen}");
    app.screenshot(&artifact("session-first-account-en.png")).await;
    app.type_into("first-name", "Ann Lee").await;
    app.type_into("first-password", PASSWORD).await;
    app.type_into("first-password2", PASSWORD).await;
    app.click("first-account-save").await;
    app.find("first-start").await;
    app.answer_first_start().await;
    app.wait_text("account-role", |t| t.contains("Administrator")).await;

    // Settings → Accounts, a clerk added.
    app.click("nav-settings").await;
    app.wait_count(&tid("account-row"), 1).await;
    app.click("account-add").await;
    app.type_into("account-name", "Li Na").await;
    app.select("account-role-select", "clerk").await;
    app.type_into("account-password", PASSWORD).await;
    app.type_into("account-password2", PASSWORD).await;
    app.screenshot(&artifact("session-account-add-en.png")).await;
    app.click("account-save").await;
    app.wait_count(&tid("account-row"), 2).await;
    app.screenshot(&artifact("session-accounts-en.png")).await;

    // Locked by hand, a wrong password refused in English.
    app.click("account-open").await;
    app.screenshot(&artifact("session-account-dialog-en.png")).await;
    app.click("lock-now").await;
    app.find("lock-screen").await;
    app.type_into("lock-password", &format!("not-it{}", Key::Enter)).await;
    app.wait_text("lock-error", |t| t.contains("not right")).await;
    app.screenshot(&artifact("session-lock-en.png")).await;
    app.type_into("lock-password", &format!("{PASSWORD}{}", Key::Enter)).await;
    let start = std::time::Instant::now();
    while app.is_present("lock-screen").await {
        assert!(start.elapsed().as_secs() < 10, "still locked");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Signed out: the sign-in screen in English.
    app.sign_out().await;
    app.type_into("sign-in-name", "Li Na").await;
    app.type_into("sign-in-password", &format!("wrong{}", Key::Enter)).await;
    app.wait_text("sign-in-error", |t| t.contains("not right")).await;
    app.screenshot(&artifact("session-sign-in-en-1280x680.png")).await;
    app.sign_in("Li Na", PASSWORD).await;
    app.wait_text("account-role", |t| t.contains("Clerk")).await;
    app.quit().await;
}
