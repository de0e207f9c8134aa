//! Numeric staff numbers (工号 `1`, `2`, `1024`), the most common kind, that equal other
//! people's internal ids: every command acts on, and records, the person whose staff number
//! was typed. An internal id is only ever written `#42`.

use serde_json::Value;

use super::Cli;

impl Cli {
    fn add(&self, name: &str, staff_no: &str, id_number: &str, level: &str) -> Value {
        self.ok_json(&[
            "person",
            "add",
            "--name",
            name,
            "--staff-no",
            staff_no,
            "--id-number",
            id_number,
            "--unit",
            "机要室",
            "--level",
            level,
            "--json",
        ])
    }

    /// The audit entries of one person (by what was typed), newest first.
    fn history(&self, person: &str) -> Vec<Value> {
        self.ok_json(&["audit", "list", "--person", person, "--json"]).as_array().cloned().unwrap_or_default()
    }

    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} should be refused: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

/// 张三 gets internal id 1 and staff number 2; 李四 internal id 2 and staff number 1.
fn two_crossed(cli: &Cli) -> (Value, Value) {
    let zhang = cli.add("张三", "2", "110105198506171237", "core");
    let li = cli.add("李四", "1", "110105198606171234", "general");
    assert_eq!((zhang["id"].as_i64(), li["id"].as_i64()), (Some(1), Some(2)), "the ids this test is about");
    (zhang, li)
}

#[test]
fn add_prints_and_audits_the_person_just_added() {
    let cli = Cli::new();
    let (_, li) = two_crossed(&cli);
    assert_eq!(li["name"], "李四");
    assert_eq!(li["staff_no"], "1");
    let out = cli.run(&[
        "--lang",
        "en",
        "person",
        "add",
        "--name",
        "王五",
        "--staff-no",
        "1024",
        "--id-number",
        "110105199001011232",
        "--unit",
        "机要室",
        "--level",
        "important",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains("王五") && line.contains("1024"), "{line}");

    let added = cli.history("1");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["action"], "person.add");
    assert_eq!(added[0]["person_id"], 2);
    let new: Value = serde_json::from_str(added[0]["new"].as_str().unwrap()).unwrap();
    assert_eq!(new["name"], "李四", "the audit entry of the second add records 李四's data");
}

#[test]
fn a_bare_number_is_a_staff_number_and_hash_is_an_internal_id() {
    let cli = Cli::new();
    two_crossed(&cli);
    assert_eq!(cli.ok_json(&["person", "show", "1", "--json"])["name"], "李四");
    assert_eq!(cli.ok_json(&["person", "show", "2", "--json"])["name"], "张三");
    assert_eq!(cli.ok_json(&["person", "show", "#1", "--json"])["name"], "张三");
    assert_eq!(cli.ok_json(&["person", "show", "#2", "--json"])["name"], "李四");
    // Full-width input from a Chinese input method means the same.
    assert_eq!(cli.ok_json(&["person", "show", "＃2", "--json"])["name"], "李四");

    let err = cli.refused(&["--lang", "en", "person", "show", "3"]);
    assert!(err.contains("No one has the staff number 3") && err.contains("#3"), "{err}");
    let err = cli.refused(&["--lang", "zh-CN", "person", "show", "#99"]);
    assert!(err.contains("#99"), "{err}");
    let err = cli.refused(&["--lang", "en", "person", "show", "#abc"]);
    assert!(err.contains("is not a staff number"), "{err}");
}

#[test]
fn every_command_acts_on_and_records_the_person_typed() {
    let cli = Cli::new();
    two_crossed(&cli);

    let edited = cli.ok_json(&["person", "edit", "1", "--post", "保密员", "--json"]);
    assert_eq!((edited["name"].as_str(), edited["post"].as_str()), (Some("李四"), Some("保密员")));
    let graded =
        cli.ok_json(&["person", "set-level", "1", "--level", "important", "--effective", "2026-11-27", "--reason", "岗位调整", "--json"]);
    assert_eq!((graded["name"].as_str(), graded["level"].as_str()), (Some("李四"), Some("important")));
    assert_eq!(cli.ok_json(&["person", "show", "#1", "--json"])["level"], "core", "张三 is untouched");

    cli.ok_json(&["step", "done", "1", "security_review", "--date", "2026-11-27", "--json"]);
    cli.ok_json(&["stage", "advance", "1", "--date", "2026-11-27", "--override-reason", "急需上岗", "--json"]);
    let view = cli.ok_json(&["depart", "1", "--kind", "organisation", "--date", "2026-11-27", "--json"]);
    assert_eq!(view["person_id"], 2);
    assert_eq!(cli.ok_json(&["stage", "show", "2", "--json"])["stage"], "onboarding", "张三 is still onboarding");

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("review.pdf");
    let form = cli.ok_json(&["form", "render", "review", "--person", "1", "--out", pdf.to_str().unwrap(), "--json"]);
    assert_eq!(form["forms"][0]["person_id"], 2);
    let text = super::forms::pdf_text(&pdf);
    assert!(text.contains("李四") && !text.contains("张三"), "{text}");

    let trip = cli.ok_json(&[
        "trip",
        "request",
        "2",
        "--to",
        "jp",
        "--purpose",
        "探亲",
        "--kind",
        "private",
        "--depart",
        "2027-01-10",
        "--return",
        "2027-01-20",
        "--json",
    ]);
    assert_eq!(trip["traveler"]["person"]["name"], "张三");

    // Each audit entry names the person it is about.
    let li: Vec<String> = cli.history("1").iter().map(|e| e["action"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(
        li,
        ["form.issue", "lifecycle.depart", "lifecycle.on_duty_override", "lifecycle.step", "person.level", "person.edit", "person.add"]
    );
    let zhang: Vec<String> = cli.history("2").iter().map(|e| e["action"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(zhang, ["trip.request", "person.add"]);
    assert!(cli.history("1").iter().all(|e| e["person_id"] == 2));
    assert!(cli.history("#1").iter().all(|e| e["person_id"] == 1));
}

/// The `i`-th of a run of distinct valid resident ID numbers (a thousand a day from 1 Jan 1990).
pub(super) fn valid_id(i: u32) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(u64::from(i / 1000));
    let body = format!("110105{}{:03}", born.format("%Y%m%d"), i % 1000);
    let check = clearance_domain::id_card::check_char(&body).expect("17 digits");
    format!("{body}{check}")
}
