//! Encryption at rest in the real window (issue 14): the first start sets a passphrase (or
//! chooses no encryption, with the warning in front of it), every start of an encrypted register
//! asks for it (or for the recovery key printed on the recovery sheet), and Settings changes it.
//!
//! Each test opens the window on a register path of its own that does not exist yet (`--db`), so
//! the window's own first start runs: the desk's prepared register is not used.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{artifact, App, Desk, PASSWORD};

const APP: &str = env!("CARGO_BIN_EXE_clearance-tracker");
const PASSPHRASE: &str = "松柏常青 保密室 2026";
const NEW_PASSPHRASE: &str = "another long passphrase 42";
/// A name added after the register was encrypted: it must not appear in the file's bytes.
const LATER_NAME: &str = "欧阳娜娜";

fn fresh_db(desk: &Desk) -> PathBuf {
    desk.data.path().join("office").join("register.db")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The register file and its write-ahead log, as a copy of the disk would show them.
fn raw_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).expect("read the register file");
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        bytes.extend(wal);
    }
    bytes
}

/// Runs the command line on the encrypted register at `db` with the passphrase in a key file,
/// signed in as `user`.
fn cli(desk: &Desk, db: &Path, passphrase: &str, user: &str, args: &[&str]) -> String {
    let key_file = desk.data.path().join("key");
    std::fs::write(&key_file, format!("{passphrase}\n")).expect("write the key file");
    let out = Command::new(APP)
        .env("XDG_DATA_HOME", desk.data.path())
        .env("XDG_CONFIG_HOME", desk.data.path().join("config"))
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", desk.password_file())
        .env_remove("CLEARANCE_TRACKER_DB")
        .env_remove("CLEARANCE_TRACKER_USER")
        .env_remove("CLEARANCE_TRACKER_KEY_FILE")
        .arg("--db")
        .arg(db)
        .arg("--key-file")
        .arg(&key_file)
        .args(["--user", user])
        .args(args)
        .output()
        .expect("run the binary");
    let _ = std::fs::remove_file(&key_file);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first account (an administrator) and the office's first-start questions.
async fn first_account(app: &App, name: &str) {
    app.find("first-account").await;
    app.type_into("first-name", name).await;
    app.type_into("first-password", PASSWORD).await;
    app.type_into("first-password2", PASSWORD).await;
    app.click("first-account-save").await;
    let start = std::time::Instant::now();
    while !app.is_present("first-start").await && !app.is_present("operator-current").await {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the first account was not created");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.answer_first_start().await;
}

async fn unlock(app: &App, secret: &str) {
    app.type_into("unlock-passphrase", secret).await;
    app.click("unlock-submit").await;
}

/// The recovery key as printed on the sheet (read back from the PDF's text).
fn key_from_sheet(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let groups: Vec<&str> =
        text.split_whitespace().filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())).collect();
    assert!(groups.len() >= 25, "the sheet's key: {text}");
    groups[groups.len() - 25..].join(" ")
}

#[tokio::test]
async fn an_encrypted_register_from_the_first_start_to_a_changed_passphrase() {
    let desk = Desk::new("zh_CN.UTF-8");
    let db = fresh_db(&desk);
    let db_arg = db.display().to_string();
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;

    // First start: the passphrase is asked for, with what a lost one means.
    app.find("register-create").await;
    assert!(app.text("create-lost-warning").await.contains("无法找回"));
    assert_eq!(app.text("create-path").await, db_arg);
    app.type_into("create-passphrase", "太短了").await;
    app.wait_text("create-strength", |t| t.contains("太短")).await;
    app.type_into("create-repeat", "太短了").await;
    app.click("create-submit").await;
    app.wait_text("error-passphrase", |t| t.contains("至少需要 12 个字符")).await;
    assert!(!db.exists() || std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) == 0, "nothing is created on a refusal");

    app.type_into("create-passphrase", PASSPHRASE).await;
    app.type_into("create-repeat", PASSPHRASE).await;
    app.screenshot(&artifact("encryption-create-zh.png")).await;
    app.click("create-submit").await;
    app.find("create-created").await;

    // The recovery sheet, right after: saved where the dialog answered and opened in the viewer.
    let sheet = desk.data.path().join("恢复单.pdf");
    desk.answer_dialog(&sheet);
    app.click("create-sheet").await;
    app.find("create-sheet-saved").await;
    app.screenshot(&artifact("encryption-created-zh.png")).await;
    assert!(std::fs::read(&sheet).expect("the sheet was saved").starts_with(b"%PDF"));
    assert!(desk.viewer_log().contains(&format!("open {}", sheet.display())), "{}", desk.viewer_log());
    let recovery = key_from_sheet(&sheet);
    desk.cancel_dialog();

    app.click("create-continue").await;
    first_account(&app, "王芳").await;
    app.quit().await;

    // A name added later: not in the file's bytes, nor the SQLite header.
    cli(
        &desk,
        &db,
        PASSPHRASE,
        "王芳",
        &[
            "person",
            "add",
            "--name",
            LATER_NAME,
            "--staff-no",
            "E0001",
            "--id-number",
            "440304198506171238",
            "--unit",
            "机要室",
            "--level",
            "core",
        ],
    );
    let bytes = raw_bytes(&db);
    assert!(!contains(&bytes, b"SQLite format 3"), "the register file has a plain SQLite header");
    assert!(!contains(&bytes, LATER_NAME.as_bytes()), "the name is readable in the register file");
    assert!(!contains(&bytes, b"440304198506171238"), "the ID number is readable in the register file");

    // Every start asks: a wrong passphrase is refused with nothing changed, the right one opens.
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    app.find("register-unlock").await;
    assert_eq!(app.text("unlock-path").await, db_arg);
    app.screenshot(&artifact("encryption-unlock-zh.png")).await;
    let before = std::fs::read(&db).expect("read the register");
    unlock(&app, "这不是口令 wrong one").await;
    app.wait_text("error-passphrase", |t| t.contains("口令不正确")).await;
    app.screenshot(&artifact("encryption-unlock-wrong-zh.png")).await;
    assert_eq!(std::fs::read(&db).expect("read the register"), before, "a wrong passphrase changed the file");
    unlock(&app, PASSPHRASE).await;
    app.sign_in("王芳", PASSWORD).await;
    app.click("nav-people").await;
    app.wait_text("person-name-cell", |t| t.contains(LATER_NAME)).await;
    app.quit().await;

    // The recovery key from the sheet opens it too.
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    app.click("unlock-switch").await;
    app.type_into("unlock-recovery", &recovery.to_lowercase()).await;
    app.screenshot(&artifact("encryption-unlock-recovery-zh.png")).await;
    app.click("unlock-submit").await;
    app.sign_in("王芳", PASSWORD).await;

    // Settings → Encryption: the passphrase changed (the current one first).
    app.click("nav-settings").await;
    app.wait_text("encryption-state", |t| t.contains("已加密")).await;
    app.type_into("encryption-old", "not the passphrase at all").await;
    app.type_into("encryption-new", NEW_PASSPHRASE).await;
    app.type_into("encryption-new2", NEW_PASSPHRASE).await;
    app.click("encryption-save").await;
    app.wait_text("error-old", |t| t.contains("口令不正确")).await;
    app.type_into("encryption-old", PASSPHRASE).await;
    app.click("encryption-save").await;
    app.wait_text("encryption-done", |t| t.contains("口令已更换")).await;
    app.screenshot(&artifact("encryption-settings-zh.png")).await;
    app.quit().await;

    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    unlock(&app, PASSPHRASE).await;
    app.wait_text("error-passphrase", |t| t.contains("口令不正确")).await;
    unlock(&app, NEW_PASSPHRASE).await;
    app.sign_in("王芳", PASSWORD).await;
    app.quit().await;
}

#[tokio::test]
async fn no_encryption_is_chosen_explicitly_with_the_warning_in_front_of_it() {
    let desk = Desk::new("en_US.UTF-8");
    let db = fresh_db(&desk);
    let db_arg = db.display().to_string();
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;

    app.find("register-create").await;
    app.type_into("create-passphrase", "correct horse battery staple").await;
    app.wait_text("create-strength", |t| t.contains("Strong")).await;
    app.screenshot(&artifact("encryption-create-en.png")).await;

    app.click("create-plain").await;
    let warning = app.text("create-plain-warning").await;
    assert!(warning.contains("reads every name and ID number"), "{warning}");
    let submit = app.find("create-submit").await;
    assert!(!submit.is_enabled().await.expect("enabled"), "no encryption needs the box ticked");
    app.screenshot(&artifact("encryption-plain-en.png")).await;
    app.click("create-plain-confirm").await;
    app.click("create-submit").await;
    first_account(&app, "Ann Lee").await;
    app.quit().await;
    assert!(std::fs::read(&db).expect("the register").starts_with(b"SQLite format 3\0"), "a plain register was made");

    // A plain register opens without being asked for anything, as before.
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    app.find("sign-in").await;
    assert!(!app.is_present("register-unlock").await);
    app.quit().await;
}

#[tokio::test]
async fn the_unlock_screen_in_english() {
    let desk = Desk::new("en_US.UTF-8");
    let db = fresh_db(&desk);
    let db_arg = db.display().to_string();
    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    app.type_into("create-passphrase", NEW_PASSPHRASE).await;
    app.type_into("create-repeat", NEW_PASSPHRASE).await;
    app.click("create-submit").await;
    app.find("create-created").await;
    app.screenshot(&artifact("encryption-created-en.png")).await;
    app.quit().await;

    let app = desk.open_signed_out_with(&["--db", &db_arg]).await;
    app.find("register-unlock").await;
    app.screenshot(&artifact("encryption-unlock-en.png")).await;
    unlock(&app, "wrong passphrase, really").await;
    app.wait_text("error-passphrase", |t| t.contains("does not open the register")).await;
    app.click("unlock-switch").await;
    app.type_into("unlock-recovery", "1234 5678").await;
    app.click("unlock-submit").await;
    app.wait_text("error-recovery_key", |t| t.contains("not a valid recovery key")).await;
    app.screenshot(&artifact("encryption-unlock-recovery-en.png")).await;
    app.click("unlock-switch").await;
    unlock(&app, NEW_PASSPHRASE).await;
    // No account was made at the first start: the window goes on to the first one.
    app.find("first-account").await;
    app.quit().await;
}

#[tokio::test]
async fn an_unencrypted_register_is_encrypted_in_place_from_settings() {
    let desk = Desk::new("en_US.UTF-8").with_admin("Ann Lee");
    let app = desk.open().await;
    app.click("nav-settings").await;
    app.wait_text("encryption-state", |t| t.contains("not encrypted")).await;
    assert!(app.text("encryption-ssd").await.contains("SSD"));
    assert!(!app.is_present("encryption-old").await, "an unencrypted register has no current passphrase");
    app.type_into("encryption-new", NEW_PASSPHRASE).await;
    app.type_into("encryption-new2", NEW_PASSPHRASE).await;
    app.screenshot(&artifact("encryption-in-place-en.png")).await;
    app.click("encryption-save").await;
    app.wait_text("encryption-done", |t| t.contains("The register is encrypted")).await;
    app.wait_text("encryption-state", |t| t.contains("is encrypted")).await;
    // Its recovery sheet, printed by the administrator from Settings.
    let sheet = desk.data.path().join("recovery-sheet.pdf");
    desk.answer_dialog(&sheet);
    app.click("encryption-sheet").await;
    app.find("encryption-sheet-saved").await;
    app.screenshot(&artifact("encryption-sheet-en.png")).await;
    desk.cancel_dialog();
    assert!(desk.viewer_log().contains(&format!("open {}", sheet.display())), "{}", desk.viewer_log());
    let recovery = key_from_sheet(&sheet);
    // The window goes on working on the encrypted register: the people list reads it (this
    // desk's register has no one yet, so a successful answer shows the empty register's page).
    app.click("nav-people").await;
    app.find("empty-register").await;
    app.quit().await;
    assert!(!contains(&raw_bytes(&desk.db_path()), b"SQLite format 3"), "the register file still has a plain header");

    let app = desk.open_signed_out().await;
    app.find("register-unlock").await;
    unlock(&app, NEW_PASSPHRASE).await;
    app.sign_in("Ann Lee", PASSWORD).await;
    app.quit().await;

    // The sheet's key opens it too.
    let app = desk.open_signed_out().await;
    app.click("unlock-switch").await;
    app.type_into("unlock-recovery", &recovery).await;
    app.click("unlock-submit").await;
    app.sign_in("Ann Lee", PASSWORD).await;
    app.quit().await;
}
