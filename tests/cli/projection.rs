//! `reminders rebuild` and `reminders check`: the projection the dashboard reads rebuilt with its
//! progress in words, compared with the full recomputation (exit 0), and a row changed behind
//! the app's back found and named (exit 1).

use super::Cli;

fn sqlite(cli: &Cli, sql: &str) {
    cli.behind(sql);
}

#[test]
fn rebuild_reports_progress_and_check_agrees_then_finds_a_changed_row() {
    let cli = Cli::new();
    cli.ok_json(&["sample", "--json"]);

    let out = cli.run(&["--lang", "en", "reminders", "rebuild", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let done: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(done["built"], true);
    assert!(done["people"].as_u64().unwrap() > 10 && done["rows"].as_u64().unwrap() > 10, "{done}");
    let progress = String::from_utf8_lossy(&out.stderr);
    assert!(progress.contains("Rebuilding the reminders' projection:"), "progress in words on stderr: {progress}");
    assert!(progress.contains(&format!("{} of {} people computed", done["people"], done["people"])), "{progress}");

    // Equal today, ahead and across the year's end (people whose interval does not reach a day
    // are left out of that day's comparison, and counted).
    for as_of in ["2026-11-27", "2026-12-31", "2027-01-01"] {
        let out = cli.run(&["reminders", "check", "--as-of", as_of, "--json"]);
        assert!(out.status.success(), "{as_of}: {}", String::from_utf8_lossy(&out.stdout));
        let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(check["differences"], serde_json::json!([]), "{as_of}");
        assert_eq!(check["built"], true);
    }
    let out = cli.run(&["--lang", "zh-CN", "reminders", "check"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("提醒索引与完整计算一致"), "{}", String::from_utf8_lossy(&out.stdout));

    // A due date moved behind the app's back: exit 1, the person and both dates named.
    sqlite(&cli, "UPDATE reminder_projection SET due_date = '2031-02-03' WHERE key = (SELECT min(key) FROM reminder_projection)");
    let out = cli.run(&["--lang", "en", "reminders", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("differs from the full recomputation in 1 place"), "{text}");
    assert!(text.contains("stored due 2031-02-03, computed due"), "{text}");
    let out = cli.run(&["reminders", "check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["differences"].as_array().unwrap().len(), 1);

    // A rebuild puts it right.
    assert!(cli.run(&["reminders", "rebuild"]).status.success());
    assert!(cli.run(&["reminders", "check"]).status.success());
}

#[test]
fn a_clerk_may_rebuild_and_an_auditor_may_check_but_not_rebuild() {
    let cli = Cli::new();
    cli.add_zhang();
    let clerk = cli.add_account("李文", "clerk");
    let auditor = cli.add_account("赵敏", "auditor");
    assert!(cli.run_as("李文", &clerk, &["reminders", "rebuild"]).status.success());
    assert!(cli.run_as("赵敏", &auditor, &["reminders", "check"]).status.success());
    let out = cli.run_as("赵敏", &auditor, &["reminders", "rebuild"]);
    assert_eq!(out.status.code(), Some(2), "refused, as a user error: {}", String::from_utf8_lossy(&out.stderr));
}
