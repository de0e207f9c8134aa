//! CLI tests: the real binary against a temporary register: a SQLite file, or with
//! `CLEARANCE_TRACKER_TEST_PG` set a database of its own on that PostgreSQL server
//! (tests/support/backend.rs).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "../support/backend.rs"]
mod backend;
use backend::{server_only, sqlite_only, ServerDb};

mod accounts;
mod anchor;
mod audit;
mod backup;
mod encryption;
mod export;
mod files;
mod forms;
mod import;
mod issuing;
mod lifecycle;
mod migrate;
mod people_list;
mod photo;
mod projection;
mod reminders;
mod replay;
mod right_person;
mod server;
mod travel;

const BIN: &str = env!("CARGO_BIN_EXE_clearance-tracker");

/// The administrator every test runs as, and the password in its file.
const ADMIN: &str = "王芳";
const ADMIN_PASSWORD: &str = "wang-fang-2026";

struct Cli {
    /// The register file (on PostgreSQL: a path in the test's folder where no register is).
    db: PathBuf,
    /// The file `CLEARANCE_TRACKER_PASSWORD_FILE` names: the administrator's password.
    password_file: PathBuf,
    /// The test's own database on the test server, when the tests run on PostgreSQL: every
    /// command gets `--db` with its URL.
    server: Option<ServerDb>,
    _dir: tempfile::TempDir,
}

impl Cli {
    /// A new register with its first account, the administrator 王芳, whom every command runs as.
    fn new() -> Cli {
        Cli::with_admin(Cli::without_account())
    }

    /// [`Cli::new`] on a register file, whichever backend the suite runs on (what `migrate`
    /// moves to the server).
    fn new_file() -> Cli {
        Cli::with_admin(Cli::blank(None))
    }

    fn with_admin(cli: Cli) -> Cli {
        // Login roles are the server's: a second register of the same test (an export imported
        // into a new one, say) finds the administrator's role made already, with its password.
        if let Some(db) = &cli.server {
            let exists = db.psql(&format!("SELECT count(*) FROM pg_roles WHERE rolname = '{ADMIN}'")).unwrap_or_default();
            if exists == "1" {
                // The register itself is still made by the server's administrator (who owns
                // its tables, as the first account's command would have).
                let out = cli.first_account_command().args(["settings", "show"]).env_remove("CLEARANCE_TRACKER_USER").output().unwrap();
                assert!(out.status.success(), "the register on the server: {}", String::from_utf8_lossy(&out.stderr));
                return cli;
            }
        }
        let out = cli
            .first_account_command()
            .args(["account", "create", ADMIN, "--role", "admin"])
            .env_remove("CLEARANCE_TRACKER_USER")
            .output()
            .unwrap();
        assert!(out.status.success(), "the first account: {}", String::from_utf8_lossy(&out.stderr));
        cli
    }

    /// A register not created yet (the first command creates it), with no account.
    fn without_account() -> Cli {
        Cli::blank(ServerDb::create())
    }

    fn blank(server: Option<ServerDb>) -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let password_file = dir.path().join("password");
        std::fs::write(&password_file, format!("{ADMIN_PASSWORD}\n")).unwrap();
        Cli { db: dir.path().join("register.db"), password_file, server, _dir: dir }
    }

    /// The binary on this register, signed in as the administrator (environment variables,
    /// as a script would), no "today" fixed. On the server the address carries no user or
    /// password: `CLEARANCE_TRACKER_USER` and the password file say who connects.
    fn command(&self) -> Command {
        match &self.server {
            Some(db) => self.command_on_location(std::ffi::OsStr::new(&db.address())),
            None => self.command_on(&self.db),
        }
    }

    /// The command that makes the first account: on the server, connected as the server's
    /// administrator (its user and password in the address), who makes the login role.
    fn first_account_command(&self) -> Command {
        match &self.server {
            Some(db) => self.command_on_location(std::ffi::OsStr::new(&db.url)),
            None => self.command(),
        }
    }

    /// [`Cli::command`] on another register file (a backup, a copy kept aside).
    fn command_on(&self, db: &Path) -> Command {
        self.command_on_location(db.as_os_str())
    }

    /// [`Cli::command`] with `--db location` (a file or a server's URL).
    fn command_on_location(&self, location: &std::ffi::OsStr) -> Command {
        let mut command = Command::new(BIN);
        command
            .arg("--db")
            .arg(location)
            .env_remove("CLEARANCE_TRACKER_DB")
            .env("CLEARANCE_TRACKER_USER", ADMIN)
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", &self.password_file)
            .env("XDG_DATA_HOME", self.db.parent().unwrap_or(Path::new(".")));
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_on("2026-11-27", args)
    }

    /// Runs with "today" fixed to `today`.
    fn run_on(&self, today: &str, args: &[&str]) -> Output {
        self.command().args(["--today", today]).args(args).output().expect("run the binary")
    }

    /// Creates an account with this role (as the administrator), its password
    /// `{name}-password-1` in a file of its own, whose path is returned.
    fn add_account(&self, name: &str, role: &str) -> PathBuf {
        let file = self.db.with_file_name(format!("password-{name}"));
        std::fs::write(&file, format!("{name}-password-1\n")).unwrap();
        let out = self.command().args(["account", "create", name, "--role", role, "--password-file"]).arg(&file).output().unwrap();
        assert!(out.status.success(), "account create {name}: {}", String::from_utf8_lossy(&out.stderr));
        file
    }

    /// Runs signed in as `name` (its password in `password_file`), on the real today: only an
    /// administrator may shift it.
    fn run_as(&self, name: &str, password_file: &Path, args: &[&str]) -> Output {
        self.command()
            .env("CLEARANCE_TRACKER_USER", name)
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", password_file)
            .args(args)
            .output()
            .expect("run the binary")
    }

    /// Someone changes the register behind the app's back: `sqlite` with the sqlite3 shell on
    /// the file, or `postgres` with psql as the server's administrator.
    fn tamper(&self, sqlite: &str, postgres: &str) {
        match &self.server {
            Some(db) => {
                db.psql(postgres).unwrap_or_else(|e| panic!("psql {postgres}: {e}"));
            }
            None => {
                let out =
                    Command::new("sqlite3").arg(&self.db).arg(sqlite).output().expect("sqlite3 is installed by scripts/install-deps.sh");
                assert!(out.status.success(), "sqlite3 {sqlite}: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
    }

    /// SQL run on the register behind the app's back, the same text on both backends: with the
    /// sqlite3 shell on the file (foreign keys off, as that shell has them), or with psql as the
    /// server's administrator with its triggers and foreign keys off for the session (a
    /// `DROP TRIGGER` statement of a guard then needs nothing more there and is left out). Its
    /// output (one value a line).
    fn behind(&self, sql: &str) -> String {
        match &self.server {
            Some(db) => {
                let kept: Vec<&str> =
                    sql.split_inclusive(';').filter(|s| !s.trim_start().to_ascii_uppercase().starts_with("DROP TRIGGER")).collect();
                db.psql(&format!("SET session_replication_role = replica; {}", kept.concat())).unwrap_or_else(|e| panic!("psql {sql}: {e}"))
            }
            None => {
                let out = Command::new("sqlite3").arg(&self.db).arg(sql).output().expect("sqlite3 is installed by scripts/install-deps.sh");
                assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
                String::from_utf8_lossy(&out.stdout).trim().to_owned()
            }
        }
    }

    fn ok_json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }

    fn add_zhang(&self) -> Value {
        self.ok_json(&[
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
            "--post",
            "机要员",
            "--json",
        ])
    }
}

#[test]
fn person_add_prints_the_stored_person_as_json() {
    let cli = Cli::new();
    let p = cli.add_zhang();
    assert_eq!(p["name"], "张三");
    assert_eq!(p["staff_no"], "S0001");
    assert_eq!(p["level"], "core");
    assert_eq!(p["birth_date"], "1985-06-17");
    assert_eq!(p["sex"], "male");
    assert_eq!(p["start_date"], "2026-12-27");
    assert_eq!(p["registered_on"], "2026-11-27");
    assert!(p["id"].is_i64());
    assert_eq!(p["level_history"][0]["level"], "core");
}

#[test]
fn person_list_searches_by_pinyin_and_masks_id_numbers() {
    let cli = Cli::new();
    cli.add_zhang();
    let page = cli.ok_json(&["person", "list", "--search", "zs", "--json"]);
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["name"], "张三");
    assert_eq!(page["rows"][0]["id_number_masked"], "**************1238");
    assert!(page["rows"][0].get("id_number").is_none(), "lists never carry the whole ID number");
    let none = cli.ok_json(&["person", "list", "--search", "ls", "--json"]);
    assert_eq!(none["total"], 0);

    let text = cli.run(&["--lang", "en", "person", "list"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("张三") && text.contains("Core") && text.contains("1 people"), "{text}");
}

#[test]
fn person_show_accepts_staff_number_or_id() {
    let cli = Cli::new();
    let p = cli.add_zhang();
    let by_staff = cli.ok_json(&["person", "show", "s0001", "--json"]);
    let by_id = cli.ok_json(&["person", "show", &format!("#{}", p["id"]), "--json"]);
    assert_eq!(by_staff, by_id);
    assert_eq!(by_staff["id_number"], "**************1238", "masked unless asked for");
    let audits = cli.ok_json(&["audit", "list", "--json"]).as_array().map(Vec::len);
    let revealed = cli.ok_json(&["person", "show", "S0001", "--reveal", "--json"]);
    assert_eq!(revealed["id_number"], "440304198506171238");
    let trail = cli.ok_json(&["audit", "list", "--json"]);
    assert_eq!(trail.as_array().map(Vec::len), audits.map(|n| n + 1), "the read is in the trail");
    assert_eq!(trail[0]["action"], "person.reveal_id");
    assert!(!trail[0].to_string().contains("440304198506171238"), "the trail never holds the number it records a read of");
}

#[test]
fn set_level_records_a_dated_change() {
    let cli = Cli::new();
    // In post since 5 January: the first level counts from then, so a change on 1 November is
    // inside the history.
    cli.ok_json(&[
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
        "--start",
        "2026-01-05",
        "--json",
    ]);
    let p = cli.ok_json(&[
        "person",
        "set-level",
        "S0001",
        "--level",
        "important",
        "--effective",
        "2026-11-01",
        "--reason",
        "岗位调整",
        "--json",
    ]);
    assert_eq!(p["level"], "important");
    assert_eq!(p["level_history"].as_array().unwrap().len(), 2);
    assert_eq!(p["level_history"][1]["effective"], "2026-11-01");
}

#[test]
fn bad_input_exits_2_with_a_translated_message_and_writes_nothing() {
    let cli = Cli::new();
    let out = cli.run(&[
        "--lang",
        "en",
        "person",
        "add",
        "--name",
        "李四",
        "--staff-no",
        "S0002",
        "--id-number",
        "440304198506171230",
        "--unit",
        "A",
        "--level",
        "core",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("check digit is wrong: expected 8, found 0"), "{err}");

    let out = cli.run(&[
        "--lang",
        "zh-CN",
        "person",
        "add",
        "--name",
        "李四",
        "--staff-no",
        "S0002",
        "--id-number",
        "440304198506171230",
        "--unit",
        "A",
        "--level",
        "secret",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("身份证号码校验位错误") && err.contains("未知的涉密等级"), "{err}");

    cli.add_zhang();
    let dup = cli.run(&[
        "--lang",
        "en",
        "person",
        "add",
        "--name",
        "张三",
        "--staff-no",
        "S0001",
        "--id-number",
        "320106199001010040",
        "--unit",
        "A",
        "--level",
        "core",
    ]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("Staff number S0001 is already in use"));

    let future =
        cli.run(&["--lang", "en", "person", "set-level", "S0001", "--level", "general", "--effective", "2027-01-01", "--reason", "x"]);
    assert_eq!(future.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&future.stderr).contains("Effective date cannot be after today"));

    let page = cli.ok_json(&["person", "list", "--json"]);
    assert_eq!(page["total"], 1);
    let audit = cli.ok_json(&["audit", "list", "--json"]);
    let actions: Vec<&str> = audit.as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["person.add", "account.create"], "only the successful add is in the trail (after the first account)");
}

#[test]
fn unknown_person_exits_2() {
    let cli = Cli::new();
    let out = cli.run(&["--lang", "en", "person", "show", "NOBODY"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No one has the staff number NOBODY"));
}

#[test]
fn audit_verify_reports_an_intact_chain_and_then_the_tampered_entry() {
    let cli = Cli::new();
    cli.add_zhang();
    cli.ok_json(&["person", "set-level", "S0001", "--level", "general", "--effective", "2026-11-27", "--reason", "regraded", "--json"]);
    let v = cli.ok_json(&["audit", "verify", "--json"]);
    assert_eq!(v["first_broken"], Value::Null);
    assert_eq!(v["intact"], true, "{v}");
    assert!(v["entries"].as_i64().is_some_and(|n| n >= 2), "{v}");

    cli.tamper(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET new = '{}' WHERE seq = 1;",
        "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET new = '{}' WHERE seq = 1;",
    );
    let out = cli.run(&["--lang", "en", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Audit entry 1 was altered or removed"));
}

#[test]
fn the_database_path_comes_from_the_environment_when_not_given() {
    if sqlite_only("the register file made where the environment says") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    let password = dir.path().join("password");
    std::fs::write(&password, "wang-fang-2026\n").unwrap();
    let out = Command::new(BIN)
        .args(["account", "create", "王芳", "--role", "admin", "--json"])
        .env("CLEARANCE_TRACKER_DB", &db)
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(BIN)
        .args(["--user", "王芳", "settings", "show", "--json"])
        .env("CLEARANCE_TRACKER_DB", &db)
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["db_path"], db.display().to_string());
    assert!(db.exists());
}
