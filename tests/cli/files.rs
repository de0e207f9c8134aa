//! Files that are not what they should be, and several processes at once: each case refused (or
//! served read-only) with a translated message, and the file left exactly as it was.

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

use super::{sqlite_only, Cli, BIN};

fn digest(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn sqlite(db: &Path, sql: &str) {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("sqlite3 is installed by scripts/install-deps.sh");
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn another_programs_database_is_refused_and_left_unchanged() {
    if sqlite_only("another program's SQLite file given as the register") {
        return;
    }
    let cli = Cli::without_account();
    sqlite(&cli.db, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('shopping list');");
    let before = digest(&cli.db);
    let out = cli.run(&["--lang", "zh-CN", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("其他程序的数据库"), "{}", stderr(&out));
    let out = cli.run(&[
        "--lang",
        "en",
        "person",
        "add",
        "--name",
        "张三",
        "--staff-no",
        "1",
        "--id-number",
        "440304198506171238",
        "--unit",
        "机要室",
        "--level",
        "core",
    ]);
    assert!(stderr(&out).contains("another program's database"), "{}", stderr(&out));
    assert_eq!(digest(&cli.db), before, "not one byte changed");
    for side in ["-wal", "-shm", "-journal", ".lock"] {
        assert!(!Path::new(&format!("{}{side}", cli.db.display())).exists(), "nothing made beside it: {side}");
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_unchanged() {
    if sqlite_only("a file that is not a database given as the register") {
        return;
    }
    let cli = Cli::new();
    std::fs::write(&cli.db, "姓名,工号\n张三,1\n").unwrap();
    let before = digest(&cli.db);
    let out = cli.run(&["--lang", "en", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a Clearance Tracker register"), "{}", stderr(&out));
    assert_eq!(digest(&cli.db), before);
}

#[test]
fn a_register_from_a_newer_version_is_refused_and_left_unchanged() {
    if sqlite_only("a register file from a newer version") {
        return;
    }
    let cli = Cli::new();
    cli.add_zhang();
    sqlite(
        &cli.db,
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (20991231000000, 'future', '2099-12-31', 1, x'00', 0); \
         UPDATE setting SET value = '9.1.0' WHERE key = 'schema_written_by'; PRAGMA wal_checkpoint(TRUNCATE);",
    );
    let before = digest(&cli.db);
    let out = cli.run(&["--lang", "zh-CN", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("较新版本") && err.contains("9.1.0") && err.contains("升级本程序"), "{err}");
    assert!(!err.contains("previously applied"), "no driver text: {err}");
    assert_eq!(digest(&cli.db), before);
}

#[test]
fn eight_processes_opening_a_new_file_at_once_all_succeed() {
    if sqlite_only("processes making a new register file at once") {
        return;
    }
    let cli = Cli::new();
    let children: Vec<_> = (0..8)
        .map(|_| {
            cli.command()
                .args(["--lang", "en", "person", "list", "--json"])
                .stderr(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(cli.ok_json(&["person", "list", "--json"])["total"], 0);
}

#[test]
fn a_damaged_page_is_found_by_the_check() {
    if sqlite_only("a damaged page in the register file") {
        return;
    }
    let cli = Cli::new();
    for i in 0..40 {
        let id = super::right_person::valid_id(i);
        cli.ok_json(&[
            "person",
            "add",
            "--name",
            "王芳",
            "--staff-no",
            &format!("{}", 100 + i),
            "--id-number",
            &id,
            "--unit",
            "机要室",
            "--level",
            "general",
            "--json",
        ]);
    }
    let out = cli.run(&["--lang", "en", "check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("passed its check"));
    // Overwrite an index's root page with zeros (the file's own numbers say where it is).
    sqlite(&cli.db, "PRAGMA wal_checkpoint(TRUNCATE);");
    let page_size: u64 = query(&cli.db, "PRAGMA page_size;").parse().unwrap();
    let root: u64 = query(&cli.db, "SELECT rootpage FROM sqlite_master WHERE name = 'person_name_pinyin';").parse().unwrap();
    let mut bytes = std::fs::read(&cli.db).unwrap();
    let at = ((root - 1) * page_size) as usize;
    bytes[at..at + page_size as usize].fill(0xA5);
    std::fs::write(&cli.db, bytes).unwrap();
    let out = cli.run(&["--lang", "zh-CN", "check"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("已损坏") && stderr(&out).contains("备份"), "{}", stderr(&out));
    let report = cli.run(&["--lang", "en", "check", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert!(!json["problems"].as_array().unwrap().is_empty());
}

fn query(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn a_read_only_register_is_listed_and_refuses_changes() {
    if sqlite_only("a read-only register file") {
        return;
    }
    let cli = Cli::new();
    cli.add_zhang();
    let listed = cli.ok_json(&["--read-only", "person", "list", "--json"]);
    assert_eq!(listed["total"], 1);
    let out = cli.run(&["--read-only", "--lang", "zh-CN", "person", "archive", "S0001", "--reason", "调离"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("只读"), "{}", stderr(&out));
    assert_eq!(cli.ok_json(&["person", "show", "S0001", "--json"])["archived"], serde_json::Value::Null);
}

/// A file the user may not write (the permission, not the flag): as root every file is
/// writable, so the test runs the app as `nobody`.
#[test]
#[cfg(unix)]
fn a_register_the_user_may_not_write_opens_read_only() {
    if sqlite_only("a register file the user may not write") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let cli = Cli::new();
    cli.add_zhang();
    sqlite(&cli.db, "PRAGMA wal_checkpoint(TRUNCATE);");
    let dir = cli.db.parent().unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::set_permissions(entry.unwrap().path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let as_user = |args: &[&str]| -> Output {
        let mut command = if unsafe_is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
            c
        } else {
            Command::new(BIN)
        };
        command
            .arg("--db")
            .arg(&cli.db)
            .args(["--user", "王芳"])
            .args(args)
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", &cli.password_file)
            .env("HOME", "/tmp")
            .output()
            .unwrap()
    };
    if !unsafe_is_root() {
        std::fs::set_permissions(&cli.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let out = as_user(&["--lang", "en", "person", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = as_user(&["--lang", "en", "person", "archive", "S0001", "--reason", "left"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
}

/// Whether the tests run as root (CI does), read from /proc so no unsafe call is needed.
fn unsafe_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

#[test]
#[cfg(unix)]
fn the_register_and_its_folder_are_private() {
    if sqlite_only("the register file's and its folder's permissions") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office").join("register.db");
    let password = dir.path().join("password");
    std::fs::write(&password, "wang-fang-2026\n").unwrap();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["account", "create", "王芳", "--role", "admin"])
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert_eq!(mode(&db), 0o600);
    for suffix in ["-wal", "-shm", ".lock"] {
        let side = Path::new(&format!("{}{suffix}", db.display())).to_path_buf();
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{}", side.display());
        }
    }
}

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    use std::io::{BufRead, BufReader};
    let cli = Cli::new();
    cli.ok_json(&["sample", "--json"]);
    let mut child = cli
        .command()
        .args(["person", "list", "--limit", "500"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is gone (`| head -1`); the rest of the list meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(!first.is_empty());
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(out.status.success() || out.status.code().is_none(), "{:?}", out.status);
}

#[test]
fn terminal_escapes_in_stored_text_are_shown_not_obeyed() {
    let cli = Cli::new();
    cli.add_zhang();
    // An operator stored by an older version that did not refuse control characters.
    cli.tamper(
        "UPDATE person SET name = '张' || char(27) || '[2K三' || char(8238) WHERE staff_no = 'S0001';",
        "UPDATE person SET name = '张' || chr(27) || '[2K三' || chr(8238) WHERE staff_no = 'S0001';",
    );
    let out = cli.run(&["person", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202E}'), "{text:?}");
    assert!(text.contains("张<U+001B>[2K三<U+202E>"), "{text}");
    // Typed now, such an account name is refused before anything is written.
    let out = cli.run(&["--lang", "en", "--user", "\u{1b}[1A\u{1b}[2K", "person", "archive", "S0001", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
}
