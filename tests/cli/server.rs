//! The command line on the office server (issue 16): `--db postgres://…` is the server, never a
//! folder; the operator is the login role the server authenticated (`current_user`), its role its
//! group role (`ct_clerk` …); the server itself refuses what a role may not do, whatever program
//! connects. The tests that need a server run when `CLEARANCE_TRACKER_TEST_PG` names one.

use std::process::Command;

use super::backend::{on_server, psql, with_user};
use super::{Cli, BIN};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `--db` or `CLEARANCE_TRACKER_DB` gives when it is a server's address that answers nobody:
/// a translated "cannot reach" with the address, a non-zero exit, and nothing made in the folder
/// the command ran in (it used to make a folder named `postgres:` with a SQLite register in it).
#[test]
fn a_server_address_is_the_server_never_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("password");
    std::fs::write(&password, "li-password-1\n").unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    // Port 1 on this computer: nothing listens there, the connection is refused at once.
    let address = "postgres://li@127.0.0.1:1/register?sslmode=disable";
    let run = |lang: &str, via_env: bool| {
        let mut c = Command::new(BIN);
        c.current_dir(&work)
            .env_remove("CLEARANCE_TRACKER_DB")
            .env_remove("CLEARANCE_TRACKER_USER")
            .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .args(["--lang", lang]);
        if via_env {
            c.env("CLEARANCE_TRACKER_DB", address);
        } else {
            c.args(["--db", address]);
        }
        c.args(["person", "list"]).output().unwrap()
    };
    for (lang, via_env, words) in
        [("en", false, "Cannot reach the office server 127.0.0.1:1"), ("zh-CN", true, "无法连接办公室服务器 127.0.0.1:1")]
    {
        let out = run(lang, via_env);
        assert!(!out.status.success(), "{lang}: an unreachable server is a failure");
        assert!(stderr(&out).contains(words), "{lang}: {}", stderr(&out));
        assert!(stderr(&out).contains("postgres://li@127.0.0.1:1/register"), "the address heads the message: {}", stderr(&out));
    }
    // A mistyped address is refused as one, not taken for a file's name.
    let out = Command::new(BIN)
        .current_dir(&work)
        .env_remove("CLEARANCE_TRACKER_DB")
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", &password)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["--lang", "en", "--db", "postgres://li@db.office:port/register", "person", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!stderr(&out).trim().is_empty());
    let made: Vec<_> = std::fs::read_dir(&work).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(made.is_empty(), "nothing is made where the command ran: {made:?}");
    assert!(!dir.path().join("data").exists(), "nor in the app's data folder");
}

/// Skips a test that needs the office server when the suite runs on SQLite files.
fn server_needed(what: &str) -> bool {
    if on_server() {
        return false;
    }
    eprintln!("skipped without CLEARANCE_TRACKER_TEST_PG (needs the office server): {what}");
    true
}

/// A trip of 张三's requested by the administrator; its id.
fn a_trip(cli: &Cli) -> String {
    cli.add_zhang();
    let trip = cli.ok_json(&[
        "trip",
        "request",
        "S0001",
        "--to",
        "jp",
        "--purpose",
        "探亲",
        "--kind",
        "private",
        "--depart",
        "2027-02-01",
        "--return",
        "2027-02-05",
        "--json",
    ]);
    trip["trip"]["id"].as_i64().unwrap().to_string()
}

/// The operator is the login role: a clerk's change is recorded under its name, the app refuses
/// what a clerk may not do in the same words as on a file, and the accounts are the server's roles.
#[test]
fn server_operator_is_the_login_role() {
    if server_needed("the operator on the server") {
        return;
    }
    let cli = Cli::new();
    let trip = a_trip(&cli);
    let clerk = cli.add_account("si_clerk_李娜", "clerk");
    let db = cli.server.as_ref().unwrap();
    // A login role, member of ct_clerk, with no rights of its own.
    let role = db.psql("SELECT rolcanlogin, rolcreaterole, pg_has_role('si_clerk_李娜', 'ct_clerk', 'MEMBER') FROM pg_roles WHERE rolname = 'si_clerk_李娜'");
    assert_eq!(role.unwrap(), "t|f|t");
    // Its password went to the server as a SCRAM verifier (a statement log keeps no password).
    let kept = db.psql("SELECT rolpassword FROM pg_authid WHERE rolname = 'si_clerk_李娜'").unwrap();
    let typed = std::fs::read_to_string(&clerk).unwrap();
    assert!(kept.starts_with("SCRAM-SHA-256$4096:") && !kept.contains(typed.trim()), "{kept}");
    let out = cli.run_as("si_clerk_李娜", &clerk, &["--lang", "en", "person", "edit", "S0001", "--post", "档案员", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let trail = db.psql("SELECT operator FROM audit_log ORDER BY seq DESC LIMIT 1").unwrap();
    assert_eq!(trail, "si_clerk_李娜", "the trail names the login role");
    let approve = [
        "--lang",
        "en",
        "trip",
        "approve",
        &trip,
        "--approver",
        "钱处长",
        "--level",
        "higher",
        "--personnel-opinion",
        "同意",
        "--secrecy-opinion",
        "同意",
    ];
    let out = cli.run_as("si_clerk_李娜", &clerk, &approve);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Not allowed for the role Clerk: approve trips"), "{}", stderr(&out));
    let out = cli.run_as("si_clerk_李娜", &clerk, &["--lang", "en", "account", "create", "si_someone", "--role", "clerk"]);
    assert!(stderr(&out).contains("Not allowed for the role Clerk: manage accounts"), "{}", stderr(&out));
    // The administrator's list is the server's roles.
    let list = cli.ok_json(&["account", "list", "--json"]);
    let names: Vec<(&str, &str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["role"].as_str().unwrap(), a["disabled"].as_bool().unwrap()))
        .collect();
    assert!(names.contains(&("si_clerk_李娜", "clerk", false)), "{names:?}");
    assert!(names.contains(&(super::ADMIN, "admin", false)), "{names:?}");
    // Disabled: the server lets the role connect no more.
    let out = cli.run(&["account", "disable", "si_clerk_李娜"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.psql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'si_clerk_李娜'").unwrap(), "f");
    let out = cli.run_as("si_clerk_李娜", &clerk, &["--lang", "en", "person", "list"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not let the role \"si_clerk_李娜\" sign in"), "{}", stderr(&out));
    // A wrong password is the server's refusal, in words.
    let wrong = clerk.with_file_name("wrong");
    std::fs::write(&wrong, "not-the-password\n").unwrap();
    let out = cli.run_as(super::ADMIN, &wrong, &["--lang", "zh-CN", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("办公室服务器拒绝了角色“王芳”的密码"), "{}", stderr(&out));
}

/// `account create` needs CREATEROLE on the server: an administrator's group role without it is
/// told so in words, and nothing is made.
#[test]
fn server_account_create_without_createrole_is_refused_in_words() {
    if server_needed("CREATEROLE") {
        return;
    }
    let cli = Cli::new();
    let db = cli.server.as_ref().unwrap();
    db.psql(&format!("ALTER ROLE {} NOCREATEROLE", super::backend::identifier(super::ADMIN))).unwrap();
    let file = cli.db.with_file_name("pw");
    std::fs::write(&file, "si-new-password-1\n").unwrap();
    let out = cli
        .command()
        .args(["--lang", "en", "account", "create", "si_new_clerk", "--role", "clerk", "--password-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("may not create roles (CREATEROLE)"), "{}", stderr(&out));
    assert_eq!(db.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'si_new_clerk'").unwrap(), "0");
}

/// The server refuses, not only the app: a clerk's role connecting with psql cannot rewrite or
/// remove the audit trail, nor decide a trip; and a refusal by the server that reaches the app is
/// said as the app's own ("Not allowed for the role Clerk"), with nothing changed.
#[test]
fn server_refuses_a_clerk_whatever_program_connects() {
    if server_needed("the server's GRANTs") {
        return;
    }
    let cli = Cli::new();
    let trip = a_trip(&cli);
    cli.add_account("si_clerk_direct", "clerk");
    let db = cli.server.as_ref().unwrap();
    let as_clerk = with_user(&db.url, "si_clerk_direct", "si_clerk_direct-password-1");
    assert!(psql(&as_clerk, "SELECT count(*) FROM person").is_ok(), "the clerk connects and reads");
    let before = db.psql("SELECT count(*), max(seq) FROM audit_log").unwrap();
    for (what, sql) in [
        ("rewrite the trail", "UPDATE audit_log SET operator = 'nobody'".to_owned()),
        ("remove the trail", "DELETE FROM audit_log".to_owned()),
        ("approve a trip", format!("UPDATE trip SET approved = 1, decided_by = 'si_clerk_direct' WHERE id = {trip}")),
    ] {
        let refused = psql(&as_clerk, &sql).expect_err(what);
        assert!(refused.contains("permission denied") || refused.contains("only an approver"), "{what}: {refused}");
    }
    assert_eq!(db.psql("SELECT count(*), max(seq) FROM audit_log").unwrap(), before, "the trail is as it was");
    assert_eq!(db.psql(&format!("SELECT approved IS NULL FROM trip WHERE id = {trip}")).unwrap(), "t", "the trip is undecided");
    // A right the server does not give (taken away in this register only) refused through the app.
    db.psql("REVOKE INSERT, UPDATE ON person FROM ct_clerk").unwrap();
    let out = cli.run_as(
        "si_clerk_direct",
        &cli.db.with_file_name("password-si_clerk_direct"),
        &["--lang", "en", "person", "edit", "S0001", "--post", "档案员"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("Not allowed for the role Clerk: the office server refused it"), "{}", stderr(&out));
    assert_eq!(db.psql("SELECT count(*), max(seq) FROM audit_log").unwrap(), before, "nothing was recorded");
}
