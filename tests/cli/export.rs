//! `export …`: lists written as Excel workbooks and CSV, read by a second reader — Python's
//! `openpyxl` (Debian's python3-openpyxl) — for the cell types Excel sees (dates are dates, ID
//! numbers text), the frozen header and the sheet's name; CSV with its byte-order mark read as
//! Excel reads it; an exported register imported into a new one; refused targets that write
//! and record nothing.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::Cli;

/// The system Python, where the Debian package python3-openpyxl is installed (not a
/// virtualenv's `python3` that may come first on PATH).
const PYTHON: &str = "/usr/bin/python3";

/// The first sheet as openpyxl reads it: `{title, freeze, rows: [[{t, v, date, fmt}]]}` where
/// `t` is openpyxl's data type (`s` text, `n` number, `d` date), `date` whether Excel shows the
/// cell as a date, `v` the value (ISO for dates).
fn openpyxl(path: &Path) -> Value {
    let script = r#"
import json, sys, datetime, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
ws = book.worksheets[0]
def cell(c):
    v = c.value
    if isinstance(v, (datetime.datetime, datetime.date)):
        v = v.date().isoformat() if isinstance(v, datetime.datetime) else v.isoformat()
    return {"t": c.data_type, "v": v, "date": c.is_date, "fmt": c.number_format}
rows = [[cell(c) for c in row] for row in ws.iter_rows()]
widths = {k: d.width for k, d in ws.column_dimensions.items()}
print(json.dumps({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                  "rows": rows, "widths": widths, "sheets": len(book.worksheets)}, ensure_ascii=False))
"#;
    let out = Command::new(PYTHON).args(["-c", script]).arg(path).output().expect("run python3 (python3-openpyxl)");
    assert!(out.status.success(), "openpyxl could not read {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The cell under `header` in data row `row` (1 = the first below the header).
fn cell<'a>(sheet: &'a Value, row: usize, header: &str) -> &'a Value {
    let rows = sheet["rows"].as_array().unwrap();
    let col = rows[0].as_array().unwrap().iter().position(|h| h["v"] == header).unwrap_or_else(|| panic!("no column {header}"));
    &rows[row][col]
}

fn audit_entries(cli: &Cli) -> Vec<Value> {
    cli.ok_json(&["audit", "list", "--limit", "500", "--json"]).as_array().unwrap().clone()
}

/// 张三 and 李四 (李四 put through onboarding and on duty), the register in Chinese.
fn register(cli: &Cli) {
    assert!(cli.run(&["settings", "language", "zh-CN"]).status.success());
    cli.add_zhang();
    // Registered on 1 November, so the onboarding steps can be dated before today.
    let li = cli.run_on(
        "2026-11-01",
        &[
            "person",
            "add",
            "--name",
            "李四",
            "--staff-no",
            "0012",
            "--id-number",
            "320106199001010040",
            "--unit",
            "档案室",
            "--level",
            "general",
            "--phone",
            "+86 138 0013 8000",
        ],
    );
    assert!(li.status.success(), "{}", String::from_utf8_lossy(&li.stderr));
    for step in ["security_review", "initial_training", "commitment"] {
        cli.ok_json(&["step", "done", "0012", step, "--date", "2026-11-20", "--json"]);
    }
    cli.ok_json(&["stage", "advance", "0012", "--date", "2026-11-27", "--json"]);
}

#[test]
fn the_register_as_excel_reads_with_openpyxl_as_dates_text_and_a_frozen_header() {
    let cli = Cli::new();
    register(&cli);
    let path = cli.db.with_file_name("名册.xlsx");
    let done = cli.ok_json(&["export", "people", "--out", path.to_str().unwrap(), "--json"]);
    assert_eq!(done["list"], "people");
    assert_eq!(done["format"], "xlsx", "from the extension");
    assert_eq!(done["rows"], 2);
    assert_eq!(done["id_numbers"], false);
    assert_eq!(done["path"], path.display().to_string());

    let sheet = openpyxl(&path);
    assert_eq!(sheet["title"], "人员名册");
    assert_eq!(sheet["sheets"], 1);
    assert_eq!(sheet["freeze"], "A2", "the header row stays in view");
    assert_eq!(sheet["filter"], "A1:R3", "a filter on the header over every row");
    let headers: Vec<&str> = sheet["rows"][0].as_array().unwrap().iter().map(|h| h["v"].as_str().unwrap()).collect();
    assert_eq!(
        headers,
        [
            "姓名",
            "人员编号",
            "身份证号码",
            "性别",
            "出生日期",
            "单位/部门",
            "岗位",
            "涉密等级",
            "电话",
            "上岗日期",
            "备注",
            "阶段",
            "上岗手续完成日期",
            "最近培训日期",
            "最近复审日期",
            "最近承诺书签订日期",
            "离岗离职日期",
            "脱密期届满日期"
        ]
    );
    // 李四 first (the People screen's order, by name).
    let birth = cell(&sheet, 1, "出生日期");
    assert_eq!((birth["t"].as_str(), birth["date"].as_bool(), birth["v"].as_str()), (Some("d"), Some(true), Some("1990-01-01")));
    assert_eq!(birth["fmt"], "yyyy-mm-dd");
    let onboarded = cell(&sheet, 1, "上岗手续完成日期");
    assert_eq!((onboarded["date"].as_bool(), onboarded["v"].as_str()), (Some(true), Some("2026-11-20")));
    let staff = cell(&sheet, 1, "人员编号");
    assert_eq!((staff["t"].as_str(), staff["v"].as_str()), (Some("s"), Some("0012")), "leading zeros kept: text, not a number");
    let id = cell(&sheet, 1, "身份证号码");
    assert_eq!((id["t"].as_str(), id["v"].as_str()), (Some("s"), Some("**************0040")), "masked by default");
    assert_eq!(cell(&sheet, 1, "电话")["v"], "+86 138 0013 8000", "a text cell, never a formula");
    assert_eq!(cell(&sheet, 1, "涉密等级")["v"], "一般");
    assert_eq!(cell(&sheet, 1, "性别")["v"], "女");
    assert_eq!(cell(&sheet, 1, "阶段")["v"], "在岗");
    assert_eq!(cell(&sheet, 2, "姓名")["v"], "张三");
    assert_eq!(cell(&sheet, 2, "阶段")["v"], "上岗");
    assert!(cell(&sheet, 2, "离岗离职日期")["v"].is_null());
    let name_width = sheet["widths"]["A"].as_f64().unwrap_or(0.0);
    let id_width = sheet["widths"]["C"].as_f64().unwrap_or(0.0);
    assert!(id_width > name_width && id_width >= 18.0, "columns as wide as their contents: {}", sheet["widths"]);

    // The export is in the audit trail, which reads it in words.
    let entries = audit_entries(&cli);
    let export = entries.iter().find(|e| e["action"] == "register.export").expect("an export entry");
    let new: Value = serde_json::from_str(export["new"].as_str().unwrap()).unwrap();
    assert_eq!(new["list"], "people");
    assert_eq!(new["rows"], 2);
    assert_eq!(new["id_numbers"], false);
    let text = cli.run(&["audit", "list", "--limit", "1"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("导出清单") && text.contains("人员名册") && text.contains("含完整身份证号码"), "{text}");
}

#[test]
fn whole_id_numbers_with_the_flag_and_english_headers_with_lang_en() {
    let cli = Cli::new();
    register(&cli);
    let path = cli.db.with_file_name("register.xlsx");
    let done = cli.ok_json(&["--lang", "en", "export", "people", "--with-id-numbers", "--out", path.to_str().unwrap(), "--json"]);
    assert_eq!(done["id_numbers"], true);
    let sheet = openpyxl(&path);
    assert_eq!(sheet["title"], "Register of people");
    let id = cell(&sheet, 1, "ID number");
    assert_eq!((id["t"].as_str(), id["v"].as_str()), (Some("s"), Some("320106199001010040")), "the whole number, as text");
    assert_eq!(cell(&sheet, 2, "ID number")["v"], "440304198506171238");
    assert_eq!(cell(&sheet, 2, "Level")["v"], "Core");
    assert_eq!(cell(&sheet, 1, "Stage")["v"], "On duty");
    assert_eq!(cell(&sheet, 1, "Date of birth")["t"], "d");
    let entries = audit_entries(&cli);
    let new: Value = serde_json::from_str(entries[0]["new"].as_str().unwrap()).unwrap();
    assert_eq!((entries[0]["action"].as_str(), new["id_numbers"].as_bool()), (Some("register.export"), Some(true)));
    assert!(!entries[0]["new"].as_str().unwrap().contains("320106199001010040"), "never the data");

    // Only the register has ID numbers: the flag is not taken elsewhere.
    let out = cli.run(&["export", "trips", "--with-id-numbers", "--out", "x.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_starts_with_a_bom_and_opens_with_the_right_chinese_text() {
    let cli = Cli::new();
    register(&cli);
    let path = cli.db.with_file_name("register.csv");
    let out = cli.run(&["export", "people", "--out", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("已将人员名册的 2 行导出到") && said.contains("register.csv"), "{said}");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
    // Read as Excel reads it: the BOM names the encoding, which must then give the Chinese text.
    let script = "import csv, json, sys\n\
                  rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))\n\
                  print(json.dumps(rows, ensure_ascii=False))";
    let read = Command::new(PYTHON).args(["-c", script]).arg(&path).output().unwrap();
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let rows: Vec<Vec<String>> = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(rows.len(), 4, "the header, two people, the audit chain's head");
    assert!(rows[3][0].starts_with("审计链 #") && rows[3][1..].iter().all(String::is_empty), "{:?}", rows[3]);
    assert_eq!(&rows[0][..4], ["姓名", "人员编号", "身份证号码", "性别"]);
    assert_eq!(&rows[1][..8], ["李四", "0012", "**************0040", "女", "1990-01-01", "档案室", "", "一般"]);
    assert_eq!(rows[1][8], "'+86 138 0013 8000", "text a spreadsheet would take for a formula is defused");
    assert_eq!(&rows[2][..2], ["张三", "S0001"]);
    assert!(String::from_utf8(bytes).unwrap().contains("\r\n"));
}

#[test]
fn an_exported_register_imports_into_a_new_one() {
    let cli = Cli::new();
    register(&cli);
    let path = cli.db.with_file_name("whole.xlsx");
    cli.ok_json(&["export", "people", "--with-id-numbers", "--out", path.to_str().unwrap(), "--json"]);
    let fresh = Cli::new();
    let out = fresh.run(&["import", "roster", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let people = fresh.ok_json(&["person", "list", "--json"]);
    let names: Vec<&str> = people["rows"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["李四", "张三"]);
    let li = fresh.ok_json(&["stage", "show", "0012", "--json"]);
    assert_eq!(li["stage"], "on_duty");
    // Exported again from the new register, the rows say the same.
    let again = fresh.db.with_file_name("again.xlsx");
    fresh.ok_json(&["--lang", "zh-CN", "export", "people", "--with-id-numbers", "--out", again.to_str().unwrap(), "--json"]);
    let (first, second) = (openpyxl(&path), openpyxl(&again));
    for header in ["姓名", "人员编号", "身份证号码", "性别", "出生日期", "单位/部门", "涉密等级", "电话", "阶段", "最近培训日期"]
    {
        for row in 1..=2 {
            assert_eq!(cell(&first, row, header)["v"], cell(&second, row, header)["v"], "{header}, row {row}");
        }
    }
}

#[test]
fn every_list_exports_with_its_list_commands_filters() {
    let cli = Cli::new();
    register(&cli);
    cli.ok_json(&[
        "doc",
        "add",
        "0012",
        "--kind",
        "passport",
        "--number",
        "E12345678",
        "--issued",
        "2026-01-05",
        "--expires",
        "2034-01-04",
        "--location",
        "保险柜1-3号格",
        "--json",
    ]);
    cli.ok_json(&[
        "trip",
        "request",
        "0012",
        "--to",
        "JP,HK",
        "--purpose",
        "探亲",
        "--kind",
        "private",
        "--depart",
        "2026-12-20",
        "--return",
        "2026-12-24",
        "--json",
    ]);
    cli.ok_json(&["form", "render", "commitment", "--person", "0012", "--out", cli.db.with_file_name("c.pdf").to_str().unwrap(), "--json"]);
    let dir = cli.db.parent().unwrap();
    let export = |args: &[&str], file: &str| -> (Value, Value) {
        let path = dir.join(file);
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", path.to_str().unwrap(), "--json"]);
        let done = cli.ok_json(&all);
        (done, if file.ends_with(".xlsx") { openpyxl(&path) } else { Value::Null })
    };
    let (done, sheet) = export(&["trips", "--state", "requested"], "trips.xlsx");
    assert_eq!((done["list"].as_str(), done["rows"].as_u64()), (Some("trips"), Some(1)));
    assert_eq!(sheet["title"], "出国(境)行程");
    assert_eq!(cell(&sheet, 1, "行程状态")["v"], "待审批");
    assert_eq!(cell(&sheet, 1, "目的地")["v"], "日本、中国香港");
    assert_eq!(cell(&sheet, 1, "计划出发日期")["t"], "d");
    assert_eq!(cell(&sheet, 1, "行程")["t"], "n");
    let (done, _) = export(&["trips", "--state", "approved"], "none.xlsx");
    assert_eq!(done["rows"], 0, "the filter applies");

    let (done, sheet) = export(&["documents", "--person", "0012", "--status", "in-custody"], "docs.xlsx");
    assert_eq!(done["rows"], 1);
    assert_eq!(cell(&sheet, 1, "证件状态")["v"], "在柜保管");
    assert_eq!(cell(&sheet, 1, "类别")["v"], "护照");
    assert_eq!(cell(&sheet, 1, "有效期至")["v"], "2034-01-04");

    let (done, sheet) = export(&["forms", "--outstanding"], "forms.xlsx");
    assert_eq!(done["rows"], 1);
    assert_eq!(cell(&sheet, 1, "表单编号")["v"], "2026-0001");
    assert_eq!(cell(&sheet, 1, "类别")["v"], "保密承诺书");
    let (done, _) = export(&["forms", "--returned"], "returned.xlsx");
    assert_eq!(done["rows"], 0);
    // A voided form says so, with its reason.
    cli.ok_json(&["form", "void", "2026-0001", "--reason", "姓名打错", "--json"]);
    let (_, sheet) = export(&["forms"], "voided.xlsx");
    assert_eq!(cell(&sheet, 1, "作废原因")["v"], "姓名打错");
    assert_eq!(cell(&sheet, 1, "作废日期")["t"], "d");

    let (done, sheet) = export(&["reminders", "--as-of", "2027-01-05", "--state", "overdue"], "reminders.xlsx");
    assert!(done["rows"].as_u64().unwrap() >= 1, "张三's onboarding steps are overdue");
    for row in 1..=done["rows"].as_u64().unwrap() as usize {
        assert_eq!(cell(&sheet, row, "提醒状态")["v"], "已逾期");
        assert_eq!(cell(&sheet, row, "提醒到期日")["t"], "d");
        assert_eq!(cell(&sheet, row, "逾期天数")["t"], "n");
    }

    let (done, _) = export(&["people", "--stage", "on-duty"], "on-duty.xlsx");
    assert_eq!(done["rows"], 1);
    let (done, _) = export(&["people", "--unit", "机要室", "--format", "csv"], "unit.txt");
    assert_eq!((done["rows"].as_u64(), done["format"].as_str()), (Some(1), Some("csv")));
    let exports = audit_entries(&cli).iter().filter(|e| e["action"] == "register.export").count();
    assert_eq!(exports, 9, "one entry per export");
}

#[test]
fn a_refused_target_or_format_writes_nothing_and_records_nothing() {
    let cli = Cli::new();
    register(&cli);
    let dir = cli.db.parent().unwrap().to_path_buf();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("register.db")) // the register, its WAL and lock come and go
            .collect();
        names.sort();
        names
    };
    let before = (audit_entries(&cli).len(), listing());
    let missing = dir.join("no-such-folder").join("people.xlsx");
    let (txt, csv) = (dir.join("people.txt"), dir.join("people.csv"));
    let cases: [(Vec<&str>, &str); 5] = [
        (vec!["--out", "/dev/full", "--format", "xlsx"], "不是普通文件"),
        (vec!["--out", "/dev/full", "--format", "csv"], "不是普通文件"),
        (vec!["--out", missing.to_str().unwrap()], "不存在"),
        (vec!["--out", txt.to_str().unwrap()], "xlsx 或 csv"),
        (vec!["--out", csv.to_str().unwrap(), "--format", "xlsx"], ".csv"),
    ];
    for (args, says) in cases {
        let mut all = vec!["export", "people"];
        all.extend_from_slice(&args);
        let out = cli.run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!dir.join("no-such-folder").exists(), "a folder is never made");
    assert_eq!((audit_entries(&cli).len(), listing()), before, "no file, no entry");
}
