//! `audit verify` replays the trail against the tables (issue 14): a direct edit of the register
//! file with `sqlite3` — a level, an ID number, a deleted training record, a changed custody
//! status, a step's date, a person inserted without an entry — is named with the person and the
//! field, and fails the command; the sample register, a register after an import and one after
//! a restore verify clean.

use std::process::Command;

use serde_json::Value;

use super::{sqlite_only, Cli};

/// Runs SQL on the register directly, as someone with a copy of the file and `sqlite3` (or psql
/// on the server) would.
fn sqlite(cli: &Cli, sql: &str) {
    cli.behind(sql);
}

fn sqlite_value(cli: &Cli, sql: &str) -> String {
    cli.behind(sql)
}

fn verify_json(cli: &Cli) -> (Option<i32>, Value) {
    let out = cli.run(&["--lang", "zh-CN", "audit", "verify", "--json"]);
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v)
}

fn differences(v: &Value) -> Vec<Value> {
    v["replay"]["differences"].as_array().cloned().unwrap_or_default()
}

fn sample(cli: &Cli) {
    cli.ok_json(&["sample", "--json"]);
}

#[test]
fn the_sample_register_verifies_clean() {
    let cli = Cli::new();
    sample(&cli);
    let (code, v) = verify_json(&cli);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["replay"]["matches"], true, "{:#}", v["replay"]);
    assert!(v["replay"]["records"].as_u64().unwrap() >= 60);
    assert!(v["replay"]["unchecked"].as_array().unwrap().is_empty(), "the sample is recorded field by field");
    let text = cli.run(&["--lang", "zh-CN", "audit", "verify"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("登记册与审计记录一致"), "{}", String::from_utf8_lossy(&text.stdout));
}

#[test]
fn a_level_changed_in_the_file_is_named_and_explains_list_and_show_disagreeing() {
    let cli = Cli::new();
    cli.add_zhang();
    sqlite(&cli, "UPDATE person SET level = 'general' WHERE staff_no = 'S0001'");
    // The list filters on the column; the person page reads the level history: they disagree.
    let listed = cli.ok_json(&["person", "list", "--level", "general", "--json"]);
    assert_eq!(listed["total"], 1);
    assert_eq!(cli.ok_json(&["person", "show", "S0001", "--json"])["level"], "core");
    // …and verify names exactly that field of that person.
    let (code, v) = verify_json(&cli);
    assert_ne!(code, Some(0));
    let d = differences(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["person"], "张三(S0001)");
    assert_eq!(d[0]["field_code"], "level");
    assert_eq!(d[0]["table"], "一般");
    assert_eq!(d[0]["trail"], "核心");
    let out = cli.run(&["--lang", "en", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("张三 (S0001) Level: in the table General, in the trail Core"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("differs from its audit trail: 1 difference(s)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_id_number_changed_in_the_file_is_named_masked() {
    let cli = Cli::new();
    cli.add_zhang();
    sqlite(&cli, "UPDATE person SET id_number = '440304198506170015', id_reversed = '510071605891403044' WHERE staff_no = 'S0001'");
    let (code, v) = verify_json(&cli);
    assert_ne!(code, Some(0));
    let d = differences(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0]["person"].as_str(), d[0]["field_code"].as_str()), (Some("张三(S0001)"), Some("id_number")));
    assert_eq!(d[0]["table"], "**************0015");
    assert_eq!(d[0]["trail"], "**************1238");
    let text = String::from_utf8_lossy(&cli.run(&["audit", "verify"]).stdout).into_owned();
    assert!(!text.contains("440304198506171238") && !text.contains("440304198506170015"), "never the whole number: {text}");
}

#[test]
fn a_deleted_training_record_a_custody_status_and_a_step_date_are_each_named() {
    let cli = Cli::new();
    sample(&cli);
    let trainee = sqlite_value(
        &cli,
        "SELECT p.name || '(' || p.staff_no || ')' FROM training_attendance a JOIN person p ON p.id = a.person_id ORDER BY a.session_id, a.person_id LIMIT 1",
    );
    sqlite(
        &cli,
        "DELETE FROM training_attendance WHERE (session_id, person_id) = \
         (SELECT session_id, person_id FROM training_attendance ORDER BY session_id, person_id LIMIT 1)",
    );
    let holder = sqlite_value(
        &cli,
        "SELECT p.name || '(' || p.staff_no || ')' FROM travel_document d JOIN person p ON p.id = d.person_id WHERE d.status = 'in_custody' ORDER BY d.id LIMIT 1",
    );
    sqlite(
        &cli,
        "UPDATE travel_document SET status = 'returned' WHERE id = (SELECT min(id) FROM travel_document WHERE status = 'in_custody')",
    );
    let stepper = sqlite_value(
        &cli,
        "SELECT p.name || '(' || p.staff_no || ')' FROM step_record s JOIN person p ON p.id = s.person_id ORDER BY s.id LIMIT 1",
    );
    sqlite(&cli, "UPDATE step_record SET done_on = '2020-01-01' WHERE id = (SELECT min(id) FROM step_record)");

    let (code, v) = verify_json(&cli);
    assert_ne!(code, Some(0));
    let d = differences(&v);
    assert_eq!(d.len(), 3, "{d:#?}");
    let find = |field: &str| d.iter().find(|x| x["field_code"] == field).unwrap_or_else(|| panic!("{field} not named: {d:#?}")).clone();
    let training = find("training");
    assert_eq!(training["person"], trainee.as_str());
    assert_eq!(training["table"], "(无)");
    assert!(training["trail"].as_str().unwrap().contains("学时"), "{training}");
    let custody = find("status");
    assert_eq!(custody["person"], holder.as_str());
    assert_eq!(custody["field"], "证件保管状态");
    assert_eq!(custody["trail"], "在柜保管");
    let step = find("step");
    assert_eq!(step["person"], stepper.as_str());
    assert!(step["table"].as_str().unwrap().contains("2020-01-01"), "{step}");
    assert!(!step["trail"].as_str().unwrap().contains("2020-01-01"), "{step}");
}

#[test]
fn a_person_inserted_without_an_entry_is_named() {
    let cli = Cli::new();
    cli.add_zhang();
    sqlite(
        &cli,
        "INSERT INTO person (name, name_folded, name_pinyin, name_initials, staff_no, id_number, id_reversed, unit, level, start_date, registered_on) \
         VALUES ('赵六', '赵六', 'zhaoliu', 'zl', 'S9999', '11010119900307999X', 'X9997030991010110', '一处', 'core', '2026-01-01', '2026-01-01')",
    );
    let (code, v) = verify_json(&cli);
    assert_ne!(code, Some(0));
    let d = differences(&v);
    assert_eq!(d.len(), 1, "one difference for the whole record: {d:#?}");
    assert_eq!(d[0]["person"], "赵六(S9999)");
    assert_eq!(d[0]["field_code"], "record");
    assert_eq!(d[0]["kind"], "no_entry");
}

#[test]
fn a_register_after_an_import_and_after_a_restore_verifies_clean() {
    if sqlite_only("a backup file and its restore") {
        return;
    }
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.xlsx");
    let out = cli.run(&["import", "template", "--out", template.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = cli.ok_json(&["import", "roster", template.to_str().unwrap(), "--json"]);
    assert_eq!(report["added"], 1);
    let (code, v) = verify_json(&cli);
    assert_eq!(code, Some(0), "{:#}", v["replay"]);

    let backup = dir.path().join("backup.db");
    cli.ok_json(&["backup", "--out", backup.to_str().unwrap(), "--json"]);
    assert!(cli.run(&["settings", "language", "en"]).status.success());
    let restored = cli.run(&["restore", backup.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let (code, v) = verify_json(&cli);
    assert_eq!(code, Some(0), "{:#}", v["replay"]);
    assert_eq!(v["replay"]["matches"], true);
}

/// `(summary, description)` of every VEVENT, as the Python `icalendar` package reads the file.
fn ics_events(path: &std::path::Path) -> Vec<(String, String)> {
    let script = "import icalendar, json, sys\n\
                  cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
                  print(json.dumps([[str(e['SUMMARY']), str(e['DESCRIPTION'])] for e in cal.walk('VEVENT')]))";
    let out = Command::new("/usr/bin/python3").args(["-c", script]).arg(path).output().expect("python3-icalendar");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_calendar_export_names_staff_numbers_and_items_only_unless_names_are_asked_for() {
    let cli = Cli::new();
    cli.add_zhang();
    let dir = tempfile::tempdir().unwrap();
    let (plain, named) = (dir.path().join("plain.ics"), dir.path().join("named.ics"));
    assert!(cli.run(&["--lang", "zh-CN", "reminders", "ics", "--out", plain.to_str().unwrap()]).status.success());
    assert!(cli.run(&["--lang", "zh-CN", "reminders", "ics", "--names", "--out", named.to_str().unwrap()]).status.success());

    let events = ics_events(&plain);
    assert!(!events.is_empty());
    for (summary, description) in &events {
        assert!(summary.contains("S0001") && !summary.contains("张三"), "{summary}");
        // No rule id (they carry the level: `core.…`) and no citation naming the level.
        assert!(!description.contains("规则") && !description.contains("core") && !description.contains("依据"), "{description}");
        assert!(!description.contains("核心"), "{description}");
    }
    let raw = std::fs::read_to_string(&plain).unwrap();
    assert!(!raw.contains("张三") && !raw.contains("core."), "{raw}");

    let events = ics_events(&named);
    assert_eq!(events.len(), ics_events(&plain).len());
    assert!(events.iter().all(|(s, d)| s.contains("张三(S0001)") && d.contains("规则")), "{events:?}");
}

#[test]
fn cli_output_never_prints_a_whole_id_number_unless_revealed() {
    let cli = Cli::new();
    cli.add_zhang();
    cli.ok_json(&["person", "edit", "S0001", "--phone", "13800138000", "--json"]);
    const WHOLE: &str = "440304198506171238";
    let printed = |args: &[&str]| {
        let out = cli.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Every command that prints a person, as text and as JSON.
    for args in [
        &["person", "list"][..],
        &["person", "list", "--json"],
        &["person", "show", "S0001"],
        &["person", "show", "S0001", "--json"],
        &["person", "edit", "S0001", "--notes", "x", "--json"],
        &["person", "set-level", "S0001", "--level", "important", "--effective", "2026-11-27", "--reason", "调岗", "--json"],
        &["audit", "list"],
        &["audit", "list", "--json"],
        &["audit", "list", "--person", "S0001", "--json"],
        &["audit", "verify", "--json"],
    ] {
        assert!(!printed(args).contains(WHOLE), "{args:?} printed the whole ID number");
    }
    let reveals = |cli: &Cli| {
        cli.ok_json(&["audit", "list", "--json", "--limit", "500"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "person.reveal_id")
            .count()
    };
    let before = reveals(&cli);
    assert!(printed(&["audit", "list", "--json", "--reveal"]).contains(WHOLE));
    assert_eq!(reveals(&cli), before + 1, "the read is an audit entry of its own");
    assert!(printed(&["person", "show", "S0001", "--reveal", "--json"]).contains(WHOLE));
    assert_eq!(reveals(&cli), before + 2);
}
