//! Backup and restore of the whole register: a consistent backup while another process writes,
//! refusals that change nothing, a restore that brings back people, forms and scans, an older
//! schema migrated on restore, the automatic backups kept to the last N, the dashboard's warning.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, Utc};
use clearance_domain::access::Role;
use clearance_domain::audit::{seal, Change, GENESIS};
use clearance_domain::id_card::check_char;
use clearance_domain::register::PeopleQuery;
use clearance_domain::terms::{AuditAction, AuditEntity};
use clearance_domain::Lang;
use clearance_forms::FormKind;
use clearance_tracker_lib::office::Office;
use clearance_tracker_lib::store::backup::examine;
use clearance_tracker_lib::store::{self, FormsQuery, OpenOptions};
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, SqliteConnection};

use super::{register, sqlite_only, who, zhang_san, Register};

const BIN: &str = env!("CARGO_BIN_EXE_clearance-tracker");

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// A valid resident ID number, different for every `i` below 1000.
fn id_number(i: usize) -> String {
    let body = format!("110105199001{:02}{:03}", 1 + i % 28, i % 1000);
    format!("{body}{}", check_char(&body).unwrap())
}

/// The bytes of the register file and of its WAL: what "nothing changed" is checked against.
fn fingerprint(db: &Path) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for suffix in ["", "-wal"] {
        if let Ok(bytes) = std::fs::read(format!("{}{suffix}", db.display())) {
            hasher.update(&bytes);
        }
    }
    hasher.finalize().to_vec()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).map(|e| e.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    names.sort();
    names
}

async fn sql(file: &Path, statements: &str) {
    let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(file).create_if_missing(true)).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statements.to_owned())).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// The register at `file`, read-only: how many people, and its audit actions in order.
async fn contents(file: &Path) -> (i64, Vec<String>) {
    let store = store::open(OpenOptions::new(file).read_only(true)).await.unwrap();
    let office = Office::new(store.clone(), file.display().to_string()).with_lang(Some(Lang::En)).with_account(crate::admin("王芳"));
    let people = office.people(&PeopleQuery { include_archived: true, ..Default::default() }).await.unwrap().total;
    let actions = store.audit_all().await.unwrap().into_iter().map(|e| e.action).collect();
    store.close().await;
    (people as i64, actions)
}

async fn take_backup(r: &Register, dir: &Path) -> PathBuf {
    PathBuf::from(r.office.backup(Some(dir.to_str().unwrap())).await.unwrap().path)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_another_process_writes_is_consistent_and_verifies() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    // Another process adds people one after another for as long as the backups are taken.
    let db = r.path.clone();
    // The other process signs in as 李四, a clerk (the password in a file, as a script would).
    r.office.create_account("李四", Role::Clerk, "li-si-2026-pw").await.unwrap();
    let password = r.path.with_file_name("password");
    std::fs::write(&password, "li-si-2026-pw\n").unwrap();
    let writer = std::thread::spawn(move || {
        let mut added = 0;
        for i in 0..40 {
            let status = Command::new(BIN)
                .arg("--db")
                .arg(&db)
                .args(["--user", "李四", "--lang", "en", "person", "add", "--name", "王芳", "--level", "general"])
                .args(["--staff-no", &format!("W{i:03}"), "--id-number", &id_number(i), "--unit", "机要室"])
                .env_remove("CLEARANCE_TRACKER_DB")
                .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
                .output()
                .unwrap();
            assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
            added += 1;
        }
        added
    });
    let mut seen = Vec::new();
    while !writer.is_finished() {
        let path = take_backup(&r, out.path()).await;
        let examined = examine(&path).await.unwrap();
        assert!(examined.is_sound(), "{examined:?}");
        // Every person in the copy has their entry in its trail, and no entry lacks its person:
        // the copy is one moment of the register, not a mix of two.
        let (people, actions) = contents(&path).await;
        assert_eq!(people, actions.iter().filter(|a| *a == "person.add").count() as i64, "{path:?}");
        assert_eq!(people, examined.people);
        seen.push(people);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(writer.join().unwrap(), 40);
    assert!(seen.len() >= 2, "backups taken while the other process wrote: {seen:?}");
    assert!(seen.first() < seen.last() || seen.iter().any(|n| *n > 1 && *n < 41), "the backups saw the writes go on: {seen:?}");
    // Each backup is in the live register's trail, with its hash.
    let trail = r.office.store().audit_all().await.unwrap();
    let backups: Vec<_> = trail.iter().filter(|e| e.action == "register.backup").collect();
    assert_eq!(backups.len(), seen.len());
    assert!(backups.iter().all(|e| e.new.as_deref().is_some_and(|n| n.contains("sha256"))));
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None);
    // Private, and nothing left under a temporary name.
    for name in files_in(out.path()) {
        assert!(!name.starts_with('.'), "a temporary file was left: {name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.path().join(&name)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
        }
    }
}

/// A good backup of a register with 40 people (enough for an index of several pages).
async fn backup_of_forty(r: &Register, dir: &Path) -> PathBuf {
    for i in 0..40 {
        let input = clearance_domain::person::PersonInput {
            name: "王芳".into(),
            staff_no: format!("P{i:03}"),
            id_number: id_number(i),
            unit: "机要室".into(),
            level: "general".into(),
            ..Default::default()
        };
        r.office.add_person(&input).await.unwrap();
    }
    take_backup(r, dir).await
}

fn copy(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_sound_backup_and_changes_nothing() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    let out = tempfile::tempdir().unwrap();
    let good = backup_of_forty(&r, out.path()).await;
    let dir = r.path.parent().unwrap().to_path_buf();

    let text = out.path().join("roster.csv");
    std::fs::write(&text, "姓名,工号\n张三,1\n").unwrap();
    let foreign = out.path().join("notes.db");
    sql(&foreign, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('shopping list');").await;
    let empty = out.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let newer = copy(&good, out.path(), "newer.db");
    sql(
        &newer,
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (20991231000000, 'future', '2099-12-31', 1, x'00', 0); \
         UPDATE setting SET value = '9.1.0' WHERE key = 'schema_written_by';",
    )
    .await;
    let tampered = copy(&good, out.path(), "tampered.db");
    sql(&tampered, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET operator = '某人' WHERE seq = 3;").await;
    // A scan whose bytes no longer have their hash, as a backup of the time scans were files
    // carried it, and as the register keeps it now (a scan no form records, too).
    let bad_scan = copy(&good, out.path(), "bad-scan.db");
    sql(
        &bad_scan,
        "CREATE TABLE backup_scan (path TEXT PRIMARY KEY, bytes BLOB NOT NULL, sha256 TEXT NOT NULL) STRICT; \
         INSERT INTO backup_scan (path, bytes, sha256) VALUES ('scans/x.pdf', x'25504446', 'feed');",
    )
    .await;
    let stray_scan = copy(&good, out.path(), "stray-scan.db");
    let sha = hex::encode(Sha256::digest(b"%PDF"));
    sql(&stray_scan, &format!("PRAGMA foreign_keys = OFF; INSERT INTO form_scan (form_id, kind, size, sha256, bytes) VALUES (999, 'pdf', 4, '{sha}', x'25504446');")).await;
    // An index page overwritten: the file opens, its integrity check fails.
    let damaged = copy(&good, out.path(), "damaged.db");
    let (page_size, root): (i64, i64) = {
        let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&damaged)).await.unwrap();
        let page_size = sqlx::query_scalar("PRAGMA page_size").fetch_one(&mut conn).await.unwrap();
        let root =
            sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'person_name_pinyin'").fetch_one(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        (page_size, root)
    };
    let mut bytes = std::fs::read(&damaged).unwrap();
    let at = ((root - 1) * page_size) as usize;
    bytes[at..at + page_size as usize].fill(0xA5);
    std::fs::write(&damaged, bytes).unwrap();

    let before = fingerprint(&r.path);
    let files_before = files_in(&dir);
    let trail_before = r.office.store().audit_all().await.unwrap().len();
    let cases: [(&Path, &str, &str); 10] = [
        (&text, "restore.not_a_register", "不是 Clearance Tracker 登记册"),
        (&empty, "restore.not_a_register", "不是 Clearance Tracker 登记册"),
        (out.path(), "restore.not_a_register", "不是 Clearance Tracker 登记册"),
        (&foreign, "restore.foreign", "其他程序的数据库"),
        (&newer, "restore.newer", "9.1.0"),
        (&damaged, "restore.damaged", "已损坏"),
        (&tampered, "restore.audit_broken", "第 3 条"),
        (&bad_scan, "restore.scan_damaged", "scans/x.pdf"),
        (&stray_scan, "restore.scan_damaged", "form 999"),
        (&r.path, "restore.same_file", "就是当前登记册本身"),
    ];
    for (file, code, words) in cases {
        let err = r.office.restore(file.to_str().unwrap()).await.unwrap_err();
        assert_eq!(err.code(), code, "{file:?}");
        let zh = err.to_api(Lang::ZhCn).message;
        assert!(zh.contains(words), "{file:?}: {zh}");
        let en = err.to_api(Lang::En).message;
        assert!(!en.contains("sqlx") && !en.contains("malformed") && !en.contains("SQLITE"), "no driver text: {en}");
        assert_eq!(fingerprint(&r.path), before, "{file:?}: not one byte of the register changed");
        assert_eq!(files_in(&dir), files_before, "{file:?}: nothing made or left beside the register");
    }
    assert_eq!(r.office.store().audit_all().await.unwrap().len(), trail_before);
    // The good one still restores.
    r.office.restore(good.to_str().unwrap()).await.unwrap();
}

#[tokio::test]
async fn a_restore_brings_back_people_forms_and_scans_and_is_recorded() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    let zhang = r.office.add_person(&zhang_san()).await.unwrap().id;
    let issued = r.office.issue_form(FormKind::Commitment, zhang, None, None).await.unwrap();
    let number = issued.forms[0].number;
    let scan = r.path.parent().unwrap().join("signed.pdf");
    let scan_bytes = [b"%PDF-1.7\n".as_slice(), &[0u8, 1, 2, 255], "扫描件".as_bytes()].concat();
    std::fs::write(&scan, &scan_bytes).unwrap();
    r.office.form_received(number, day(11, 27), Some(&scan)).await.unwrap();
    assert!(!r.office.scans_dir().exists(), "the scan is in the register, not beside it");

    let out = tempfile::tempdir().unwrap();
    let report = r.office.backup(Some(out.path().to_str().unwrap())).await.unwrap();
    assert_eq!((report.people, report.scans), (1, 1));
    assert_eq!(report.sha256, hex::encode(Sha256::digest(std::fs::read(&report.path).unwrap())));

    // Afterwards: another person, another form.
    r.office.add_person(&super::li_si()).await.unwrap();
    r.office.issue_form(FormKind::Review, zhang, None, None).await.unwrap();

    let office = r.office.clone().with_account(crate::admin("赵磊"));
    let restored = office.restore(&report.path).await.unwrap();
    assert_eq!(restored.sha256, report.sha256);
    assert_eq!(restored.taken_at, Some(report.taken_at));
    assert_eq!((restored.people, restored.scans), (1, 1));
    assert!(restored.migrated.is_empty());
    assert!(restored.message.contains(&report.path), "{}", restored.message);

    let page = office.people(&PeopleQuery::default()).await.unwrap();
    assert_eq!(page.rows.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["张三"]);
    let forms = office.issued_forms(&FormsQuery::default()).await.unwrap();
    assert_eq!(forms.total, 1);
    assert_eq!(forms.rows[0].received_on, Some(day(11, 27)));
    assert_eq!(office.store().form_scan(number).await.unwrap().unwrap().bytes, scan_bytes, "the scan is back, byte for byte");
    assert!(!office.scans_dir().exists());
    assert_eq!(office.verify_form(&forms.rows[0].verification_code).await.unwrap().scan_matches, Some(true));

    let trail = office.store().audit_all().await.unwrap();
    assert_eq!(office.verify_audit().await.unwrap().first_broken, None);
    let last = trail.last().unwrap();
    assert_eq!(last.action, "register.restore");
    assert_eq!(last.operator, "赵磊");
    let new: serde_json::Value = serde_json::from_str(last.new.as_deref().unwrap()).unwrap();
    assert_eq!(new["path"], report.path);
    assert_eq!(new["sha256"], report.sha256);
    assert_eq!(new["taken_at"], clearance_domain::audit::instant_text(report.taken_at));
    assert_eq!(new["kept_as"], restored.kept_as);
    // Before the restore: the trail exactly as the backup holds it (what came after is gone).
    let (_, in_backup) = contents(Path::new(&report.path)).await;
    assert_eq!(trail[..trail.len() - 1].iter().map(|e| e.action.clone()).collect::<Vec<_>>(), in_backup);
    assert!(!in_backup.contains(&"register.backup".to_owned()), "a backup's own entry follows it in the live trail");

    // The register as it was is kept aside, whole.
    let (people, actions) = contents(Path::new(&restored.kept_as)).await;
    assert_eq!(people, 2);
    assert_eq!(actions.iter().filter(|a| *a == "form.issue").count(), 2);
    assert!(restored.kept_as.contains("register.db.before-restore-"), "{}", restored.kept_as);
    // The last backup is still known after the restore (it describes files on this machine).
    assert_eq!(office.backup_settings().await.unwrap().last.unwrap().path, report.path);
}

#[tokio::test]
async fn a_backup_of_an_older_schema_is_restored_and_migrated() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let out = tempfile::tempdir().unwrap();

    // A register of the third migration's schema, as a version of that time left it: one person
    // and their entry in the trail, and the scan a backup of it carried.
    let old = out.path().join("old.db");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        // Another page size than the register's too: a WAL register takes only pages of its own.
        .connect_with(SqliteConnectOptions::new().filename(&old).create_if_missing(true).page_size(8192))
        .await
        .unwrap();
    let migrator = sqlx::migrate::Migrator::new(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))).await.unwrap();
    let third = migrator.iter().nth(2).unwrap().version;
    migrator.run_to(third, &pool).await.unwrap();
    sqlx::raw_sql(
        "INSERT INTO person (id, name, name_folded, name_pinyin, name_initials, staff_no, id_number, id_reversed, unit, level, \
         start_date, registered_on) VALUES (7, '欧阳明月', '欧阳明月', 'ouyangmingyue', 'oymy', 'OLD1', '11010519491231002X', \
         'X2001321949150101', '科研一部', 'important', '2025-01-02', '2025-01-02'); \
         INSERT INTO level_change (person_id, level, effective, reason) VALUES (7, 'important', '2025-01-02', '');",
    )
    .execute(&pool)
    .await
    .unwrap();
    let change = Change {
        action: AuditAction::PersonAdd,
        entity: AuditEntity::Person,
        entity_id: "7".into(),
        person_id: None,
        old: None,
        new: Some(serde_json::json!({ "name": "欧阳明月" })),
    };
    let entry = seal(&change, 1, Utc::now(), "王芳", GENESIS);
    sqlx::query("INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, old, new, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(entry.seq)
        .bind(clearance_domain::audit::instant_text(entry.at))
        .bind(&entry.operator)
        .bind(&entry.action)
        .bind(&entry.entity)
        .bind(&entry.entity_id)
        .bind(&entry.old)
        .bind(&entry.new)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(&pool)
        .await
        .unwrap();
    let scan = b"%PDF-1.4 old scan".to_vec();
    sqlx::raw_sql(
        "CREATE TABLE backup_scan (path TEXT PRIMARY KEY, bytes BLOB NOT NULL, sha256 TEXT NOT NULL) STRICT; \
         CREATE TABLE backup_info (taken_at TEXT NOT NULL, schema_version INTEGER NOT NULL, app_version TEXT NOT NULL, \
         source TEXT NOT NULL, automatic INTEGER NOT NULL) STRICT;",
    )
    .execute(&pool)
    .await
    .unwrap();
    // The form that scan was attached to (another file the backup carried, no form's scan, was
    // never part of the record: it is not brought back).
    let scan_sha = hex::encode(Sha256::digest(&scan));
    sqlx::query(
        "INSERT INTO issued_form (id, number, year, seq, kind, person_id, template_version, issued_on, operator, content_hash, \
         verification_code, content, received_on, scan_path, scan_sha256) VALUES (1, '2025-0001', 2025, 1, 'commitment', 7, '1', \
         '2025-01-03', '王芳', 'ab', 'C0DE', '{}', '2025-01-04', 'scans/2025-0001.pdf', ?)",
    )
    .bind(&scan_sha)
    .execute(&pool)
    .await
    .unwrap();
    for (path, bytes) in [("scans/2025-0001.pdf", scan.as_slice()), ("scans/stray.pdf", b"%PDF-1.4 stray".as_slice())] {
        sqlx::query("INSERT INTO backup_scan VALUES (?, ?, ?)")
            .bind(path)
            .bind(bytes)
            .bind(hex::encode(Sha256::digest(bytes)))
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO backup_info VALUES ('2025-03-01T08:00:00.000000Z', ?, '0.0.9', '/srv/old/register.db', 1)")
        .bind(third)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let restored = r.office.restore(old.to_str().unwrap()).await.unwrap();
    assert_eq!(restored.schema, third);
    let all: Vec<i64> = migrator.iter().map(|m| m.version).collect();
    assert_eq!(restored.migrated, all[3..].to_vec(), "the later migrations ran");
    assert_eq!(restored.taken_at.map(|t| t.to_rfc3339()), Some("2025-03-01T08:00:00+00:00".to_owned()));
    // The usual copy set aside before a migration.
    let aside = r.path.with_file_name(format!("register.db.before-{}.bak", all[3]));
    assert!(aside.exists(), "{aside:?}");

    let page = r.office.people(&PeopleQuery::default()).await.unwrap();
    assert_eq!(page.rows.iter().map(|p| p.staff_no.as_str()).collect::<Vec<_>>(), ["OLD1"]);
    let id = who(&r.office, "OLD1").await;
    assert_eq!(r.office.person_detail(id).await.unwrap().person.name, "欧阳明月");
    // The scan is in the register now, with its kind and size; nothing was written beside it.
    let number = clearance_domain::form::FormNumber::new(2025, 1).unwrap();
    let kept = r.office.store().form_scan(number).await.unwrap().unwrap();
    assert_eq!((kept.kind.as_str(), kept.sha256.as_str(), kept.bytes.as_slice()), ("pdf", scan_sha.as_str(), scan.as_slice()));
    assert_eq!(restored.scans, 1);
    assert!(!r.office.scans_dir().exists());
    let trail = r.office.store().audit_all().await.unwrap();
    assert_eq!(trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["person.add", "register.restore"]);
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None);
    // A register that is now of this version's schema: written to as any other.
    r.office.add_person(&zhang_san()).await.unwrap();
    assert_eq!(r.office.store().schema_version().await.unwrap(), *all.last().unwrap());
}

#[tokio::test]
async fn automatic_backups_once_a_day_keeping_the_last_n() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    // Nothing to protect in an empty register.
    assert!(r.office.auto_backup().await.unwrap().is_none());
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.set_backup_settings(None, 3).await.unwrap();
    let folder = r.office.default_backup_folder();
    let manual = r.office.backup(None).await.unwrap();
    assert!(manual.path.starts_with(folder.to_str().unwrap()), "{}", manual.path);

    let mut removed = Vec::new();
    for d in 1..=5 {
        let office = r.office.clone().with_today(Some(day(12, d)));
        let report = office.auto_backup().await.unwrap().expect("the first start of the day backs up");
        assert!(report.automatic);
        removed.extend(report.removed);
        assert!(office.auto_backup().await.unwrap().is_none(), "once a day");
    }
    let names = files_in(&folder);
    let autos: Vec<&String> = names.iter().filter(|n| n.starts_with("register-auto-")).collect();
    assert_eq!(autos.len(), 3, "{names:?}");
    assert!(autos[0].starts_with("register-auto-20261203-") && autos[2].starts_with("register-auto-20261205-"), "{autos:?}");
    assert_eq!(removed.len(), 2);
    assert!(removed[0].contains("register-auto-20261201-") && removed[1].contains("register-auto-20261202-"), "{removed:?}");
    assert!(Path::new(&manual.path).exists(), "a backup taken by hand is never removed");
    let settings = r.office.backup_settings().await.unwrap();
    assert_eq!(settings.keep, 3);
    assert!(settings.last.as_ref().is_some_and(|l| l.ok && l.automatic));

    // A folder that is gone: the failure is recorded, shown, and tried again at the next start.
    let gone = tempfile::tempdir().unwrap();
    r.office.set_backup_settings(Some(gone.path().to_str().unwrap()), 3).await.unwrap();
    drop(gone);
    let office = r.office.clone().with_today(Some(day(12, 6))).with_lang(Some(Lang::ZhCn));
    let err = office.auto_backup().await.unwrap_err();
    assert_eq!(err.code(), "backup.failed");
    let settings = office.backup_settings().await.unwrap();
    let last = settings.last.unwrap();
    assert!(!last.ok && last.failure.is_some_and(|f| f.contains("不存在")));
    let warning = office.info().await.unwrap().backup_warning.unwrap();
    assert!(warning.contains("失败"), "{warning}");
    office.set_backup_settings(None, 3).await.unwrap();
    assert!(office.auto_backup().await.unwrap().is_some(), "tried again the same day once it can work");
    assert!(office.info().await.unwrap().backup_warning.is_none());
}

#[tokio::test]
async fn the_dashboard_warns_when_the_last_backup_is_over_a_week_old() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let in_days = |n: i64| r.office.clone().with_today(Some(Utc::now().date_naive() + chrono::Duration::days(n))).with_lang(Some(Lang::En));
    assert!(in_days(7).backup_warning().await.unwrap().is_none(), "a register in use for a week");
    let never = in_days(8).backup_warning().await.unwrap().unwrap();
    assert!(never.contains("never been backed up"), "{never}");
    r.office.backup(None).await.unwrap();
    assert!(in_days(7).backup_warning().await.unwrap().is_none());
    let stale = in_days(9).backup_warning().await.unwrap().unwrap();
    assert!(stale.contains("9 days"), "{stale}");
    // Refusals of the settings, in words.
    let err = r.office.set_backup_settings(Some("backups"), 3).await.unwrap_err();
    assert_eq!(err.code(), "backup.folder_relative");
    let err = r.office.set_backup_settings(None, 0).await.unwrap_err();
    assert_eq!(err.code(), "backup.keep_range");
    let err = r.office.backup(Some(r.path.to_str().unwrap())).await.unwrap_err();
    assert_eq!(err.code(), "backup.is_register");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_that_cannot_take_the_write_lock_changes_nothing_and_leaves_nothing() {
    if sqlite_only("backup files of the register file") {
        return;
    }
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let received = {
        let zhang = who(&r.office, "S0001").await;
        let number = r.office.issue_form(FormKind::Commitment, zhang, None, None).await.unwrap().forms[0].number;
        let scan = r.path.parent().unwrap().join("signed.pdf");
        std::fs::write(&scan, b"%PDF-1.7 signed").unwrap();
        r.office.form_received(number, day(11, 27), Some(&scan)).await.unwrap()
    };
    let out = tempfile::tempdir().unwrap();
    let backup = take_backup(&r, out.path()).await;
    r.office.add_person(&super::li_si()).await.unwrap();

    // Another clerk's transaction holds the write lock for longer than a write waits.
    let mut other = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&r.path)).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.unwrap();
    let dir = r.path.parent().unwrap().to_path_buf();
    let before = files_in(&dir);
    let err = r.office.restore(backup.to_str().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), "store.busy");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    other.close().await.unwrap();

    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 2, "the register is as it was");
    assert_eq!(files_in(&dir), before, "no copy set aside, no working copy, no scans folder left");
    assert!(received.scan_path.is_some());
    assert_eq!(r.office.store().audit_all().await.unwrap().last().unwrap().action, "person.add");
}
