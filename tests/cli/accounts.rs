//! Accounts from the command line (issue 14): `--user` with the password in a file, wrong
//! passwords refused after a delay, each role refused what it may not do, `--today` for
//! administrators only, the trail naming the account signed in, a disabled account refused,
//! and `account …` in words and as JSON.

use std::time::{Duration, Instant};

use super::{sqlite_only, Cli, ADMIN};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_wrong_password_is_refused_after_a_delay_with_exit_code_2_and_recorded() {
    // On the server the server checks the password (tests/cli/server.rs: its refusal in words).
    if sqlite_only("the register's own password check, its delay and its entry in the trail") {
        return;
    }
    let cli = Cli::new();
    let wrong = cli.db.with_file_name("wrong");
    std::fs::write(&wrong, "not-the-password\n").unwrap();
    let started = Instant::now();
    let out = cli.run_as(ADMIN, &wrong, &["--lang", "en", "person", "list"]);
    assert!(started.elapsed() >= Duration::from_millis(900), "refused after a delay: {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "The account name or the password is not right");
    assert!(stdout(&out).is_empty(), "nothing listed");
    let trail = cli.ok_json(&["audit", "list", "--action", "session.sign_in_failed", "--json"]);
    assert_eq!(trail.as_array().unwrap().len(), 1, "{trail:#}");
    assert_eq!(trail[0]["operator"], ADMIN);
    // No password at all (no file, no terminal): said, not asked.
    let out = cli.command().env_remove("CLEARANCE_TRACKER_PASSWORD_FILE").args(["--lang", "en", "person", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("CLEARANCE_TRACKER_PASSWORD_FILE"), "{}", stderr(&out));
    // No account named.
    let out = cli.command().env_remove("CLEARANCE_TRACKER_USER").args(["--lang", "en", "person", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--user"), "{}", stderr(&out));
}

#[test]
fn each_role_is_refused_what_it_may_not_do() {
    let cli = Cli::new();
    cli.add_zhang();
    let clerk = cli.add_account("李娜", "clerk");
    let auditor = cli.add_account("周审", "auditor");
    let approver = cli.add_account("钱处长", "approver");
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
    let trip_id = trip["trip"]["id"].as_i64().unwrap().to_string();
    // 张三 holds a core post: the higher approval level.
    let approve = [
        "--lang",
        "en",
        "trip",
        "approve",
        trip_id.as_str(),
        "--approver",
        "钱处长",
        "--level",
        "higher",
        "--personnel-opinion",
        "同意",
        "--secrecy-opinion",
        "同意",
    ];
    let refusals = [
        (&clerk, "李娜", approve.to_vec(), "Not allowed for the role Clerk: approve trips"),
        (&clerk, "李娜", vec!["--lang", "en", "backup"], "Not allowed for the role Clerk: back up the register"),
        (&clerk, "李娜", vec!["--lang", "en", "account", "list"], "Not allowed for the role Clerk: manage accounts"),
        (
            &auditor,
            "周审",
            vec![
                "--lang",
                "en",
                "person",
                "add",
                "--name",
                "李四",
                "--staff-no",
                "S0002",
                "--id-number",
                "320106199001010040",
                "--unit",
                "机要室",
                "--level",
                "general",
            ],
            "Not allowed for the role Auditor: add and edit people",
        ),
        (
            &approver,
            "钱处长",
            vec!["--lang", "en", "account", "create", "孙丽", "--role", "clerk"],
            "Not allowed for the role Approver: manage accounts",
        ),
    ];
    for (file, name, args, said) in refusals {
        let out = cli.run_as(name, file, &args);
        assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).trim(), said, "{name} {args:?}");
    }
    assert_eq!(cli.ok_json(&["person", "list", "--json"])["total"], 1, "the auditor added nobody");
    let refused = cli.ok_json(&["audit", "list", "--action", "access.refused", "--json"]);
    assert_eq!(refused.as_array().unwrap().len(), 5, "each refusal is an entry: {refused:#}");
    // What each may do, it does: the auditor reads and verifies, the approver approves.
    let out = cli.run_as("周审", &auditor, &["audit", "verify", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cli.run_as("钱处长", &approver, &approve);
    assert!(out.status.success(), "{}", stderr(&out));
    let approved = cli.ok_json(&["audit", "list", "--action", "trip.approve", "--json"]);
    assert_eq!(approved[0]["operator"], "钱处长", "the trail names the account signed in, not a typed name");
}

#[test]
fn only_an_administrator_may_shift_today_and_the_entry_says_both_days() {
    let cli = Cli::new();
    let clerk = cli.add_account("李娜", "clerk");
    let out = cli.run_as("李娜", &clerk, &["--lang", "en", "--today", "2027-01-15", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "Only an administrator may use --today to work as of another day");
    let refused = cli.ok_json(&["audit", "list", "--action", "access.refused", "--json"]);
    assert_eq!(refused[0]["operator"], "李娜");
    // The administrator's entries under --today carry the shifted day beside the real time.
    let added = cli.run_on(
        "2027-01-15",
        &[
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
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let entry = &cli.ok_json(&["audit", "list", "--action", "person.add", "--json"])[0];
    assert_eq!(entry["as_of"], "2027-01-15");
    let real = chrono::Local::now().date_naive().to_string();
    let text = stdout(&cli.run(&["--lang", "en", "audit", "list", "--action", "person.add"]));
    assert!(text.contains(&format!("recorded on {real} as of 2027-01-15")), "{text}");
    let text = stdout(&cli.run(&["--lang", "zh-CN", "audit", "list", "--action", "person.add"]));
    assert!(text.contains(&format!("{real} 记录,所记日期为 2027-01-15")), "{text}");
    assert_eq!(cli.ok_json(&["audit", "verify", "--json"])["first_broken"], serde_json::Value::Null);
}

#[test]
fn a_disabled_account_is_refused_and_enabled_again_signs_in() {
    // On the server a disabled account is a NOLOGIN role (tests/cli/server.rs).
    if sqlite_only("the register's own accounts disabled") {
        return;
    }
    let cli = Cli::new();
    let clerk = cli.add_account("李娜", "clerk");
    let disabled = cli.ok_json(&["account", "disable", "李娜", "--json"]);
    assert_eq!(disabled["disabled"], true);
    let out = cli.run_as("李娜", &clerk, &["--lang", "en", "person", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "The account \"李娜\" is disabled: ask an administrator");
    cli.ok_json(&["account", "enable", "李娜", "--json"]);
    let out = cli.run_as("李娜", &clerk, &["person", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The last administrator is neither disabled nor demoted.
    let out = cli.run(&["--lang", "en", "account", "set-role", ADMIN, "clerk"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("last active administrator"), "{}", stderr(&out));
}

#[test]
fn accounts_are_listed_in_words_and_as_json_and_passwords_change() {
    let cli = Cli::new();
    cli.add_account("李娜", "clerk");
    let out = cli.run(&["--lang", "zh-CN", "account", "list"]);
    let text = stdout(&out);
    assert!(text.contains("李娜  经办人  可登录") && text.contains("王芳  管理员  可登录"), "{text}");
    assert!(!text.contains("clerk") && !text.contains("argon2"), "words, never codes nor hashes: {text}");
    let list = cli.ok_json(&["account", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["name"], "李娜");
    assert_eq!(list[0]["role"], "clerk");
    assert!(list[0].get("password_hash").is_none());
    let role = cli.ok_json(&["account", "set-role", "李娜", "审批人", "--json"]);
    assert_eq!(role["role"], "approver", "a role by its words too");
    // A password too short is refused in words; a good one from a file replaces the old.
    let short = cli.db.with_file_name("short");
    std::fs::write(&short, "1234567\n").unwrap();
    let out = cli.run(&["--lang", "en", "account", "password", "李娜", "--password-file", short.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "The password must have at least 8 characters (it has 7)");
    let new = cli.db.with_file_name("new");
    std::fs::write(&new, "li-na-new-2027\n").unwrap();
    let out = cli.run(&["account", "password", "李娜", "--password-file", new.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(cli.run_as("李娜", &new, &["person", "list", "--json"]).status.success());
    let actions: Vec<String> =
        cli.ok_json(&["audit", "list", "--json"]).as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions[..3], ["account.password", "account.update", "account.create"], "{actions:?}");
}

#[test]
fn the_first_account_needs_no_sign_in_only_while_there_is_none() {
    // On the server the first login role is made by the server's administrator.
    if sqlite_only("the register's first account") {
        return;
    }
    let cli = Cli::without_account();
    let out = cli.command().args(["--lang", "en", "person", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("account create NAME --role admin"), "{}", stderr(&out));
    let out = cli.command().args(["--lang", "en", "account", "create", ADMIN, "--role", "clerk"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the first account is an administrator");
    let out = cli
        .command()
        .args(["account", "create", ADMIN, "--role", "admin", "--json"])
        .env_remove("CLEARANCE_TRACKER_USER")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // From then on, creating one is an administrator's, signed in.
    let out = cli
        .command()
        .env_remove("CLEARANCE_TRACKER_USER")
        .args(["--lang", "en", "account", "create", "李娜", "--role", "admin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--user"), "{}", stderr(&out));
}
