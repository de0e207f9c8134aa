//! Importing the office's roster through the window: a real .xlsx as offices keep it (a title
//! row, Chinese and English headers, a column the app does not know, staff numbers stored as
//! numbers, date cells), its columns matched and corrected on the screen, imported, and the people
//! in the People list; a file with a bad row named by row and column, nothing written, and the
//! refused rows saved as a spreadsheet to fix; the template; a GB18030 CSV; no import offered on
//! a read-only register. Screenshots at 1366×768 in Chinese.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::harness::{artifact, inner_text, tid, App, Desk};

const SCREEN: (u32, u32) = (1366, 768);

/// A valid PRC resident ID number for the i-th test person (born 1 Jan 1990, Xicheng, Beijing).
fn valid_id(i: u32) -> String {
    let body = format!("11010519900101{:03}", 100 + i);
    let check = clearance_domain::id_card::check_char(&body).expect("17 digits");
    format!("{body}{check}")
}

/// The number with its check character changed.
fn wrong_check_digit(id: &str) -> String {
    let (body, last) = id.split_at(17);
    format!("{body}{}", if last == "0" { "1" } else { "0" })
}

/// One person of a roster: name, staff number, ID number, unit, level, birthplace.
type Person<'a> = (&'a str, u32, String, &'a str, &'a str, &'a str);

/// A roster as an office keeps it: a title row above the headers, headers in Chinese and in
/// English, a birthplace column (籍贯) no field matches, staff numbers stored as numbers and the
/// start on the post as a date cell.
fn roster(path: &Path, people: &[Person]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "某研究所涉密人员名册(2026 年)").unwrap();
    let headers = ["序号", "姓名", "Staff No", "公民身份号码", "Unit", "密级", "上岗日期", "籍贯", "状态"];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (i, (name, staff_no, id, unit, level, birthplace)) in people.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_number(r, 2, f64::from(*staff_no)).unwrap();
        sheet.write_string(r, 3, id).unwrap();
        sheet.write_string(r, 4, *unit).unwrap();
        sheet.write_string(r, 5, *level).unwrap();
        sheet.write_date_with_format(r, 6, ExcelDateTime::from_ymd(2020, 3, 2).unwrap(), &date).unwrap();
        sheet.write_string(r, 7, *birthplace).unwrap();
        sheet.write_string(r, 8, "在岗").unwrap();
    }
    book.save(path).unwrap();
}

fn count_people(desk: &Desk) -> String {
    let out = Command::new("sqlite3").arg(desk.db_path()).arg("SELECT count(*) FROM person").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

async fn attr(app: &App, testid: &str, name: &str) -> String {
    app.find(testid).await.attr(name).await.unwrap().unwrap_or_default()
}

/// Waits until the attribute `name` of `testid` reads `want` (the screen re-checks the file after
/// each change).
async fn wait_attr(app: &App, testid: &str, name: &str, want: &str) {
    let start = std::time::Instant::now();
    loop {
        if app.is_present(testid).await && attr(app, testid, name).await == want {
            return;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            app.screenshot(&artifact(&format!("failed-import-{testid}.png"))).await;
            panic!("{testid} [{name}] reads {:?}, not {want:?}", attr(app, testid, name).await);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn column_field(app: &App, letter: &str) -> String {
    let row = app.find_all(&format!("{}[data-letter=\"{letter}\"]", tid("column-row"))).await;
    assert_eq!(row.len(), 1, "one row for column {letter}");
    row[0].attr("data-field").await.unwrap().unwrap_or_default()
}

/// Waits until no preview is on its way and the screen shows the report of the last change.
async fn settled(app: &App) {
    let start = std::time::Instant::now();
    while app.is_present("import-checking").await {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the preview never came back");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Chooses `path` with the open dialog (answered through the test seam): it is read at once.
async fn read_file(desk: &Desk, app: &App, path: &Path) {
    desk.answer_dialog(path);
    app.click("import-choose").await;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    app.wait_text("import-choose-name", |t| t.contains(&name)).await;
    app.find("import-status").await;
    settled(app).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_roster_is_read_corrected_and_imported_from_the_window() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let file = desk.data.path().join("涉密人员名册.xlsx");
    roster(
        &file,
        &[
            ("张伟", 1001, valid_id(1), "机要室", "核心涉密人员", "河北保定"),
            ("李娜", 1002, valid_id(2), "科研一部", "重要", "湖南长沙"),
            ("王强", 1003, valid_id(3), "科研一部", "一般", "四川成都"),
        ],
    );
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.find("empty-register").await;
    app.click("empty-import").await;
    app.wait_text("page-title", |t| t == "导入名册").await;
    app.find("import-intro").await;

    read_file(&desk, &app, &file).await;
    wait_attr(&app, "import-status", "data-rows", "3").await;
    assert_eq!(attr(&app, "import-status", "data-add").await, "3");
    assert_eq!(app.text("import-file-name").await.trim(), "涉密人员名册.xlsx");
    // The columns as matched from the headers under the title row, in either language.
    for (letter, field) in [
        ("A", ""),
        ("B", "name"),
        ("C", "staff_no"),
        ("D", "id_number"),
        ("E", "unit"),
        ("F", "level"),
        ("G", "start_date"),
        ("H", ""),
        ("I", "stage"),
    ] {
        assert_eq!(column_field(&app, letter).await, field, "column {letter}");
    }
    // Staff numbers the sheet stored as numbers read as typed; level and stage in words.
    let rows = app.wait_count(&tid("preview-row"), 3).await;
    assert_eq!(rows[0].attr("data-staff-no").await.unwrap().as_deref(), Some("1001"));
    assert_eq!(rows[0].attr("data-row").await.unwrap().as_deref(), Some("3"), "the spreadsheet's row number");
    let first = inner_text(&rows[0]).await;
    assert!(first.contains("张伟") && first.contains("核心") && first.contains("在岗"), "{first}");
    assert!(app.find("import-run").await.is_enabled().await.unwrap());
    app.wait_text("import-ready", |t| t.contains('3')).await;
    app.screenshot(&artifact("import-preview.png")).await;

    // Leaving out a required column: it is named, every row waits, nothing can be imported.
    app.select("column-field-D", "").await;
    wait_attr(&app, "import-missing", "data-missing", "id_number").await;
    settled(&app).await;
    app.wait_text("import-missing", |t| t.contains("身份证号码")).await;
    assert!(!app.find("import-run").await.is_enabled().await.unwrap());
    let whole = app.wait_count(&format!("{}[data-row=\"0\"]", tid("fault-row")), 1).await;
    assert!(inner_text(&whole[0]).await.contains("身份证号码"));
    app.screenshot(&artifact("import-missing-column.png")).await;
    app.select("column-field-D", "id_number").await;
    settled(&app).await;
    wait_attr(&app, "import-status", "data-faults", "0").await;

    // The birthplace column goes into the notes.
    app.select("column-field-H", "notes").await;
    settled(&app).await;
    assert_eq!(column_field(&app, "H").await, "notes");
    wait_attr(&app, "import-status", "data-rows", "3").await;
    assert!(app.find("import-run").await.is_enabled().await.unwrap());
    // Scrolled down to the last columns, the verdict and the Import button stay in sight.
    app.client.execute("document.querySelector('[data-testid=\"import-screen\"]').scrollTop = 10000;", vec![]).await.unwrap();
    app.screenshot(&artifact("import-columns-corrected.png")).await;

    app.click("import-run").await;
    wait_attr(&app, "import-done", "data-added", "3").await;
    app.wait_text("import-done", |t| t.contains("新增 3 人")).await;
    app.screenshot(&artifact("import-done.png")).await;
    app.click("import-open-people").await;
    app.wait_text("page-title", |t| t == "人员").await;
    let rows = app.wait_count(&tid("person-row"), 3).await;
    let mut staff: Vec<String> = Vec::new();
    for r in &rows {
        staff.push(r.attr("data-staff-no").await.unwrap().unwrap_or_default());
    }
    staff.sort();
    assert_eq!(staff, ["1001", "1002", "1003"]);
    app.quit().await;

    // The corrected column reached the register: the birthplace is in the notes.
    let out = Command::new("sqlite3").arg(desk.db_path()).arg("SELECT notes FROM person WHERE staff_no = '1002'").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "湖南长沙");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_row_is_named_by_row_and_column_and_nothing_is_written() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;

    // Someone is in the register already; the file has them too.
    app.click("person-add").await;
    app.find("person-dialog").await;
    app.type_into("field-name", "赵敏").await;
    app.type_into("field-staff_no", "1004").await;
    app.type_into("field-id_number", &valid_id(4)).await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "important").await;
    app.click("person-save").await;
    // The new person opens on their page (issue 13); back to the register.
    app.wait_text("person-name", |t| t.contains("赵敏")).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;

    let file = desk.data.path().join("名册-有错.xlsx");
    roster(
        &file,
        &[
            ("张伟", 1001, valid_id(1), "机要室", "核心涉密人员", "河北保定"),
            ("李娜", 1002, wrong_check_digit(&valid_id(2)), "科研一部", "重要", "湖南长沙"),
            ("王强", 1003, valid_id(3), "科研一部", "一般", "四川成都"),
            ("赵敏", 1004, valid_id(4), "机要室", "重要", "北京"),
        ],
    );
    app.click("people-import").await;
    app.wait_text("page-title", |t| t == "导入名册").await;
    read_file(&desk, &app, &file).await;

    // Row 4 (李娜: title, header, then people from row 3) has a wrong check digit in column D;
    // row 6 (赵敏) is in the register already and "update" is off.
    wait_attr(&app, "import-status", "data-faults", "2").await;
    let faults = app.find_all(&tid("fault-row")).await;
    assert_eq!(faults[0].attr("data-row").await.unwrap().as_deref(), Some("4"));
    assert_eq!(faults[0].attr("data-letter").await.unwrap().as_deref(), Some("D"));
    let text = inner_text(&faults[0]).await;
    assert!(text.contains("公民身份号码") && text.contains("校验位"), "{text}");
    assert_eq!(faults[1].attr("data-row").await.unwrap().as_deref(), Some("6"));
    assert!(inner_text(&faults[1]).await.contains("已在登记册中"));
    assert!(!app.find("import-run").await.is_enabled().await.unwrap());
    app.wait_text("import-blocked", |t| t.contains("不会写入")).await;

    // Updating people already in the register: 赵敏 is marked, only the bad row is left.
    app.click("import-update").await;
    wait_attr(&app, "import-status", "data-faults", "1").await;
    settled(&app).await;
    let marked = app.wait_count(&format!("{}[data-existing=\"true\"]", tid("preview-row")), 1).await;
    assert_eq!(marked[0].attr("data-staff-no").await.unwrap().as_deref(), Some("1004"));
    assert_eq!(attr(&app, "import-status", "data-update").await, "1");
    assert_eq!(attr(&app, "import-status", "data-refused").await, "1");
    assert!(!app.find("import-run").await.is_enabled().await.unwrap());
    app.screenshot(&artifact("import-faults.png")).await;

    // The refused rows, with what to fix, as a spreadsheet.
    let fix = desk.data.path().join("要改正的行.xlsx");
    app.click("import-save-refused").await;
    app.find("refused-dialog").await;
    desk.answer_dialog(&fix);
    app.click("refused-save").await;
    app.wait_text("refused-saved", |t| t.contains("要改正的行.xlsx")).await;
    app.screenshot(&artifact("import-refused-saved.png")).await;
    app.click("refused-close").await;
    assert!(fix.is_file(), "{} was written", fix.display());
    let mut book = open_workbook_auto(&fix).expect("the refused rows read back");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let cells: Vec<String> = range.rows().flat_map(|r| r.iter().map(|c: &Data| c.to_string())).collect();
    assert!(cells.iter().any(|c| c == "李娜"), "the bad row: {cells:?}");
    assert!(cells.iter().any(|c| c.contains("校验位")), "what to fix: {cells:?}");
    assert!(!cells.iter().any(|c| c == "张伟"), "only refused rows: {cells:?}");

    // Nothing was written: the list is as it was.
    app.click("back-to-people").await;
    app.wait_text("page-title", |t| t == "人员").await;
    app.wait_count(&tid("person-row"), 1).await;
    app.quit().await;
    assert_eq!(count_people(&desk), "1");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_template_is_saved_where_the_clerk_chooses() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.click("nav-people").await;
    app.click("empty-import").await;
    app.click("import-template").await;
    app.find("template-dialog").await;
    let out = desk.data.path().join("模板.xlsx");
    desk.answer_dialog(&out);
    app.click("template-save").await;
    app.wait_text("template-saved", |t| t.contains("模板.xlsx")).await;
    app.click("template-close").await;
    assert!(out.is_file());
    // The template reads back as a roster the import understands: every required column matched.
    read_file(&desk, &app, &out).await;
    assert!(!app.is_present("import-missing").await);
    assert_eq!(column_field(&app, "A").await, "name");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gb18030_csv_is_detected_and_its_encoding_can_be_chosen() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    // As Excel on a Chinese Windows saves "CSV (逗号分隔)": GBK text, CRLF.
    let text =
        format!("姓名,工号,身份证号,部门,密级\r\n张伟,1001,{},机要室,核心\r\n李娜,1002,{},科研一部,重要\r\n", valid_id(1), valid_id(2));
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let file = desk.data.path().join("名册.csv");
    std::fs::write(&file, &bytes).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.click("empty-import").await;
    read_file(&desk, &app, &file).await;
    wait_attr(&app, "import-status", "data-rows", "2").await;
    let detected = app.find_all(&format!("{} option[value=\"\"]", tid("import-encoding"))).await;
    let detected = inner_text(&detected[0]).await;
    assert!(detected.contains("GB18030"), "the detected encoding is named: {detected:?}");
    let rows = app.wait_count(&tid("preview-row"), 2).await;
    assert!(inner_text(&rows[0]).await.contains("张伟"));
    app.screenshot(&artifact("import-csv.png")).await;

    // Read as UTF-8, the headers are no longer words the app knows: nothing can be imported.
    app.select("import-encoding", "utf-8").await;
    wait_attr(&app, "import-missing", "data-missing", "name staff_no id_number unit level").await;
    assert!(!app.find("import-run").await.is_enabled().await.unwrap());
    // Back to the detected encoding, the file reads as before.
    app.select("import-encoding", "").await;
    settled(&app).await;
    wait_attr(&app, "import-status", "data-faults", "0").await;
    app.wait_count(&tid("preview-row"), 2).await;
    app.click("import-run").await;
    wait_attr(&app, "import-done", "data-added", "2").await;
    app.quit().await;
    assert_eq!(count_people(&desk), "2");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_register_offers_no_import() {
    let desk = Desk::new("zh_CN.UTF-8");
    let file = desk.data.path().join("名册.xlsx");
    roster(&file, &[("张伟", 1001, valid_id(1), "机要室", "核心涉密人员", "河北保定")]);
    desk.cli(&["import", "roster", file.to_str().unwrap()]);

    let app = desk.open_with(&["--read-only"]).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 1).await;
    assert!(!app.is_present("people-import").await, "no import on a read-only register");
    app.quit().await;
}
