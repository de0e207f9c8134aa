//! `audit list` filtered as the Audit screen filters it (a person, an operator with `--by`, actions by code
//! or by their words, a range of days), a refused filter in words with exit code 2, and `export
//! audit` writing the filtered entries and recording itself.

use std::process::Output;

use serde_json::Value;

use super::Cli;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn actions(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

/// 张三 by 王芳 (then a level change), 李四 by 李明.
fn two_people(cli: &Cli) {
    cli.add_zhang();
    let li_ming = cli.add_account("李明", "clerk");
    let out = cli.run_as(
        "李明",
        &li_ming,
        &[
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
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    cli.ok_json(&["person", "set-level", "S0001", "--level", "important", "--effective", "2026-11-27", "--reason", "岗位调整", "--json"]);
}

#[test]
fn audit_list_filters_by_person_operator_action_and_days() {
    let cli = Cli::new();
    two_people(&cli);
    let all = cli.ok_json(&["audit", "list", "--json"]);
    // The first account (王芳) and 李明's are entries too, each by the administrator who made it.
    assert_eq!(actions(&all), ["person.level", "person.add", "account.create", "person.add", "account.create"], "{all:#}");
    assert_eq!(actions(&cli.ok_json(&["audit", "list", "--person", "S0001", "--json"])), ["person.level", "person.add"]);
    let by_li_ming = cli.ok_json(&["audit", "list", "--by", "李明", "--json"]);
    assert_eq!(actions(&by_li_ming), ["person.add"]);
    assert_eq!(by_li_ming[0]["operator"], "李明");
    // An action by its code or by its words in either language.
    for spelled in ["person.add", "新增人员", "Person added"] {
        assert_eq!(actions(&cli.ok_json(&["audit", "list", "--action", spelled, "--json"])), ["person.add", "person.add"], "{spelled}");
    }
    let both = cli.ok_json(&["audit", "list", "--action", "person.add", "--action", "person.level", "--person", "S0001", "--json"]);
    assert_eq!(actions(&both), ["person.level", "person.add"]);
    // Days on the machine's calendar: entries are stamped with the real clock.
    let today = chrono::Local::now().date_naive();
    let (t, y) = (today.to_string(), today.pred_opt().unwrap().to_string());
    assert_eq!(actions(&cli.ok_json(&["audit", "list", "--from", &t, "--to", &t, "--json"])).len(), 5);
    assert!(actions(&cli.ok_json(&["audit", "list", "--to", &y, "--json"])).is_empty());
    assert_eq!(actions(&cli.ok_json(&["audit", "list", "--limit", "1", "--offset", "1", "--json"])), ["person.add"]);

    // In words: the person named, the level's old and new value.
    let text = stdout(&cli.run(&["--lang", "zh-CN", "audit", "list", "--person", "S0001"]));
    assert!(text.contains("变更等级") && text.contains("张三(S0001)") && text.contains("核心 → 重要"), "{text}");
    assert!(!text.contains("person.level"), "{text}");
}

#[test]
fn a_filter_that_cannot_be_read_is_refused_with_exit_code_2() {
    let cli = Cli::new();
    cli.add_zhang();
    let out = cli.run(&["--lang", "zh-CN", "audit", "list", "--from", "2026-11-30", "--to", "2026-11-01"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("截止日期 2026-11-01 早于起始日期 2026-11-30"), "{err}");
    let out = cli.run(&["audit", "list", "--action", "person.delete"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses an action the trail does not record");
    let out = cli.run(&["--lang", "en", "audit", "list", "--person", "S9999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn export_audit_writes_the_filtered_entries_and_records_itself() {
    let cli = Cli::new();
    two_people(&cli);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("张三.csv");
    let done = cli.ok_json(&["--lang", "zh-CN", "export", "audit", "--person", "S0001", "--out", csv.to_str().unwrap(), "--json"]);
    assert_eq!(done["list"], "audit");
    assert_eq!(done["format"], "csv");
    assert_eq!(done["rows"], 2);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "序号,时间,操作员,操作,姓名,人员编号,对象,变更内容,哈希值");
    assert!(lines[1].starts_with("5,") && lines[1].contains("变更等级") && lines[1].contains("张三,S0001"), "{body}");
    assert!(body.contains("新增人员") && !body.contains("李四"), "{body}");

    // An xlsx of 李明's entries between two days, named by words.
    let xlsx = dir.path().join("trail.xlsx");
    let today = chrono::Local::now().date_naive().to_string();
    let done = cli.ok_json(&[
        "--lang",
        "zh-CN",
        "export",
        "audit",
        "--by",
        "李明",
        "--action",
        "新增人员",
        "--from",
        &today,
        "--to",
        &today,
        "--out",
        xlsx.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!((done["format"].as_str(), done["rows"].as_u64()), (Some("xlsx"), Some(1)));
    assert!(xlsx.exists());

    // Both exports are entries of the trail, each saying which entries it took.
    let trail = cli.ok_json(&["audit", "list", "--action", "register.export", "--json"]);
    assert_eq!(trail.as_array().unwrap().len(), 2);
    let first: Value = serde_json::from_str(trail[1]["new"].as_str().unwrap()).unwrap();
    assert_eq!(first["list"], "audit");
    assert_eq!(first["audit_filter"], "人员:张三(S0001)");
    let text = stdout(&cli.run(&["--lang", "zh-CN", "audit", "list", "--action", "register.export", "--limit", "1"]));
    assert!(text.contains("导出清单") && text.contains("审计记录") && text.contains("筛选条件:操作员:李明"), "{text}");
}
