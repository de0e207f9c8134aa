//! The dashboard, the home screen: with sample data it lists overdue reminders first; one
//! acknowledged with a note leaves the list for the acknowledged list; a name leads to the person;
//! the 90-day calendar lists a day's items; the calendar export writes an .ics file.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;

use crate::harness::{artifact, css, inner_text, tid, App, Desk};

/// Waits until the dashboard lists at least one reminder, and returns the rows in their order.
async fn reminder_rows(app: &App) -> Vec<Element> {
    let start = Instant::now();
    loop {
        let rows = app.find_all(&tid("reminder-row")).await;
        if !rows.is_empty() {
            return rows;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the dashboard listed no reminder");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn attr(el: &Element, name: &str) -> String {
    el.attr(name).await.unwrap().unwrap_or_default()
}

async fn count(app: &App, testid: &str) -> u32 {
    attr(&app.find(testid).await, "data-count").await.parse().expect("data-count is a number")
}

#[tokio::test(flavor = "multi_thread")]
async fn overdue_first_acknowledge_one_and_open_the_person() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    app.name_operator("王芳").await;
    // The home screen is the dashboard; an empty register has nothing due.
    app.find("dashboard").await;
    app.wait_text("page-title", |t| t == "仪表板").await;

    app.click("nav-people").await;
    app.click("load-sample").await;
    app.click("sample-confirm-load").await; // the sample is asked for first (issue 13)
    app.wait_count(&tid("person-row"), 50).await;
    app.click("nav-dashboard").await;

    // Overdue first: the first row is overdue and nothing due or upcoming comes before an overdue one.
    let rows = reminder_rows(&app).await;
    let mut states = Vec::with_capacity(rows.len());
    for r in &rows {
        states.push(attr(r, "data-state").await);
    }
    assert_eq!(states[0], "overdue", "the sample register has overdue reminders, listed first: {states:?}");
    let first_other = states.iter().position(|s| s != "overdue").unwrap_or(states.len());
    assert!(states[first_other..].iter().all(|s| s != "overdue"), "an overdue reminder after a due or upcoming one: {states:?}");
    for s in &states {
        assert!(["overdue", "due", "upcoming"].contains(&s.as_str()), "{s}");
    }
    let overdue = count(&app, "count-overdue").await;
    assert_eq!(overdue as usize, first_other, "the header counts the overdue rows");
    assert!(app.text("count-overdue").await.contains("逾期"));
    assert!(inner_text(&rows[0]).await.contains("逾期"), "the first row says how many days overdue");
    app.screenshot(&artifact("dashboard.png")).await;

    // Acknowledge the first one with a note: it leaves the overdue list for the acknowledged list.
    let id = attr(&rows[0], "data-id").await;
    let staff_no = attr(&rows[0], "data-staff-no").await;
    assert!(!staff_no.is_empty());
    rows[0].find(css(&tid("reminder-ack"))).await.unwrap().click().await.unwrap();
    app.find("ack-dialog").await;
    app.click("ack-save").await; // no note: refused in the dialog
    app.wait_text("error-note", |t| !t.is_empty()).await;
    app.type_into("ack-note", "已电话通知本人,本周内办理").await;
    app.screenshot(&artifact("dashboard-ack.png")).await;
    app.click("ack-save").await;
    let this_row = format!("{}[data-id=\"{id}\"]", tid("reminder-row"));
    app.wait_count(&this_row, 0).await;
    let start = Instant::now();
    while count(&app, "count-overdue").await != overdue - 1 {
        assert!(start.elapsed() < Duration::from_secs(20), "the overdue count did not go down");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click("acknowledged-toggle").await;
    let acked = app.wait_count(&format!("{}[data-id=\"{id}\"]", tid("acknowledged-row")), 1).await;
    assert!(inner_text(&acked[0]).await.contains("已电话通知本人"), "the note is shown");
    app.screenshot(&artifact("dashboard-acknowledged.png")).await;

    // The 90-day calendar: a day with something due lists it.
    app.click("view-calendar").await;
    app.find("calendar").await;
    let days = app.find_all(&format!("{}:not([data-count=\"0\"])", tid("calendar-day"))).await;
    assert!(!days.is_empty(), "something falls due in the next 90 days");
    let date = attr(&days[0], "data-date").await;
    days[0].click().await.unwrap();
    let items = app.find("calendar-items").await;
    assert_eq!(attr(&items, "data-date").await, date);
    assert!(!app.find_all(&tid("calendar-item")).await.is_empty());
    app.screenshot(&artifact("dashboard-calendar.png")).await;
    app.click("view-list").await;

    // The calendar export, where the save dialog says (answered through the test seam).
    app.click("ics-export").await;
    let ics = desk.data.path().join("reminders.ics");
    desk.answer_dialog(&ics);
    app.click("ics-save").await;
    app.wait_text("ics-saved", |t| t.contains("reminders.ics")).await;
    let text = std::fs::read_to_string(&ics).expect("the .ics file was written");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{}", &text[..text.len().min(200)]);
    app.click("ics-close").await;

    // One click on a name opens the person.
    let rows = reminder_rows(&app).await;
    let staff_no = attr(&rows[0], "data-staff-no").await;
    let person = rows[0].find(css(&tid("reminder-person"))).await.unwrap();
    let name = inner_text(&person).await;
    person.click().await.unwrap();
    app.wait_text("person-name", |t| t.contains(name.trim())).await;
    app.wait_text("person-staff-no", |t| t.contains(&staff_no)).await;

    // The tray setting is offered.
    app.click("nav-settings").await;
    app.find("setting-keep-in-tray").await;
    app.quit().await;
}
