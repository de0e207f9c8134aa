//! The register file in the window: opened read-only, damaged, not a register at all, busy with
//! another clerk's write; and the person dialog held to the Rust rules' limits.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use clearance_domain::limits::{NAME, NOTES};
use serde_json::json;

use crate::harness::{artifact, inner_text, tid, Desk};

/// An office laptop's screen, at which the screenshots are looked at.
const SCREEN: (u32, u32) = (1366, 768);

fn valid_id(i: u32) -> String {
    let body = format!("11010519900101{:03}", i % 1000);
    let check = clearance_domain::id_card::check_char(&body).expect("17 digits");
    format!("{body}{check}")
}

/// Adds `n` people through the command line (as the desk's administrator).
fn prepare_register(desk: &Desk, n: u32) {
    for i in 0..n {
        let (staff_no, id) = (format!("{}", 100 + i), valid_id(i));
        desk.cli(&[
            "person",
            "add",
            "--name",
            "王芳",
            "--staff-no",
            &staff_no,
            "--id-number",
            &id,
            "--unit",
            "机要室",
            "--level",
            "general",
        ]);
    }
}

fn sqlite(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("sqlite3");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_register_opened_read_only_says_so_and_offers_no_change() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare_register(&desk, 2);
    let before = std::fs::read(desk.db_path()).expect("the register");

    let app = desk.open_with(&["--read-only"]).await;
    app.resize(SCREEN.0, SCREEN.1).await;
    // Signed in, no first-start prompt (nothing could be saved), the account shown.
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    let banner = app.wait_text("read-only-banner", |t| !t.is_empty()).await;
    assert!(banner.contains("只读"), "{banner}");

    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 2).await;
    assert!(app.is_present("read-only-banner").await, "the banner stays above every screen");
    assert!(!app.is_present("person-add").await, "no Add person on a read-only register");
    app.screenshot(&artifact("register-read-only.png")).await;

    // A person's page lists what is recorded and offers nothing to change.
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.find("person-name").await;
    app.find("person-travel").await;
    for offer in ["person-edit", "level-change", "person-archive", "person-generate-form", "person-doc-add", "person-trip-add"] {
        assert!(!app.is_present(offer).await, "{offer} is offered on a read-only register");
    }
    // Seeing the whole ID number is an audit entry, which a read-only register cannot take.
    assert_eq!(app.find("id-reveal").await.attr("disabled").await.unwrap().as_deref(), Some("true"));
    app.find("lifecycle").await;
    let offered = app.find_all("[data-testid=\"lifecycle\"] button[data-testid^=\"lifecycle-\"], [data-testid^=\"step-record-\"]").await;
    assert!(offered.is_empty(), "{} lifecycle actions offered on a read-only register", offered.len());
    app.screenshot(&artifact("register-read-only-person.png")).await;

    // Settings that would be written to the register cannot be changed.
    app.click("nav-settings").await;
    for control in ["language-select", "form-header-save", "setting-keep-in-tray"] {
        assert!(app.find(control).await.attr("disabled").await.unwrap().is_some(), "{control} is enabled");
    }
    app.screenshot(&artifact("register-read-only-settings.png")).await;
    app.quit().await;

    assert!(std::fs::read(desk.db_path()).expect("the register") == before, "a read-only register was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_register_with_a_damaged_page_shows_the_damage_soon_after_start() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare_register(&desk, 40);
    // Overwrite the root page of an index (the file's own numbers say where it is).
    let db = desk.db_path();
    sqlite(&db, "PRAGMA wal_checkpoint(TRUNCATE);");
    let page_size: usize = sqlite(&db, "PRAGMA page_size;").parse().unwrap();
    let root: usize = sqlite(&db, "SELECT rootpage FROM sqlite_master WHERE name = 'person_name_pinyin';").parse().unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[(root - 1) * page_size..root * page_size].fill(0xA5);
    std::fs::write(&db, bytes).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    let damaged = app.wait_text("register-damaged", |t| !t.is_empty()).await;
    assert!(damaged.contains("已损坏") && damaged.contains("备份"), "{damaged}");
    app.screenshot(&artifact("register-damaged.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_register_is_refused_in_words_and_left_as_it_was() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let folder = desk.data.path().join("files");
    std::fs::create_dir_all(&folder).unwrap();

    // Another program's SQLite database.
    let notes = folder.join("notes.db");
    sqlite(&notes, "CREATE TABLE notes(x);");
    let before = std::fs::read(&notes).unwrap();
    let app = desk.open_signed_out_with(&["--db", notes.to_str().unwrap()]).await;
    app.resize(SCREEN.0, SCREEN.1).await;
    let message = app.wait_text("startup-message", |t| !t.is_empty()).await;
    assert!(message.contains("其他程序的数据库"), "{message}");
    assert_eq!(app.text("startup-title").await, "无法打开登记册");
    // Trying again in this window cannot help: it says to deal with the file and reopen.
    assert!(!app.is_present("startup-retry").await);
    assert!(app.text("startup-reopen").await.contains("重新打开"));
    assert!(!app.is_present("nav-people").await);
    app.screenshot(&artifact("register-foreign.png")).await;
    app.quit().await;
    assert!(std::fs::read(&notes).unwrap() == before, "another program's database was changed");

    // A file that is no database at all.
    let text = folder.join("register.db");
    std::fs::write(&text, "名单\n张三\n").unwrap();
    let app = desk.open_signed_out_with(&["--db", text.to_str().unwrap()]).await;
    let message = app.wait_text("startup-message", |t| !t.is_empty()).await;
    assert!(message.contains("不是 Clearance Tracker 登记册"), "{message}");
    app.quit().await;
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "名单\n张三\n");

    // SQLite left nothing beside either file (no journal, WAL or shared memory). (The backend
    // does leave its `.lock` file beside a refused file: it takes the lock before looking.)
    let left: Vec<String> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    for suffix in ["-journal", "-wal", "-shm"] {
        assert!(!left.iter().any(|f| f.ends_with(suffix)), "{left:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_person_dialog_holds_each_field_to_the_rules_limit_and_counts_long_notes() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.click("person-add").await;
    app.find("person-dialog").await;

    // Every text field of the dialog carries its limit.
    let fields = app
        .find_all("[data-testid=\"person-dialog\"] input:not([type=date]):not([type=checkbox]), [data-testid=\"person-dialog\"] textarea")
        .await;
    assert!(fields.len() >= 7);
    for f in fields {
        let id = f.attr("data-testid").await.unwrap().unwrap_or_default();
        assert!(f.attr("maxlength").await.unwrap().is_some(), "{id} has no maxlength");
    }
    let name = app.find("field-name").await;
    assert_eq!(name.attr("maxlength").await.unwrap(), Some(NAME.max.to_string()));
    assert_eq!(NAME.max, 100);
    // Typing past it stops at it.
    app.type_into("field-name", &"阿".repeat(NAME.max as usize + 20)).await;
    assert_eq!(app.value("field-name").await.chars().count(), NAME.max as usize);

    // Short notes show no count; long ones do, and typing stops at the limit.
    let notes = app.find("field-notes").await;
    assert_eq!(notes.attr("maxlength").await.unwrap(), Some(NOTES.max.to_string()));
    app.type_into("field-notes", "兼任保密员").await;
    assert!(!app.is_present("count-notes").await);
    // Most of a long text is pasted in (as a script: typing 4000 keys takes too long), the
    // rest is typed.
    app.client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(tid("field-notes")), json!("记".repeat(NOTES.max as usize - 10))],
        )
        .await
        .expect("fill the notes");
    app.wait_text("count-notes", |t| t == format!("{}/{}", NOTES.max - 10, NOTES.max)).await;
    notes.send_keys(&"录".repeat(25)).await.expect("type");
    app.wait_text("count-notes", |t| t == format!("{0}/{0}", NOTES.max)).await;
    assert_eq!(app.value("field-notes").await.chars().count(), NOTES.max as usize);
    app.screenshot(&artifact("person-dialog-notes-count.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_while_another_clerk_is_writing_waits_visibly_and_then_goes_through() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare_register(&desk, 1);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "张三").await;
    app.type_into("field-staff_no", "S0001").await;
    app.type_into("field-id_number", "440304198506171238").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "core").await;

    // Another clerk's program holds the register's write lock.
    let mut other = Command::new("sqlite3").arg(desk.db_path()).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().expect("sqlite3");
    let mut clerk = other.stdin.take().unwrap();
    writeln!(clerk, "BEGIN IMMEDIATE;").unwrap();
    clerk.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    app.click("person-save").await;
    // The backend waits its busy timeout, refuses with store.busy; the window says it waits.
    let status = app.wait_text("register-busy", |t| !t.trim().is_empty()).await;
    assert!(status.contains("另一位操作员正在写入登记册"), "{status}");
    assert!(app.is_present("person-dialog").await, "the dialog stays open while it waits");
    assert!(!app.is_present("error-general").await || app.text("error-general").await.is_empty());
    app.screenshot(&artifact("register-busy.png")).await;

    // The other clerk finishes; the next attempt goes through.
    writeln!(clerk, "COMMIT;").unwrap();
    drop(clerk);
    other.wait().unwrap();
    // The new person opens on their page (issue 13); back to the register.
    app.wait_text("person-name", |t| t.contains("张三")).await;
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 2).await;
    let mut names = Vec::new();
    for r in &rows {
        names.push(inner_text(r).await);
    }
    assert!(names.iter().any(|n| n.contains("张三")), "{names:?}");
    app.wait_text("register-busy", |t| t.trim().is_empty()).await;
    assert!(!app.is_present("person-dialog").await);
    app.quit().await;
    assert_eq!(sqlite(&desk.db_path(), "SELECT count(*) FROM person WHERE staff_no = 'S0001';"), "1");
}
