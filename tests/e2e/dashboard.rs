//! The dashboard, the home screen: with sample data it lists overdue reminders first; one
//! acknowledged with a note leaves the list for the acknowledged list; a name leads to the person;
//! the 90-day calendar lists a day's items; the calendar export writes an .ics file. A list
//! longer than a page comes a page at a time, groups whole, and "show more" adds the next page
//! under the rows shown, the ticks and the scroll kept.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;

use crate::harness::{artifact, css, inner_text, tid, App, Desk};

/// Waits until the dashboard lists at least one reminder, and returns the rows in their order.
pub(crate) async fn reminder_rows(app: &App) -> Vec<Element> {
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

pub(crate) async fn attr(el: &Element, name: &str) -> String {
    el.attr(name).await.unwrap().unwrap_or_default()
}

async fn count(app: &App, testid: &str) -> u32 {
    attr(&app.find(testid).await, "data-count").await.parse().expect("data-count is a number")
}

#[tokio::test(flavor = "multi_thread")]
async fn overdue_first_acknowledge_one_and_open_the_person() {
    let desk = Desk::new("zh_CN.UTF-8");
    let app = desk.open().await;
    // The home screen is the dashboard; an empty register has nothing due.
    app.find("dashboard").await;
    app.wait_text("page-title", |t| t == "仪表板").await;

    app.click("nav-people").await;
    app.click("load-sample").await;
    app.click("sample-confirm-load").await; // the sample is asked for first (issue 13)
    app.wait_count(&tid("person-row"), 50).await;
    app.click("nav-dashboard").await;

    // Overdue first: the groups stand where their worst item stands, so no group that is due or
    // upcoming comes before an overdue one; the items of a group come worst first.
    let rows = reminder_rows(&app).await;
    let groups = app.find_all(&tid("reminder-group")).await;
    let mut states = Vec::with_capacity(groups.len());
    for g in &groups {
        states.push(attr(g, "data-state").await);
    }
    assert_eq!(states[0], "overdue", "the sample register has overdue reminders, listed first: {states:?}");
    let first_other = states.iter().position(|s| s != "overdue").unwrap_or(states.len());
    assert!(states[first_other..].iter().all(|s| s != "overdue"), "an overdue group after a due or upcoming one: {states:?}");
    for s in &states {
        assert!(["overdue", "due", "upcoming"].contains(&s.as_str()), "{s}");
    }
    let mut overdue_rows = 0;
    for r in &rows {
        if attr(r, "data-state").await == "overdue" {
            overdue_rows += 1;
        }
    }
    let overdue = count(&app, "count-overdue").await;
    assert_eq!(overdue as usize, overdue_rows, "the header counts the overdue rows");
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

/// The sample register, the operator named and the window in Chinese, on a 1366×768 laptop.
pub(crate) async fn laptop_with_sample(desk: &Desk) -> App {
    desk.cli(&["settings", "language", "zh-CN"]);
    desk.cli(&["sample"]);
    let app = desk.open().await;
    app.resize(1366, 768).await;
    reminder_rows(&app).await;
    app
}

/// The reminder rows whose whole line is inside the window.
async fn rows_in_sight(app: &App) -> u64 {
    let js = "return [...document.querySelectorAll('[data-testid=\"reminder-row\"]')]
        .filter((r) => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight; }).length;";
    app.client.execute(js, vec![]).await.expect("count rows in sight").as_u64().unwrap_or(0)
}

/// The first group of `n` items in the given state.
async fn group_of(app: &App, n: usize, state: &str) -> Element {
    let sel = format!("{}[data-items=\"{n}\"][data-state=\"{state}\"]", tid("reminder-group"));
    app.client.wait().at_most(Duration::from_secs(20)).for_element(css(&sel)).await.unwrap_or_else(|e| panic!("no group {sel}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn work_is_done_from_the_dashboard_on_a_laptop_screen() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = laptop_with_sample(&desk).await;
    let dashboard = app.find("dashboard").await;

    // A departing person's three overdue steps are one line of three items, the name once.
    let group = group_of(&app, 3, "overdue").await;
    let key = attr(&group, "data-key").await;
    assert!(key.contains(":departing"), "{key}");
    let items = group.find_all(css(&tid("reminder-row"))).await.unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(group.find_all(css(&tid("reminder-person"))).await.unwrap().len(), 1, "the name is written once");
    assert!(inner_text(&group).await.contains("3 项"), "{}", inner_text(&group).await);
    // Each item offers what the backend offers: record done, open, acknowledge, snooze.
    let first = &items[0];
    for offer in ["reminder-record", "reminder-open", "reminder-ack", "reminder-snooze"] {
        assert!(first.find(css(&tid(offer))).await.is_ok(), "no {offer}");
    }
    let shown = rows_in_sight(&app).await;
    assert!(shown > 5, "only {shown} reminders in sight at 1366×768");
    app.screenshot(&artifact("dashboard-1366x768.png")).await;

    // Record one step from the dashboard: the person page's dialog, the step chosen, today's date.
    let id = attr(first, "data-id").await;
    let what = inner_text(&first.find(css(".what-main")).await.unwrap()).await;
    first.find(css(&tid("reminder-record"))).await.unwrap().click().await.unwrap();
    let dialog = app.find("lifecycle-dialog").await;
    let title = inner_text(&dialog).await;
    assert!(title.contains("登记完成") && title.contains(what.trim()), "{title}");
    app.screenshot(&artifact("dashboard-record-dialog.png")).await;
    app.click("lifecycle-save").await;
    // The row leaves and the group shrinks to two items, with no reload of the screen.
    app.wait_count(&format!("{}[data-id=\"{id}\"]", tid("reminder-row")), 0).await;
    let group = app.find_all(&format!("{}[data-key=\"{key}\"]", tid("reminder-group"))).await;
    assert_eq!(attr(&group[0], "data-items").await, "2");
    app.wait_text("dashboard-notice", |t| t.contains("已登记") && t.contains(what.trim())).await;
    assert!(dashboard.is_displayed().await.unwrap_or(false), "the dashboard stayed on screen (no reload)");
    app.screenshot(&artifact("dashboard-recorded.png")).await;

    // A traveller overdue back: the trip page's own dialog records the return from here.
    let back = format!("{}[data-id^=\"trip:\"][data-id$=\":return\"]", tid("reminder-row"));
    let trip = app.find_all(&back).await;
    assert_eq!(trip.len(), 1, "the sample has one traveller overdue back");
    let trip_id = attr(&trip[0], "data-id").await;
    trip[0].find(css(&tid("reminder-record"))).await.unwrap().click().await.unwrap();
    app.find("trip-action-dialog").await;
    app.screenshot(&artifact("dashboard-record-trip.png")).await;
    app.click("trip-action-save").await;
    app.wait_count(&format!("{}[data-id=\"{trip_id}\"]", tid("reminder-row")), 0).await;
    assert!(dashboard.is_displayed().await.unwrap_or(false), "the dashboard stayed on screen (no reload)");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_people_recorded_done_at_once_and_a_refusal_names_each() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    let app = laptop_with_sample(&desk).await;

    // The same step of two departing people (their access revoked the same day).
    let picks = app.find_all(&format!("{}[data-id$=\":departing:access_revoked\"]", tid("reminder-row"))).await;
    assert!(picks.len() >= 2, "two departing people in the sample: {}", picks.len());
    let ids = [attr(&picks[0], "data-id").await, attr(&picks[1], "data-id").await];
    for p in &picks[..2] {
        p.find(css(&tid("reminder-select"))).await.unwrap().click().await.unwrap();
    }
    app.wait_text("selection-count", |t| t.contains("已选 2 项")).await;
    app.click("selection-record").await;
    app.find("batch-dialog").await;
    assert_eq!(app.find_all(&format!("{} li", tid("batch-items"))).await.len(), 2);

    // A day before either was registered: refused, each person named with the reason, nothing written.
    app.type_into("batch-done-on", "2000-01-01").await;
    app.click("batch-note").await;
    app.click("batch-save").await;
    app.wait_text("batch-refused", |t| t.contains("未登记任何事项")).await;
    let lines = app.find_all(&tid("batch-refused-person")).await;
    assert_eq!(lines.len(), 2, "one line for each person");
    for l in &lines {
        let text = inner_text(l).await;
        assert!(text.contains("登记日期"), "the reason: {text}");
    }
    app.screenshot(&artifact("dashboard-batch-refused.png")).await;

    // Today's date: both recorded, both rows leave.
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    app.type_into("batch-done-on", &today).await;
    app.click("batch-note").await;
    app.type_into("batch-note", "统一取消系统权限").await;
    app.click("batch-save").await;
    app.wait_text("dashboard-notice", |t| t.contains("已登记完成 2 项") && t.contains("2 人")).await;
    for id in &ids {
        app.wait_count(&format!("{}[data-id=\"{id}\"]", tid("reminder-row")), 0).await;
    }
    assert!(!app.is_present("selection-bar").await, "nothing is left selected");
    app.screenshot(&artifact("dashboard-batch-done.png")).await;
    app.quit().await;

    // Written to the register: the command line no longer lists them either.
    let open = desk.cli(&["reminders", "--json"]);
    for id in &ids {
        assert!(!open.contains(&format!("\"{id}\"")), "{id} still open");
    }
}

/// The scroll of the dashboard's own scroller.
async fn dash_scroll(app: &App) -> f64 {
    let js = "return document.querySelector('[data-testid=\"dashboard\"]').scrollTop;";
    app.client.execute(js, vec![]).await.expect("read the scroll").as_f64().unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_comes_a_page_at_a_time_and_show_more_adds_the_rest() {
    let desk = Desk::with_screen("zh_CN.UTF-8", 1366, 768);
    desk.cli(&["settings", "language", "zh-CN"]);
    // 130 people registered today who start in a week: three onboarding steps each (a group of
    // three) inside their lead time, 390 reminders, more than the window's page of 200.
    let starts = chrono::Local::now().date_naive() + chrono::Days::new(7);
    let mut csv = String::from("姓名,工号,身份证号,部门,密级,上岗日期\r\n");
    let given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯健俊帆帅旭宁龙林欣晨阳博雪琳婷倩雯颖佳怡";
    let given: Vec<char> = given.chars().collect();
    for i in 0..130u32 {
        let body = format!("11010519{:02}0101{:03}", 70 + i % 30, 100 + i);
        let id = format!("{body}{}", clearance_domain::id_card::check_char(&body).unwrap());
        let name = format!(
            "{}{}{}",
            ["王", "李", "张", "刘", "陈"][i as usize % 5],
            given[i as usize % given.len()],
            given[(i as usize * 7 + 3) % given.len()]
        );
        let unit = ["机要室", "科研一部", "档案室"][i as usize % 3];
        csv.push_str(&format!("{name},{},{id},{unit},{},{starts}\r\n", 2001 + i, ["核心", "重要"][i as usize % 2]));
    }
    let file = desk.data.path().join("名册.csv");
    std::fs::write(&file, csv).unwrap();
    desk.cli(&["import", "roster", file.to_str().unwrap()]);

    let app = desk.open().await;
    reminder_rows(&app).await;
    // The first page: 200 rows asked for, and the group begun at the 200th whole (201).
    let more = app.find("reminders-more").await;
    assert_eq!((attr(&more, "data-shown").await, attr(&more, "data-total").await), ("201".into(), "390".into()));
    assert_eq!(app.find_all(&tid("reminder-row")).await.len(), 201);
    for g in app.find_all(&tid("reminder-group")).await {
        assert_eq!(attr(&g, "data-items").await, "3", "a group cut by the page");
    }
    assert!(inner_text(&more).await.contains("已显示 201 项，共 390 项"), "{}", inner_text(&more).await);
    // The section says how many there are in all, not only those shown.
    let section = app.find("section-count").await;
    assert!(inner_text(&section).await.contains("201 / 共 390"), "{}", inner_text(&section).await);
    // The counts at the top are the register's.
    assert_eq!(attr(&app.find("count-upcoming").await, "data-count").await, "390");

    // One ticked on the first page stays ticked.
    app.click("reminder-select").await;
    app.wait_text("selection-count", |t| t.contains('1')).await;

    let button = app.find("reminders-show-more").await;
    assert!(inner_text(&button).await.contains("再显示 189 项"), "{}", inner_text(&button).await);
    let js = "document.querySelector('[data-testid=\"reminders-show-more\"]').scrollIntoView({ block: 'center' });";
    app.client.execute(js, vec![]).await.expect("scroll to the foot of the list");
    let scrolled = dash_scroll(&app).await;
    assert!(scrolled > 1000.0, "the list was scrolled down to its foot: {scrolled}");
    app.screenshot(&artifact("dashboard-show-more-before.png")).await;
    button.click().await.unwrap();
    app.wait_count(&tid("reminder-row"), 390).await;
    // All shown: no "show more"; the rows already there stayed where they were, the scroll too.
    let start = Instant::now();
    while app.is_present("reminders-more").await {
        assert!(start.elapsed() < Duration::from_secs(10), "\"show more\" stayed with every row shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = dash_scroll(&app).await;
    assert!((after - scrolled).abs() < 2.0, "the scroll moved from {scrolled} to {after}");
    app.wait_text("selection-count", |t| t.contains('1')).await;
    assert!(inner_text(&app.find("section-count").await).await.contains("390"));
    app.screenshot(&artifact("dashboard-show-more-after.png")).await;

    // Grouped by unit, the sections still hold whole groups.
    app.select("group-by", "unit").await;
    app.wait_count(&tid("reminder-section"), 3).await;
    for g in app.find_all(&tid("reminder-group")).await {
        assert_eq!(attr(&g, "data-items").await, "3");
    }

    // The calendar counts every item of the day they all fall due, carries a few and says how
    // many more there are.
    app.click("view-calendar").await;
    let day = app.find_all(&format!("{}[data-date=\"{starts}\"]", tid("calendar-day"))).await;
    assert_eq!(day.len(), 1, "the day everyone starts is in the calendar");
    assert_eq!(attr(&day[0], "data-count").await, "390");
    day[0].click().await.unwrap();
    app.wait_count(&tid("calendar-item"), 8).await;
    let more = app.find("calendar-more").await;
    assert_eq!(attr(&more, "data-more").await, "382");
    assert!(inner_text(&more).await.contains("当日另有 382 项到期"), "{}", inner_text(&more).await);
    app.screenshot(&artifact("dashboard-calendar-capped.png")).await;
    app.quit().await;
}
