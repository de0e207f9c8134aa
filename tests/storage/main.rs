//! Storage tests: the office's operations on a real register, one fresh register per test: a
//! SQLite file, or with `CLEARANCE_TRACKER_TEST_PG` set a database of its own on that PostgreSQL
//! server (tests/support/backend.rs).

use chrono::NaiveDate;
use clearance_domain::person::{PersonId, PersonInput};
use clearance_domain::register::PeopleQuery;
use clearance_tracker_lib::office::{Office, SignedIn};
use clearance_tracker_lib::store::{self, OpenOptions, Store};

#[path = "../support/backend.rs"]
mod backend;
use backend::{open_store, sqlite_only, ServerDb};

mod accounts;
mod anchor;
mod audit;
mod backup;
mod board;
mod concurrency;
mod dashboard;
mod encryption;
mod export;
mod forms;
mod lifecycle;
mod people_search;
mod photo;
mod projection;
mod recovery_sheet;
mod register_view;
mod reminders;
mod replay;
mod server_schema;
mod server_stop;
mod stale_edit;
mod travel;
mod words;

struct Register {
    office: Office,
    /// The register file (on SQLite; on PostgreSQL a path where nothing is).
    path: std::path::PathBuf,
    /// The test's own database on the test server, dropped after the office.
    server: Option<ServerDb>,
    _dir: tempfile::TempDir,
}

/// Where one test's register lives: a file in a temporary folder, or (`CLEARANCE_TRACKER_TEST_PG`
/// set) a fresh database on the test server.
struct Place {
    path: std::path::PathBuf,
    server: Option<ServerDb>,
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        Place { path: dir.path().join("register.db"), server: ServerDb::create(), dir }
    }

    /// Opens (making it on first use) the register, on whichever backend the tests run on.
    async fn open(&self) -> Store {
        open_store(&self.path, self.server.as_ref()).await
    }

    /// What the office shows as the register's location.
    fn location(&self) -> String {
        match &self.server {
            Some(db) => backend::redact(&db.url),
            None => self.path.display().to_string(),
        }
    }
}

async fn register() -> Register {
    let place = Place::new();
    let store = place.open().await;
    let office = Office::new(store, place.location())
        .with_today(Some(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()))
        .with_account(crate::admin("王芳"));
    Register { office, path: place.path, server: place.server, _dir: place.dir }
}

impl Register {
    /// Another store on the same register (a second start of the app).
    async fn open_again(&self) -> Store {
        open_store(&self.path, self.server.as_ref()).await
    }

    /// The register opened again (after [`Register::tamper`], say), by another office on it
    /// signed in as 王芳 with the same "today".
    async fn reopen(&self) -> Office {
        Office::new(self.open_again().await, self.path.display().to_string())
            .with_today(Some(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()))
            .with_account(crate::admin("王芳"))
    }

    /// Someone changes the register behind the app's back: the `sqlite` statements with the
    /// sqlite3 shell on the file (the office's store closed first), or the `postgres` ones with
    /// psql as the server's administrator. Reopen with [`Register::reopen`].
    async fn tamper(&self, sqlite: &str, postgres: &str) {
        match &self.server {
            Some(db) => {
                db.psql(postgres).unwrap_or_else(|e| panic!("psql {postgres}: {e}"));
            }
            None => {
                self.office.store().close().await;
                let out = std::process::Command::new("sqlite3")
                    .arg(&self.path)
                    .arg(sqlite)
                    .output()
                    .expect("sqlite3 is installed by scripts/install-deps.sh");
                assert!(out.status.success(), "sqlite3 {sqlite}: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
    }
}

fn zhang_san() -> PersonInput {
    PersonInput {
        name: "张三".into(),
        staff_no: "S0001".into(),
        id_number: "440304198506171238".into(),
        unit: "机要室".into(),
        post: "机要员".into(),
        level: "core".into(),
        ..Default::default()
    }
}

fn li_si() -> PersonInput {
    PersonInput {
        name: "李四".into(),
        staff_no: "S0002".into(),
        id_number: "320106199001010040".into(),
        level: "general".into(),
        ..zhang_san()
    }
}

/// An account signed in as an administrator (trusted in-process construction: the password is
/// not what these tests are about; tests/storage/accounts.rs is).
fn admin(name: &str) -> Option<SignedIn> {
    Some(SignedIn::admin(name))
}

/// The person with this staff number, resolved the way the CLI does.
async fn who(office: &Office, staff_no: &str) -> PersonId {
    office.resolve_person(staff_no).await.unwrap()
}

async fn audit_count(r: &Register) -> i64 {
    r.office.audit_page(0, 1).await.unwrap().total
}

#[tokio::test]
async fn a_person_is_stored_with_an_audit_entry() {
    let r = register().await;
    let p = r.office.add_person(&zhang_san()).await.unwrap();
    // Registered 27 Nov 2026, no start date given: 30 days later is 27 Dec 2026.
    assert_eq!(p.start_date, NaiveDate::from_ymd_opt(2026, 12, 27).unwrap());
    let detail = r.office.person_detail(who(&r.office, "S0001").await).await.unwrap();
    assert_eq!(detail.person.name, "张三");
    assert_eq!(detail.person.id_number, "**************1238", "the page gets the number masked");
    assert_eq!(detail.history.len(), 1);
    assert_eq!(detail.history[0].action, "person.add");
    assert_eq!(detail.history[0].operator, "王芳");
}

#[tokio::test]
async fn duplicate_staff_and_id_numbers_are_user_errors_and_write_nothing() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let before = audit_count(&r).await;

    let same_staff = PersonInput { staff_no: "s0001".into(), ..li_si() };
    let err = r.office.add_person(&same_staff).await.unwrap_err();
    assert!(err.is_user_error());
    assert_eq!(err.code(), "staff_no.duplicate");
    assert!(err.to_api(clearance_domain::Lang::ZhCn).message.contains("S0001"));

    let same_id = PersonInput { id_number: "440304198506171238".into(), ..li_si() };
    let err = r.office.add_person(&same_id).await.unwrap_err();
    assert_eq!(err.code(), "id_number.duplicate");

    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 1);
    assert_eq!(audit_count(&r).await, before, "a refused write leaves no audit entry");
}

#[tokio::test]
async fn invalid_input_writes_nothing() {
    let r = register().await;
    let bad = PersonInput { id_number: "440304198506171230".into(), ..zhang_san() };
    let err = r.office.add_person(&bad).await.unwrap_err();
    assert_eq!(err.code(), "id_number.checksum");
    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 0);
    assert_eq!(audit_count(&r).await, 0);
}

#[tokio::test]
async fn search_by_pinyin_initials_staff_number_and_id_digits() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    let names = |q: &str| {
        let office = r.office.clone();
        let q = q.to_owned();
        async move {
            let page = office.people(&PeopleQuery { search: q, ..Default::default() }).await.unwrap();
            page.rows.into_iter().map(|p| p.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names("zs").await, ["张三"]);
    assert_eq!(names("Zhang San").await, ["张三"]);
    assert_eq!(names("张").await, ["张三"]);
    assert_eq!(names("s0002").await, ["李四"]);
    assert_eq!(names("0040").await, ["李四"], "the last digits shown in the list find the person");
    assert_eq!(names("440304").await, ["张三"]);
    assert_eq!(names("*").await, Vec::<String>::new(), "wildcards are literal");
    assert_eq!(names("").await.len(), 2);
}

#[tokio::test]
async fn level_changes_are_dated_and_answerable_at_any_date() {
    let r = register().await;
    r.office.add_person(&li_si()).await.unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    // Registered today (27 Nov 2026) with a start date in the past: the first level counts from it.
    let p = r.office.add_person(&PersonInput { start_date: Some(d(1, 5)), ..zhang_san() }).await.unwrap();
    assert_eq!(p.level_history[0].effective, d(1, 5));
    let p = r.office.set_level(who(&r.office, "S0001").await, "important", d(6, 1), "岗位调整").await.unwrap();
    assert_eq!(p.level.as_str(), "important");
    assert_eq!(p.level_on(d(5, 31)).unwrap().as_str(), "core");
    assert_eq!(p.level_on(d(6, 1)).unwrap().as_str(), "important");
    let filtered = r.office.people(&PeopleQuery { level: Some("important".into()), ..Default::default() }).await.unwrap();
    assert_eq!(filtered.total, 1);

    let err = r.office.set_level(who(&r.office, "S0001").await, "core", d(12, 1), "future").await.unwrap_err();
    assert_eq!(err.code(), "date.future");
    assert_eq!(r.office.person(who(&r.office, "S0001").await).await.unwrap().level_history.len(), 2);
}

#[tokio::test]
async fn archive_hides_the_person_and_unarchive_brings_them_back() {
    let r = register().await;
    let p = r.office.add_person(&zhang_san()).await.unwrap();
    let err = r.office.archive(p.id, " ").await.unwrap_err();
    assert_eq!(err.code(), "required");
    r.office.archive(p.id, "调离").await.unwrap();
    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 0);
    let all = r.office.people(&PeopleQuery { include_archived: true, ..Default::default() }).await.unwrap();
    assert!(all.rows[0].archived);
    assert_eq!(r.office.update_person(p.id, &zhang_san()).await.unwrap_err().code(), "person.archived");
    r.office.unarchive(p.id).await.unwrap();
    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 1);
}

#[tokio::test]
async fn edits_are_audited_with_old_and_new_values() {
    let r = register().await;
    let p = r.office.add_person(&zhang_san()).await.unwrap();
    r.office.update_person(p.id, &PersonInput { unit: "档案室".into(), ..zhang_san() }).await.unwrap();
    let detail = r.office.person_detail(who(&r.office, "S0001").await).await.unwrap();
    let edit = &detail.history[0];
    assert_eq!(edit.action, "person.edit");
    assert_eq!(edit.changes.len(), 1);
    assert_eq!(edit.changes[0].field, "unit");
    assert_eq!(edit.changes[0].old.as_deref(), Some("机要室"));
    assert_eq!(edit.changes[0].new.as_deref(), Some("档案室"));
}

#[tokio::test]
async fn a_tampered_audit_row_is_found_by_verify() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    r.office.add_person(&li_si()).await.unwrap();
    r.office
        .set_level(who(&r.office, "S0002").await, "important", NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), "regraded")
        .await
        .unwrap();
    assert_eq!(r.office.verify_audit().await.unwrap().first_broken, None);

    // Someone opens the register behind the app (sqlite3 on the file, psql as the server's
    // administrator), removes the guard and rewrites history.
    r.tamper(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET operator = 'nobody' WHERE seq = 2;",
        "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET operator = 'nobody' WHERE seq = 2;",
    )
    .await;

    let office = r.reopen().await;
    let v = office.verify_audit().await.unwrap();
    assert_eq!(v.entries, 2, "verification stops at the first broken entry");
    assert_eq!(v.first_broken, Some(2));
}

#[tokio::test]
async fn the_audit_trail_refuses_updates_and_deletes() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let refused = match &r.server {
        // Even the server's administrator, who bypasses every GRANT, meets the guard.
        Some(db) => db.psql("DELETE FROM audit_log;").unwrap_err(),
        None => {
            r.office.store().close().await;
            let out = std::process::Command::new("sqlite3").arg(&r.path).arg("DELETE FROM audit_log;").output().unwrap();
            assert!(!out.status.success());
            String::from_utf8_lossy(&out.stderr).into_owned()
        }
    };
    assert!(refused.contains("append-only"), "{refused}");
}

#[tokio::test]
async fn sample_data_loads_only_into_an_empty_register() {
    let r = register().await;
    assert_eq!(r.office.load_sample().await.unwrap(), 60);
    let page = r.office.people(&PeopleQuery::default()).await.unwrap();
    assert_eq!(page.total, 60);
    assert!(r.office.units().await.unwrap().len() >= 5);
    assert_eq!(r.office.load_sample().await.unwrap_err().code(), "register.not_empty");
    assert_eq!(r.office.people(&PeopleQuery::default()).await.unwrap().total, 60);
}

#[tokio::test]
async fn reads_and_writes_need_an_account_signed_in_and_no_name_is_typed() {
    if sqlite_only("the register's own first account: on the office server the login role is the operator") {
        return;
    }
    let place = Place::new();
    let office = Office::new(place.open().await, "");
    assert_eq!(office.add_person(&zhang_san()).await.unwrap_err().code(), "session.required");
    assert_eq!(office.people(&PeopleQuery::default()).await.unwrap_err().code(), "session.required");
    assert!(office.store().audit_all().await.unwrap().is_empty(), "nothing recorded");
    let info = office.info().await.unwrap();
    assert!(info.needs_account && info.account.is_none() && info.allowed.is_empty());
    office.create_first_account(" 赵  磊 ", "zhao-lei-2026").await.unwrap();
    let p = office.add_person(&zhang_san()).await.unwrap();
    assert_eq!(office.person_history(p.id).await.unwrap()[0].operator, "赵 磊");
}

#[tokio::test]
async fn a_pending_migration_sets_the_file_aside_first() {
    if sqlite_only("a copy of the file set aside before a migration") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.db");
    // A register written by an older version: its schema lacks the newest migration.
    let store = store::open(OpenOptions::new(&path)).await.unwrap();
    let office = Office::new(store, "").with_account(crate::admin("王芳"));
    office.add_person(&zhang_san()).await.unwrap();
    office.store().close().await;
    let latest: i64 = String::from_utf8(
        std::process::Command::new("sqlite3").arg(&path).arg("SELECT max(version) FROM _sqlx_migrations").output().unwrap().stdout,
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap();
    std::process::Command::new("sqlite3")
        .arg(&path)
        .arg(format!("DELETE FROM _sqlx_migrations WHERE version = {latest}"))
        .status()
        .unwrap();
    // Re-running the newest migration would fail on existing tables; the backup must exist first.
    let _ = store::open(OpenOptions::new(&path)).await;
    let backup = dir.path().join(format!("register.db.before-{latest}.bak"));
    assert!(backup.exists(), "expected {}", backup.display());
    let people = std::process::Command::new("sqlite3").arg(&backup).arg("SELECT name FROM person").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&people.stdout).trim(), "张三");
}

/// A commit that fails at the last step (a disk error at `fsync`) is reported truthfully: the
/// register is read again and the message says whether the change is in it.
#[tokio::test]
async fn a_failed_commit_says_whether_the_change_was_saved() {
    let r = register().await;
    r.office.add_person(&zhang_san()).await.unwrap();
    let last = r.office.store().audit_page(0, 1).await.unwrap().0[0].hash.clone();
    let disk = || clearance_tracker_lib::store::StoreError::Io(std::io::Error::from_raw_os_error(5));
    let office = r.office.clone().with_lang(Some(clearance_domain::Lang::ZhCn));
    let saved = office.after_failed_commit(Some(&last), disk()).await;
    assert_eq!(saved.code(), "store.saved_despite_error");
    assert!(saved.to_api(clearance_domain::Lang::ZhCn).message.contains("请勿重复录入"));
    let lost = office.after_failed_commit(Some(&"0".repeat(64)), disk()).await;
    assert_eq!(lost.code(), "store.not_saved");
    let message = lost.to_api(clearance_domain::Lang::En).message;
    assert!(message.contains("was not saved") && message.contains("disk failed"), "{message}");
}

/// Numeric staff numbers equal to other people's internal ids: a bare number is always a staff
/// number, `#N` the internal id, and each write lands on the person resolved.
#[tokio::test]
async fn numeric_staff_numbers_resolve_to_the_right_person() {
    let r = register().await;
    let zhang = r.office.add_person(&PersonInput { staff_no: "2".into(), ..zhang_san() }).await.unwrap();
    let li = r.office.add_person(&PersonInput { staff_no: "1".into(), ..li_si() }).await.unwrap();
    assert_eq!((zhang.id.get(), li.id.get()), (1, 2), "the ids this test is about");
    assert_eq!(r.office.resolve_person("1").await.unwrap(), li.id);
    assert_eq!(r.office.resolve_person("２").await.unwrap(), zhang.id, "full-width digits read as digits");
    assert_eq!(r.office.resolve_person("#1").await.unwrap(), zhang.id);
    assert_eq!(r.office.resolve_person("# 2").await.unwrap(), li.id);
    for (typed, code) in [("3", "person.no_staff_no"), ("#9", "person.no_id"), ("#x", "person.reference"), ("张三", "person.reference")] {
        let err = r.office.resolve_person(typed).await.unwrap_err();
        assert_eq!(err.code(), code, "{typed}");
    }
    let target = r.office.resolve_person("1").await.unwrap();
    r.office.set_level(target, "important", NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), "岗位调整").await.unwrap();
    assert_eq!(r.office.person(li.id).await.unwrap().level.as_str(), "important");
    assert_eq!(r.office.person(zhang.id).await.unwrap().level.as_str(), "core", "the other person is untouched");
    let entry = &r.office.store().audit_page(0, 1).await.unwrap().0[0];
    assert_eq!((entry.action.as_str(), entry.person_id), ("person.level", Some(li.id)));
}
