//! Exporting through the window: the People screen's list, filtered, to Excel and read back
//! (headers in Chinese, the filter applied to every page, ID numbers masked, dates as dates);
//! the same list as CSV with full ID numbers ticked; both exports in the audit trail; a target
//! that cannot be written refused in words. The file is chosen with the save dialog (answered
//! through the test seam). Screenshots at 1366×768 in Chinese.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::harness::{artifact, Desk};

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_people_screen_exports_its_filtered_list_and_the_file_reads_back() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let cores = desk.cli(&["person", "list", "--level", "core", "--limit", "500", "--json"]);
    let cores: serde_json::Value = serde_json::from_str(&cores).unwrap();
    let core_count = cores["total"].as_u64().unwrap();
    assert!(core_count > 0);
    let out_dir = desk.data.path().join("exports");
    std::fs::create_dir(&out_dir).unwrap();

    let app = desk.open().await;
    app.resize(1366, 768).await;
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    app.click("nav-people").await;
    app.find("person-row").await;
    app.select("filter-level", "core").await;
    let start = std::time::Instant::now();
    while app.find("people-total").await.attr("data-total").await.unwrap().as_deref() != Some(&core_count.to_string()) {
        assert!(start.elapsed().as_secs() < 20, "the level filter did not apply");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Excel, ID numbers masked (the default).
    app.click("people-export").await;
    app.find("export-dialog").await;
    let recorded = app.text("export-recorded").await;
    assert!(recorded.contains("审计"), "the dialog says the export is recorded: {recorded}");
    let xlsx = out_dir.join("核心人员.xlsx");
    desk.answer_dialog(&xlsx);
    app.screenshot(&artifact("export-dialog.png")).await;
    app.click("export-save").await;
    let saved = app.wait_text("export-saved", |t| !t.is_empty()).await;
    assert!(saved.contains(&core_count.to_string()) && saved.contains("核心人员.xlsx"), "{saved}");
    app.screenshot(&artifact("export-saved.png")).await;

    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["人员名册"]);
    let range = book.worksheet_range("人员名册").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(&headers[..3], ["姓名", "人员编号", "身份证号码"]);
    assert_eq!(rows.len() as u64, core_count + 1, "every core person, every page: the screen's filter");
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    for row in &rows[1..] {
        assert_eq!(text(&row[col("涉密等级")]), "核心");
        let id = text(&row[col("身份证号码")]);
        assert!(id.starts_with("**************") && id.len() == 18, "masked: {id}");
        assert!(matches!(&row[col("出生日期")], Data::DateTime(d) if d.is_datetime()), "a date cell");
        assert!(!text(&row[col("阶段")]).contains('_'), "a stage in words");
    }

    // CSV with full ID numbers: the tick, and the line that says so.
    app.click("export-format-csv").await;
    app.click("export-id-numbers").await;
    app.wait_text("export-recorded", |t| t.contains("完整身份证号码")).await;
    let csv = out_dir.join("核心人员.csv");
    desk.answer_dialog(&csv);
    app.click("export-save").await;
    app.wait_text("export-saved", |t| t.contains("核心人员.csv")).await;
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let csv_text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv_text.starts_with("姓名,人员编号,身份证号码"));
    let first_id = csv_text.lines().nth(1).unwrap().split(',').nth(2).unwrap().to_owned();
    assert!(first_id.len() == 18 && !first_id.contains('*'), "the whole number: {first_id}");

    // A folder that does not exist (gone since the dialog showed it): refused, nothing written.
    let nowhere = out_dir.join("no-such-folder").join("x.xlsx");
    app.click("export-format-xlsx").await;
    desk.answer_dialog(&nowhere);
    app.click("export-save").await;
    let error = app.wait_text("error-general", |t| !t.is_empty()).await;
    assert!(error.contains("不存在"), "{error}");
    assert!(!out_dir.join("no-such-folder").exists());
    app.click("export-close").await;
    app.quit().await;

    // Both exports are in the audit trail, the second with its whole ID numbers.
    let audit: serde_json::Value = serde_json::from_str(&desk.cli(&["audit", "list", "--limit", "5", "--json"])).unwrap();
    let exports: Vec<serde_json::Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "register.export")
        .map(|e| serde_json::from_str(e["new"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(exports.len(), 2, "{audit}");
    assert_eq!((exports[0]["format"].as_str(), exports[0]["id_numbers"].as_bool()), (Some("csv"), Some(true)));
    assert_eq!((exports[1]["format"].as_str(), exports[1]["id_numbers"].as_bool()), (Some("xlsx"), Some(false)));
    assert_eq!(exports[1]["rows"].as_u64(), Some(core_count));
}
