//! Files chosen with the operating system's dialogs (issue 13), driven through the test seam
//! (`desk.answer_dialog`): no path is typed anywhere. An export saved where the save dialog says
//! (a name without extension gets the format's), a cancelled dialog writing and recording nothing,
//! the file handed to the system's viewer; the calendar export; the shipped template exported from
//! Settings, chosen again as the office's template and loaded; the office's policy file chosen and
//! loaded; the automatic backups' folder chosen, and a backup to a folder that does not exist
//! refused without creating it; a saved form printed, or where printing is not set up opened in
//! the viewer; the real save dialog on the display without the seam; the window's default size on
//! a 1366×768 screen and the size and place it remembered. Screenshots at 1366×768 in Chinese.

use std::path::Path;

use crate::harness::{artifact, Desk};

const SCREEN: (u32, u32) = (1366, 768);

fn exports_in_trail(desk: &Desk) -> usize {
    let audit: serde_json::Value = serde_json::from_str(&desk.cli(&["audit", "list", "--limit", "20", "--json"])).unwrap();
    audit.as_array().unwrap().iter().filter(|e| e["action"] == "register.export").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_and_the_calendar_go_where_the_save_dialog_says_and_a_cancelled_one_writes_nothing() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let out = desk.data.path().join("导出");
    std::fs::create_dir(&out).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.wait_text("operator-current", |t| t.contains("王芳")).await;
    app.click("nav-people").await;
    app.find("person-row").await;

    // Cancelled: the dialog stays as it was, no file, nothing recorded.
    app.click("people-export").await;
    app.find("export-dialog").await;
    desk.cancel_dialog();
    app.click("export-save").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(!app.is_present("export-saved").await, "a cancelled dialog exports nothing");
    assert!(app.find("export-save").await.is_enabled().await.unwrap(), "ready to try again");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);

    // Chosen: a name typed in the dialog without an extension gets the format's.
    desk.answer_dialog(out.join("人员名单"));
    app.click("export-save").await;
    app.wait_text("export-saved", |t| t.contains("人员名单.xlsx")).await;
    let saved = app.find("export-saved").await.attr("data-path").await.unwrap().unwrap();
    assert!(saved.ends_with("人员名单.xlsx") && Path::new(&saved).is_file(), "{saved}");
    app.screenshot(&artifact("files-export-saved.png")).await;

    // Opened in the system's program for it (the seam records it instead).
    app.click("export-file-open").await;
    let start = std::time::Instant::now();
    while !desk.viewer_log().contains("人员名单.xlsx") {
        assert!(start.elapsed().as_secs() < 10, "not opened: {:?}", desk.viewer_log());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(desk.viewer_log().starts_with("open /"), "{}", desk.viewer_log());
    app.click("export-close").await;

    // The calendar export, through the same kind of dialog.
    app.click("nav-dashboard").await;
    app.click("ics-export").await;
    app.find("ics-dialog").await;
    desk.cancel_dialog();
    app.click("ics-save").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(!app.is_present("ics-saved").await);
    let ics = out.join("提醒.ics");
    desk.answer_dialog(&ics);
    app.click("ics-save").await;
    app.wait_text("ics-saved", |t| t.contains("提醒.ics")).await;
    let text = std::fs::read_to_string(&ics).expect("the calendar was written");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{}", &text[..text.len().min(200)]);
    app.screenshot(&artifact("files-ics-saved.png")).await;
    app.click("ics-close").await;
    app.quit().await;

    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2, "the export and the calendar, nothing else");
    assert_eq!(exports_in_trail(&desk), 1, "the cancelled export is not recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_export_the_shipped_template_and_choose_the_offices_template_and_policy() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["form", "settings", "--office-name", "某研究所保密办公室"]);
    let mine = desk.data.path().join("本所模板");
    std::fs::create_dir(&mine).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-settings").await;
    app.find("settings-forms").await;
    // Settings never sends the clerk to the command line.
    let words = app.text("settings-forms").await;
    assert!(!words.contains("命令行") && !words.contains("template-export"), "{words}");

    // The shipped template, exported with a button: what `form template-export` prints.
    app.select("template-kind", "review").await;
    let copy = mine.join("review.typ");
    desk.answer_dialog(&copy);
    app.click("template-export").await;
    app.wait_text("template-exported", |t| t.contains("review.typ")).await;
    let shipped = desk.cli(&["form", "template-export", "review"]);
    assert_eq!(std::fs::read_to_string(&copy).unwrap().trim_end(), shipped.trim_end());

    // The office's copy, chosen with the open dialog and loaded.
    let edited = std::fs::read_to_string(&copy).unwrap() + "\n// 本所修改\n";
    std::fs::write(&copy, edited).unwrap();
    desk.answer_dialog(&copy);
    app.click("template-choose").await;
    app.wait_text("template-choose-name", |t| t == "review.typ").await;
    app.type_into("template-version", "本所 2026-1").await;
    app.click("template-load").await;
    app.find("template-saved").await;
    app.wait_text("office-template", |t| t.contains("本所 2026-1")).await;

    // The office's policy file, chosen with the open dialog, is loaded at once.
    let policy = desk.data.path().join("本所策略.toml");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/prc-2024.toml")).unwrap();
    std::fs::write(&policy, text.replacen("version = \"2024.1\"", "version = \"2026.1\"", 1)).unwrap();
    app.select("policy-select", "custom").await;
    desk.answer_dialog(&policy);
    app.click("policy-choose").await;
    app.wait_text("policy-in-force", |t| t.contains("2026.1")).await;
    app.wait_text("policy-choose-name", |t| t.contains("本所策略.toml")).await;
    app.find("policy-saved").await;
    app.screenshot(&artifact("files-settings.png")).await;
    app.quit().await;

    let audit = desk.cli(&["audit", "list", "--limit", "10", "--json"]);
    assert!(audit.contains("本所策略.toml"), "the policy's file is in the trail: {audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_backup_folder_is_chosen_and_a_missing_folder_is_never_created() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["form", "settings", "--office-name", "某研究所保密办公室"]);
    let folder = desk.data.path().join("备份");
    std::fs::create_dir(&folder).unwrap();

    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-settings").await;
    app.find("settings-backup").await;

    // The automatic backups' folder, chosen with the folder dialog and saved.
    desk.answer_dialog(&folder);
    app.click("backup-folder").await;
    app.wait_text("backup-folder-name", |t| t.contains("备份")).await;
    app.click("backup-settings-save").await;
    // The folder is saved before the backup is asked for (the click alone only sends it).
    app.find("backup-settings-saved").await;
    app.click("backup-now").await;
    app.wait_text("backup-result", |t| t.contains("已备份到")).await;
    let path = app.find("backup-result").await.attr("data-path").await.unwrap().unwrap();
    assert!(Path::new(&path).starts_with(&folder) && Path::new(&path).is_file(), "{path}");

    // A backup to a file of its own, where the save dialog says.
    let elsewhere = desk.data.path().join("交接备份.db");
    desk.answer_dialog(&elsewhere);
    app.click("backup-to").await;
    app.wait_text("backup-result", |t| t.contains("交接备份.db")).await;
    assert!(elsewhere.is_file());

    // A folder that does not exist (gone since the dialog showed it) is refused, not created.
    let missing = desk.data.path().join("不存在的文件夹");
    desk.answer_dialog(missing.join("x.db"));
    app.click("backup-to").await;
    let error = app.wait_text("backup-error", |t| !t.is_empty()).await;
    assert!(error.contains("不存在"), "{error}");
    assert!(!missing.exists(), "the folder was not created");
    app.screenshot(&artifact("files-backup.png")).await;

    // Cancelled: nothing happens.
    let backups = || {
        std::fs::read_dir(desk.data.path()).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "db")).count()
    };
    desk.cancel_dialog();
    let before = backups();
    app.click("backup-to").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(backups(), before);
    app.quit().await;
}

/// The windows on an X display, with their names (`xwininfo -root -tree`).
fn x_windows(display: &str) -> Option<String> {
    let out = std::process::Command::new("xwininfo").args(["-display", display, "-root", "-tree"]).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_seam_the_systems_save_dialog_opens_titled_in_the_offices_words() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1).with_real_dialogs();
    if x_windows(desk.display()).is_none() {
        eprintln!("skipped: no xwininfo to see the dialog with (x11-utils)");
        return;
    }
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.find("person-row").await;
    app.click("people-export").await;
    app.click("export-save").await;
    // The GTK save dialog of tauri-plugin-dialog, shown from Rust, titled from the catalogue.
    let start = std::time::Instant::now();
    loop {
        let windows = x_windows(desk.display()).unwrap_or_default();
        if windows.contains("导出清单") {
            break;
        }
        assert!(start.elapsed().as_secs() < 15, "no save dialog on the display: {windows}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.screenshot(&artifact("files-real-dialog-behind.png")).await;
    assert!(!app.is_present("export-saved").await, "nothing saved while the dialog is open");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_form_is_printed_or_where_printing_is_not_set_up_opened_in_the_viewer() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.find("person-row").await.find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.find("person-name").await;
    app.click("person-generate-form").await;
    app.find("generate-dialog").await;
    app.select("field-form-kind", "commitment").await;
    app.click("form-generate").await;
    app.find("form-draft").await;
    let draft = desk.data.path().join("样稿.pdf");
    desk.answer_dialog(&draft);
    app.click("form-draft-save").await;
    app.wait_text("form-draft-saved", |t| t.contains("样稿.pdf")).await;

    // Printed on the default printer (the seam records it).
    app.click("form-draft-file-print").await;
    app.find("form-draft-file-printed").await;
    assert!(desk.viewer_log().contains(&format!("print {}", draft.display())), "{}", desk.viewer_log());

    // No printer set up: said in words, with the viewer offered instead.
    desk.printer(false);
    app.click("form-draft-file-print").await;
    let said = app.wait_text("form-draft-file-error", |t| !t.is_empty()).await;
    assert!(said.contains("未设置打印") && said.contains("PDF 查看器"), "{said}");
    app.screenshot(&artifact("files-print-not-set-up.png")).await;
    app.click("form-draft-file-open-instead").await;
    let start = std::time::Instant::now();
    while !desk.viewer_log().contains(&format!("open {}", draft.display())) {
        assert!(start.elapsed().as_secs() < 10, "not opened: {}", desk.viewer_log());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_fits_a_laptop_screen_and_opens_at_its_remembered_size_and_place() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let app = desk.open().await;
    app.find("nav-people").await;
    let (x, y, w, h) = app.client.get_window_rect().await.unwrap();
    assert!(x + w <= u64::from(SCREEN.0) && y + h <= u64::from(SCREEN.1), "on the screen: {x},{y} {w}×{h}");
    assert!(w >= 1200 && h <= 720, "the default size fits 1366×768: {w}×{h}");
    app.quit().await;

    // Where tauri-plugin-window-state keeps it (this desk's own config folder, so no test sees
    // another's): a size and place remembered from before is where the window opens again.
    let dir = desk.data.path().join("config/org.clearance-tracker.app");
    std::fs::create_dir_all(&dir).unwrap();
    let remembered = serde_json::json!({ "main": {
        "width": 1100, "height": 640, "x": 40, "y": 30, "prev_x": 40, "prev_y": 30,
        "maximized": false, "visible": true, "decorated": true, "fullscreen": false
    }});
    std::fs::write(dir.join(".window-state.json"), remembered.to_string()).unwrap();
    let app = desk.open().await;
    app.find("nav-people").await;
    let (x, y, w, h) = app.client.get_window_rect().await.unwrap();
    assert_eq!((w, h), (1100, 640), "the size it had");
    assert_eq!((x, y), (40, 30), "the place it had");
    app.quit().await;
}
