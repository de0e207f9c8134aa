//! `reminders …`: the JSON the scheduled tasks and scripts read, acknowledge and snooze, the
//! calendar export read back by a real iCalendar parser, and the notification on a real D-Bus.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::{Cli, BIN};

/// The system Python, where the Debian packages python3-icalendar, python3-dbus and python3-gi
/// are installed (not a virtualenv's `python3` that may come first on PATH).
const PYTHON: &str = "/usr/bin/python3";

// 张三 (S0001) is registered on 27 Nov 2026, planned start 27 Dec 2026: his three onboarding
// steps are due then; on 5 Jan 2027 they are 9 days overdue.
const REVIEW: &str = "person:1:onboarding:security_review";

#[test]
fn the_json_lists_each_reminder_with_its_person_state_and_rule() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--json"]);
    assert_eq!(out["as_of"], "2027-01-05");
    let list = out["reminders"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    for r in list {
        assert_eq!(r["person_id"], 1);
        assert_eq!(r["staff_no"], "S0001");
        assert_eq!(r["kind"], "onboarding_step");
        assert_eq!(r["due_date"], "2026-12-27");
        assert_eq!(r["state"], "overdue");
        assert_eq!(r["days_overdue"], 9);
        assert!(r["rule_id"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        assert!(r["citation"]["zh"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
    }
    assert_eq!(out["summary"]["counts"]["overdue"], 3);

    assert_eq!(cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--state", "upcoming", "--json"])["reminders"], Value::Array(vec![]));
    assert_eq!(
        cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--unit", "机要室", "--json"])["reminders"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--unit", "财务处", "--json"])["reminders"].as_array().unwrap().len(),
        0
    );
    // Before the lead time (30 days before 27 Dec is 27 Nov), nothing.
    assert_eq!(cli.ok_json(&["reminders", "--as-of", "2026-11-26", "--json"])["reminders"].as_array().unwrap().len(), 0);
    // A bad state is refused by the parser.
    assert!(!cli.run(&["reminders", "--state", "late"]).status.success());
}

#[test]
fn ack_and_snooze_hide_a_reminder_and_a_bad_snooze_writes_nothing() {
    let cli = Cli::new();
    cli.add_zhang();
    let acked = cli.ok_json(&["reminders", "ack", REVIEW, "--note", "已电话提醒", "--json"]);
    assert_eq!(acked["id"], REVIEW);
    assert_eq!(acked["ack"]["type"], "acknowledged");
    let left = cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--json"]);
    assert!(left["reminders"].as_array().unwrap().iter().all(|r| r["id"] != REVIEW));
    let audit = cli.ok_json(&["audit", "list", "--limit", "1", "--json"]);
    assert_eq!(audit[0]["action"], "reminder.acknowledge");

    let training = "person:1:onboarding:initial_training";
    let before = cli.ok_json(&["audit", "list", "--json"]).as_array().unwrap().len();
    let out = cli.run(&["--lang", "en", "reminders", "snooze", training, "--until", "2026-11-27"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("after today"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli.run(&["--lang", "zh-CN", "reminders", "ack", "person:1:nothing", "--note", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有待办事项"));
    assert_eq!(cli.ok_json(&["audit", "list", "--json"]).as_array().unwrap().len(), before);

    cli.ok_json(&["reminders", "snooze", training, "--until", "2027-01-10", "--json"]);
    let ids = |as_of: &str| -> Vec<String> {
        cli.ok_json(&["reminders", "--as-of", as_of, "--json"])["reminders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!ids("2027-01-09").contains(&training.to_owned()));
    assert!(ids("2027-01-10").contains(&training.to_owned()));
}

/// `(uid, dtstart, summary)` of every VEVENT, as the Python `icalendar` package reads the file.
fn parse_ics(path: &Path) -> Vec<(String, String, String)> {
    let script = "import icalendar, json, sys\n\
                  cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
                  print(json.dumps([[str(e['UID']), e.decoded('DTSTART').isoformat(), str(e['SUMMARY'])] for e in cal.walk('VEVENT')]))";
    let out = Command::new(PYTHON).args(["-c", script]).arg(path).output().expect("run python3 (python3-icalendar)");
    assert!(out.status.success(), "icalendar could not parse {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_calendar_export_parses_and_its_uids_are_stable_across_exports() {
    let cli = Cli::new();
    cli.add_zhang();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.ics"), dir.path().join("b.ics"));
    assert!(cli.run(&["--lang", "zh-CN", "reminders", "ics", "--out", a.to_str().unwrap()]).status.success());
    cli.ok_json(&["step", "done", "S0001", "security_review", "--date", "2026-11-27", "--json"]);
    assert!(cli.run_on("2026-12-01", &["--lang", "zh-CN", "reminders", "ics", "--out", b.to_str().unwrap()]).status.success());

    let first = parse_ics(&a);
    assert_eq!(first.len(), 3);
    // By staff number, not by name (issue 14: names only with --names).
    assert!(
        first.iter().all(|(_, start, summary)| start == "2026-12-27" && summary.contains("S0001") && !summary.contains("张三")),
        "{first:?}"
    );
    assert!(first.iter().any(|(uid, _, _)| uid == &format!("{REVIEW}@clearance-tracker")), "{first:?}");
    // The later export has one event fewer (the review is done) and the same UIDs for the rest.
    let second = parse_ics(&b);
    let uids = |events: &[(String, String, String)]| events.iter().map(|e| e.0.clone()).collect::<std::collections::BTreeSet<_>>();
    let mut expected = uids(&first);
    expected.remove(&format!("{REVIEW}@clearance-tracker"));
    assert_eq!(uids(&second), expected);
}

#[test]
fn notify_sends_one_summary_notification_over_dbus() {
    let cli = Cli::new();
    cli.add_zhang();
    let support = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/fake_notifications.py");
    let monitor = tempfile::NamedTempFile::new().unwrap();
    // A private session bus: a stand-in notification service, dbus-monitor recording the calls,
    // then `reminders notify` on 28 Dec 2026, when the three steps have become overdue; then
    // again the same day, which must send nothing.
    let script = format!(
        r#"set -e
{PYTHON} {support} > /dev/null &
for i in $(seq 50); do gdbus introspect --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications >/dev/null 2>&1 && break; sleep 0.1; done
dbus-monitor --session "interface='org.freedesktop.Notifications',member='Notify'" > {monitor} 2>/dev/null &
sleep 0.5
"$BIN" --db "$DB" --user 王芳 --today 2026-12-28 --lang zh-CN reminders notify --json
"$BIN" --db "$DB" --user 王芳 --today 2026-12-28 --lang zh-CN reminders notify --json
sleep 0.5
"#,
        monitor = monitor.path().display()
    );
    // The register: the file, or the test's database on the server (the user and password say who).
    let db = cli.server.as_ref().map_or_else(|| cli.db.display().to_string(), |s| s.address());
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", &script])
        .env("BIN", BIN)
        .env("DB", db)
        .env("CLEARANCE_TRACKER_PASSWORD_FILE", &cli.password_file)
        .env_remove("CLEARANCE_TRACKER_DB")
        .output()
        .expect("dbus-run-session (package dbus)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let replies: Vec<Value> = serde_json::Deserializer::from_str(&stdout).into_iter::<Value>().map(Result::unwrap).collect();
    assert_eq!(replies.len(), 2, "{stdout}");
    assert_eq!(replies[0]["sent"], true);
    assert_eq!(replies[0]["notification"]["title"], "保密提醒:3 项逾期");
    assert_eq!(replies[1]["sent"], false, "at most one a day");

    let seen = std::fs::read_to_string(monitor.path()).unwrap();
    let calls = seen.matches("member=Notify").count();
    assert_eq!(calls, 1, "one Notify call, not one per item:\n{seen}");
    assert!(seen.contains("保密提醒:3 项逾期"), "{seen}");
    assert!(seen.contains("上岗手续:3 项逾期"), "{seen}");
}

#[test]
fn several_reminders_are_recorded_done_at_once_or_none() {
    let cli = Cli::new();
    cli.add_zhang();
    let training = "person:1:onboarding:initial_training";
    let before = cli.ok_json(&["audit", "list", "--json"]).as_array().unwrap().len();

    // A day in the future (today is 27 Nov 2026): refused, the person named, nothing written.
    let out = cli.run(&["--lang", "zh-CN", "reminders", "done", REVIEW, training, "--date", "2026-12-01"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("未登记任何事项") && err.contains("张三(S0001)"), "{err}");
    assert_eq!(cli.ok_json(&["audit", "list", "--json"]).as_array().unwrap().len(), before);

    let done = cli.ok_json(&["reminders", "done", REVIEW, training, "--note", "11 月集中办理", "--json"]);
    assert_eq!(done["done"], serde_json::json!([REVIEW, training]));
    assert_eq!(done["people"], 1);
    let audit = cli.ok_json(&["audit", "list", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), before + 2, "an entry for each step");
    let left = cli.ok_json(&["reminders", "--as-of", "2027-01-05", "--json"]);
    let ids: Vec<&str> = left["reminders"].as_array().unwrap().iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["person:1:onboarding:commitment"]);
    // The listing keeps the row's keys, but what the window offers on it is the window's (the
    // listing skips computing it; issue 15).
    assert_eq!(left["reminders"][0]["offers"], serde_json::json!([]));

    let out = cli.run(&["--lang", "en", "reminders", "done", "person:1:onboarding:commitment"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Recorded done: 1 item(s) for 1 person(s)"));
}
