//! The window on the office server (issue 16): two clerks' windows side by side on one register
//! on PostgreSQL, each signed in as its own server role by the password screen the window shows at
//! start (never kept). The clerk requests a trip, the approver approves it, and the clerk's window
//! shows it approved without being restarted (the window reads again when the register changes).
//! Screenshots of the password screen in Chinese and English, and of Settings → Register.
//! The server gone in the middle of a save: said, the typing kept, the retry saves.
//! Runs when `CLEARANCE_TRACKER_TEST_PG` names a server (scripts/test-postgres.sh).

use std::time::{Duration, Instant};

use crate::harness::{artifact, tid, App, Desk, PASSWORD};
use crate::relay::Relay;

/// The password screen the window shows at start on the server: the role and its password,
/// sent.
async fn submit_sign_in(app: &App, role: &str, shot: Option<&str>) {
    app.find("server-sign-in").await;
    let user = app.find("server-user").await;
    user.clear().await.expect("clear the role");
    user.send_keys(role).await.expect("type the role");
    app.type_into("server-password", PASSWORD).await;
    if let Some(name) = shot {
        app.screenshot(&artifact(name)).await;
    }
    app.click("server-connect").await;
}

/// [`submit_sign_in`], and the window open in that role's name.
async fn connect_as(app: &App, role: &str, shot: Option<&str>) {
    submit_sign_in(app, role, shot).await;
    app.wait_text("operator-current", |t| t.contains(role)).await;
}

async fn open_trip(app: &App) {
    app.click("nav-travel").await;
    app.find("travel-screen").await;
    let rows = app.wait_count(&tid("trip-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("button")).await.unwrap().click().await.unwrap();
    app.find("trip-page").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_two_windows_a_clerk_requests_the_approver_approves() {
    let Some(desk) = Desk::with_screen("zh_CN.UTF-8", 1280, 720).on_server() else { return };
    desk.person_with_passport();
    desk.account("李娜", "clerk");
    desk.account("赵强", "approver");
    // The approver's computer: the same server database, its window in English.
    let other = Desk::with_screen("en_US.UTF-8", 1280, 720).sharing_server_of(&desk);

    // A wrong password is said in words on the screen, and typed again.
    let clerk = desk.open_signed_out().await;
    clerk.resize(1280, 720).await;
    clerk.find("server-sign-in").await;
    clerk.find("server-user").await.send_keys("李娜").await.unwrap();
    clerk.type_into("server-password", "not-the-password").await;
    clerk.click("server-connect").await;
    let said = clerk.wait_text("error-password", |t| !t.is_empty()).await;
    assert!(said.contains("拒绝") && said.contains("李娜"), "{said}");
    clerk.screenshot(&artifact("server-sign-in-wrong-zh.png")).await;
    clerk.find("server-password").await.clear().await.unwrap();
    clerk.type_into("server-password", PASSWORD).await;
    clerk.click("server-connect").await;
    clerk.wait_text("operator-current", |t| t.contains("李娜")).await;
    clerk.wait_text("account-role", |t| t.contains("经办人")).await;

    let approver = other.open_signed_out().await;
    approver.resize(1280, 720).await;
    connect_as(&approver, "赵强", Some("server-sign-in-en.png")).await;

    // The clerk requests the trip: no decision offered to her.
    clerk.click("nav-people").await;
    let rows = clerk.wait_count(&tid("person-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    clerk.wait_text("person-name", |t| t.contains("张三")).await;
    clerk.click("person-trip-add").await;
    clerk.find("trip-dialog").await;
    clerk.type_into("trip-destinations", "jp,").await;
    clerk.wait_text("trip-destination-names", |t| t.contains("日本")).await;
    clerk.type_into("trip-purpose", "探亲").await;
    clerk.click("trip-save").await;
    clerk.wait_text("trip-state", |t| t == "待审批").await;
    assert!(!clerk.is_present("trip-approve").await, "a clerk is offered the approval");

    // The approver's window finds it and approves it.
    open_trip(&approver).await;
    approver.click("trip-approve").await;
    approver.find("trip-action-dialog").await;
    approver.type_into("decision-approver", "赵强").await;
    approver.type_into("decision-personnel", "同意").await;
    approver.type_into("decision-secrecy", "同意").await;
    approver.click("trip-action-save").await;
    // The register's language (zh-CN, set above) is every window's once it is open.
    approver.wait_text("trip-state", |t| t == "已批准").await;
    approver.screenshot(&artifact("server-approver.png")).await;

    // The clerk's window shows it approved without a restart nor a click.
    let start = Instant::now();
    clerk.wait_text("trip-state", |t| t == "已批准").await;
    eprintln!("the clerk's window showed the approval {} ms after the approver's", start.elapsed().as_millis());
    clerk.screenshot(&artifact("server-clerk-sees-approved-zh.png")).await;

    // Settings → Register: the office server in use, the choice for the next start.
    clerk.click("nav-settings").await;
    clerk.wait_text("register-now", |t| t.contains("办公室服务器")).await;
    clerk.click("register-where-server").await;
    clerk.find("server-host").await;
    clerk.screenshot(&artifact("server-settings-register-zh.png")).await;
    clerk.click("register-choice-save").await;
    let errors = clerk.wait_text("error-server_host", |t| !t.is_empty()).await;
    assert!(!errors.is_empty());
    clerk.type_into("server-host", "db.office.example").await;
    clerk.type_into("server-database-input", "register").await;
    clerk.type_into("server-user-input", "李娜").await;
    clerk.click("register-choice-save").await;
    clerk.wait_text("register-choice-saved", |t| t.contains("下次启动")).await;
    clerk.screenshot(&artifact("server-settings-register-saved-zh.png")).await;
    approver.click("nav-settings").await;
    approver.wait_text("register-now", |t| t.contains("办公室服务器")).await;
    approver.screenshot(&artifact("server-settings-register-approver.png")).await;
    // The office's name and the forms' settings are the administrator's: shown, not editable.
    for app in [&clerk, &approver] {
        for field in ["office-name", "office-name-en", "form-language", "form-header-save"] {
            assert!(!app.find(field).await.is_enabled().await.unwrap(), "{field} is the administrator's");
        }
        assert!(!app.is_present("settings-server-care").await && !app.is_present("settings-backup").await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    clerk.quit().await;
    approver.quit().await;

    // The trail names the login roles.
    let out = desk.cli(&["audit", "list", "--limit", "50", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&out).expect("audit list --json");
    let by = |action: &str| {
        entries.as_array().unwrap().iter().find(|e| e["action"] == action).map(|e| e["operator"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(by("trip.request").as_deref(), Some("李娜"));
    assert_eq!(by("trip.approve").as_deref(), Some("赵强"));
}

/// The administrator's Settings on the office server: the office's name and the forms' settings
/// editable; in place of backups and encryption (the file's), a card saying they are the server
/// administrator's.
#[tokio::test(flavor = "multi_thread")]
async fn server_settings_the_administrator_finds_backups_are_the_servers() {
    let Some(desk) = Desk::with_screen("en_US.UTF-8", 1280, 900).on_server() else { return };
    let app = desk.open_signed_out().await;
    submit_sign_in(&app, desk.admin(), None).await;
    // The register's first start is the administrator's to answer.
    app.find("first-start").await;
    app.answer_first_start().await;
    app.click("nav-settings").await;
    let care = app.wait_text("settings-server-care", |t| !t.is_empty()).await;
    assert!(care.contains("server") && care.contains("administrator"), "{care}");
    assert!(!app.is_present("settings-backup").await, "no backup of a file that is not here");
    // Enabled once the settings have loaded.
    let start = Instant::now();
    while !app.find("office-name").await.is_enabled().await.unwrap() {
        assert!(start.elapsed() < Duration::from_secs(20), "the office's name stays disabled for the administrator");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(app.find("form-header-save").await.is_enabled().await.unwrap());
    app.scroll_to("settings-server-care").await;
    app.screenshot(&artifact("server-settings-admin-en.png")).await;
    app.quit().await;
}

/// A server that does not answer: the password screen says so in words, in the language of the
/// start, and offers to try again (nothing is made on this computer). Needs no server.
#[tokio::test(flavor = "multi_thread")]
async fn server_unreachable_is_said_in_words_with_a_retry() {
    for (locale, words, retry) in [
        ("en_US.UTF-8", "Cannot reach the office server 127.0.0.1:1", "Try again"),
        ("zh_CN.UTF-8", "无法连接办公室服务器 127.0.0.1:1", "重试"),
    ] {
        let desk = Desk::with_screen(locale, 1280, 720);
        let app = desk.open_signed_out_with(&["--db", "postgres://li@127.0.0.1:1/register?sslmode=disable"]).await;
        app.resize(1280, 720).await;
        app.find("server-sign-in").await;
        assert_eq!(app.find("server-user").await.prop("value").await.unwrap().unwrap_or_default(), "li", "the address's role");
        app.type_into("server-password", PASSWORD).await;
        app.click("server-connect").await;
        let said = app.wait_text("server-problem", |t| !t.is_empty()).await;
        assert!(said.contains(words), "{said}");
        assert_eq!(app.text("server-connect").await.trim(), retry);
        let tag = if locale.starts_with("zh") { "zh" } else { "en" };
        app.screenshot(&artifact(&format!("server-unreachable-{tag}.png"))).await;
        // Trying again asks the server again (still not there): the same words, nothing else.
        app.click("server-connect").await;
        app.wait_text("server-problem", |t| t.contains(words)).await;
        app.quit().await;
    }
}

/// The office server goes away while the clerk saves a new person (issue 16): the window says the
/// server cannot be reached and nothing was saved, the dialog keeps what she typed and offers to
/// try again, nothing of the write is on the server, and once the server is back the same click
/// saves it. The window reaches the server through a relay the test cuts ([`Relay`]); the write is
/// caught in flight by a lock held on the audit trail, so the cut comes between its first row and
/// its commit.
#[tokio::test(flavor = "multi_thread")]
async fn server_gone_mid_save_the_dialog_keeps_the_typing_and_the_retry_saves() {
    use sqlx::Connection;

    let Some(desk) = Desk::with_screen("en_US.UTF-8", 1280, 720).on_server() else { return };
    desk.account("李娜", "clerk");
    let db = desk.server().expect("on the server");
    let options = clearance_tracker_lib::store::ServerOptions::from_url(&db.url).expect("the test server's address");
    let relay = Relay::start(&options.host, options.port).await;
    let address = db.address().replacen(&format!("{}:{}", options.host, options.port), &format!("127.0.0.1:{}", relay.port), 1);
    assert_ne!(address, db.address(), "the window goes through the relay");

    let app = desk.open_signed_out_with(&["--db", &address]).await;
    connect_as(&app, "李娜", None).await;
    app.click("nav-people").await;
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "欧阳喆").await;
    app.type_into("field-staff_no", "1024").await;
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "important").await;

    // Someone holds the trail: the save writes the person, then waits to append its entry.
    let mut holder = sqlx::PgConnection::connect(&db.url).await.expect("the administrator's connection");
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("LOCK TABLE audit_log IN EXCLUSIVE MODE").execute(&mut holder).await.unwrap();
    app.click("person-save").await;
    // Watched from a connection of its own: inside the holder's transaction the server's list of
    // sessions is the one its first look saw, without a session the save opens after it.
    let mut watcher = sqlx::PgConnection::connect(&db.url).await.expect("a second connection");
    let start = Instant::now();
    loop {
        let waiting: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
                .fetch_one(&mut watcher)
                .await
                .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the save never reached the audit trail");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    relay.cut();
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();

    let said = app.wait_text("error-general", |t| !t.is_empty()).await;
    assert!(said.contains("cannot be reached") && said.contains("not saved"), "{said}");
    assert!(app.is_present("person-dialog").await, "the dialog stays open");
    assert_eq!(app.value("field-name").await, "欧阳喆", "what was typed is kept");
    assert_eq!(app.value("field-staff_no").await, "1024");
    app.wait_text("person-save", |t| t.contains("Try again")).await;
    app.screenshot(&artifact("server-gone-mid-save.png")).await;
    // The server rolled the write back when its session ended: no person, no entry.
    let start = Instant::now();
    while db.psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").unwrap() != "0" {
        assert!(start.elapsed() < Duration::from_secs(30), "the window's session outlived the cut");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(db.psql("SELECT count(*) FROM person").unwrap(), "0", "nothing half-written");
    let entries = db.psql("SELECT count(*) FROM audit_log WHERE action LIKE 'person%'").unwrap();
    assert_eq!(entries, "0", "no entry for a person not saved");

    // Back: the same click saves, once.
    relay.restore().await;
    app.click("person-save").await;
    app.wait_text("person-name", |t| t.contains("欧阳喆")).await;
    assert_eq!(db.psql("SELECT name || '|' || staff_no FROM person").unwrap(), "欧阳喆|1024");
    app.quit().await;
    drop(holder);
}

/// A clerk's new computer, nothing on it yet (issue 16): the first-start screen offers the
/// office's server instead of a new file. The address is refused by field while incomplete, then
/// taken; the server's sign-in follows, nothing is created on this computer, and the next start
/// goes to the server by itself.
#[tokio::test(flavor = "multi_thread")]
async fn server_a_new_computer_chooses_the_office_server_at_its_first_start() {
    let Some(office) = Desk::new("zh_CN.UTF-8").on_server() else { return };
    office.account("李娜", "clerk");
    let server = office.server().expect("on the server");
    let options = clearance_tracker_lib::store::ServerOptions::from_url(&server.url).expect("the test server's address");

    let desk = Desk::with_screen("zh_CN.UTF-8", 1280, 800);
    let nothing_here = desk.data.path().join("new").join("register.db");
    let app = desk.open_signed_out_with(&["--db", nothing_here.to_str().expect("a UTF-8 path")]).await;
    app.find("register-create").await;
    app.click("first-server-open").await;
    app.find("first-server").await;
    // Incomplete: each missing field said under it, nothing kept.
    app.click("first-server-continue").await;
    app.wait_text("error-server_host", |t| t.contains("不能为空")).await;
    app.wait_text("error-server_user", |t| !t.is_empty()).await;
    app.type_into("server-host", &options.host).await;
    app.type_into("server-port", &options.port.to_string()).await;
    app.type_into("server-database-input", &options.database).await;
    app.type_into("server-user-input", "李娜").await;
    // The test server has no certificate the office's CA signed: TLS off, which the screen warns of.
    app.click("server-tls").await;
    app.find("server-tls-off").await;
    app.screenshot(&artifact("first-start-server-zh.png")).await;
    app.click("first-server-continue").await;

    // The server's sign-in, the role already filled in.
    app.find("server-sign-in").await;
    assert_eq!(app.value("server-user").await, "李娜");
    connect_as(&app, "李娜", None).await;
    app.wait_text("account-role", |t| t.contains("经办人")).await;
    assert!(!nothing_here.exists() && !nothing_here.parent().expect("its folder").exists(), "nothing made on this computer");
    app.quit().await;

    // The next start, with nothing named: the office server again.
    let app = desk.open_signed_out().await;
    app.find("server-sign-in").await;
    assert_eq!(app.value("server-user").await, "李娜");
    connect_as(&app, "李娜", None).await;
    app.quit().await;
}
