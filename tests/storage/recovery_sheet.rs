//! The recovery sheet (issue 14): the PDF an administrator prints from Settings → Encryption
//! carries the register's current recovery key (which opens the register), its path and the
//! office's name; printing it is recorded; a clerk is refused; an unencrypted register has none.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use clearance_domain::access::Role;
use clearance_tracker_lib::office::{Office, SignedIn};
use clearance_tracker_lib::store::{self, Key, OpenOptions};

use super::sqlite_only;

const PASSPHRASE: &str = "保密办公室 recovery sheet";

fn office(store: store::Store, path: &Path, account: SignedIn) -> Office {
    Office::new(store, path.display().to_string())
        .with_today(Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()))
        .with_account(Some(account))
}

async fn encrypted(path: &Path, account: SignedIn) -> Office {
    let store = store::open(OpenOptions::new(path).key(Some(Key::passphrase(PASSPHRASE.into())))).await.unwrap();
    office(store, path, account)
}

/// The PDF's text, as `pdftotext` reads it (poppler-utils).
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The key's groups of four hex digits as the sheet prints them, in order.
fn printed_groups(text: &str) -> Vec<String> {
    let groups: Vec<String> = text
        .split_whitespace()
        .filter(|w| {
            w.len() == 4 && w.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) && w.chars().all(|c| c.is_ascii_hexdigit())
        })
        .map(str::to_owned)
        .collect();
    groups[groups.len().saturating_sub(25)..].to_vec()
}

#[tokio::test]
async fn the_sheet_carries_the_current_recovery_key_which_opens_the_register() {
    if sqlite_only("the recovery key of an encrypted register file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let admin = encrypted(&db, SignedIn::admin("王芳")).await;
    admin.set_form_header("测试单位保密办公室", "Test Secrecy Office", "bilingual").await.unwrap();
    let before = admin.audit_page(0, 1).await.unwrap().total;

    let sheet = dir.path().join("恢复单.pdf");
    let saved = admin.save_recovery_sheet(&sheet, None).await.unwrap();
    assert_eq!(saved, sheet.display().to_string());
    let text = pdf_text(&sheet);
    for words in ["登记册恢复密钥", "Register Recovery Key", "测试单位保密办公室", "存放于保密柜", "2026年11月30日"]
    {
        assert!(text.contains(words), "{words} is not on the sheet:\n{text}");
    }
    // The path may break after a slash (a zero-width space there).
    let flat = text.replace(|c: char| c.is_whitespace() || c == '\u{200b}', "");
    assert!(flat.contains(&db.display().to_string()), "{text}");
    let key = admin.recovery_key().await.unwrap();
    let expected: Vec<String> = key.split_whitespace().map(str::to_owned).collect();
    assert_eq!(printed_groups(&text), expected, "the sheet's key");
    // Printing it was recorded (the key shown), and the sheet's key opens the register.
    assert!(admin.audit_page(0, 1).await.unwrap().total > before);
    admin.store().close().await;
    let printed = printed_groups(&text).join(" ");
    let reopened = store::open(OpenOptions::new(&db).key(Some(Key::parse_recovery(&printed).unwrap()))).await;
    assert!(reopened.is_ok(), "the printed recovery key opens the register");
}

#[tokio::test]
async fn a_clerk_is_refused_the_sheet_and_a_plain_register_has_none() {
    if sqlite_only("the recovery key of an encrypted register file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let clerk = encrypted(&db, SignedIn::new("李四", Role::Clerk)).await;
    let sheet = dir.path().join("sheet.pdf");
    assert!(clerk.save_recovery_sheet(&sheet, None).await.is_err());
    assert!(!sheet.exists(), "nothing is written on a refusal");
    clerk.store().close().await;

    let plain_db = dir.path().join("plain.db");
    let plain = office(store::open(OpenOptions::new(&plain_db)).await.unwrap(), &plain_db, SignedIn::admin("王芳"));
    assert!(plain.save_recovery_sheet(&sheet, None).await.is_err());
    assert!(!sheet.exists());
}

#[tokio::test]
async fn a_missing_folder_is_refused_before_anything_is_rendered() {
    if sqlite_only("the recovery key of an encrypted register file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let admin = encrypted(&db, SignedIn::admin("王芳")).await;
    let err = admin.save_recovery_sheet(&dir.path().join("no-such-folder").join("sheet.pdf"), None).await.unwrap_err();
    assert_eq!(err.code(), "file.no_folder");
}
