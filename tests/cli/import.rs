//! `import roster`: real spreadsheets written by a spreadsheet library, a GB18030 CSV as Excel on
//! a Chinese Windows saves it, one bad row among 500, re-importing, updating, and a `kill -9`
//! in the middle of a large import. "Today" is Monday 30 November 2026.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use super::right_person::valid_id;
use super::Cli;

const TODAY: &str = "2026-11-30";

impl Cli {
    fn on_today(&self, args: &[&str]) -> std::process::Output {
        self.run_on(TODAY, args)
    }

    fn json_on_today(&self, args: &[&str]) -> Value {
        let out = self.on_today(args);
        assert!(out.status.success(), "{args:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// A roster as an office keeps it: a title row, mixed Chinese and English headers, staff numbers
/// the sheet stores as numbers, real Excel date cells. `people` rows, the `bad`-th (if any) with
/// a wrong ID check digit.
fn roster(path: &Path, people: u32, bad: Option<u32>) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "某研究所涉密人员名册(2026 年 11 月)").unwrap();
    let headers = ["序号", "姓名", "工号", "公民身份号码", "Unit", "密级", "上岗日期", "状态", "最近培训日期", "最近复审日期", "Notes"];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for i in 0..people {
        let r = 2 + i;
        let id = if Some(i) == bad { wrong_check_digit(&valid_id(i)) } else { valid_id(i) };
        sheet.write_number(r, 0, f64::from(i + 1)).unwrap();
        sheet.write_string(r, 1, format!("测试人员{i}")).unwrap();
        sheet.write_number(r, 2, f64::from(1000 + i)).unwrap();
        sheet.write_string(r, 3, &id).unwrap();
        sheet.write_string(r, 4, if i % 2 == 0 { "机要室" } else { "科研一部" }).unwrap();
        sheet.write_string(r, 5, ["核心涉密人员", "重要", "一般"][i as usize % 3]).unwrap();
        sheet.write_date_with_format(r, 6, ExcelDateTime::from_ymd(2020, 3, 2).unwrap(), &date).unwrap();
        sheet.write_string(r, 7, "在岗").unwrap();
        sheet.write_date_with_format(r, 8, ExcelDateTime::from_ymd(2026, 3, 16).unwrap(), &date).unwrap();
        sheet.write_date_with_format(r, 9, ExcelDateTime::from_ymd(2025, 12, 1).unwrap(), &date).unwrap();
    }
    book.save(path).unwrap();
}

/// The number with its check character changed.
fn wrong_check_digit(id: &str) -> String {
    let (body, last) = id.split_at(17);
    format!("{body}{}", if last == "0" { "1" } else { "0" })
}

fn file(cli: &Cli, name: &str) -> PathBuf {
    cli.db.with_file_name(name)
}

#[test]
fn one_bad_row_among_500_writes_nothing_and_is_named() {
    let cli = Cli::new();
    let bad = file(&cli, "bad.xlsx");
    roster(&bad, 500, Some(321));
    let out = cli.on_today(&["--lang", "zh-CN", "import", "roster", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    // Row 321 of the data is on spreadsheet row 324 (title, header, then rows from 3).
    assert!(text.contains("第 324 行 [公民身份号码]") && text.contains("校验位"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("第 ")).count(), 1, "only the bad row: {text}");
    assert_eq!(cli.json_on_today(&["person", "list", "--json"])["total"], 0, "nothing written");
    assert_eq!(cli.json_on_today(&["audit", "list", "--json"]).as_array().unwrap().len(), 1, "the first account's entry only");

    // The refused rows, with what to fix, as a spreadsheet to correct.
    let fix = file(&cli, "fix.xlsx");
    cli.on_today(&["--lang", "zh-CN", "import", "roster", bad.to_str().unwrap(), "--errors-out", fix.to_str().unwrap()]);
    // The system Python, where Debian's python3-openpyxl is installed.
    let out = Command::new("/usr/bin/python3")
        .args(["-c", "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; print(ws.max_row); print(ws.cell(row=2, column=ws.max_column).value)"])
        .arg(&fix)
        .output()
        .unwrap();
    let read = String::from_utf8_lossy(&out.stdout);
    assert!(
        read.starts_with("2\n") && read.contains("公民身份号码") && read.contains("校验位"),
        "{read}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_roster_imports_with_history_and_no_onboarding_reminders() {
    let cli = Cli::new();
    let good = file(&cli, "roster.xlsx");
    roster(&good, 30, None);
    let dry = cli.json_on_today(&["import", "roster", good.to_str().unwrap(), "--dry-run", "--json"]);
    assert_eq!((dry["rows"].as_u64(), dry["written"].as_bool()), (Some(30), Some(false)));
    assert_eq!(cli.json_on_today(&["person", "list", "--json"])["total"], 0, "a dry run writes nothing");
    let report = cli.json_on_today(&["import", "roster", good.to_str().unwrap(), "--json"]);
    assert_eq!((report["added"].as_u64(), report["written"].as_bool()), (Some(30), Some(true)));
    assert_eq!(report["columns"][0]["field"], Value::Null, "序号 is not imported");

    // 1000 (row 1) is core: re-review yearly from Mon 1 Dec 2025 → Tue 1 Dec 2026, upcoming;
    // training yearly from Mon 16 Mar 2026 → Tue 16 Mar 2027; nothing of onboarding.
    let view = cli.json_on_today(&["stage", "show", "1000", "--json"]);
    assert_eq!(view["stage"], "on_duty");
    assert_eq!(view["state"]["on_duty_since"], "2020-03-02");
    let due = |step: &str| view["obligations"].as_array().unwrap().iter().find(|o| o["step_id"] == step).map(|o| o["due"]["date"].clone());
    assert_eq!(due("re_review"), Some(Value::from("2026-12-01")));
    assert_eq!(due("recurring_training"), Some(Value::from("2027-03-16")));
    let reminders = cli.json_on_today(&["reminders", "--json"]);
    assert!(reminders["reminders"].as_array().unwrap().iter().all(|r| r["kind"] != "onboarding_step"), "{reminders}");

    // The trail: one entry per person and one for the import, and it verifies.
    let trail = cli.json_on_today(&["audit", "list", "--limit", "100", "--json"]);
    let actions: Vec<&str> = trail.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "person.add").count(), 30);
    assert_eq!(actions[0], "register.import");
    cli.json_on_today(&["audit", "verify", "--json"]);

    // The same file again: recognised, nothing doubled.
    let out = cli.on_today(&["--lang", "en", "import", "roster", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already imported"));
    assert_eq!(cli.json_on_today(&["person", "list", "--json"])["total"], 30);
}

#[test]
fn people_already_in_the_register_are_refused_or_updated_field_by_field() {
    let cli = Cli::new();
    let first = file(&cli, "roster.xlsx");
    roster(&first, 4, None);
    cli.json_on_today(&["import", "roster", first.to_str().unwrap(), "--json"]);
    // A later roster: the same people, one moved to another unit.
    let csv = file(&cli, "later.csv");
    let mut text = String::from("姓名,工号,身份证号,部门,密级,上岗日期\n");
    for i in 0..4u32 {
        let unit = if i == 2 {
            "保密办"
        } else if i % 2 == 0 {
            "机要室"
        } else {
            "科研一部"
        };
        text += &format!("测试人员{i},{},{},{unit},{},2020-03-02\n", 1000 + i, valid_id(i), ["核心", "重要", "一般"][i as usize % 3]);
    }
    std::fs::write(&csv, &text).unwrap();
    let out = cli.on_today(&["--lang", "en", "import", "roster", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already in the register"));
    let report = cli.json_on_today(&["import", "roster", csv.to_str().unwrap(), "--update", "--json"]);
    assert_eq!((report["updated"].as_u64(), report["unchanged"].as_u64(), report["added"].as_u64()), (Some(1), Some(3), Some(0)));
    assert_eq!(cli.json_on_today(&["person", "show", "1002", "--json"])["unit"], "保密办");
    let history = cli.json_on_today(&["audit", "list", "--person", "1002", "--json"]);
    assert_eq!(history[0]["action"], "person.edit", "the change is audited");
}

#[test]
fn a_gb18030_csv_from_excel_on_a_chinese_windows_reads_right() {
    let cli = Cli::new();
    let csv = file(&cli, "名册.csv");
    let text = "姓名,工号,身份证号,部门,密级,性别,出生日期,上岗日期\r\n王喆,１０２４,440304198506171238,机要室,核心涉密人员,男,1985/6/17,2019年7月1日\r\n李堃,1025,320106199001010040,保密办,一般,女,1990.1.1,2026-12-14\r\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    std::fs::write(&csv, &bytes).unwrap();
    let report = cli.json_on_today(&["import", "roster", csv.to_str().unwrap(), "--json"]);
    assert_eq!((report["encoding"].as_str(), report["added"].as_u64()), (Some("gb18030"), Some(2)));
    let wang = cli.json_on_today(&["person", "show", "1024", "--json"]);
    assert_eq!((wang["name"].as_str(), wang["unit"].as_str(), wang["level"].as_str()), (Some("王喆"), Some("机要室"), Some("core")));
    assert_eq!(wang["start_date"], "2019-07-01");
    assert_eq!(cli.json_on_today(&["stage", "show", "1025", "--json"])["stage"], "onboarding", "starts later: onboarding");
}

#[test]
fn the_template_imports_as_it_comes() {
    let cli = Cli::new();
    let template = file(&cli, "template.xlsx");
    let out = cli.on_today(&["import", "template", "--out", template.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = cli.json_on_today(&["import", "roster", template.to_str().unwrap(), "--json"]);
    assert_eq!(report["added"], 1);
    let columns = report["columns"].as_array().unwrap();
    assert!(columns.iter().all(|c| !c["field"].is_null()), "every template column is read back: {columns:?}");
    assert_eq!(cli.json_on_today(&["person", "show", "1024", "--json"])["name"], "张三");
}

/// `kill -9` at random moments of a 5,000-row import: the register is either unchanged or
/// holds every row, its structure is sound and its audit chain verifies.
#[test]
fn a_killed_import_leaves_nothing_or_everything() {
    let cli = Cli::new();
    let big = file(&cli, "big.xlsx");
    roster(&big, 5000, None);
    cli.json_on_today(&["person", "list", "--json"]);
    let mut imported = false;
    // Kills spread from the file being read to the transaction being committed, until one
    // import is left to finish.
    for (n, wait_ms) in (1..=40u64).map(|k| k * 60).enumerate() {
        let mut child = cli
            .command()
            .args(["--today", TODAY, "import", "roster"])
            .arg(&big)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill();
        let _ = child.wait();
        // A page ending at the 5,000th person: the total is counted exactly that far (past 1,000
        // the first page's total would be "1,000+").
        let listed = cli.json_on_today(&["person", "list", "--offset", "4999", "--limit", "1", "--json"]);
        let total = listed["total"].as_u64().unwrap();
        assert_eq!(listed["total_exact"], true, "kill {n}: {listed}");
        assert!(total == 0 || total == 5000, "kill {n} after {wait_ms} ms left {total} people");
        let check = cli.json_on_today(&["check", "--json"]);
        assert_eq!(check["ok"], true, "kill {n}: {check}");
        let verified = cli.json_on_today(&["audit", "verify", "--json"]);
        assert_eq!(verified["first_broken"], Value::Null);
        if total == 5000 {
            imported = true;
            break;
        }
    }
    if !imported {
        // Never finished before a kill: it does when left alone.
        let report = cli.json_on_today(&["import", "roster", big.to_str().unwrap(), "--json"]);
        assert_eq!(report["added"], 5000);
    }
}
