//! Fields that fit how people type, in the Chinese window on a 1366×768 laptop: a trip to 日本
//! typed in Chinese with suggestions, the traveller chosen by typing `zs`, dates typed as
//! 2026-12-01 (and in full-width digits); a dialog with typed content asks before Escape
//! discards it; a person added is announced and opened, the phone's extension in words; a
//! refused "on duty" lists each missing step once.

use fantoccini::elements::Element;
use fantoccini::key::Key;

use crate::harness::{artifact, inner_text, tid, App, Desk};
use crate::travel::cli_as;

const SCREEN: (u32, u32) = (1366, 768);

/// A register with three people, the operator named and the window in Chinese.
fn prepare(desk: &Desk) {
    let cli = |args: &[&str]| cli_as(desk, "王芳", args);
    cli(&["settings", "language", "zh-CN"]);
    for (name, staff_no, id, level) in [
        ("张三", "S0001", "440304198506171238", "core"),
        ("李四", "S0002", "110105199001010010", "general"),
        ("王芳", "S0003", "110105199001010029", "general"),
    ] {
        cli(&["person", "add", "--name", name, "--staff-no", staff_no, "--id-number", id, "--unit", "机要室", "--level", level, "--json"]);
    }
}

async fn keys(el: &Element, keys: &str) {
    el.send_keys(keys).await.expect("send keys");
}

/// Types a date into a date field (its old text replaced) and leaves it with Tab.
async fn type_date(app: &App, testid: &str, text: &str) {
    let el = app.find(testid).await;
    el.click().await.expect("focus the date");
    keys(&el, &format!("{}a", Key::Control)).await;
    keys(&el, &Key::Backspace.to_string()).await;
    keys(&el, text).await;
    keys(&el, &Key::Tab.to_string()).await;
}

/// A click with the mouse on the backdrop, left of any dialog.
async fn click_beside(app: &App) {
    use fantoccini::actions::{InputSource as _, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x: 40.0, y: 400.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    app.client.perform_actions(mouse).await.expect("click beside the dialog");
    let _ = app.client.release_actions().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trip_typed_as_people_type_it() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare(&desk);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-travel").await;
    app.click("trip-add").await;
    app.find("trip-dialog").await;

    // The traveller: `zs` finds 张三 by the initials of his name, as the register's search does.
    let who = app.find("trip-person").await;
    keys(&who, "zs").await;
    let options = app.wait_text("trip-person-options", |t| t.contains("张三")).await;
    assert!(!options.contains("李四") && !options.contains("王芳"), "{options}");
    app.screenshot(&artifact("pickers-traveller.png")).await;
    keys(&who, &Key::Down.to_string()).await;
    keys(&who, &Key::Enter.to_string()).await;
    let chosen = app.wait_value("trip-person-chosen", |v| v.contains("张三")).await;
    assert!(chosen.contains("S0001"), "{chosen}");
    assert!(app.is_present("trip-dialog").await, "Enter chose the person; it did not send the form");

    // Destinations typed in Chinese and English, with suggestions as they are typed.
    let dest = app.find("trip-destinations").await;
    keys(&dest, "rb").await;
    let suggested = app.wait_text("trip-destinations-options", |t| t.contains("日本")).await;
    assert!(suggested.starts_with("日本"), "pinyin initials suggest 日本 first: {suggested}");
    keys(&dest, &Key::Escape.to_string()).await; // closes the suggestions, not the dialog
    assert!(app.is_present("trip-dialog").await && !app.is_present("discard-confirm").await);
    keys(&dest, &format!("{}{}", Key::Backspace, Key::Backspace)).await;
    keys(&dest, "日本").await;
    app.wait_text("trip-destinations-options", |t| t.contains("日本")).await;
    keys(&dest, &Key::Enter.to_string()).await;
    app.wait_text("trip-destination-names", |t| t.contains("日本")).await;
    keys(&dest, "Hong Kong,").await;
    app.wait_text("trip-destination-names", |t| t.contains("中国香港")).await;
    // A name nobody knows: a red chip and the reason in words; Backspace takes it away.
    keys(&dest, "火星").await;
    keys(&dest, &Key::Enter.to_string()).await;
    let problem = app.wait_text("trip-destinations-problem", |t| !t.is_empty()).await;
    assert!(problem.contains("不认识的国家或地区") && problem.contains("火星"), "{problem}");
    app.screenshot(&artifact("pickers-unknown-country.png")).await;
    keys(&dest, &Key::Backspace.to_string()).await;
    let names = app.wait_text("trip-destination-names", |t| !t.contains("火星")).await;
    assert!(names.contains("日本") && names.contains("中国香港"), "{names}");
    assert!(!app.is_present("trip-destinations-problem").await);

    // Dates typed, in the forms an office writes them, shown as YYYY-MM-DD.
    type_date(&app, "trip-requested", "2026-11-20").await;
    type_date(&app, "trip-departure", "2026-02-30").await;
    let refused = app.wait_text("trip-departure-problem", |t| !t.is_empty()).await;
    assert!(refused.contains("计划出发日期") && refused.contains("2026-02-30"), "{refused}");
    type_date(&app, "trip-departure", "2026-12-01").await;
    app.wait_value("trip-departure", |v| v == "2026-12-01").await;
    assert!(!app.is_present("trip-departure-problem").await);
    type_date(&app, "trip-return", "２０２６/１２/８").await;
    app.wait_value("trip-return", |v| v == "2026-12-08").await;
    // Or picked from the calendar, which Escape closes without closing the dialog.
    app.click("trip-return-calendar").await;
    app.find("date-calendar").await;
    app.screenshot(&artifact("pickers-calendar.png")).await;
    keys(&app.find("trip-return").await, &Key::Escape.to_string()).await;
    app.wait_count(&tid("date-calendar"), 0).await;
    assert!(app.is_present("trip-dialog").await && !app.is_present("discard-confirm").await);
    app.click("trip-return-calendar").await;
    app.find_all("[data-testid=\"date-calendar\"] button[data-date=\"2026-12-09\"]").await[0].click().await.unwrap();
    app.wait_value("trip-return", |v| v == "2026-12-09").await;
    app.wait_count(&tid("date-calendar"), 0).await;
    app.type_into("trip-purpose", "探亲").await;
    app.screenshot(&artifact("pickers-trip-dialog.png")).await;

    // Escape with all this typed asks first; Escape again goes back to the dialog as it was.
    keys(&app.find("trip-purpose").await, &Key::Escape.to_string()).await;
    app.find("discard-confirm").await;
    app.screenshot(&artifact("pickers-discard-confirm.png")).await;
    keys(&app.find("discard-keep").await, &Key::Escape.to_string()).await;
    app.wait_count(&tid("discard-confirm"), 0).await;
    assert_eq!(app.value("trip-purpose").await, "探亲");

    app.click("trip-save").await;
    app.wait_text("trip-state", |t| t == "待审批").await;
    let dests = app.text("trip-destinations-view").await;
    assert!(dests.contains("日本") && dests.contains("中国香港"), "{dests}");
    let planned = app.text("trip-planned").await;
    assert!(planned.contains("2026-12-01") && planned.contains("2026-12-09"), "{planned}");
    app.screenshot(&artifact("pickers-trip-page.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_asks_before_discarding_and_a_new_person_opens() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare(&desk);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 3).await;

    // Nothing typed: Escape closes at once.
    app.click("person-add").await;
    let name = app.find("field-name").await;
    keys(&name, &Key::Escape.to_string()).await;
    app.wait_count(&tid("person-dialog"), 0).await;

    // Something typed: Escape asks; keep editing; × asks again; discard closes.
    app.click("person-add").await;
    let name = app.find("field-name").await;
    keys(&name, "赵六").await;
    keys(&name, &Key::Escape.to_string()).await;
    let asked = app.text("discard-confirm").await;
    assert!(asked.contains("放弃"), "{asked}");
    app.click("discard-keep").await;
    app.wait_count(&tid("discard-confirm"), 0).await;
    assert_eq!(app.value("field-name").await, "赵六");
    app.click("person-dialog-close").await;
    app.find("discard-confirm").await;
    app.click("discard-yes").await;
    app.wait_count(&tid("person-dialog"), 0).await;
    // Cancel asks too.
    app.click("person-add").await;
    keys(&app.find("field-name").await, "赵六").await;
    app.click("person-cancel").await;
    app.click("discard-yes").await;
    app.wait_count(&tid("person-dialog"), 0).await;

    // A click beside the dialog asks too; with nothing typed it closes at once.
    app.click("person-add").await;
    keys(&app.find("field-name").await, "赵六").await;
    click_beside(&app).await;
    app.find("discard-confirm").await;
    app.click("discard-yes").await;
    app.wait_count(&tid("person-dialog"), 0).await;
    app.click("person-add").await;
    app.find("field-name").await;
    click_beside(&app).await;
    app.wait_count(&tid("person-dialog"), 0).await;

    // Added: the window says so and opens the new person; the phone's extension in words.
    app.click("person-add").await;
    app.type_into("field-name", "赵六").await;
    app.type_into("field-staff_no", "S0004").await;
    app.type_into("field-id_number", "110105199001010037").await;
    app.type_into("field-unit", "机要室").await;
    app.select("field-level", "general").await;
    type_date(&app, "field-start_date", "2026年12月1日").await;
    app.wait_value("field-start_date", |v| v == "2026-12-01").await;
    app.type_into("field-phone", "010-6512 3456 ext. 8012").await;
    app.click("person-save").await;
    let said = app.wait_text("toast", |t| !t.is_empty()).await;
    assert!(said.contains("已添加") && said.contains("赵六"), "{said}");
    app.wait_text("person-name", |t| t.contains("赵六")).await;
    let details = inner_text(&app.find_all("[data-testid=\"person-page\"], main").await[0]).await;
    assert!(details.contains("010-6512 3456 转 8012"), "{details}");
    assert!(details.contains("2026-12-01"), "{details}");
    app.screenshot(&artifact("pickers-person-added.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_on_duty_lists_each_missing_step_once() {
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare(&desk);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    let rows = app.wait_count(&tid("person-row"), 3).await;
    let mut zhang = None;
    for r in rows {
        if inner_text(&r).await.contains("张三") {
            zhang = Some(r);
        }
    }
    zhang.expect("张三's row").find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;

    // One onboarding step done: the other two are missing.
    app.click("step-record-security_review").await;
    app.find("lifecycle-dialog").await;
    app.click("lifecycle-save").await;
    app.wait_text("step-done-security_review", |t| t.contains("20")).await;

    app.click("lifecycle-on-duty").await;
    app.find("lifecycle-dialog").await;
    let listed = app.wait_text("duty-reasons", |t| !t.is_empty()).await;
    let reasons: Vec<String> = listed.lines().map(str::trim).filter(|l| l.starts_with("尚未完成")).map(str::to_owned).collect();
    assert_eq!(reasons.len(), 2, "{listed}");
    app.click("lifecycle-save").await; // no written reason: refused
    app.wait_text("error-override_reason", |t| !t.is_empty()).await;
    let dialog = app.text("lifecycle-dialog").await;
    for r in &reasons {
        assert_eq!(dialog.matches(r.as_str()).count(), 1, "{r} once in:\n{dialog}");
    }
    app.screenshot(&artifact("pickers-on-duty-refused.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_duty_on_an_earlier_day_lists_each_step_missing_then_once() {
    // 张三's onboarding steps are all done today; he was registered in January. On duty today is
    // offered without a reason; on duty on 2026-06-01 is refused: no step was done by then.
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare(&desk);
    let today = crate::travel::day(0);
    for step in ["security_review", "initial_training", "commitment"] {
        cli_as(&desk, "王芳", &["step", "done", "S0001", step, "--date", &today, "--json"]);
    }
    let out = std::process::Command::new("sqlite3")
        .arg(desk.db_path())
        .arg("UPDATE person SET registered_on = '2026-01-05' WHERE staff_no = 'S0001';")
        .output()
        .expect("sqlite3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-people").await;
    app.type_into("people-search", "S0001").await;
    let rows = app.wait_count(&tid("person-row"), 1).await;
    rows[0].find(fantoccini::Locator::Css("td")).await.unwrap().click().await.unwrap();
    app.wait_text("person-name", |t| t.contains("张三")).await;

    app.click("lifecycle-on-duty").await;
    app.find("lifecycle-dialog").await;
    assert!(!app.is_present("duty-reasons").await, "nothing is missing today");
    type_date(&app, "field-duty-date", "2026-06-01").await;
    app.click("lifecycle-save").await;
    let said = app.wait_text("error-general", |t| t.contains("尚未完成")).await;
    let lines: Vec<&str> = said.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "three steps, each once:\n{said}");
    let dialog = app.text("lifecycle-dialog").await;
    for l in &lines {
        assert_eq!(dialog.matches(l).count(), 1, "{l} once in:\n{dialog}");
    }
    app.screenshot(&artifact("pickers-on-duty-earlier-refused.png")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_fields_in_english() {
    // The window in English on a Chinese system: destinations by English name, dates still
    // YYYY-MM-DD, the traveller by pinyin initials.
    let desk = Desk::with_screen("zh_CN.UTF-8", SCREEN.0, SCREEN.1);
    prepare(&desk);
    cli_as(&desk, "王芳", &["settings", "language", "en"]);
    let app = desk.open().await;
    app.resize(SCREEN.0, SCREEN.1).await;
    app.click("nav-travel").await;
    app.click("trip-add").await;
    app.find("trip-dialog").await;
    let who = app.find("trip-person").await;
    keys(&who, "ls").await;
    app.wait_text("trip-person-options", |t| t.contains("李四")).await;
    keys(&who, &Key::Enter.to_string()).await;
    app.wait_value("trip-person-chosen", |v| v.contains("李四")).await;
    let dest = app.find("trip-destinations").await;
    keys(&dest, "jap").await;
    let suggested = app.wait_text("trip-destinations-options", |t| t.contains("Japan")).await;
    assert!(suggested.contains("日本"), "the other language's name beside it: {suggested}");
    keys(&dest, &Key::Enter.to_string()).await;
    keys(&dest, "香港").await;
    app.wait_text("trip-destinations-options", |t| t.contains("Hong Kong")).await;
    keys(&dest, &Key::Enter.to_string()).await;
    let names = app.wait_text("trip-destination-names", |t| t.contains("Hong Kong")).await;
    assert!(names.contains("Japan"), "{names}");
    type_date(&app, "trip-departure", "2026/12/1").await;
    app.wait_value("trip-departure", |v| v == "2026-12-01").await;
    type_date(&app, "trip-return", "8 Dec 2026").await;
    let refused = app.wait_text("trip-return-problem", |t| !t.is_empty()).await;
    assert!(refused.contains("Planned return") && refused.contains("2024-03-01"), "{refused}");
    app.screenshot(&artifact("pickers-trip-dialog-en.png")).await;
    type_date(&app, "trip-return", "20261208").await;
    app.wait_value("trip-return", |v| v == "2026-12-08").await;
    app.type_into("trip-purpose", "Conference").await;
    app.click("trip-save").await;
    app.wait_text("trip-state", |t| !t.is_empty()).await;
    let planned = app.text("trip-planned").await;
    assert!(planned.contains("2026-12-01") && planned.contains("2026-12-08"), "{planned}");
    app.quit().await;
}
