//! Benchmark: importing a roster of 50,000 people with their history (on duty since their start,
//! last training and re-review) from an .xlsx file, through the office as the window and the CLI
//! do it: read, check every row, write in one transaction. Run with `cargo bench --bench import`
//! (release build); `-- --rows N` to change the size. Prints the time and the peak memory of the
//! process; the figures are kept in docs/performance.md. Not a timed test.

use std::time::Instant;

use chrono::NaiveDate;
use clearance_domain::id_card::check_char;
use clearance_tracker_lib::office::{ImportOptions, Office};
use clearance_tracker_lib::store::{self, OpenOptions};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The `i`-th of a run of distinct valid resident ID numbers.
fn id_number(i: u32) -> String {
    let born = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(u64::from(i / 900));
    let body = format!("110105{}{:03}", born.format("%Y%m%d"), i % 900 + 1);
    let check = check_char(&body).unwrap();
    format!("{body}{check}")
}

fn write_roster(path: &std::path::Path, rows: u32) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["姓名", "工号", "身份证号", "部门", "密级", "上岗日期", "最近培训日期", "最近复审日期"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let r = i + 1;
        sheet.write_string(r, 0, format!("测试人员{i}")).unwrap();
        sheet.write_number(r, 1, f64::from(100_000 + i)).unwrap();
        sheet.write_string(r, 2, id_number(i)).unwrap();
        sheet.write_string(r, 3, format!("第{}研究室", i % 40 + 1)).unwrap();
        sheet.write_string(r, 4, ["核心", "重要", "一般"][i as usize % 3]).unwrap();
        sheet.write_date_with_format(r, 5, ExcelDateTime::from_ymd(2015 + (i % 10) as u16, 3, 2).unwrap(), &date).unwrap();
        sheet.write_date_with_format(r, 6, ExcelDateTime::from_ymd(2026, 3, 16).unwrap(), &date).unwrap();
        sheet.write_date_with_format(r, 7, ExcelDateTime::from_ymd(2025, 12, 1).unwrap(), &date).unwrap();
    }
    book.save(path).unwrap();
}

/// The process's peak resident memory (VmHWM), in MB, where /proc says it.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows = args.iter().position(|a| a == "--rows").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.xlsx");
    let start = Instant::now();
    write_roster(&file, rows);
    println!("{rows} rows written to an .xlsx in {:?} ({} KB)", start.elapsed(), std::fs::metadata(&file).unwrap().len() / 1024);
    let db = dir.path().join("bench.db");
    let office = Office::new(store::open(OpenOptions::new(&db)).await.unwrap(), db.display().to_string())
        .with_today(NaiveDate::from_ymd_opt(2026, 11, 30))
        .with_account(Some(clearance_tracker_lib::office::SignedIn::admin("王芳")));
    let before = peak_mb();
    let start = Instant::now();
    let report = office.import_roster(&file, &ImportOptions::default()).await.unwrap();
    let took = start.elapsed();
    assert!(report.written && report.faults.is_empty(), "{:?}", report.faults.first());
    println!(
        "import of {rows} rows with history: {:.2} s ({:.0} rows/s); peak memory {:.0} MB (before the import {:.0} MB)",
        took.as_secs_f64(),
        f64::from(rows) / took.as_secs_f64(),
        peak_mb().unwrap_or(0.0),
        before.unwrap_or(0.0)
    );
}
