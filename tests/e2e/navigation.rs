//! Going somewhere and coming back, as in a browser: from the dashboard to a person and back
//! returns to the dashboard with its filters and where it was scrolled; the back button says
//! where it goes (← 仪表板, ← People); Alt+←, the mouse's back button and the keyboard's back key
//! go back on every screen. At 1366×768, the office laptop's screen.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction};
use fantoccini::key::Key;

use crate::dashboard::{attr, laptop_with_sample, reminder_rows};
use crate::harness::{artifact, tid, App, Desk};

/// The dashboard's list scrolled this far (px).
async fn scroll_top(app: &App) -> i64 {
    let js = "const d = document.querySelector('[data-testid=\"dashboard\"]'); return d ? Math.round(d.scrollTop) : -1;";
    app.client.execute(js, vec![]).await.expect("read the scroll").as_i64().unwrap_or(-1)
}

/// The states of the reminder rows listed, read at once (the list re-renders as it reloads).
async fn row_states(app: &App) -> Vec<String> {
    let js = "return [...document.querySelectorAll('[data-testid=\"reminder-row\"]')].map((r) => r.dataset.state);";
    let v = app.client.execute(js, vec![]).await.expect("read the rows");
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// Alt+←, as the keyboard sends it.
async fn alt_left(app: &App) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: Key::Alt.into() })
        .then(KeyAction::Down { value: Key::Left.into() })
        .then(KeyAction::Up { value: Key::Left.into() })
        .then(KeyAction::Up { value: Key::Alt.into() });
    app.client.perform_actions(keys).await.expect("Alt+Left");
    let _ = app.client.release_actions().await;
}

/// The mouse's back button (button 3). WebKitWebDriver may not press that button: the window
/// then gets the same event a real mouse gives it.
async fn mouse_back(app: &App) -> &'static str {
    let mouse = MouseActions::new("mouse".into()).then(PointerAction::Down { button: 3 }).then(PointerAction::Up { button: 3 });
    let pressed = app.client.perform_actions(mouse).await.is_ok();
    let _ = app.client.release_actions().await;
    if pressed && wait_screen(app, "dashboard", Duration::from_secs(2)).await {
        return "driver";
    }
    let js = "document.body.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true, cancelable: true })); return true;";
    app.client.execute(js, vec![]).await.expect("mouse back event");
    "event"
}

/// Waits until the screen with this test id shows.
async fn wait_screen(app: &App, testid: &str, within: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if app.is_present(testid).await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Opens the person of the last group in the list (scrolled to the end).
async fn open_last_person(app: &App) -> String {
    let names = app.find_all(&tid("reminder-person")).await;
    let last = names.last().expect("a person in the list");
    let name = crate::harness::inner_text(last).await;
    last.click().await.expect("open the person");
    app.wait_text("person-name", |t| t.contains(name.trim())).await;
    name
}

/// The dashboard shows again with the upcoming filter on, grouped by unit, scrolled to `top`.
async fn dashboard_as_left(app: &App, top: i64, rows: usize) {
    assert!(wait_screen(app, "dashboard", Duration::from_secs(20)).await, "back on the dashboard");
    app.wait_count(&tid("reminder-row"), rows).await;
    assert_eq!(attr(&app.find("count-upcoming").await, "aria-pressed").await, "true", "the state filter is kept");
    let group_by = app.find("group-by").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(group_by, "unit", "the grouping is kept");
    let start = Instant::now();
    loop {
        let now = scroll_top(app).await;
        if (now - top).abs() <= 2 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "scrolled to {now}, was {top}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_to_a_person_and_back_keeps_the_filter_and_the_scroll() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = laptop_with_sample(&desk).await;

    // Only the upcoming ones, by unit, scrolled to the end.
    app.click("count-upcoming").await;
    let start = Instant::now();
    loop {
        let states = row_states(&app).await;
        if !states.is_empty() && states.iter().all(|s| s == "upcoming") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the filter did not apply: {states:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.select("group-by", "unit").await;
    let rows = reminder_rows(&app).await.len();
    app.client
        .execute("const d = document.querySelector('[data-testid=\"dashboard\"]'); d.scrollTop = d.scrollHeight;", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let top = scroll_top(&app).await;
    assert!(top > 100, "the list scrolls at 1366×768 ({top} px)");

    // To the person: the way back names the dashboard.
    open_last_person(&app).await;
    let back = app.text("back-to-people").await;
    assert!(back.contains("仪表板"), "the back button reads {back:?}");
    assert_eq!(attr(&app.find("back-to-people").await, "data-to").await, "dashboard");
    app.screenshot(&artifact("navigation-person-from-dashboard.png")).await;
    app.click("back-to-people").await;
    dashboard_as_left(&app, top, rows).await;
    app.screenshot(&artifact("navigation-back-on-dashboard.png")).await;

    // Alt+← does the same.
    open_last_person(&app).await;
    alt_left(&app).await;
    dashboard_as_left(&app, top, rows).await;

    // And the mouse's back button.
    open_last_person(&app).await;
    let how = mouse_back(&app).await;
    dashboard_as_left(&app, top, rows).await;
    eprintln!("mouse back button: {how}");

    // From the register (opened from the sidebar), Alt+← returns to the dashboard as it was.
    app.click("nav-people").await;
    app.wait_text("page-title", |t| t == "人员").await;
    alt_left(&app).await;
    dashboard_as_left(&app, top, rows).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn back_goes_where_the_clerk_came_from_on_every_screen() {
    let desk = Desk::with_screen("en_US.UTF-8", 1366, 768).with_admin("Ann Lee");
    desk.cli(&["settings", "language", "en"]);
    desk.cli(&["sample"]);
    let app = desk.open().await;
    app.resize(1366, 768).await;
    reminder_rows(&app).await;
    app.screenshot(&artifact("dashboard-1366x768-en.png")).await;

    // From the register, the person page's way back says People and returns there.
    app.click("nav-people").await;
    app.wait_count(&tid("person-row"), 50).await;
    let names = app.find_all(&tid("person-name-cell")).await;
    names[3].click().await.unwrap();
    app.find("person-name").await;
    assert!(app.text("back-to-people").await.contains("People"));
    alt_left(&app).await;
    app.wait_text("page-title", |t| t == "People").await;

    // Settings, then the keyboard's own back key: the register again.
    app.click("nav-settings").await;
    app.find("setting-keep-in-tray").await;
    let key = "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'BrowserBack', bubbles: true, cancelable: true })); return true;";
    app.client.execute(key, vec![]).await.unwrap();
    app.wait_text("page-title", |t| t == "People").await;

    // A dialog open keeps its screen: Alt+← does not throw away what is typed in it.
    app.click("person-add").await;
    app.find("person-dialog").await;
    alt_left(&app).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.is_present("person-dialog").await, "the dialog stays open");
    app.screenshot(&artifact("navigation-dialog-stays.png")).await;
    app.quit().await;
}
