//! The register encrypted at rest (issue 14): the file, its WAL, a backup and the copy a
//! migration sets aside hold no name, ID number or SQLite header in plain text; a missing or
//! wrong key opens nothing and changes nothing; a change of key, the recovery key, and a plain
//! register encrypted in place with all its data and its audit chain.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use clearance_domain::register::PeopleQuery;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::{self, register_state, Key, OpenOptions, RegisterState, StoreError};

use super::{li_si, sqlite_only, zhang_san};

const PASSPHRASE: &str = "保密办公室 correct horse";
const NAME: &str = "张三";
const ID_NUMBER: &str = "440304198506171238";

fn key() -> Option<Key> {
    Some(Key::passphrase(PASSPHRASE.into()))
}

fn office(store: store::Store, path: &Path) -> Office {
    Office::new(store, path.display().to_string())
        .with_today(Some(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()))
        .with_account(crate::admin("王芳"))
}

async fn open(path: &Path, key: Option<Key>) -> Result<Office, StoreError> {
    Ok(office(store::open(OpenOptions::new(path).key(key)).await?, path))
}

/// Whether `needle` is anywhere in the bytes of `file` (and of its `-wal`).
fn contains(file: &Path, needle: &[u8]) -> bool {
    ["", "-wal"].iter().any(|suffix| {
        std::fs::read(format!("{}{suffix}", file.display())).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
    })
}

fn assert_hidden(file: &Path) {
    for needle in [NAME.as_bytes(), ID_NUMBER.as_bytes(), b"SQLite format 3", "李四".as_bytes()] {
        assert!(!contains(file, needle), "{} shows {:?} in plain text", file.display(), String::from_utf8_lossy(needle));
    }
}

/// Every file beside the register, with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap(), e.metadata().unwrap().modified().unwrap()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

async fn names(office: &Office) -> Vec<String> {
    let mut names: Vec<String> = office
        .people(&PeopleQuery { include_archived: true, ..Default::default() })
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn sqlcipher_is_linked() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = open(&dir.path().join("r.db"), None).await.unwrap();
    let version = o.store().cipher_version().await.unwrap();
    assert!(version.as_deref().is_some_and(|v| v.starts_with('4')), "{version:?}");
}

#[tokio::test]
async fn the_register_its_wal_and_a_backup_show_nothing_in_plain_text() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    assert_eq!(register_state(&path).unwrap(), RegisterState::Missing);
    let o = open(&path, key()).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    o.add_person(&li_si()).await.unwrap();
    assert_eq!(register_state(&path).unwrap(), RegisterState::Encrypted);
    // While open: the WAL holds the last writes.
    assert_hidden(&path);
    let backup = o.backup(Some(dir.path().join("copy.db").to_str().unwrap())).await.unwrap();
    let backup = PathBuf::from(backup.path);
    assert_eq!(register_state(&backup).unwrap(), RegisterState::Encrypted);
    assert_hidden(&backup);
    // The backup is checked and restorable in this process (its key is the register's).
    let examined = store::backup::examine(&backup).await.unwrap();
    assert!(examined.is_sound());
    assert_eq!(examined.people, 2);
    o.store().close().await;
    assert_hidden(&path);
    // The system's sqlite3 (no SQLCipher) reads nothing.
    let out = std::process::Command::new("sqlite3").arg(&path).arg("SELECT name FROM person").output().unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains(NAME));

    let o = open(&path, key()).await.unwrap();
    assert_eq!(names(&o).await, ["张三", "李四"]);
    assert_eq!(o.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn no_key_or_a_wrong_key_opens_nothing_and_changes_nothing() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    o.store().close().await;
    let before = snapshot(dir.path());

    assert!(matches!(open(&path, None).await.err(), Some(StoreError::Locked)));
    assert!(matches!(open(&path, Some(Key::passphrase("not the passphrase".into()))).await.err(), Some(StoreError::WrongKey)));
    let stranger = Key::parse_recovery(&"0".repeat(96).chars().chain("0000".chars()).collect::<String>());
    // A recovery key of another register (its salt differs) is the wrong key too.
    if let Ok(stranger) = stranger {
        assert!(matches!(open(&path, Some(stranger)).await.err(), Some(StoreError::WrongKey)));
    }
    assert!(matches!(
        store::open(OpenOptions::new(&path).read_only(true).key(Some(Key::passphrase("nope nope nope".into())))).await.err(),
        Some(StoreError::WrongKey)
    ));
    assert_eq!(snapshot(dir.path()), before, "same files, same bytes, same modification times");

    let message = clearance_tracker_lib::error::AppError::from(StoreError::WrongKey).to_api(clearance_domain::Lang::ZhCn).message;
    assert!(message.contains("口令"), "{message}");
    let message = clearance_tracker_lib::error::AppError::from(StoreError::Locked).to_api(clearance_domain::Lang::En).message;
    assert!(message.contains("encrypted"), "{message}");
}

#[tokio::test]
async fn a_changed_key_opens_it_and_the_old_one_does_not() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    let old_recovery = o.recovery_key().await.unwrap();
    // A short passphrase and "no encryption" are refused, with nothing changed.
    assert_eq!(o.change_key(Some(Key::passphrase("short".into()))).await.unwrap_err().code(), "key.too_short");
    assert_eq!(o.change_key(None).await.unwrap_err().code(), "key.no_decrypt");
    let new = "新的口令 battery staple";
    o.change_key(Some(Key::passphrase(new.into()))).await.unwrap();
    // Every connection of the pool follows: reads and writes go on.
    for _ in 0..8 {
        assert_eq!(names(&o).await, ["张三"]);
    }
    o.add_person(&li_si()).await.unwrap();
    let new_recovery = o.recovery_key().await.unwrap();
    assert_ne!(old_recovery, new_recovery);
    let actions: Vec<String> = o.store().audit_page(0, 10).await.unwrap().0.into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"register.rekey".to_owned()), "{actions:?}");
    assert!(actions.contains(&"register.recovery_key".to_owned()), "{actions:?}");
    o.store().close().await;
    assert_hidden(&path);

    assert!(matches!(open(&path, key()).await.err(), Some(StoreError::WrongKey)));
    assert!(matches!(open(&path, Some(Key::parse_recovery(&old_recovery).unwrap())).await.err(), Some(StoreError::WrongKey)));
    let o = open(&path, Some(Key::passphrase(new.into()))).await.unwrap();
    assert_eq!(names(&o).await, ["张三", "李四"]);
    o.store().close().await;
    let o = open(&path, Some(Key::parse_recovery(&new_recovery).unwrap())).await.unwrap();
    assert_eq!(names(&o).await, ["张三", "李四"]);
    assert_eq!(o.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_plain_register_encrypted_in_place_keeps_its_data_and_its_chain() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, None).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    o.add_person(&li_si()).await.unwrap();
    o.archive(o.resolve_person("S0002").await.unwrap(), "调离").await.unwrap();
    let entries = o.verify_audit().await.unwrap().entries;
    assert_eq!(register_state(&path).unwrap(), RegisterState::Plain);
    assert!(contains(&path, NAME.as_bytes()));
    assert_eq!(o.recovery_key().await.unwrap_err().code(), "key.not_encrypted");

    o.encrypt_in_place(Key::passphrase(PASSPHRASE.into())).await.unwrap();
    // The same office goes on, on the encrypted file.
    assert!(o.store().is_encrypted());
    assert_eq!(names(&o).await, ["张三", "李四"]);
    o.update_person(
        o.resolve_person("S0001").await.unwrap(),
        &clearance_domain::person::PersonInput { unit: "档案室".into(), ..zhang_san() },
    )
    .await
    .unwrap();
    let v = o.verify_audit().await.unwrap();
    assert_eq!(v.first_broken, None);
    assert_eq!(v.entries, entries + 2, "the encryption and the edit after it, on the same chain");
    assert_eq!(o.encrypt_in_place(Key::passphrase(PASSPHRASE.into())).await.unwrap_err().code(), "key.already_encrypted");
    let recovery = o.recovery_key().await.unwrap();
    o.store().close().await;

    assert_eq!(register_state(&path).unwrap(), RegisterState::Encrypted);
    assert_hidden(&path);
    // Nothing plain is left beside it.
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        assert_hidden(&entry.path());
    }
    let o = open(&path, Some(Key::parse_recovery(&recovery).unwrap())).await.unwrap();
    assert_eq!(names(&o).await, ["张三", "李四"]);
    assert_eq!(o.verify_audit().await.unwrap().first_broken, None);
    let entry = &o.store().audit_page(0, 10).await.unwrap().0;
    assert!(entry.iter().any(|e| e.action == "register.encrypt"));
}

#[tokio::test]
async fn the_copy_a_migration_sets_aside_is_encrypted() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    let latest = o.store().schema_version().await.unwrap();
    let recovery = o.recovery_key().await.unwrap();
    o.store().close().await;
    // As if written by an older version: the newest migration is not recorded. Written with the
    // raw key (the recovery key's first 96 hex digits are the key and the salt).
    let hex: String = recovery.chars().filter(|c| c.is_ascii_hexdigit()).take(96).collect();
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).pragma("key", format!("\"x'{hex}'\""));
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM _sqlx_migrations WHERE version = {latest}"))).execute(&mut conn).await.unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    let _ = store::open(OpenOptions::new(&path).key(key())).await;
    let aside = dir.path().join(format!("register.db.before-{latest}.bak"));
    assert!(aside.exists(), "expected {}", aside.display());
    assert_eq!(register_state(&aside).unwrap(), RegisterState::Encrypted);
    assert_hidden(&aside);
}

#[tokio::test]
async fn a_backup_taken_before_a_change_of_key_restores_under_the_new_key() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    o.add_person(&zhang_san()).await.unwrap();
    let backup = PathBuf::from(o.backup(Some(dir.path().join("old.db").to_str().unwrap())).await.unwrap().path);
    let new = "新的口令 battery staple";
    o.change_key(Some(Key::passphrase(new.into()))).await.unwrap();
    o.add_person(&li_si()).await.unwrap();
    // The old backup is read with the old key (known to this process) and its pages re-encrypted
    // under the register's new key before they replace the register's.
    o.restore(backup.to_str().unwrap()).await.unwrap();
    assert_eq!(names(&o).await, ["张三"]);
    assert_eq!(o.verify_audit().await.unwrap().first_broken, None);
    o.store().close().await;
    assert_hidden(&path);
    let o = open(&path, Some(Key::passphrase(new.into()))).await.unwrap();
    assert_eq!(names(&o).await, ["张三"]);
    o.store().close().await;
    // In a process that does not know the old key, the backup is locked until it is unlocked.
    assert!(matches!(open(&backup, key()).await.map(|_| ()), Ok(())), "the old passphrase still opens the old backup");
}

/// Measures open-to-first-query of a plain and an encrypted register of a few thousand people,
/// and the key derivation (docs/security.md). `cargo test --test storage measure_encrypted_open
/// -- --ignored --nocapture`; the figures depend on the profile (the dev profile builds
/// dependencies at opt-level 1).
#[tokio::test]
#[ignore]
async fn measure_encrypted_open() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    use std::time::Instant;
    let people = 3000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, None).await.unwrap();
    for i in 0..people {
        let body = format!("110105199001{:02}{:03}", 1 + i % 28, i % 1000);
        let id = format!("{body}{}", clearance_domain::id_card::check_char(&body).unwrap());
        let body_year = format!("1101051{:03}01{:02}{:03}", 950 + i / 1000, 1 + i % 28, i % 1000);
        let id = if i < 1000 { id } else { format!("{body_year}{}", clearance_domain::id_card::check_char(&body_year).unwrap()) };
        o.add_person(&clearance_domain::person::PersonInput {
            name: format!("人员{i}"),
            staff_no: format!("M{i:05}"),
            id_number: id,
            ..zhang_san()
        })
        .await
        .unwrap();
    }
    o.store().close().await;
    let first_query = |key: Option<Key>| {
        let path = path.clone();
        async move {
            let t = Instant::now();
            let o = open(&path, key).await.unwrap();
            let total = o.people(&PeopleQuery::default()).await.unwrap().total;
            let elapsed = t.elapsed();
            o.store().close().await;
            assert_eq!(total as usize, people);
            elapsed
        }
    };
    let mut plain = Vec::new();
    for _ in 0..3 {
        plain.push(first_query(None).await);
    }
    let o = open(&path, None).await.unwrap();
    let t = Instant::now();
    o.encrypt_in_place(Key::passphrase(PASSPHRASE.into())).await.unwrap();
    let encrypting = t.elapsed();
    let recovery = o.recovery_key().await.unwrap();
    o.store().close().await;
    let t = Instant::now();
    Key::passphrase(PASSPHRASE.into()).recovery_text(&path).unwrap();
    let derivation = t.elapsed();
    let mut with_passphrase = Vec::new();
    let mut with_recovery = Vec::new();
    for _ in 0..3 {
        with_passphrase.push(first_query(key()).await);
        with_recovery.push(first_query(Some(Key::parse_recovery(&recovery).unwrap())).await);
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    println!("people {people}, file {bytes} bytes");
    println!("open to first query, plain: {plain:?}");
    println!("open to first query, encrypted, passphrase: {with_passphrase:?}");
    println!("open to first query, encrypted, recovery key: {with_recovery:?}");
    println!("key derivation (Argon2id): {derivation:?}");
    println!("encrypting in place: {encrypting:?}");
}

/// A signed copy's scan: a PDF whose bytes hold `marker`.
fn scan_pdf(marker: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj << /Title ({marker}) >> endobj\n%%EOF\n").into_bytes()
}

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A keyed connection of our own to the encrypted register at `path` (its raw key from the
/// recovery text: 64 hex digits of key, 32 of salt, 4 of check).
async fn keyed(path: &Path, recovery: &str) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let hex: String = recovery.chars().filter(char::is_ascii_hexdigit).collect();
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).pragma("key", format!("\"x'{}'\"", &hex[..96]));
    sqlx::SqliteConnection::connect_with(&options).await.unwrap()
}

#[tokio::test]
async fn a_scan_in_an_encrypted_register_is_nowhere_in_plain_text_and_reads_back_the_same() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    const MARKER: &str = "SIGNED-COPY-MARKER-7f3a 签字件标记";
    const SCAN_NAME: &str = "张三签字承诺书扫描.pdf";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    let zhang = o.add_person(&zhang_san()).await.unwrap().id;
    let number = o.issue_form(clearance_forms::FormKind::Commitment, zhang, None, None).await.unwrap().forms[0].number;
    // The scan comes from elsewhere (the scanner's folder).
    let elsewhere = tempfile::tempdir().unwrap();
    let scan = elsewhere.path().join(SCAN_NAME);
    let bytes = scan_pdf(MARKER);
    std::fs::write(&scan, &bytes).unwrap();
    let form = o.form_received(number, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), Some(&scan)).await.unwrap();
    assert!(form.scan_sha256.is_some());
    // A backup beside the register, taken with the scan in it.
    let backup = o.backup(Some(dir.path().join("with-scan.db").to_str().unwrap())).await.unwrap();
    assert_eq!(backup.scans, 1);

    // Looked at: the decrypted copy is outside the register's folder, private, and the same.
    let view = o.form_scan_view(number).await.unwrap();
    assert!(!view.starts_with(dir.path()));
    assert_eq!(std::fs::read(&view).unwrap(), bytes);
    assert!(o.verify_form(&form.verification_code).await.unwrap().scan_matches.unwrap());

    let check = |when: &str| {
        let files = files_under(dir.path());
        assert!(files.iter().any(|f| f.ends_with("with-scan.db")), "{files:?}");
        for file in files {
            let name = file.to_string_lossy().into_owned();
            assert!(!name.contains("张三") && !name.contains("签字承诺书"), "{when}: a file named after the scan: {name}");
            for needle in [MARKER.as_bytes(), b"SIGNED-COPY-MARKER", SCAN_NAME.as_bytes(), NAME.as_bytes(), b"%PDF-1.7"] {
                assert!(!contains(&file, needle), "{when}: {name} shows {:?}", String::from_utf8_lossy(needle));
            }
        }
    };
    check("open");
    o.store().close().await;
    Office::remove_scan_views();
    assert!(!view.exists() && !view.parent().unwrap().exists(), "the decrypted copy goes with the run");
    check("closed");

    // Reopened (and from the backup, restored into a new register's place): the same bytes.
    let o = open(&path, key()).await.unwrap();
    assert_eq!(o.sweep_scans().await.unwrap(), 0);
    assert_eq!(o.store().form_scan(number).await.unwrap().unwrap().bytes, bytes);
    let examined = store::backup::examine(Path::new(&backup.path)).await.unwrap();
    assert!(examined.is_sound());
    assert_eq!(examined.scans.len(), 1);
    assert!(examined.scans[0].intact);
    o.add_person(&li_si()).await.unwrap();
    o.restore(&backup.path).await.unwrap();
    assert_eq!(o.store().form_scan(number).await.unwrap().unwrap().bytes, bytes);
    assert!(!o.scans_dir().exists());
}

#[tokio::test]
async fn scans_kept_as_files_by_an_older_version_move_into_the_register() {
    if sqlite_only("the register file's encryption") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    let o = open(&path, key()).await.unwrap();
    let zhang = o.add_person(&zhang_san()).await.unwrap().id;
    let received = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut forms = Vec::new();
    for (kind, marker) in [(clearance_forms::FormKind::Commitment, "OLD-SCAN-ONE"), (clearance_forms::FormKind::Review, "OLD-SCAN-TWO")] {
        let number = o.issue_form(kind, zhang, None, None).await.unwrap().forms[0].number;
        let scan = dir.path().join(format!("{marker}.pdf"));
        std::fs::write(&scan, scan_pdf(marker)).unwrap();
        let form = o.form_received(number, received, Some(&scan)).await.unwrap();
        std::fs::remove_file(&scan).unwrap();
        forms.push((form, scan_pdf(marker)));
    }
    // As an older version left it: the scans as files in `scans/` beside the register (the
    // second one altered since), one a write interrupted, and nothing in the register's table.
    let recovery = o.store().recovery_text().unwrap();
    o.store().close().await;
    {
        use sqlx::Connection;
        let mut conn = keyed(&path, &recovery).await;
        sqlx::query("DELETE FROM form_scan").execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    let scans = dir.path().join("scans");
    std::fs::create_dir(&scans).unwrap();
    let file_of = |f: &clearance_tracker_lib::store::IssuedForm| dir.path().join(f.scan_path.as_deref().unwrap());
    std::fs::write(file_of(&forms[0].0), &forms[0].1).unwrap();
    std::fs::write(file_of(&forms[1].0), scan_pdf("OLD-SCAN-ALTERED")).unwrap();
    std::fs::write(scans.join(".2026-0009-abcdef12.pdf.partial-4242"), b"%PDF-1.7 half").unwrap();

    // Opened: the scan whose file matches its hash moves in and its file goes.
    let o = open(&path, key()).await.unwrap();
    assert_eq!(o.sweep_scans().await.unwrap(), 1);
    let (first, first_bytes) = &forms[0];
    assert_eq!(o.store().form_scan(first.number).await.unwrap().unwrap().bytes, *first_bytes);
    assert!(!file_of(first).exists(), "moved in, then removed");
    assert!(!scans.join(".2026-0009-abcdef12.pdf.partial-4242").exists());
    assert!(o.verify_form(&first.verification_code).await.unwrap().scan_matches.unwrap());
    // The altered one stays where it is, untouched, and is said not to match.
    let (second, _) = &forms[1];
    assert!(o.store().form_scan(second.number).await.unwrap().is_none());
    assert_eq!(std::fs::read(file_of(second)).unwrap(), scan_pdf("OLD-SCAN-ALTERED"));
    assert_eq!(o.verify_form(&second.verification_code).await.unwrap().scan_matches, Some(false));
    assert_eq!(o.form_scan_view(second.number).await.unwrap_err().code(), "form.scan_altered");
    // Put back as it was: moved in at the next open, and the emptied folder goes too.
    std::fs::write(file_of(second), &forms[1].1).unwrap();
    assert_eq!(o.sweep_scans().await.unwrap(), 1);
    assert!(!scans.exists(), "the scans folder is gone once empty");
    assert_eq!(o.store().form_scan(second.number).await.unwrap().unwrap().bytes, forms[1].1);
    o.store().close().await;
    for file in files_under(dir.path()) {
        assert!(!contains(&file, b"OLD-SCAN-"), "{} shows a scan", file.display());
    }
}
