//! The dashboard read from the reminders' projection is the dashboard the full recomputation
//! gives, field for field (rows, groups, counts, the acknowledged list, the calendar), on a
//! register with acknowledgements, snoozes, a step done, filters and limits; a page never cuts a
//! group; the calendar counts every day and carries a few items of each.

use chrono::NaiveDate;
use clearance_domain::deadline::DueState;
use clearance_domain::id_card::check_char;
use clearance_domain::person::PersonInput;
use clearance_domain::reminders::ReminderKind;
use clearance_tracker_lib::office::{Office, ReminderBoard, ReminderFilter, CALENDAR_DAYS, CALENDAR_ITEMS_PER_DAY};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::{register, Register};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Person `i` of a small office: three units, two levels.
fn person(i: usize) -> PersonInput {
    let body = format!("110101{}{:03}", 19800101 + i, i);
    PersonInput {
        name: format!("测试{}", ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "丑", "寅", "卯"][i % 14]),
        staff_no: format!("T{i:04}"),
        id_number: format!("{body}{}", check_char(&body).unwrap()),
        unit: ["机要室", "档案室", "信息中心"][i % 3].into(),
        post: "干事".into(),
        level: ["core", "general"][i % 2].into(),
        ..Default::default()
    }
}

/// 14 people: 4 registered on 1 Nov 2026 (their onboarding steps due in early December), 10 on
/// 27 Nov (due 27 Dec), each with three onboarding steps: one group of three.
async fn office_of_fourteen(r: &super::Register) {
    for i in 0..14 {
        let on = if i < 4 { day(2026, 11, 1) } else { day(2026, 11, 27) };
        r.office.clone().with_today(Some(on)).add_person(&person(i)).await.unwrap();
    }
}

fn json(b: &ReminderBoard) -> serde_json::Value {
    serde_json::to_value(b).unwrap()
}

/// The board both ways on the office's today, and the first one returned.
async fn same_both_ways(office: &Office, filter: &ReminderFilter) -> ReminderBoard {
    let projected = office.reminder_board(None, filter).await.unwrap();
    let recomputed = office.reminder_board_recomputed(None, filter).await.unwrap();
    assert_eq!(json(&projected), json(&recomputed), "the board differs from the recomputation with {filter:?}");
    projected
}

#[tokio::test]
async fn board_from_the_projection_is_the_full_recomputation() {
    let r = register().await;
    office_of_fourteen(&r).await;
    // Snoozed until 31 Dec from 27 Nov: back on 5 Jan, "back from a snooze".
    r.office.snooze_reminder("person:5:onboarding:commitment", day(2026, 12, 31)).await.unwrap();
    let jan5 = r.office.clone().with_today(Some(day(2027, 1, 5)));
    // One acknowledged, one snoozed past 5 Jan, one step done: out of the list; one handle typed.
    jan5.acknowledge_reminder("person:2:onboarding:security_review", "已约谈").await.unwrap();
    let handle = clearance_domain::reminders::handle("person:7:onboarding:initial_training");
    jan5.snooze_reminder(&handle.to_lowercase(), day(2027, 1, 20)).await.unwrap();
    jan5.record_reminders_done(&["person:9:onboarding:commitment".into()], day(2027, 1, 4), "").await.unwrap();

    let all = same_both_ways(&jan5, &ReminderFilter::default()).await;
    assert_eq!(all.total_rows, 14 * 3 - 3);
    assert_eq!(all.rows.len(), all.total_rows as usize);
    assert_eq!(all.acknowledged.len(), 2);
    assert!(all.rows.iter().any(|r| r.id == "person:5:onboarding:commitment" && r.snoozed_until == Some(day(2026, 12, 31))));
    assert_eq!(all.summary.counts.overdue, all.total_rows);

    for filter in [
        ReminderFilter { state: Some(DueState::Overdue), ..Default::default() },
        ReminderFilter { state: Some(DueState::Upcoming), ..Default::default() },
        ReminderFilter { unit: Some("档案室".into()), ..Default::default() },
        ReminderFilter { unit: Some(String::new()), ..Default::default() },
        ReminderFilter { kind: Some(ReminderKind::OnboardingStep), ..Default::default() },
        ReminderFilter { kind: Some(ReminderKind::TripReturn), ..Default::default() },
        ReminderFilter { limit: Some(4), ..Default::default() },
        ReminderFilter { limit: Some(0), ..Default::default() },
        ReminderFilter { limit: Some(1000), ..Default::default() },
        ReminderFilter { unit: Some("机要室".into()), limit: Some(5), ..Default::default() },
    ] {
        same_both_ways(&jan5, &filter).await;
    }
    // Before the lead time of most, with the calendar full of them: 1 Dec.
    let dec1 = r.office.clone().with_today(Some(day(2026, 12, 1)));
    same_both_ways(&dec1, &ReminderFilter::default()).await;
    same_both_ways(&dec1, &ReminderFilter { unit: Some("信息中心".into()), limit: Some(2), ..Default::default() }).await;

    // The notification counts the same either way (the first one: everything due or overdue).
    let note = jan5.notification(true).await.unwrap().expect("overdue reminders are announced");
    assert_eq!(note.due_or_overdue, all.summary.counts.total());
    assert_eq!(note.new_items, all.summary.counts.total() as usize);

    // And the board above was the projection's: a word changed in its table shows on the board,
    // not in the recomputation.
    edit_behind_the_office(
        &r,
        &["UPDATE reminder_projection SET name_en = 'changed in the projection' WHERE key = 'person:1:onboarding:commitment'"],
    )
    .await;
    let first = |b: ReminderBoard| b.rows.into_iter().find(|r| r.id == "person:1:onboarding:commitment").unwrap().what_en;
    assert_eq!(first(jan5.reminder_board(None, &ReminderFilter::default()).await.unwrap()), "changed in the projection");
    assert_ne!(first(jan5.reminder_board_recomputed(None, &ReminderFilter::default()).await.unwrap()), "changed in the projection");
}

#[tokio::test]
async fn a_page_keeps_groups_whole_and_the_calendar_counts_every_day() {
    let r = register().await;
    office_of_fourteen(&r).await;
    let jan5 = r.office.clone().with_today(Some(day(2027, 1, 5)));
    let everything = jan5.reminder_board(None, &ReminderFilter::default()).await.unwrap();
    assert_eq!((everything.rows.len(), everything.total_rows), (42, 42));

    // Four rows asked for: the first group of three and the whole of the second.
    let page = jan5.reminder_board(None, &ReminderFilter { limit: Some(4), ..Default::default() }).await.unwrap();
    assert_eq!(page.total_rows, 42);
    assert_eq!(page.rows.len(), 6, "the second group is not cut after its first item");
    assert_eq!(page.groups.len(), 2);
    assert!(page.groups.iter().all(|g| g.items.len() == 3));
    let ids = |b: &ReminderBoard| b.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&page), ids(&everything)[..6]);
    // The counts are the register's, not the page's; every row of the page has its offers.
    assert_eq!(page.summary, everything.summary);
    assert!(page.rows.iter().all(|r| !r.offers.is_empty()));

    // The CLI's and the export's list: every row, no offers, no calendar.
    let list = jan5.reminder_list(None, &ReminderFilter::default()).await.unwrap();
    assert_eq!(ids(&list), ids(&everything));
    assert!(list.rows.iter().all(|r| r.offers.is_empty()) && list.calendar.is_empty());

    // 1 Dec: the ten registered on 27 Nov are all due on the same day, 27 Dec (30 items).
    let dec1 = r.office.clone().with_today(Some(day(2026, 12, 1)));
    let b = dec1.reminder_board(None, &ReminderFilter { limit: Some(3), ..Default::default() }).await.unwrap();
    assert_eq!(b.calendar_days.len(), CALENDAR_DAYS as usize + 1);
    assert_eq!(b.calendar_days[0].date, day(2026, 12, 1));
    let busiest = b.calendar_days.iter().max_by_key(|d| d.count).unwrap();
    assert_eq!(busiest.count, 30);
    for d in &b.calendar_days {
        let carried = b.calendar.iter().filter(|r| r.due_date == d.date).count() as u32;
        assert_eq!(carried, d.count.min(CALENDAR_ITEMS_PER_DAY), "{}", d.date);
    }
    assert_eq!(b.calendar_days.iter().map(|d| d.count).sum::<u32>(), 42);
}

/// Statements run on the register behind the office's back while it stays open (the same text on
/// both backends): on the SQLite file through a connection of their own, on the server with psql.
pub(crate) async fn edit_behind_the_office(r: &Register, statements: &[&str]) {
    match &r.server {
        Some(db) => {
            let sql = statements.join(";\n");
            db.psql(&sql).unwrap_or_else(|e| panic!("psql {sql}: {e}"));
        }
        None => {
            let mut db = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&r.path)).await.unwrap();
            for sql in statements {
                sqlx::query(sqlx::AssertSqlSafe(*sql)).execute(&mut db).await.unwrap();
            }
            db.close().await.unwrap();
        }
    }
}
